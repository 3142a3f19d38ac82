#!/usr/bin/env bash
# Browser end-to-end test: headless Chromium drives the built web UI, served
# with /api forwarded to the real backend, which runs against a throwaway
# PostgreSQL (test/infra/pg-test.sh). Results: test-results/e2e/ (screenshots,
# backend log).
#
#   test/infra/test-e2e.sh                 build frontend + backend, run the test
#   E2E_SKIP_BUILD=1 test/infra/test-e2e.sh     reuse existing dist/ folders
#   E2E_BASE_URL=http://todo.local [E2E_RESOLVE=todo.local=127.0.0.1] test/infra/test-e2e.sh
#                                       only drive a running deployment
#
# Needs Debian's `chromium` (installed with apt-get when missing and root) and
# Node >= 20.19. CHROMIUM_PATH overrides /usr/bin/chromium.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
log() { echo "test-e2e: $*" >&2; }
die() { echo "test-e2e: error: $*" >&2; exit 1; }

CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
export CHROMIUM_PATH
if [ ! -x "$CHROMIUM_PATH" ]; then
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
    || die "$CHROMIUM_PATH not found: install Debian's chromium package (or set CHROMIUM_PATH)"
  log "installing Debian package chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || true
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq chromium >&2
fi

# npm ci when node_modules is missing or older than the lock file.
npm_ci() {
  local dir="$1"
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    log "npm ci in ${dir#"$ROOT"/}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

npm_ci "$ROOT/test/e2e"
mkdir -p "$ROOT/test-results/e2e"

run_test() {
  local out="${E2E_RESULTS_DIR:-$ROOT/test-results/e2e}" status=0
  mkdir -p "$out"
  rm -f "$out/results.json"
  (cd "$ROOT/test/e2e" && E2E_RESULTS_DIR="$out" npx --no-install playwright test) || status=$?
  # The line the suite counts; a run that wrote no report is a failure.
  node "$ROOT/test/e2e/summary.mjs" "$out/results.json" || status=1
  return $status
}

if [ -n "${E2E_BASE_URL:-}" ]; then
  log "against $E2E_BASE_URL"
  run_test
  exit
fi

build() {
  [ -n "${E2E_SKIP_BUILD:-}" ] && return 0
  npm_ci "$ROOT/$1"
  log "building $1"
  (cd "$ROOT/$1" && npm run build --silent)
}

build app/frontend
[ -f "$ROOT/app/frontend/dist/index.html" ] || die "app/frontend/dist/index.html missing (build the frontend)"

if [ -n "${E2E_API_URL:-}" ]; then
  log "using the backend at $E2E_API_URL"
  run_test
else
  build app/backend
  [ -f "$ROOT/app/backend/dist/server.js" ] || die "app/backend/dist/server.js missing (build the backend)"
  # The test starts the backend itself, with DATABASE_URL from pg-test.sh.
  export -f run_test
  export ROOT
  bash "$ROOT/test/infra/pg-test.sh" run -- bash -c run_test
fi
log "screenshots and logs in test-results/e2e/"
