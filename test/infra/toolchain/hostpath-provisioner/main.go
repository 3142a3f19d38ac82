// hostpath-provisioner: the dynamic provisioner behind the test node's default
// StorageClass "standard", modelled on Minikube's storage-provisioner
// (k8s.io/minikube-hostpath), which is built on the same library: each claim
// gets a world-writable directory <root>/<namespace>/<claim> as a hostPath PV,
// removed again when the PV is released under reclaimPolicy Delete.
// Test infrastructure only; it runs on the node's host with a kubeconfig.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
	"sigs.k8s.io/sig-storage-lib-external-provisioner/v13/controller"
)

const identityAnnotation = "hostPathProvisionerIdentity"

type hostPathProvisioner struct {
	root     string
	identity string
}

func (p *hostPathProvisioner) Provision(_ context.Context, o controller.ProvisionOptions) (*v1.PersistentVolume, controller.ProvisioningState, error) {
	dir := filepath.Join(p.root, o.PVC.Namespace, o.PVC.Name)
	// 0777 regardless of umask, as Minikube's: hostPath volumes ignore fsGroup,
	// so a non-root container can only write here because the directory is open.
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return nil, controller.ProvisioningFinished, err
	}
	if err := os.Chmod(dir, 0o777); err != nil {
		return nil, controller.ProvisioningFinished, err
	}
	reclaim := v1.PersistentVolumeReclaimDelete
	if o.StorageClass.ReclaimPolicy != nil {
		reclaim = *o.StorageClass.ReclaimPolicy
	}
	return &v1.PersistentVolume{
		ObjectMeta: metav1.ObjectMeta{Name: o.PVName, Annotations: map[string]string{identityAnnotation: p.identity}},
		Spec: v1.PersistentVolumeSpec{
			PersistentVolumeReclaimPolicy: reclaim,
			AccessModes:                   o.PVC.Spec.AccessModes,
			Capacity:                      v1.ResourceList{v1.ResourceStorage: o.PVC.Spec.Resources.Requests[v1.ResourceStorage]},
			PersistentVolumeSource:        v1.PersistentVolumeSource{HostPath: &v1.HostPathVolumeSource{Path: dir}},
		},
	}, controller.ProvisioningFinished, nil
}

func (p *hostPathProvisioner) Delete(_ context.Context, pv *v1.PersistentVolume) error {
	if pv.Annotations[identityAnnotation] != p.identity {
		return &controller.IgnoredError{Reason: "identity annotation on PV does not match ours"}
	}
	if pv.Spec.HostPath == nil {
		return errors.New("PV has no hostPath")
	}
	return os.RemoveAll(pv.Spec.HostPath.Path)
}

func main() {
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig of the cluster")
	root := flag.String("root", "", "directory the volumes are created in")
	name := flag.String("name", "k8s.io/minikube-hostpath", "provisioner name the StorageClass refers to")
	identity := flag.String("identity", "", "identity written on each PV (default: the node's host name)")
	flag.Parse()
	if *kubeconfig == "" || *root == "" {
		fmt.Fprintln(os.Stderr, "usage: hostpath-provisioner --kubeconfig FILE --root DIR")
		os.Exit(2)
	}
	if *identity == "" {
		*identity, _ = os.Hostname()
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	client := kubernetes.NewForConfigOrDie(cfg)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	pc := controller.NewProvisionController(ctx, client, *name,
		&hostPathProvisioner{root: *root, identity: *identity}, controller.LeaderElection(false))
	pc.Run(ctx)
}
