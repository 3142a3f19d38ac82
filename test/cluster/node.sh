#!/usr/bin/env bash
# A real single-node Kubernetes for the test suite (test infrastructure only):
# etcd, kube-apiserver, -controller-manager, -scheduler, containerd (CRI),
# kubelet and kube-proxy, CNI bridge, CoreDNS, a default StorageClass
# "standard" with a hostpath provisioner (as Minikube's), and Traefik serving
# ingressClassName nginx on 127.0.0.1:80/443 (the stand-in for Minikube's
# ingress-nginx addon). Every binary comes from the toolchain cache
# (test/infra/toolchain.sh node), every image from test/cluster/images.sh.
#
#   test/cluster/node.sh up       start (idempotent: reuses a running node)
#   test/cluster/node.sh down     stop everything and undo every host change
#   test/cluster/node.sh status   exit 0 when the node is Ready
#   test/cluster/node.sh env      print `export KUBECONFIG=… KUBE_CONTEXT=…`
#   test/cluster/node.sh leftovers  list what a teardown left behind (exit 1 if any)
#   test/cluster/node.sh restart NAME  kill one component (containerd, kubelet, …); its supervisor restarts it
#
# Containment (TEST-ENVIRONMENT.md, "Network containment"): nothing binds to
# the machine's own interface. The node's address is the gateway of the
# suite's own bridge; pods reach only pod, service and local addresses;
# containerd's registry traffic goes to a closed loopback port; the ingress
# controller listens on 127.0.0.1 only.
#
# Env: TODO_CACHE_DIR, TODO_NODE_DIR (default $TODO_CACHE_DIR/node),
#      TODO_NODE_HTTP_PORT / TODO_NODE_HTTPS_PORT (default 80 / 443),
#      DOCKER_HOST (the engine whose new image tags are copied into the node).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${TODO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/todo-chatbot}"
BIN="$CACHE/bin"
R="${TODO_NODE_DIR:-$CACHE/node}"
P="$R/pki"
NODE=todo-node
CONTEXT=todo-node
BRIDGE=todo0
NODE_IP=10.244.0.1        # the bridge's own address: node IP, apiserver and kubelet bind here
POD_CIDR=10.244.0.0/24
CLUSTER_CIDR=10.244.0.0/16
SERVICE_CIDR=10.96.0.0/12
DNS_IP=10.96.0.10
HTTP_PORT="${TODO_NODE_HTTP_PORT:-80}"
HTTPS_PORT="${TODO_NODE_HTTPS_PORT:-443}"
ETCD_PORT=23790
CNI_BIN=/usr/lib/cni
CTRD_SOCK="$R/containerd/containerd.sock"
EGRESS_CHAIN=TODO-NODE-EGRESS
SYSCTLS=(vm/overcommit_memory vm/panic_on_oom kernel/panic kernel/panic_on_oops kernel/keys/root_maxkeys
  kernel/keys/root_maxbytes net/ipv4/ip_forward net/ipv4/conf/all/route_localnet net/bridge/bridge-nf-call-iptables)

