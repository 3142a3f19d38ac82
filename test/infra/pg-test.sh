#!/usr/bin/env bash
# Throwaway PostgreSQL server for tests.
#
#   test/infra/pg-test.sh run -- <command> [args...]
#       start a fresh cluster, run the command with DATABASE_URL set, stop the
#       cluster and delete it (always, also on failure or Ctrl-C); exits with
#       the command's exit code.
#   eval "$(test/infra/pg-test.sh start)"
#       start a cluster and print `export DATABASE_URL=... PGTEST_DIR=...`
#   test/infra/pg-test.sh stop [DIR]
#       stop and delete the cluster in DIR (default: $PGTEST_DIR)
#   test/infra/pg-test.sh crash [DIR [MODE]]
#       stop the server at once, as a crash does (pg_ctl stop -m immediate:
#       connections are cut, no checkpoint); the data stays. MODE fast is an
#       administrator's stop instead (sessions are ended, then a checkpoint)
#   test/infra/pg-test.sh restart [DIR]
#       start the server in DIR again, on the same port (crash recovery first)
#
# Installs Debian's `postgresql` package if no server binaries are found.
# PostgreSQL refuses to run as root: as root, the cluster runs as the
# unprivileged system user `pgtest` (created if missing).
# Environment: PGTEST_DB (database name, default `todo_test`),
#              PGTEST_PORT (default: a free port),
#              PGTEST_DURABLE=1 (fsync and synchronous commit on, as in
#              production; default off, which is faster but loses committed
#              data in a crash: only for tests that never crash the server).
set -euo pipefail

PGTEST_DB="${PGTEST_DB:-todo_test}"
PG_USER_NAME="pgtest"

log() { echo "pg-test: $*" >&2; }
die() { echo "pg-test: error: $*" >&2; exit 1; }

find_bindir() {
  local d
  if command -v pg_config >/dev/null 2>&1; then
    d="$(pg_config --bindir 2>/dev/null || true)"
    if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return 0; fi
  fi
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ]; then echo "$d"; return 0; fi
  done
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return 0; fi
  return 1
}

ensure_installed() {
  if BINDIR="$(find_bindir)"; then return 0; fi
  [ "$(id -u)" = 0 ] || die "PostgreSQL server binaries not found and not root: install the 'postgresql' package"
  command -v apt-get >/dev/null 2>&1 || die "PostgreSQL server binaries not found and apt-get is not available"
  log "installing Debian package postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || true
  apt-get install -y -qq --no-install-recommends postgresql >&2
  # The Debian package starts a system cluster; it is not used by these tests.
  BINDIR="$(find_bindir)" || die "postgresql installed but initdb not found"
}

# Run a command as the cluster owner.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$PG_USER_NAME" -- "$@"
  else
    "$@"
  fi
}

ensure_user() {
  [ "$(id -u)" = 0 ] || return 0
  if ! id "$PG_USER_NAME" >/dev/null 2>&1; then
    log "creating system user $PG_USER_NAME"
    useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_USER_NAME"
  fi
}

free_port() {
  if [ -n "${PGTEST_PORT:-}" ]; then echo "$PGTEST_PORT"; return; fi
  bash "$(dirname "${BASH_SOURCE[0]}")/free-port.sh"
}

