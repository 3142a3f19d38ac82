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
node --test --test-reporter=spec --test-concurrency=1 test/deploy/scenarios.test.mjs
