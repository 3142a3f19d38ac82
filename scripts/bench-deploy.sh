#!/usr/bin/env bash
# Deploy figures on the real single-node cluster (docs/performance.md):
# image builds cold and warm, first deploy until the app answers through the
# ingress, container start to Ready per component, no-op redeploy (x3, median,
# with its phases; also Terraform's own time and what a refresh costs),
# `cdktf diff` / `npm run plan` with no changes (x3), the image-sync copy, and
# the inner loop: a backend edit until the new pod serves through the ingress
# (x3, median), with each phase (content hash, deploy.sh's preparation, synth
# and plan, build, Helm upgrade, rollout, Helm's wait, first answer) and each
# new pod's own phases (scheduled, image present, container started, startup
# probe passed, Ready, first answer). The load average is printed beside
# each figure.   RUNS=5 npm run bench:deploy
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results
start=$(date +%s.%N)
bash test/infra/toolchain.sh >/dev/null
warm=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN{printf "%.1f", e-s}')
echo "toolchain provisioning, warm cache: ${warm} s"
source test/deploy/setup.sh
export TODO_TEST_LOG="$PWD/test-results/bench-deploy.log"
: >"$TODO_TEST_LOG"
status=0
node test/deploy/bench.mjs | tee test-results/bench-deploy.md || status=$?
echo "| toolchain provisioning, warm cache | $warm | $(cut -d' ' -f1 /proc/loadavg) |" | tee -a test-results/bench-deploy.md
if [ "$DEPLOY_TEST_STARTED_NODE" = true ]; then bash test/cluster/node.sh down; fi
exit $status