log() { echo "[node $(date +%H:%M:%S)] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }
kc() { "$BIN/kubectl" --kubeconfig "$R/kubeconfig" --context "$CONTEXT" "$@"; }
ctr_k8s() { ctr -a "$CTRD_SOCK" -n k8s.io "$@"; }

waitfor() { # what seconds cmd...
  local what="$1" t="$2" i; shift 2
  for ((i = 0; i < t; i++)); do "$@" >/dev/null 2>&1 && return 0; sleep 1; done
  die "timed out after ${t}s waiting for $what (logs: $R/logs/)"
}

running() { [ -f "$R/pids/$1.pid" ] && kill -0 "$(cat "$R/pids/$1.pid")" 2>/dev/null; }

# supervise NAME CMD…: run CMD in its own session, restarted when it exits
# (kubelet and kube-proxy were seen to exit once for no visible reason); the
# supervisor's PID is the session leader, so `down` stops both by process group.
supervise() {
  local name="$1"; shift
  if running "$name"; then log "$name already running"; return 0; fi
  # The component outlives this script: like dockerd (test/infra/docker-engine.sh), it
  # closes the caller's open files, such as the cluster lock of a `flock … test-deploy.sh`.
  setsid bash -c '
    for fd in /proc/$BASHPID/fd/*; do
      fd="${fd##*/}"
      if [ "$fd" -gt 2 ]; then eval "exec $fd>&-"; fi
    done
    name="$1" log="$2"; shift 2
    trap "kill \$child 2>/dev/null; wait \$child; exit 0" TERM INT
    while true; do
      "$@" >>"$log" 2>&1 </dev/null & child=$!
      wait $child; rc=$?
      echo "[supervisor $(date +%T)] $name exited with $rc; restarting in 1 s" >>"$log"
      sleep 1
    done' _ "$name" "$R/logs/$name.log" "$@" </dev/null >/dev/null 2>&1 &
  echo $! >"$R/pids/$name.pid"
  log "$name started (pid $!, log $R/logs/$name.log)"
}

stop() {
  local f="$R/pids/$1.pid" pid i
  [ -f "$f" ] || return 0
  pid="$(cat "$f")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 40; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    log "stopped $1"
  fi
  rm -f "$f"
}

require_tools() {
  local b
  for b in etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kubelet kube-proxy coredns traefik hostpath-provisioner kube-router; do
    [ -x "$BIN/$b" ] || die "$BIN/$b is missing: run test/infra/toolchain.sh node"
  done
  for b in containerd containerd-shim-runc-v2 ctr runc iptables ipset openssl; do
    command -v "$b" >/dev/null || die "$b is missing: run test/infra/toolchain.sh nodepkgs"
  done
  [ -x "$CNI_BIN/bridge" ] || die "CNI plugins missing in $CNI_BIN: run test/infra/toolchain.sh nodepkgs"
  [ "$(id -u)" = 0 ] || die "the node needs root (network, mounts, cgroups)"
}

# ----------------------------------------------------------------------- pki --

