#!/usr/bin/env bash
# Smoke test of a provisioned toolchain (run scripts/toolchain.sh first):
#  1. terraform init/validate/apply of a config that requires the four
#     providers at the versions cdktf pins, from the local mirror only;
#  2. helm and kubeconform answer;
#  3. a kwok cluster from the local binaries (runtime binary): starts,
#     `kubectl get ns` works, a Deployment becomes Available on a fake node;
#     then the cluster is deleted.
# Everything lives in a temp dir (KWOK_WORKDIR, kubeconfig, terraform dir) and
# is removed on exit, also on failure. Exit code 0 only if every step passed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LOG_TAG=smoke
# shellcheck source=../lib/log.sh
. "$ROOT/scripts/lib/log.sh"
CACHE="${TODO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/todo-chatbot}"
[ -f "$CACHE/env.sh" ] || die "no $CACHE/env.sh: run scripts/toolchain.sh first"
# shellcheck disable=SC1091
. "$CACHE/env.sh"
TF="${TERRAFORM_BINARY_NAME:-terraform}"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/todo-smoke.XXXXXX")"
CLUSTER="todo-smoke-$$"
export KWOK_WORKDIR="$WORK/kwok"
export KUBECONFIG="$WORK/kubeconfig"
cleanup() {
  local rc=$?
  if [ -d "$KWOK_WORKDIR/clusters/$CLUSTER" ]; then
    kwokctl delete cluster --name "$CLUSTER" --kubeconfig "$KUBECONFIG" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
  [ $rc -eq 0 ] && log "all smoke checks passed" || log "FAILED (exit $rc)"
}
trap cleanup EXIT

# 1. Terraform with the mirror --------------------------------------------
step_start "terraform: init from the mirror (4 providers at cdktf's versions)"
mkdir -p "$WORK/tf"
cat >"$WORK/tf/main.tf.json" <<'EOF'
{
  "terraform": {
    "required_providers": {
      "kubernetes": {"source": "hashicorp/kubernetes", "version": "2.38.0"},
      "helm": {"source": "hashicorp/helm", "version": "3.1.1"},
      "docker": {"source": "kreuzwerker/docker", "version": "3.6.2"},
      "random": {"source": "hashicorp/random", "version": "3.7.2"}
    }
  },
  "provider": {"kubernetes": [{}], "helm": [{}], "docker": [{}], "random": [{}]},
  "resource": {"random_password": {"db": {"length": 20, "special": false}}},
  "output": {"password_length": {"value": "${length(random_password.db.result)}", "sensitive": true}}
}
EOF
(cd "$WORK/tf" && "$TF" init -input=false -no-color >"$WORK/tf-init.log" 2>&1) ||
  { cat "$WORK/tf-init.log" >&2; die "terraform init failed"; }
(cd "$WORK/tf" && "$TF" validate -no-color >/dev/null) || die "terraform validate failed"
(cd "$WORK/tf" && "$TF" apply -auto-approve -input=false -no-color >"$WORK/tf-apply.log" 2>&1) ||
  { cat "$WORK/tf-apply.log" >&2; die "terraform apply failed"; }
[ "$(cd "$WORK/tf" && "$TF" output -raw password_length)" = 20 ] || die "random_password has the wrong length"
step_done "terraform: init, validate, apply ok"

# 2. helm, kubeconform -------------------------------------------------------
log "helm $(helm version --template '{{.Version}}'), kubeconform $(kubeconform -v)"

# 3. kwok cluster from local binaries ---------------------------------------
B="$CACHE/bin"
step_start "kwok: creating cluster $CLUSTER (runtime binary, local binaries)"
kwokctl create cluster --name "$CLUSTER" --runtime binary \
  --kubeconfig "$KUBECONFIG" \
  --etcd-binary "$B/etcd" \
  --kube-apiserver-binary "$B/kube-apiserver" \
  --kube-controller-manager-binary "$B/kube-controller-manager" \
  --kube-scheduler-binary "$B/kube-scheduler" \
  --kwok-controller-binary "$B/kwok" \
  --wait 120s >"$WORK/kwok-create.log" 2>&1 ||
  { cat "$WORK/kwok-create.log" >&2; die "kwokctl create cluster failed"; }
step_done "kwok: cluster up"
ns="$(kubectl get ns -o name)" || die "kubectl get ns failed"
grep -qx namespace/kube-system <<<"$ns" || die "kubectl get ns: no kube-system"
log "server $(kubectl version -o json | sed -n 's/.*"gitVersion": *"\(v[^"]*\)".*/\1/p' | tail -1)"

step_start "kwok: fake node + Deployment becomes Available"
kwokctl scale node --replicas 1 --name "$CLUSTER" >>"$WORK/kwok.log" 2>&1 ||
  { cat "$WORK/kwok.log" >&2; die "kwokctl scale node failed"; }
kubectl create deployment smoke --image=nginx:placeholder --replicas=2 >/dev/null
kubectl wait --for=condition=Available deployment/smoke --timeout=90s >/dev/null ||
  { kubectl get nodes,pods -o wide >&2; die "Deployment did not become Available"; }
step_done "kwok: Deployment Available"

kwokctl delete cluster --name "$CLUSTER" --kubeconfig "$KUBECONFIG" >>"$WORK/kwok.log" 2>&1 ||
  { cat "$WORK/kwok.log" >&2; die "kwokctl delete cluster failed"; }
log "kwok: cluster deleted"
