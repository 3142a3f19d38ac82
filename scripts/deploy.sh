#!/usr/bin/env bash
# The main command: deploy the Todo AI Chatbot from a fresh clone.
#
#   npm run deploy                                 # Minikube
#   KUBECONFIG=~/.kube/other KUBE_CONTEXT=prod npm run deploy   # any cluster
#   TODO_ENV=cluster KUBE_CONTEXT=prod npm run deploy            # another environment (stacks/environments.ts)
#   npm run deploy -- -parallelism=4               # Terraform's options go to `terraform apply` (below)
#   npm run deploy -- --plan plans/latest          # apply exactly a reviewed plan (scripts/apply.sh)
#
# Steps: the preparation every command shares (scripts/lib/prepare.sh: the
# deploy lock, dependencies, the environment's config, Minikube started and its
# Docker used for the images when the context is "minikube", the preflight,
# the state check); heal a release an interrupted deploy left pending and
# back up the state; what `cdktf deploy --auto-approve` does (synthesize,
# `terraform init`, `terraform apply -auto-approve` in the stack folder)
# without the CLI's own start, and with an init only when the providers or the
# backend changed (synth_and_init), naming stuck pods while Helm waits
# (scripts/watch-pods.sh); back up the state again; print the URL and the
# /etc/hosts line if missing. `npx cdktf deploy` works on the same stack and
# state; it only takes a few seconds longer.
#
# Options: Terraform's -parallelism=N, -target=ADDRESS, -replace=ADDRESS,
# -refresh=false, -refresh-only, -var=NAME=VALUE, -var-file=FILE,
# -lock-timeout=DURATION, -compact-warnings, -no-color (values after =);
# cdktf's --auto-approve and --skip-provider-lock are accepted and change
# nothing; --plan PLAN applies a saved plan (npm run apply -- PLAN).
set -euo pipefail
cd "$(dirname "$0")/.."

for arg in "$@"; do
  case "$arg" in
    -h | --help | -help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
  esac
done
if [[ " $* " == *" --plan "* ]]; then
  args=()
  for arg in "$@"; do [[ $arg == --plan ]] || args+=("$arg"); done
  exec bash scripts/apply.sh "${args[@]}"
fi

# shellcheck source=lib/prepare.sh
. scripts/lib/prepare.sh
terraform_args "npm run deploy" apply "$@"
prepare_environment "npm run deploy" write
prepare_release
stack_dir="cdktf.out/stacks/$CFG_STACK"

step "Synthesizing and initializing $stack_dir (the cdktf app, terraform init when needed)"
synth_and_init || exit 1

step "terraform apply (environment $CFG_ENVIRONMENT, context $CFG_CONTEXT)"
# Ctrl-C reaches Terraform too (one process group), which stops gracefully on the
# first and at once on the second; this runs after it and says what each leaves.
trap 'echo; echo "Interrupted. After one Ctrl-C, Terraform finishes the change it is making and saves the state: npm run deploy again does the rest. After two, it stops at once: a Helm upgrade it was making is left pending, and the next npm run deploy rolls it back first (nothing to do by hand)." >&2; restore_state_if_emptied; exit 130' INT
with_pod_watcher "${TERRAFORM_BINARY_NAME:-terraform}" -chdir="$stack_dir" apply -input=false -auto-approve "${TF_ARGS[@]}"
node scripts/state.mjs backup # so the newest backup is the state this deploy left

step "Done"
print_app_url
