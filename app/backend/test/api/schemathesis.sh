#!/usr/bin/env bash
# The API against its own OpenAPI document: schemathesis (PyPI, pinned below)
# runs every check (status codes, schemas, content types, Allow headers,
# negative data, stateful links...) on every documented operation, against
# the backend running on a real PostgreSQL (test/infra/pg-test.sh). Bounded:
# SCHEMATHESIS_EXAMPLES cases per operation and phase (default 10), seed fixed,
# so a run is reproducible and takes seconds. Report (JUnit) in
# test-results/schemathesis/. Last line: "N passed, N failed, N skipped".
#
#   bash app/backend/test/api/schemathesis.sh
#
# Not fuzzed: POST /api/auth/signout, which would revoke the run's own token
# (the integration tests cover it). The auth rate limit is raised for the
# run, so that sign-up and sign-in get tested rather than throttled.
set -euo pipefail
BACKEND="$(cd "$(dirname "$0")/../.." && pwd)"
ROOT="$(cd "$BACKEND/../.." && pwd)"
VERSION=4.32.5
CACHE="${TODO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/todo-chatbot}"
VENV="$CACHE/schemathesis-$VERSION"
RESULTS="$ROOT/test-results/schemathesis"
EXAMPLES="${SCHEMATHESIS_EXAMPLES:-10}"

if [[ ! -f "$VENV/.installed" ]]; then
  echo "installing schemathesis $VERSION from PyPI into $VENV"
  rm -rf "$VENV"
  if ! python3 -m venv "$VENV" 2>/dev/null; then
    [[ $(id -u) == 0 ]] || { echo "python3 -m venv failed: install python3-venv"; exit 1; }
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq python3-venv >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null 2>&1; apt-get -o DPkg::Lock::Timeout=600 install -y -qq python3-venv >/dev/null; }
    rm -rf "$VENV" && python3 -m venv "$VENV"
  fi
  "$VENV/bin/pip" install -q --disable-pip-version-check "schemathesis==$VERSION"
  touch "$VENV/.installed"
fi

if [[ -z "${DATABASE_URL:-}" ]]; then
  exec bash "$ROOT/test/infra/pg-test.sh" run -- bash "$0" "$@"
fi

rm -rf "$RESULTS" && mkdir -p "$RESULTS"
log="$RESULTS/server.log"
cd "$BACKEND"
PORT=0 HOST=127.0.0.1 LOG_LEVEL=info AUTH_RATE_LIMIT_PER_MINUTE=100000 \
  AUTH_SECRET=schemathesis-secret-schemathesis-secret node --import tsx src/server.ts >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
base=""
for _ in $(seq 1 100); do
  base="$(grep -o -m1 'Server listening at http://127\.0\.0\.1:[0-9]*' "$log" | sed 's/^Server listening at //' || true)"
  [[ -n "$base" ]] && curl -fsS "$base/readyz" >/dev/null 2>&1 && break
  kill -0 $server 2>/dev/null || { echo "the backend exited:"; tail -20 "$log"; exit 1; }
  sleep 0.2
done
[[ -n "$base" ]] || { echo "the backend did not start:"; tail -20 "$log"; exit 1; }
token="$(curl -fsS -X POST -H 'content-type: application/json' \
  -d '{"email":"schemathesis@example.com","password":"correct horse battery"}' "$base/api/auth/signup" |
  node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>console.log(JSON.parse(s).token))')"

echo "schemathesis $VERSION against $base/api/openapi.json ($EXAMPLES examples per operation, seed 1)"
status=0
"$VENV/bin/st" --config-file "$BACKEND/test/api/schemathesis.toml" run "$base/api/openapi.json" --checks all --max-examples "$EXAMPLES" --seed 1 \
  --exclude-path /api/auth/signout -H "Authorization: Bearer $token" \
  --report junit --report-dir "$RESULTS" --no-color >"$RESULTS/output.txt" 2>&1 || status=$?
sed -n '/SUMMARY/,$p' "$RESULTS/output.txt"
if [[ $status -ne 0 ]]; then
  echo "--- failures (full output: test-results/schemathesis/output.txt) ---"
  sed -n '/FAILURES/,/SUMMARY/p' "$RESULTS/output.txt" | head -150
fi
# Its count line: "676 generated, 676 passed, 30 skipped", or "676 generated, 3 found 3 unique failures, 27 skipped".
line="$(grep -E '^\s*[0-9]+ generated' "$RESULTS/output.txt" | tail -1 || true)"
count() { grep -oE "[0-9]+ $1" <<<"$line" | grep -oE '^[0-9]+' || echo 0; }
generated="$(count generated)" failures="$(count 'unique failures')" skipped="$(count skipped)" passed="$(count passed)"
[[ $status -eq 0 || $failures -gt 0 ]] || failures=1 # it failed without a count: a crash
[[ $passed -gt 0 ]] || passed=$((generated > failures ? generated - failures : 0))
echo "$passed passed, $failures failed, $skipped skipped"
exit $status
