#!/usr/bin/env bash
# Smoke test of a provisioned toolchain (run test/infra/toolchain.sh first):
#  1. terraform init/validate/apply of a config that requires the four
#     providers at the versions cdktf pins, from the local mirror only;
#  2. helm, kubeconform and the node's binaries answer with their versions.
# (The cluster itself is exercised by test/cluster/node.sh and the deploy tests.)
# Everything lives in a temp dir and is removed on exit, also on failure.
# Exit code 0 only if every step passed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
LOG_TAG=smoke # read by lib/log.sh
export LOG_TAG
# shellcheck source=../lib/log.sh
. "$ROOT/test/infra/lib/log.sh"
CACHE="${TODO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/todo-chatbot}"
[ -f "$CACHE/env.sh" ] || die "no $CACHE/env.sh: run test/infra/toolchain.sh first"
# shellcheck disable=SC1091
. "$CACHE/env.sh"
TF="${TERRAFORM_BINARY_NAME:-terraform}"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/todo-smoke.XXXXXX")"
cleanup() {
  local rc=$?
  rm -rf "$WORK"
  [ $rc -eq 0 ] && log "all smoke checks passed" || log "FAILED (exit $rc)"
}
trap cleanup EXIT

# 1. Terraform with the mirror --------------------------------------------
step_start "terraform: init from the mirror (4 providers at cdktf's versions)"
mkdir -p "$WORK/tf"
# The pins are the @cdktf/provider-* bindings' (test/infra/provider-pins.mjs).
node "$ROOT/test/infra/provider-pins.mjs" | node -e '
  const lines = require("fs").readFileSync(0, "utf8").trim().split("\n");
  const required = {}, provider = {};
  for (const l of lines) {
    const [source, version] = l.split(" ");
    const name = source.split("/")[1];
    required[name] = { source, version };
    provider[name] = [{}];
  }
  console.log(JSON.stringify({
    terraform: { required_providers: required },
    provider,
    resource: { random_password: { db: { length: 20, special: false } } },
    output: { password_length: { value: "${length(random_password.db.result)}", sensitive: true } },
  }, null, 2));' >"$WORK/tf/main.tf.json" || die "could not read the provider pins (npm ci first)"
(cd "$WORK/tf" && "$TF" init -input=false -no-color >"$WORK/tf-init.log" 2>&1) ||
  { cat "$WORK/tf-init.log" >&2; die "terraform init failed"; }
(cd "$WORK/tf" && "$TF" validate -no-color >/dev/null) || die "terraform validate failed"
(cd "$WORK/tf" && "$TF" apply -auto-approve -input=false -no-color >"$WORK/tf-apply.log" 2>&1) ||
  { cat "$WORK/tf-apply.log" >&2; die "terraform apply failed"; }
[ "$(cd "$WORK/tf" && "$TF" output -raw password_length)" = 20 ] || die "random_password has the wrong length"
step_done "terraform: init, validate, apply ok"

# 2. helm, kubeconform, the node's binaries -----------------------------------
log "helm $(helm version --template '{{.Version}}'), kubeconform $(kubeconform -v)"
B="$CACHE/bin"
log "kubelet: $("$B/kubelet" --version), kube-proxy: $("$B/kube-proxy" --version)"
log "coredns: $("$B/coredns" -version | head -1), traefik: $("$B/traefik" version | awk '/^Version:/ {print $2}')"
