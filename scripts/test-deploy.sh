#!/usr/bin/env bash
# Deploy scenarios for real: Terraform with the real providers, a real Docker
# engine and a local Kubernetes control plane (kwok), driven through the same
# commands the README gives users (scripts/deploy.sh, cdktf diff/destroy).
#
# Works on a copy of the repository in a temp directory, so the scenarios can
# edit sources and keep state without touching this checkout. Cleans up the
# cluster and the copy on exit, also on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
export TODO_CACHE_DIR="${TODO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/todo-chatbot}"
# shellcheck source=/dev/null
source "$TODO_CACHE_DIR/env.sh"
log() { echo "[test-deploy $(date +%H:%M:%S)] $*"; }

results="$ROOT/test-results/deploy"
mkdir -p "$results"
work="$(mktemp -d /tmp/todo-deploy-test.XXXXXX)"
cleanup() {
  local status=$?
  bash "$ROOT/test/deploy/cluster.sh" down || true
  rm -rf "$work"
  exit $status
}
trap cleanup EXIT INT TERM

log "Docker engine and local base images"
bash scripts/docker-engine.sh
bash scripts/base-images.sh

log "copying the repository to $work/repo"
mkdir -p "$work/repo"
git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -C "$work/repo" -xf -
# Hard links: a fresh copy of the dependencies in no time, and nothing the copy does can change ours.
cp -al node_modules "$work/repo/node_modules"

export KUBECONFIG="$work/kubeconfig"
export KUBE_CONTEXT="kwok-${TODO_KWOK_CLUSTER:-todo-test}"
bash test/deploy/cluster.sh up "$KUBECONFIG"

export TODO_TEST_WORKDIR="$work/repo"
export TODO_TEST_LOG="$results/commands.log"
export TODO_TEST_RESULTS="$results"
export TODO_BUILD_ARGS="NODE_IMAGE=${TODO_NODE_IMAGE:-todo-local/node:20-bookworm},NGINX_IMAGE=${TODO_NGINX_IMAGE:-todo-local/nginx:bookworm}"
export CI="${CI:-true}"
: >"$TODO_TEST_LOG"
log "running the scenarios (full command log: ${TODO_TEST_LOG#"$ROOT"/})"
node --test --test-reporter=spec --test-concurrency=1 test/deploy/scenarios.test.mjs