make_pki() {
  [ -f "$P/ca.crt" ] && return 0
  log "creating a throwaway CA and certificates in $P"
  mkdir -p "$P"
  (
    cd "$P"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 365 -subj "/CN=todo-node-ca" 2>/dev/null
    cert() { # name CN O [SAN]
      local n=$1 cn=$2 o=$3 san=${4:-}
      openssl req -newkey rsa:2048 -nodes -keyout "$n.key" -out "$n.csr" -subj "/CN=$cn${o:+/O=$o}" 2>/dev/null
      { echo "basicConstraints=CA:FALSE"; echo "keyUsage=critical,digitalSignature,keyEncipherment"
        echo "extendedKeyUsage=serverAuth,clientAuth"; [ -n "$san" ] && echo "subjectAltName=$san"; } >"$n.ext"
      openssl x509 -req -in "$n.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -out "$n.crt" -days 365 -extfile "$n.ext" 2>/dev/null
      rm -f "$n.csr" "$n.ext"
    }
    cert apiserver kube-apiserver "" "DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:10.96.0.1,IP:$NODE_IP"
    cert admin todo-node-admin system:masters
    cert apiserver-kubelet-client kube-apiserver-kubelet-client system:masters
    cert kubelet "system:node:$NODE" system:nodes
    cert kubelet-serving "$NODE" "" "DNS:$NODE,IP:$NODE_IP"
    cert kube-proxy system:kube-proxy ""
    cert controller-manager system:kube-controller-manager ""
    cert scheduler system:kube-scheduler ""
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
    chmod 600 ./*.key
  )
  local n
  for n in admin kubelet kube-proxy controller-manager scheduler; do
    "$BIN/kubectl" config --kubeconfig "$P/$n.kubeconfig" set-cluster "$CONTEXT" --server "https://$NODE_IP:6443" \
      --certificate-authority "$P/ca.crt" --embed-certs >/dev/null
    "$BIN/kubectl" config --kubeconfig "$P/$n.kubeconfig" set-credentials "$n" \
      --client-certificate "$P/$n.crt" --client-key "$P/$n.key" --embed-certs >/dev/null
    "$BIN/kubectl" config --kubeconfig "$P/$n.kubeconfig" set-context "$CONTEXT" --cluster "$CONTEXT" --user "$n" >/dev/null
    "$BIN/kubectl" config --kubeconfig "$P/$n.kubeconfig" use-context "$CONTEXT" >/dev/null
  done
  cp "$P/admin.kubeconfig" "$R/kubeconfig"
  chmod 600 "$R/kubeconfig" "$P"/*.kubeconfig
}

# ------------------------------------------------------------------- network --

setup_network() {
  rm -f "$R/sysctl.restored"
  [ -f "$R/sysctl.before" ] || for k in "${SYSCTLS[@]}"; do echo "$k $(cat "/proc/sys/$k")"; done >"$R/sysctl.before"
  ip link show "$BRIDGE" >/dev/null 2>&1 || ip link add "$BRIDGE" type bridge
  ip addr show dev "$BRIDGE" | grep -q "inet $NODE_IP/" || ip addr add "$NODE_IP/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  # Host -> ClusterIP traffic is DNATed by kube-proxy; whatever is not stays on
  # our bridge instead of taking the default route out of the machine.
  ip route replace "$SERVICE_CIDR" dev "$BRIDGE"
  echo 1 >/proc/sys/net/ipv4/ip_forward
  # Pods reach pods, services and this machine's own addresses; nothing else.
  if ! iptables -t raw -S "$EGRESS_CHAIN" >/dev/null 2>&1; then
    iptables -t raw -N "$EGRESS_CHAIN"
    iptables -t raw -A "$EGRESS_CHAIN" -d "$CLUSTER_CIDR" -j RETURN
    iptables -t raw -A "$EGRESS_CHAIN" -d "$SERVICE_CIDR" -j RETURN
    iptables -t raw -A "$EGRESS_CHAIN" -m addrtype --dst-type LOCAL -j RETURN
    iptables -t raw -A "$EGRESS_CHAIN" -j DROP
  fi
  iptables -t raw -C PREROUTING -i "$BRIDGE" -j "$EGRESS_CHAIN" 2>/dev/null ||
    iptables -t raw -I PREROUTING -i "$BRIDGE" -j "$EGRESS_CHAIN"
  mkdir -p "$R/cni/net.d" "$R/cni/ipam"
  # "firewall" accepts the pods' traffic in FORWARD, whose policy Docker sets to DROP.
  cat >"$R/cni/net.d/10-todo-node.conflist" <<EOF
{"cniVersion": "1.0.0", "name": "todo-node", "plugins": [
  {"type": "bridge", "bridge": "$BRIDGE", "isGateway": true, "ipMasq": false, "hairpinMode": true,
   "ipam": {"type": "host-local", "dataDir": "$R/cni/ipam",
            "ranges": [[{"subnet": "$POD_CIDR", "gateway": "$NODE_IP"}]], "routes": [{"dst": "0.0.0.0/0"}]}},
  {"type": "portmap", "capabilities": {"portMappings": true}},
  {"type": "firewall"}
]}
EOF
}

# --------------------------------------------------------------- components --

start_control_plane() {
  supervise etcd "$BIN/etcd" --name todo-node --data-dir "$R/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls http://127.0.0.1:23800 --initial-advertise-peer-urls http://127.0.0.1:23800 \
    --initial-cluster todo-node=http://127.0.0.1:23800 --listen-metrics-urls http://127.0.0.1:23810 --unsafe-no-fsync
  waitfor etcd 30 curl -fsS "http://127.0.0.1:$ETCD_PORT/health"
  supervise kube-apiserver "$BIN/kube-apiserver" --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
    --advertise-address "$NODE_IP" --bind-address "$NODE_IP" --secure-port 6443 \
    --service-cluster-ip-range "$SERVICE_CIDR" \
    --tls-cert-file "$P/apiserver.crt" --tls-private-key-file "$P/apiserver.key" --client-ca-file "$P/ca.crt" \
    --kubelet-client-certificate "$P/apiserver-kubelet-client.crt" --kubelet-client-key "$P/apiserver-kubelet-client.key" \
    --kubelet-certificate-authority "$P/ca.crt" --kubelet-preferred-address-types InternalIP \
    --service-account-issuer https://kubernetes.default.svc.cluster.local --service-account-key-file "$P/sa.pub" \
    --service-account-signing-key-file "$P/sa.key" --authorization-mode Node,RBAC --allow-privileged \
    --enable-admission-plugins NodeRestriction --profiling=false
  waitfor kube-apiserver 90 curl -fsS --cacert "$P/ca.crt" "https://$NODE_IP:6443/readyz"
  supervise kube-controller-manager "$BIN/kube-controller-manager" --kubeconfig "$P/controller-manager.kubeconfig" \
    --authentication-kubeconfig "$P/controller-manager.kubeconfig" --authorization-kubeconfig "$P/controller-manager.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port 10257 --service-account-private-key-file "$P/sa.key" --root-ca-file "$P/ca.crt" \
    --use-service-account-credentials --cluster-signing-cert-file "$P/ca.crt" --cluster-signing-key-file "$P/ca.key" \
    --controllers '*,-nodeipam,-route,-cloud-node-lifecycle' --leader-elect=false
  supervise kube-scheduler "$BIN/kube-scheduler" --kubeconfig "$P/scheduler.kubeconfig" \
    --authentication-kubeconfig "$P/scheduler.kubeconfig" --authorization-kubeconfig "$P/scheduler.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port 10259 --leader-elect=false
}

start_containerd() {
  mkdir -p "$R/containerd"
  cat >"$R/containerd/config.toml" <<EOF
version = 2
root = "$R/containerd/root"
state = "$R/containerd/state"
[grpc]
  address = "$CTRD_SOCK"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "registry.k8s.io/pause:3.10.1"
  # The session lacks CAP_SYS_RESOURCE: a negative oom_score_adj is refused.
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "$CNI_BIN"
    conf_dir = "$R/cni/net.d"
  # Per-registry trust (hosts.toml with a CA), read on every pull: the registry tests write theirs here.
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "$R/containerd/certs.d"
EOF
  mkdir -p "$R/containerd/certs.d"
  # A missing image must fail fast, not try the internet; a registry on the node's own address is reachable.
  supervise containerd env HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 NO_PROXY="localhost,127.0.0.1,$NODE_IP" \
    containerd --config "$R/containerd/config.toml"
  waitfor containerd 30 ctr -a "$CTRD_SOCK" version
}

start_node() {
  printf 'nameserver 127.0.0.1\noptions ndots:1\n' >"$R/resolv.conf"
  mkdir -p "$R/kubelet"
  cat >"$R/kubelet/config.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
containerRuntimeEndpoint: unix://$CTRD_SOCK
cgroupDriver: cgroupfs
failCgroupV1: false
failSwapOn: false
authentication: {anonymous: {enabled: false}, webhook: {enabled: true}, x509: {clientCAFile: $P/ca.crt}}
authorization: {mode: Webhook}
tlsCertFile: $P/kubelet-serving.crt
tlsPrivateKeyFile: $P/kubelet-serving.key
podLogsDir: $R/pod-logs
clusterDomain: cluster.local
clusterDNS: [$DNS_IP]
resolvConf: $R/resolv.conf
podCIDR: $POD_CIDR
address: $NODE_IP
healthzBindAddress: 127.0.0.1
readOnlyPort: 0
serializeImagePulls: false
imageGCHighThresholdPercent: 99
imageGCLowThresholdPercent: 98
evictionHard: {memory.available: 100Mi, nodefs.available: 1%, imagefs.available: 1%, nodefs.inodesFree: 1%}
EOF
  supervise kubelet "$BIN/kubelet" --config "$R/kubelet/config.yaml" --kubeconfig "$P/kubelet.kubeconfig" \
    --root-dir "$R/kubelet/root" --hostname-override "$NODE" --node-ip "$NODE_IP" --v=1
  cat >"$R/kube-proxy.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: $P/kube-proxy.kubeconfig}
mode: iptables
clusterCIDR: $CLUSTER_CIDR
hostnameOverride: $NODE
bindAddress: $NODE_IP
metricsBindAddress: 127.0.0.1:10249
healthzBindAddress: 127.0.0.1:10256
conntrack: {maxPerCore: 0}
EOF
  supervise kube-proxy "$BIN/kube-proxy" --config "$R/kube-proxy.yaml"
  # NetworkPolicies: kube-router's firewall only (the bridge CNI routes, kube-proxy proxies).
  supervise kube-router "$BIN/kube-router" --kubeconfig "$P/admin.kubeconfig" --hostname-override "$NODE" \
    --run-firewall=true --run-router=false --run-service-proxy=false --enable-cni=false \
    --enable-pod-egress=false --health-port=0 --metrics-port=0
  supervise provisioner "$BIN/hostpath-provisioner" --kubeconfig "$P/admin.kubeconfig" --root "$R/volumes" --identity "$NODE"
  supervise image-sync bash "$HERE/image-sync.sh" "$CTRD_SOCK"
  waitfor "node $NODE Ready" 120 sh -c "'$BIN/kubectl' --kubeconfig '$R/kubeconfig' get node $NODE \
    -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}' | grep -qx True"
}

start_addons() {
  # The manifests name the versions the toolchain built.
  local coredns_ver traefik_ver
  coredns_ver="$("$BIN/coredns" -version | sed -n 's/^CoreDNS-//p' | head -1)"
  traefik_ver="$("$BIN/traefik" version | awk '/^Version:/ {print $2}')"
  local f
  for f in "$HERE"/manifests/*.yaml; do
    sed -e "s/@COREDNS_VERSION@/$coredns_ver/g" -e "s/@TRAEFIK_VERSION@/$traefik_ver/g" \
      -e "s/@HTTP_PORT@/$HTTP_PORT/g" -e "s/@HTTPS_PORT@/$HTTPS_PORT/g" -e "s/@DNS_IP@/$DNS_IP/g" "$f" |
      kc apply -f - >/dev/null
  done
  kc -n kube-system rollout status deploy/coredns --timeout 120s >/dev/null
  kc -n ingress-nginx rollout status deploy/ingress-nginx-controller --timeout 120s >/dev/null
  waitfor "the ingress controller on 127.0.0.1:$HTTP_PORT" 60 curl -fsS -o /dev/null "http://127.0.0.1:$HTTP_PORT/ping"
}

up() {
  require_tools
  mkdir -p "$R"/{pids,logs,etcd,volumes}
  if status >/dev/null 2>&1; then log "node $NODE already Ready (context $CONTEXT, kubeconfig $R/kubeconfig)"; return 0; fi
  local t0=$SECONDS
  make_pki
  setup_network
  start_control_plane
  start_containerd
  bash "$HERE/images.sh" "$CTRD_SOCK"
  start_node
  start_addons
  log "node $NODE Ready in $((SECONDS - t0)) s: kubeconfig $R/kubeconfig, context $CONTEXT, ingress http://127.0.0.1:$HTTP_PORT"
}

status() {
  running kube-apiserver && running kubelet && running containerd || return 1
  kc get node "$NODE" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null | grep -qx True || return 1
  curl -fsS -o /dev/null "http://127.0.0.1:$HTTP_PORT/ping" || return 1
  echo "node $NODE Ready (context $CONTEXT)"
}

# delete_chains IPTABLES TABLE REGEX: the chains whose names match, and every rule that jumps to them.
delete_chains() {
  local ipt="$1" t="$2" re="$3" rules chains ch rule
  rules="$("$ipt" -t "$t" -S 2>/dev/null)" || return 0
  chains="$(awk -v re="$re" '$1 == "-N" && $2 ~ re {print $2}' <<<"$rules")"
  [ -n "$chains" ] || return 0
  for ch in $chains; do
    while read -r rule; do
      [ -n "$rule" ] && eval "$ipt -t $t ${rule/#-A/-D}" 2>/dev/null || true
    done < <(grep -E -- "-j $ch( |\$)" <<<"$rules" || true)
  done
  for ch in $chains; do "$ipt" -t "$t" -F "$ch" 2>/dev/null || true; done
  for ch in $chains; do "$ipt" -t "$t" -X "$ch" 2>/dev/null || true; done
}

down() {
  if running kubelet && running kube-apiserver; then
    log "deleting workloads so the kubelet tears pods down through CRI and CNI"
    kc delete namespace --all --wait=false >/dev/null 2>&1 || true   # default and kube-* are refused: fine
    kc delete deploy,ds,rs,sts,job,pod --all -A --wait=false >/dev/null 2>&1 || true
    local i
    for ((i = 0; i < 60; i++)); do
      [ "$(kc get pods -A --no-headers 2>/dev/null | wc -l)" = 0 ] && break
      sleep 1
    done
  fi
  stop image-sync; stop provisioner
  stop kubelet
  stop kube-proxy
  stop kube-router
  [ -x "$BIN/kube-proxy" ] && "$BIN/kube-proxy" --cleanup >/dev/null 2>&1 || true
  if [ -S "$CTRD_SOCK" ]; then
    local t c
    for t in $(ctr_k8s tasks ls -q 2>/dev/null); do ctr_k8s tasks kill -s SIGKILL "$t" >/dev/null 2>&1 || true; done
    sleep 1
    for t in $(ctr_k8s tasks ls -q 2>/dev/null); do ctr_k8s tasks delete -f "$t" >/dev/null 2>&1 || true; done
    for c in $(ctr_k8s containers ls -q 2>/dev/null); do ctr_k8s containers delete "$c" >/dev/null 2>&1 || true; done
  fi
  stop containerd
  pkill -9 -f "containerd-shim-runc-v2 -namespace k8s.io -address $CTRD_SOCK" 2>/dev/null || true
  stop kube-scheduler; stop kube-controller-manager; stop kube-apiserver; stop etcd
  local m
  for m in $(awk -v r="$R" 'index($2, r) == 1 {print $2}' /proc/self/mounts | sort -r); do umount -l "$m" 2>/dev/null || true; done
  # Network namespaces the CNI made for our pods
  for m in $(ip netns list 2>/dev/null | awk '/^cni-/ {print $1}'); do ip netns delete "$m" 2>/dev/null || true; done
  iptables -t raw -D PREROUTING -i "$BRIDGE" -j "$EGRESS_CHAIN" 2>/dev/null || true
  iptables -t raw -F "$EGRESS_CHAIN" 2>/dev/null || true
  iptables -t raw -X "$EGRESS_CHAIN" 2>/dev/null || true
  local t
  for t in filter nat mangle; do
    delete_chains iptables "$t" '^(CNI-|KUBE-)'
    delete_chains ip6tables "$t" '^KUBE-'
  done
  # kube-router's ipsets, once no rule refers to them
  for m in $(ipset list -n 2>/dev/null | grep '^KUBE-' || true); do ipset destroy "$m" 2>/dev/null || true; done
  ip route del "$SERVICE_CIDR" dev "$BRIDGE" 2>/dev/null || true
  ip link del "$BRIDGE" 2>/dev/null || true
  # What the kubelet and the CNI write outside our directory
  rm -f /var/lib/cni/results/todo-node-* 2>/dev/null || true
  rmdir /var/lib/cni/results /var/lib/cni/networks /var/lib/cni 2>/dev/null || true
  rm -rf /run/containerd/runc/k8s.io 2>/dev/null || true
  rm -rf /var/lib/kubelet/device-plugins /var/lib/kubelet/plugins_registry /var/lib/kubelet/plugins 2>/dev/null || true
  rmdir /var/lib/kubelet 2>/dev/null || true
  local h
  for h in /sys/fs/cgroup/*/; do
    [ -d "$h/kubepods" ] && find "$h/kubepods" -depth -type d -exec rmdir {} \; 2>/dev/null || true
  done
  if [ -f "$R/sysctl.before" ]; then
    local k v
    while read -r k v; do echo "$v" >"/proc/sys/$k" 2>/dev/null || true; done <"$R/sysctl.before"
    mv -f "$R/sysctl.before" "$R/sysctl.restored"
  fi
  # Cluster state goes; the PKI and the imported images' cache stay for the next start.
  rm -rf "$R/etcd" "$R/kubelet" "$R/containerd" "$R/cni" "$R/volumes" "$R/pod-logs" "$R/pids"
  log "node stopped; host changes undone"
}

# Everything a teardown must have removed; prints each leftover.
leftovers() {
  local found=0 line
  while read -r line; do echo "process: $line"; found=1; done < <(pgrep -af "$R/|$BIN/(etcd|kube-|kubelet|coredns|traefik|hostpath-provisioner)" | grep -v -e pgrep -e "node.sh" || true)
  while read -r line; do echo "mount: $line"; found=1; done < <(awk -v r="$R" 'index($2, r) == 1 {print $2}' /proc/self/mounts)
  while read -r line; do echo "iptables: $line"; found=1; done < <(for t in raw filter nat mangle; do iptables -t "$t" -S 2>/dev/null | grep -E -- "-N (CNI-|KUBE-|$EGRESS_CHAIN)" | sed "s/^/$t /"; done)
  while read -r line; do echo "ipset: $line"; found=1; done < <(ipset list -n 2>/dev/null | grep '^KUBE-' || true)
  ip link show "$BRIDGE" >/dev/null 2>&1 && { echo "link: $BRIDGE"; found=1; }
  while read -r line; do echo "route: $line"; found=1; done < <(ip route | grep -E "$BRIDGE|10\.96\.0\.0|10\.244\." || true)
  while read -r line; do echo "netns: $line"; found=1; done < <(ip netns list 2>/dev/null | grep '^cni-' || true)
  for h in /sys/fs/cgroup/*/; do [ -d "$h/kubepods" ] && { echo "cgroup: $h/kubepods"; found=1; }; done
  [ -f "$R/sysctl.before" ] && { echo "sysctls: not restored ($R/sysctl.before)"; found=1; }
  if [ -f "$R/sysctl.restored" ]; then
    local k v
    while read -r k v; do
      [ "$(cat "/proc/sys/$k")" = "$v" ] || { echo "sysctl: $k is $(cat "/proc/sys/$k"), was $v"; found=1; }
    done <"$R/sysctl.restored"
  fi
  return $found
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  env) printf 'export KUBECONFIG=%q KUBE_CONTEXT=%q TODO_INGRESS_URL=%q TODO_NODE_IP=%q TODO_NODE_REGISTRY_HOSTS=%q TODO_NODE_CONTAINERD=%q\n' \
    "$R/kubeconfig" "$CONTEXT" "http://127.0.0.1:$HTTP_PORT" "$NODE_IP" "$R/containerd/certs.d" "$CTRD_SOCK" ;;
  leftovers) leftovers ;;
  restart)
    running "${2:?component name}" || die "$2 is not running"
    pkill -TERM -P "$(cat "$R/pids/$2.pid")" || die "no $2 process under its supervisor"
    log "$2 killed; its supervisor restarts it in 1 s" ;;
  *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2 ;;
esac
