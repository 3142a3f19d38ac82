#!/usr/bin/env bash
# `npm run destroy`: `cdktf destroy` under the deploy lock (scripts/lib/lock.sh),
# after a backup of the local state. Extra args go to `cdktf destroy`.
set -euo pipefail
cd "$(dirname "$0")/.."
umask 077 # Terraform's state backup and plan hold the secrets
# shellcheck source=lib/lock.sh
. scripts/lib/lock.sh
hold_deploy_lock "npm run destroy"
node scripts/state.mjs backup
exec npx --no-install cdktf destroy "$@"
