#!/usr/bin/env bash
# Real Terraform on the synthesized stacks: `terraform init` from the provider
# mirror and `terraform validate`, for the default (local state) stack and
# the Terraform Cloud variant (validated on a copy without the cloud block,
# since init would log in to Terraform Cloud) and the `cluster` environment.
set -euo pipefail
cd "$(dirname "$0")/../.."
CACHE="${TODO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/todo-chatbot}"
# shellcheck source=/dev/null
[[ -f "$CACHE/env.sh" ]] && source "$CACHE/env.sh"
TF="${TERRAFORM_BINARY_NAME:-terraform}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
check() { # name, command...
  local name="$1"; shift
  if "$@" >"$work/out" 2>&1; then
    echo "  ok   $name"; passed=$((passed + 1))
  else
    echo "  FAIL $name"; sed 's/^/       /' "$work/out" | tail -n 30; failed=$((failed + 1))
  fi
}

synth() { # outdir, extra env...
  local outdir="$1"; shift
  env "$@" CDKTF_OUTDIR="$outdir" node scripts/cdktf-app.js
}
echo "Synthesizing stacks"
synth "$work/local"
synth "$work/cloud" TF_CLOUD_ORGANIZATION=example-org TF_WORKSPACE=todo-chatbot
synth "$work/cluster" TODO_ENV=cluster
echo '{"database": {"mode": "external"}}' >"$work/external.json"
synth "$work/external" TODO_CONFIG="$work/external.json"

local_stack="$work/local/stacks/todo-local"
cloud_stack="$work/cloud/stacks/todo-local"
cluster_stack="$work/cluster/stacks/todo-cluster"
external_stack="$work/external/stacks/todo-local"
node -e '
  const fs = require("fs");
  const file = process.argv[1];
  const json = JSON.parse(fs.readFileSync(file, "utf8"));
  if (!json.terraform.cloud) { console.error("the Terraform Cloud variant has no cloud block"); process.exit(1); }
  delete json.terraform.cloud;
  fs.writeFileSync(file, JSON.stringify(json, null, 2));
' "$cloud_stack/cdk.tf.json"

echo "Terraform ($("$TF" version | head -n1)) with TF_CLI_CONFIG_FILE=${TF_CLI_CONFIG_FILE:-unset}"
for stack in "$local_stack" "$cloud_stack" "$cluster_stack" "$external_stack"; do
  label="$(basename "$(dirname "$(dirname "$stack")")")"
  check "$label: $TF init (providers from the mirror)" "$TF" -chdir="$stack" init -input=false -backend=false -no-color
  check "$label: $TF validate" "$TF" -chdir="$stack" validate -no-color
done
pins="$(node test/infra/provider-pins.mjs --json)" || exit 1
check "the pinned provider versions (the @cdktf/provider-* bindings') resolve from the mirror" bash -c "'$TF' -chdir='$local_stack' version -json | node -e '
  let s=\"\"; process.stdin.on(\"data\", d => s += d).on(\"end\", () => {
    const got = JSON.parse(s).provider_selections;
    const want = JSON.parse(process.argv[1]);
    for (const [k, v] of Object.entries(want)) { const g = got[k] ?? got[k.replace(\"registry.terraform.io\", \"registry.opentofu.org\")];
      if (g !== v) { console.error(k, \"is\", g, \"want\", v); process.exit(1); } }
  });' \"\$0\"" "$pins"

# Say what the mirror's binaries really are: the Go module proxy here does not
# serve the release commits, so they may be later snapshots filed under the pinned versions.
for source in "${TODO_CACHE_DIR:-$HOME/.cache/todo-chatbot}"/tf-mirror/SOURCE-*.txt; do
  [[ -f "$source" ]] && echo "  note: $(cat "$source")"
done
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
