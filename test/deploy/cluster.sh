#!/usr/bin/env bash
# A local Kubernetes control plane for the deploy tests: real kube-apiserver,
# controller-manager, scheduler and etcd, with kwok simulating one node (pods
# become Ready without running), all from the toolchain cache.
#
#   test/deploy/cluster.sh up   KUBECONFIG_PATH   # start; writes the kubeconfig
#   test/deploy/cluster.sh pvs  KUBECONFIG_PATH   # (re)create free PersistentVolumes
#   test/deploy/cluster.sh down                   # stop and delete
#
# Context name: kwok-$TODO_KWOK_CLUSTER (default todo-test).
set -euo pipefail
CACHE="${TODO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/todo-chatbot}"
# shellcheck source=/dev/null
source "$CACHE/env.sh"
BIN="$CACHE/bin"
NAME="${TODO_KWOK_CLUSTER:-todo-test}"
export KWOK_WORKDIR="${KWOK_WORKDIR:-$CACHE/kwok-workdir}"
log() { echo "[cluster $(date +%H:%M:%S)] $*"; }

create_pvs() {
  # kwok provisions no storage: the chart's PostgreSQL PVC binds to one of these (no class, like a static pool).
  local kubeconfig="$1" i
  for i in 1 2 3; do
    local pv
    pv="todo-test-pv-$(date +%s)-$i"
    kubectl --kubeconfig "$kubeconfig" apply -f - >/dev/null <<EOF
apiVersion: v1
kind: PersistentVolume
metadata: { name: $pv, labels: { purpose: todo-deploy-test } }
spec:
  capacity: { storage: 5Gi }
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  hostPath: { path: /tmp/$pv }
EOF
  done
}

up() {
  local kubeconfig="$1"
  log "creating kwok cluster $NAME (kube-apiserver $("$BIN/kube-apiserver" --version 2>/dev/null | awk '{print $2}'))"
  kwokctl delete cluster --name "$NAME" >/dev/null 2>&1 || true
  kwokctl create cluster --name "$NAME" --runtime binary \
    --kubeconfig "$kubeconfig" \
    --kube-apiserver-binary "$BIN/kube-apiserver" \
    --kube-controller-manager-binary "$BIN/kube-controller-manager" \
    --kube-scheduler-binary "$BIN/kube-scheduler" \
    --kwok-controller-binary "$BIN/kwok" \
    --etcd-binary "$BIN/etcd" \
    --wait 2m
  local k=(kubectl --kubeconfig "$kubeconfig" --context "kwok-$NAME")
  log "adding a simulated node, the nginx IngressClass and free PersistentVolumes"
  "${k[@]}" apply -f - >/dev/null <<'EOF'
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-0
  annotations: { kwok.x-k8s.io/node: fake, node.alpha.kubernetes.io/ttl: "0" }
  labels: { kubernetes.io/hostname: kwok-node-0, kubernetes.io/os: linux, kubernetes.io/arch: amd64, type: kwok }
spec: {}
status:
  allocatable: { cpu: "16", memory: 64Gi, pods: "110" }
  capacity: { cpu: "16", memory: 64Gi, pods: "110" }
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: { name: nginx }
spec: { controller: k8s.io/ingress-nginx }
---
apiVersion: v1
kind: Namespace
metadata: { name: ingress-nginx }
EOF
  create_pvs "$kubeconfig"
  "${k[@]}" wait --for=condition=Ready node/kwok-node-0 --timeout=60s >/dev/null
  log "cluster ready: context kwok-$NAME"
}

down() {
  log "deleting kwok cluster $NAME"
  kwokctl delete cluster --name "$NAME" >/dev/null 2>&1 || true
  rm -rf "/tmp/todo-test-pv-"* 2>/dev/null || true
}

case "${1:-}" in
  up) up "${2:?kubeconfig path}" ;;
  pvs) create_pvs "${2:?kubeconfig path}" ;;
  down) down ;;
  *) echo "usage: $0 up KUBECONFIG_PATH | pvs KUBECONFIG_PATH | down" >&2; exit 2 ;;
esac
