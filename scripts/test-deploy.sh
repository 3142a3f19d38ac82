#!/usr/bin/env bash
# Deploy scenarios for real: Terraform with the real providers, a real Docker
# engine and a local Kubernetes control plane (kwok), driven through the same
# commands the README gives users (scripts/deploy.sh, cdktf diff/destroy).
# Works on a copy of the repository, so the scenarios can edit sources and
# keep state without touching this checkout (test/deploy/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
results="$PWD/test-results/deploy"
mkdir -p "$results"
source test/deploy/setup.sh

export TODO_TEST_LOG="$results/commands.log"
export TODO_TEST_RESULTS="$results"
: >"$TODO_TEST_LOG"
echo "running the scenarios (full command log: test-results/deploy/commands.log)"
status=0
node --test --test-reporter=spec --test-concurrency=1 test/deploy/scenarios.test.mjs || status=$?

# The chart again, now with server-side dry-runs and a real install/upgrade
# against this control plane (the chart phase alone validates with kubeconform).
echo "chart tests against the control plane (kubectl --dry-run=server, helm install/upgrade)"
kubectl config use-context "$KUBE_CONTEXT" >/dev/null
bash scripts/test-chart.sh 2>&1 | tail -n 25 || status=$?
exit $status
