# shellcheck shell=bash
# Sourced by test/infra/test-deploy.sh and scripts/bench-deploy.sh: a Docker
# engine, local base images, a copy of the repository in a temp directory, and
# the real single-node cluster (test/cluster/node.sh). The copy is removed on
# exit, also on failure; the node is stopped only if this run started it.
# Exports KUBECONFIG, KUBE_CONTEXT, TODO_INGRESS_URL, TODO_BUILD_ARGS,
# TODO_TEST_WORKDIR, and DEPLOY_TEST_STARTED_NODE (true|false).
set -euo pipefail
export TODO_CACHE_DIR="${TODO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/todo-chatbot}"
# shellcheck source=/dev/null
source "$TODO_CACHE_DIR/env.sh"
setup_log() { echo "[deploy-setup $(date +%H:%M:%S)] $*"; }

DEPLOY_TEST_WORK="$(mktemp -d /tmp/todo-deploy-test.XXXXXX)"
deploy_test_cleanup() {
  local status=$?
  rm -rf "$DEPLOY_TEST_WORK"
  exit $status
}
trap deploy_test_cleanup EXIT INT TERM

setup_log "Docker engine and local base images"
bash test/infra/docker-engine.sh
standin_build_args="$(bash test/infra/base-images.sh)"

if [[ ! -d test/deploy/node_modules || test/deploy/package-lock.json -nt test/deploy/node_modules/.package-lock.json ]]; then
  (cd test/deploy && npm ci --no-audit --no-fund --loglevel=error)
fi

setup_log "copying the repository to $DEPLOY_TEST_WORK/repo"
mkdir -p "$DEPLOY_TEST_WORK/repo"
git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -C "$DEPLOY_TEST_WORK/repo" -xf -
# Hard links: a copy of the dependencies in no time, and nothing the copy does can change ours.
cp -al node_modules "$DEPLOY_TEST_WORK/repo/node_modules"

DEPLOY_TEST_STARTED_NODE=true
bash test/cluster/node.sh status >/dev/null 2>&1 && DEPLOY_TEST_STARTED_NODE=false
export DEPLOY_TEST_STARTED_NODE
bash test/cluster/node.sh up
eval "$(bash test/cluster/node.sh env)"
export KUBECONFIG KUBE_CONTEXT TODO_INGRESS_URL

export TODO_TEST_WORKDIR="$DEPLOY_TEST_WORK/repo"
export TODO_BUILD_ARGS="$standin_build_args"
export CI="${CI:-true}"
