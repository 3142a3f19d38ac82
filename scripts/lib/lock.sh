# shellcheck shell=bash
# One deploy at a time per checkout: deploy, destroy and the state commands
# all write cdktf.out/ and the local state. `hold_deploy_lock WHAT [write|read]` takes an
# exclusive lock (flock(1)) for the rest of the calling script, or prints who
# holds it and exits 1. The lock is released when the script and everything
# it started have exited, also after a crash or `kill -9`.
# The start (epoch seconds) of the previous holder that could change the
# release (a `write` holder: deploy, apply, destroy, state restore/recover) is
# kept in $DEPLOY_LOCK_FILE.previous-start: a Helm revision left pending since
# then was left by this checkout (scripts/heal-release.sh). A `read` holder
# (plan, diff) does not move it, so a plan made after an interrupted apply
# still lets the next apply heal what that apply left.
DEPLOY_LOCK_FILE="${DEPLOY_LOCK_FILE:-state/.deploy.lock}"

hold_deploy_lock() {
  local what="$1" mode="${2:-write}" holder pgid
  if ! command -v flock >/dev/null 2>&1; then
    echo "warning: flock(1) not found, so two deploys at once are not prevented (Debian/Ubuntu: util-linux; macOS: brew install flock)" >&2
    return 0
  fi
  mkdir -p "$(dirname "$DEPLOY_LOCK_FILE")"
  # Read-write without truncating: the holder's PID stays readable.
  exec 9<>"$DEPLOY_LOCK_FILE"
  if ! flock -n 9; then
    holder="$(head -n1 "$DEPLOY_LOCK_FILE" 2>/dev/null)"
    pgid="$(sed -n 's/.*process group \([0-9]*\).*/\1/p' <<<"$holder")"
    echo "Another deploy is running in this checkout (${holder:-PID unknown}); $what did not start and nothing was changed." >&2
    echo "Wait for it to finish, or stop it as Ctrl-C in its terminal would (kill -INT -- -${pgid:-<its process group>}), then run this again." >&2
    exit 1
  fi
  local now
  now="$(date +%s)"
  if [[ $mode == write ]]; then
    cat "$DEPLOY_LOCK_FILE.write-start" >"$DEPLOY_LOCK_FILE.previous-start" 2>/dev/null || : >"$DEPLOY_LOCK_FILE.previous-start"
    echo "$now" >"$DEPLOY_LOCK_FILE.write-start"
  fi
  printf 'PID %s: %s, process group %s (started %s; epoch %s)\n' "$$" "$what" "$(ps -o pgid= -p $$ | tr -d ' ')" \
    "$(date -u +%FT%TZ)" "$now" >"$DEPLOY_LOCK_FILE"
}
