#!/usr/bin/env bash
# Deploy scenarios on real pods (`npm run test:cluster`, and the deploy phase
# of `npm test`): Terraform with the real providers, a real Docker engine and
# a real single-node Kubernetes (test/cluster/node.sh), driven through the
# commands the README gives users (scripts/deploy.sh, cdktf diff/destroy).
# Then the browser test through the ingress, the chart tests against the
# same cluster, and, if this run started the node, its teardown.
# Works on a copy of the repository, so the scenarios can edit sources and
# keep state without touching this checkout (test/deploy/setup.sh).
# Last line: `N passed, N failed` (tests, not phases).
set -euo pipefail
cd "$(dirname "$0")/../.."
results="$PWD/test-results/deploy"
rm -rf "$results"
mkdir -p "$results"
source test/deploy/setup.sh

export TODO_TEST_LOG="$results/commands.log"
export TODO_TEST_RESULTS="$results"
: >"$TODO_TEST_LOG"
passed=0 failed=0
# tally NAME TAPFILE: add a node:test run's counts.
tally() {
  local p f
  p="$(awk '/^# pass / {print $3}' "$2" | tail -1)"; f="$(awk '/^# fail / {print $3}' "$2" | tail -1)"
  [ -n "$p" ] || { echo "$1: no results (did it start?)"; failed=$((failed + 1)); return; }
  echo "$1: $p passed, $f failed"
  passed=$((passed + p)); failed=$((failed + f))
}
# tally_playwright NAME REPORT: add a Playwright run's counts (its JSON report).
tally_playwright() {
  local line p f
  line="$(node test/e2e/summary.mjs "$2")" || { echo "$1: no results (did it start?)"; failed=$((failed + 1)); return; }
  read -r p _ f _ <<<"${line//,/}"
  echo "$1: $p passed, $f failed"
  passed=$((passed + p)); failed=$((failed + f))
}
check() { # name command…: one test
  local name="$1"; shift
  if "$@"; then passed=$((passed + 1)); echo "ok: $name"; else failed=$((failed + 1)); echo "FAILED: $name"; return 1; fi
}

# One run per file: they share the deployment and must run in this order.
# DEPLOY_SUITES=faults,policies runs a subset (a suite deploys what it needs if
# nothing is deployed yet); DEPLOY_EXTRAS=false skips the browser and chart runs.
all_suites=(scenarios resilience faults policies tls review dev registry pg-race)
IFS=, read -r -a suites <<<"${DEPLOY_SUITES:-$(IFS=,; echo "${all_suites[*]}")}"
for suite in "${suites[@]}"; do
  [[ -f "test/deploy/$suite.test.mjs" ]] || { echo "unknown deploy suite: $suite (suites: ${all_suites[*]})" >&2; exit 2; }
done
for suite in "${suites[@]}"; do
  echo "running the $suite scenarios (full command log: test-results/deploy/commands.log)"
  node --test --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$results/$suite.tap" "test/deploy/$suite.test.mjs" || true
  tally "$suite" "$results/$suite.tap"
done

if [[ ${DEPLOY_EXTRAS:-true} == true ]]; then
  echo "the browser test through the ingress controller (http://todo.local -> ${TODO_INGRESS_URL#http://})"
  E2E_BASE_URL="http://todo.local${TODO_INGRESS_URL##*127.0.0.1}" E2E_RESOLVE="todo.local=127.0.0.1" \
    E2E_RESULTS_DIR="$PWD/test-results/e2e-cluster" bash test/infra/test-e2e.sh || true
  tally_playwright e2e-through-ingress "$PWD/test-results/e2e-cluster/results.json"

  # The chart again, now with server-side dry-runs and a real install/upgrade on
  # this cluster (the chart phase alone validates with kubeconform).
  echo "chart tests against the cluster (kubectl --dry-run=server, helm install/upgrade; log: test-results/deploy/chart.log)"
  check "chart against the cluster" bash -c 'CHART_TEST_KUBECONFIG="$KUBECONFIG" bash test/infra/test-chart.sh >"$0" 2>&1' "$results/chart.log" ||
    cat "$results/chart.log"
fi

if [ "$DEPLOY_TEST_STARTED_NODE" = true ]; then
  bash test/cluster/node.sh down
  check "teardown leaves no process, mount, iptables chain, route, netns, cgroup or sysctl behind" bash test/cluster/node.sh leftovers
else
  echo "the node was running before this run: left running (test/cluster/node.sh down stops it)"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
