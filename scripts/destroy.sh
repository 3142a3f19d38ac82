#!/usr/bin/env bash
# `npm run destroy`: `cdktf destroy` after the preparation every command
# shares (scripts/lib/prepare.sh: the deploy lock, the config, Minikube's
# Docker when the context is "minikube", so that the docker provider removes
# the images from the engine that holds them; the preflight, the state check),
# a heal of a release left pending, and a backup of the local state.
# Extra args go to `cdktf destroy` (e.g. --auto-approve).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/prepare.sh
. scripts/lib/prepare.sh
prepare_environment "npm run destroy" write
prepare_release
step "cdktf destroy (environment $CFG_ENVIRONMENT, context $CFG_CONTEXT)"
exec npx --no-install cdktf destroy "$@"
