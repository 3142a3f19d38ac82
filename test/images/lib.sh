# shellcheck shell=bash
# Helpers for test/infra/test-images.sh: counters, checks, polling.
PASSED=0
FAILED=0
SKIPPED=0
FAILURES=()

step() { printf '\n== %s\n' "$*"; }
info() { printf '   %s\n' "$*"; }
pass() { PASSED=$((PASSED + 1)); printf '  ok    %s\n' "$*"; }
fail() { FAILED=$((FAILED + 1)); FAILURES+=("$*"); printf '  FAIL  %s\n' "$*"; }
skip() { SKIPPED=$((SKIPPED + 1)); printf '  skip  %s\n' "$*"; }
die()  { printf 'test-images: %s\n' "$*" >&2; fail "$*"; summary; }

# check "name" cmd args...: passes when the command succeeds.
check() {
  local name="$1"; shift
  if "$@" >/dev/null 2>&1; then pass "$name"; else fail "$name"; fi
}

summary() {
  printf '\n%d passed, %d failed' "$PASSED" "$FAILED"
  [ "$SKIPPED" -gt 0 ] && printf ' (%d skipped)' "$SKIPPED"
  printf '\n'
  if [ "$FAILED" -gt 0 ]; then
    printf 'failed:\n'; printf '  - %s\n' "${FAILURES[@]}"
    exit 1
  fi
  exit 0
}


http_code() { curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1"; }

# wait_http URL SECONDS: until URL answers 200.
wait_http() {
  local url="$1" limit="$2" start
  start=$(date +%s)
  while [ $(( $(date +%s) - start )) -lt "$limit" ]; do
    [ "$(http_code "$url")" = 200 ] && return 0
    sleep 0.5
  done
  return 1
}

health_status() { docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$1" 2>/dev/null; }

# wait_healthy CONTAINER SECONDS: until Docker's HEALTHCHECK says healthy.
wait_healthy() {
  local c="$1" limit="$2" start s
  start=$(date +%s)
  while [ $(( $(date +%s) - start )) -lt "$limit" ]; do
    s="$(health_status "$c")"
    [ "$s" = healthy ] && return 0
    [ "$s" = none ] && return 1
    sleep 1
  done
  return 1
}
