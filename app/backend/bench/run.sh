#!/usr/bin/env bash
# Benchmark: builds the backend, starts it against a throwaway PostgreSQL and
# runs autocannon. Usage: npm run bench  (BENCH_DURATION=30 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent build
exec bash ../../test/infra/pg-test.sh run -- node --import tsx bench/bench.ts
