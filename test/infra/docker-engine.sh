#!/usr/bin/env bash
# Make sure a Docker engine answers `docker info` (test infrastructure only).
#
# Idempotent: does nothing when a daemon already answers. Otherwise installs
# Debian's docker.io (daemon 20.10) if dockerd is missing, starts `dockerd` in
# the background with its log under the cache dir and waits until it answers.
# A user's machine with Docker Desktop/Engine never needs this script.
#
# Env: TODO_CACHE_DIR (default ${XDG_CACHE_HOME:-$HOME/.cache}/todo-chatbot),
#      DOCKER_ENGINE_TIMEOUT (seconds to wait for the daemon, default 90).
#
# If this script printed `export DOCKER_API_VERSION=...`, run that in your
# shell too (a newer docker CLI talking to the older Debian daemon).
set -euo pipefail

CACHE_DIR="${TODO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/todo-chatbot}"
LOG_DIR="$CACHE_DIR/docker"
LOG="$LOG_DIR/dockerd.log"
PIDFILE="$LOG_DIR/dockerd.pid"
TIMEOUT="${DOCKER_ENGINE_TIMEOUT:-90}"

say() { printf '[docker-engine] %s\n' "$*" >&2; }

engine_answers() { docker info >/dev/null 2>&1; }

# The docker CLI negotiates the API version with the daemon; if negotiation
# fails (client too new, daemon too old), pin the daemon's own version.
pin_api_version_if_needed() {
  if engine_answers; then return 0; fi
  local v
  v="$(curl -fsS --unix-socket /var/run/docker.sock http://localhost/version 2>/dev/null \
        | sed -n 's/.*"ApiVersion":"\([0-9.]*\)".*/\1/p')" || true
  if [ -n "$v" ]; then
    export DOCKER_API_VERSION="$v"
    if engine_answers; then
      say "docker CLI needs DOCKER_API_VERSION=$v for this daemon"
      echo "export DOCKER_API_VERSION=$v"
      return 0
    fi
  fi
  return 1
}

print_stop_hint() {
  local pid="${1:-}"
  if [ -n "$pid" ]; then
    say "to stop the engine: kill $pid   (pid also in $PIDFILE; log: $LOG)"
  else
    say "to stop the engine: kill \$(cat $PIDFILE)   (log: $LOG)"
  fi
}

if engine_answers; then
  say "Docker engine already answers ($(docker info --format '{{.ServerVersion}}' 2>/dev/null))"
  exit 0
fi
if pin_api_version_if_needed; then exit 0; fi

if ! command -v dockerd >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    say "dockerd is not installed and this is not root: install Docker (https://docs.docker.com/engine/install/) and start it"
    exit 1
  fi
  say "installing Debian docker.io (apt-get update + install; takes a minute)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  # --no-install-recommends keeps it small; iptables is needed for bridge networking.
  # The docker.io package ships its own /usr/bin/docker; the newer CLI in
  # /usr/local/bin stays first on PATH and keeps working against this daemon.
  pkgs=(docker.io iptables ca-certificates curl)
  if ! apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null; then
    # An interrupted earlier install leaves "unmet dependencies"; repair and retry once.
    say "apt install failed; running apt-get -f install and retrying"
    apt-get -o DPkg::Lock::Timeout=600 -f install -y -qq >/dev/null
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
  fi
  say "installed: $(dockerd --version)"
fi

mkdir -p "$LOG_DIR"
# A stale pidfile from an earlier run whose daemon died.
if [ -f "$PIDFILE" ] && ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then rm -f "$PIDFILE"; fi
# dockerd's own pidfile (/var/run/docker.pid) blocks a second start after a crash.
if [ -f /var/run/docker.pid ] && ! kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then
  rm -f /var/run/docker.pid
fi

if [ -f "$PIDFILE" ]; then
  say "dockerd already started (pid $(cat "$PIDFILE")), waiting for it"
else
  say "starting dockerd in the background (log: $LOG)"
  # The engine outlives this script: it must not keep the caller's open files,
  # such as the cluster lock a `flock … test-deploy.sh` holds (a later flock
  # would wait for as long as the engine runs).
  (
    for fd in /proc/$BASHPID/fd/*; do
      fd="${fd##*/}"
      if [ "$fd" -gt 2 ]; then eval "exec $fd>&-"; fi
    done
    exec nohup dockerd >>"$LOG" 2>&1 </dev/null
  ) &
  echo $! >"$PIDFILE"
fi
PID="$(cat "$PIDFILE")"

start=$(date +%s)
while :; do
  if engine_answers || pin_api_version_if_needed; then break; fi
  if ! kill -0 "$PID" 2>/dev/null; then
    say "dockerd (pid $PID) exited; last lines of $LOG:"
    tail -n 20 "$LOG" >&2 || true
    rm -f "$PIDFILE"
    exit 1
  fi
  now=$(date +%s)
  if [ $((now - start)) -ge "$TIMEOUT" ]; then
    say "dockerd did not answer within ${TIMEOUT}s (set DOCKER_ENGINE_TIMEOUT to wait longer); last lines of $LOG:"
    tail -n 20 "$LOG" >&2 || true
    exit 1
  fi
  say "waiting for dockerd... $((now - start))s"
  sleep 2
done
say "Docker engine answers ($(docker info --format '{{.ServerVersion}} storage={{.Driver}}' 2>/dev/null))"
print_stop_hint "$PID"
