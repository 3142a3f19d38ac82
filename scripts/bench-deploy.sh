#!/usr/bin/env bash
# Deploy timings (README "Performance"): warm toolchain check, first deploy,
# no-op redeploy (x3, median; also Terraform's own time), `cdktf diff` with no
# changes (x3), one-service change. Against the local control plane used by
# the deploy tests.   RUNS=5 npm run bench:deploy
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results
start=$(date +%s.%N)
bash scripts/toolchain.sh >/dev/null
warm=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN{printf "%.1f", e-s}')
echo "toolchain provisioning, warm cache: ${warm} s"
source test/deploy/setup.sh
TODO_BENCH_LOG="$PWD/test-results/bench-deploy.log" node test/deploy/bench.mjs | tee test-results/bench-deploy.md
echo "| toolchain provisioning, warm cache | $warm |" | tee -a test-results/bench-deploy.md
