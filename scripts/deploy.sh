#!/usr/bin/env bash
# The main command: deploy the Todo AI Chatbot from a fresh clone.
#
#   npm run deploy                                 # Minikube
#   KUBECONFIG=~/.kube/other KUBE_CONTEXT=prod npm run deploy   # any cluster
#   TODO_ENV=cluster KUBE_CONTEXT=prod npm run deploy            # another environment (stacks/environments.ts)
#   npm run deploy -- --skip-provider-lock         # extra args go to `cdktf deploy`
#   npm run deploy -- --plan plans/latest          # apply exactly a reviewed plan (scripts/apply.sh)
#
# Steps: the preparation every command shares (scripts/lib/prepare.sh: the
# deploy lock, dependencies, the environment's config, Minikube started and its
# Docker used for the images when the context is "minikube", the preflight,
# the state check); heal a release an interrupted deploy left pending and
# back up the state; `cdktf deploy`, naming stuck pods while Helm waits
# (scripts/watch-pods.sh); back up the state again; print the URL and the
# /etc/hosts line if missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ${1:-} == --plan ]]; then
  shift
  exec bash scripts/apply.sh "$@"
fi

# shellcheck source=lib/prepare.sh
. scripts/lib/prepare.sh
prepare_environment "npm run deploy" write
prepare_release

step "cdktf deploy (environment $CFG_ENVIRONMENT, context $CFG_CONTEXT)"
# Ctrl-C reaches cdktf and Terraform too (one process group); this only says what it leaves behind.
trap 'echo; echo "Interrupted. If Helm was upgrading, the release is left pending: the next npm run deploy finds it and rolls it back first (nothing to do by hand)." >&2; exit 130' INT
# The app synthesizes exactly one stack, the selected environment's.
with_pod_watcher npx --no-install cdktf deploy --auto-approve "$@"
node scripts/state.mjs backup # so the newest backup is the state this deploy left

step "Done"
print_app_url
