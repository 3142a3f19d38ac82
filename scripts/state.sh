#!/usr/bin/env bash
# The local state's backups, restore and recovery (scripts/state.mjs), under
# the deploy lock so that no deploy runs meanwhile; and the state's inspection.
#   npm run state:backups | npm run state:restore [-- FILE] | npm run state:recover
#   npm run state -- list | npm run state -- show ADDRESS
set -euo pipefail
cd "$(dirname "$0")/.."
umask 077 # a recovery's plan and state hold the secrets
case "${1:-}" in
  list | inspect) ;; # read-only: no lock
  restore | recover)
    # shellcheck source=lib/lock.sh
    . scripts/lib/lock.sh
    hold_deploy_lock "npm run state:$1"
    ;;
esac
exec node scripts/state.mjs "$@"
