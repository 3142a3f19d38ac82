#!/usr/bin/env bash
# `npm run output`: the deployed stack's outputs (URL, images, release) via
# `cdktf output`. With no local state, or a state (in any backend) without
# outputs (nothing deployed, or destroyed), it says so and exits 1 instead of
# printing an empty list. Extra args go to `cdktf output` (e.g. --outputs-file).
set -euo pipefail
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1
# shellcheck source=lib/config.sh
. scripts/lib/config.sh
load_config || exit 1
if [[ -n "$CFG_STATE_FILE" ]]; then # local state (Terraform Cloud: cdktf asks it)
  if [[ ! -s "$CFG_STATE_FILE" ]]; then
    echo "No outputs: $CFG_STATE_FILE: file not found, so nothing is deployed from this checkout for environment \"$CFG_ENVIRONMENT\"." >&2
    echo "  Deploy first: npm run deploy   (a lost state: npm run state:backups, state:restore, state:recover)" >&2
    exit 1
  fi
  if ! node -e 'const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); process.exit(Object.keys(s.outputs ?? {}).length ? 0 : 1)' "$CFG_STATE_FILE"; then
    echo "No outputs: $CFG_STATE_FILE holds none, so nothing is deployed for environment \"$CFG_ENVIRONMENT\" (destroyed, or never deployed)." >&2
    echo "  Deploy: npm run deploy" >&2
    exit 1
  fi
else # PostgreSQL or Terraform Cloud: ask the backend
  # shellcheck source=lib/prepare.sh
  . scripts/lib/prepare.sh
  synth_and_init || exit 1
  outputs="$("${TERRAFORM_BINARY_NAME:-terraform}" -chdir="cdktf.out/stacks/$CFG_STACK" output -json)" || exit 1
  if ! node -e 'process.exit(Object.keys(JSON.parse(process.argv[1] || "{}")).length ? 0 : 1)' "$outputs"; then
    echo "No outputs: the $CFG_STATE_BACKEND state of $CFG_STACK holds none, so nothing is deployed for environment \"$CFG_ENVIRONMENT\" (destroyed, or never deployed)." >&2
    echo "  Deploy: npm run deploy" >&2
    exit 1
  fi
fi
exec npx --no-install cdktf output "$@"
