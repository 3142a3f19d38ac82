# shellcheck shell=bash
# Logging helpers of the test toolchain scripts (toolchain.sh, smoke.sh). Source it; set LOG_TAG first.
#   log "message"            -> "[tag 12:34:56] message" on stderr
#   die "message"            -> log it and exit 1
#   step_start / step_done   -> time a long step and print its elapsed seconds

: "${LOG_TAG:=script}"

log() {
  printf '[%s %s] %s\n' "$LOG_TAG" "$(date +%H:%M:%S)" "$*" >&2
}

die() {
  log "ERROR: $*"
  exit 1
}

# step_start "building helm v3.19.5" ; ... ; step_done "built helm"
step_start() {
  STEP_T0=$(date +%s)
  log "$*"
}

step_done() {
  log "$* ($(($(date +%s) - STEP_T0)) s)"
}