start_cluster() {
  ensure_installed
  ensure_user
  DIR="$(mktemp -d "${TMPDIR:-/tmp}/pg-test.XXXXXX")"
  chmod 755 "$DIR"
  mkdir -p "$DIR/data" "$DIR/sock"
  if [ "$(id -u)" = 0 ]; then chown -R "$PG_USER_NAME" "$DIR"; fi
  local owner
  owner="$(as_owner id -un)"
  as_owner "$BINDIR/initdb" -D "$DIR/data" -U "$owner" --auth=trust -E UTF8 --no-locale >"$DIR/initdb.log" 2>&1 \
    || { cat "$DIR/initdb.log" >&2; rm -rf "$DIR"; die "initdb failed"; }
  local durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  # syncfs: after a crash, recovery syncs the file system in one call instead of fsyncing every file (3 s -> 0.4 s here).
  [ "${PGTEST_DURABLE:-}" = 1 ] &&
    durability="-c fsync=on -c synchronous_commit=on -c full_page_writes=on -c recovery_init_sync_method=syncfs"
  local port tries=0
  while :; do
    port="$(free_port)"
    echo "-p $port -k $DIR/sock -c listen_addresses=127.0.0.1 $durability -c max_connections=200" >"$DIR/options"
    if server_start "$DIR"; then
      break
    fi
    tries=$((tries + 1))
    if [ "$tries" -ge 3 ]; then
      cat "$DIR/server.log" >&2 || true
      rm -rf "$DIR"
      die "could not start PostgreSQL"
    fi
  done
  as_owner "$BINDIR/psql" -h 127.0.0.1 -p "$port" -U "$owner" -d postgres -qAt \
    -c "CREATE DATABASE \"$PGTEST_DB\"" >/dev/null
  echo "$port" >"$DIR/port"
  DATABASE_URL="postgres://$owner@127.0.0.1:$port/$PGTEST_DB"
  echo "$DATABASE_URL" >"$DIR/url"
  log "PostgreSQL $("$BINDIR/postgres" -V | awk '{print $3}') on port $port, data in $DIR"
}

# The options (port, durability) are kept in DIR/options, so that a restart is the same server.
server_start() {
  as_owner "$BINDIR/pg_ctl" -D "$1/data" -l "$1/server.log" -w -t 30 -o "$(cat "$1/options")" start >/dev/null 2>&1
}

stop_cluster() {
  local dir="$1"
  [ -n "$dir" ] && [ -d "$dir" ] || return 0
  local bindir
  bindir="$(find_bindir)" || true
  if [ -n "$bindir" ] && [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 20 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

cmd="${1:-}"
case "$cmd" in
  run)
    shift
    [ "${1:-}" = "--" ] && shift
    [ $# -gt 0 ] || die "usage: $0 run -- <command> [args...]"
    start_cluster
    trap 'stop_cluster "$DIR"' EXIT
    export DATABASE_URL PGTEST_DIR="$DIR"
    # The command runs in the background so that a signal to this script is
    # handled at once (bash defers traps while a foreground child runs): it is
    # passed on to the command, then the cluster is removed.
    "$@" <&0 &
    child=$!
    trap 'kill -TERM "$child" 2>/dev/null; wait "$child" 2>/dev/null; exit 143' TERM
    trap 'kill -INT "$child" 2>/dev/null; wait "$child" 2>/dev/null; exit 130' INT
    trap 'kill -HUP "$child" 2>/dev/null; wait "$child" 2>/dev/null; exit 129' HUP
    set +e
    wait "$child"
    rc=$?
    set -e
    exit "$rc"
    ;;
  start)
    start_cluster
    printf 'export DATABASE_URL=%q PGTEST_DIR=%q\n' "$DATABASE_URL" "$DIR"
    ;;
  stop)
    stop_cluster "${2:-${PGTEST_DIR:-}}"
    ;;
  crash)
    dir="${2:-${PGTEST_DIR:-}}"
    [ -f "$dir/options" ] || die "no cluster in '$dir'"
    BINDIR="$(find_bindir)" || die "PostgreSQL server binaries not found"
    mode="${3:-immediate}"
    [[ "$mode" == immediate || "$mode" == fast ]] || die "crash: MODE must be immediate or fast, not '$mode'"
    as_owner "$BINDIR/pg_ctl" -D "$dir/data" -m "$mode" -w -t 20 stop >/dev/null
    ;;
  restart)
    dir="${2:-${PGTEST_DIR:-}}"
    [ -f "$dir/options" ] || die "no cluster in '$dir'"
    BINDIR="$(find_bindir)" || die "PostgreSQL server binaries not found"
    server_start "$dir" || { tail -20 "$dir/server.log" >&2; die "could not restart PostgreSQL in $dir"; }
    ;;
  *)
    die "usage: $0 run -- <command> | start | stop [DIR] | crash [DIR] | restart [DIR]"
    ;;
esac
