#!/usr/bin/env bash
# Heals a Helm release left mid-operation by an interrupted deploy (Ctrl-C,
# a closed terminal, kill -9 during `helm upgrade`): Helm then refuses every
# later operation with "another operation (install/upgrade/rollback) is in
# progress". Run by scripts/deploy.sh, under the deploy lock, before Terraform.
#
#   pending-upgrade / pending-rollback -> roll back to the last deployed revision
#   pending-install (never deployed)   -> uninstall the half-installed release
#   anything else                      -> nothing to do
#
# Only a pending revision that cannot belong to a running operation is
# healed: one created since this checkout's previous deploy started (that
# deploy is over: we hold the lock), or one older than the release timeout.
# A younger one from elsewhere (another machine, CI) may still be running:
# then this stops and says so.
#
# The release's revisions are read from Helm's storage (Secrets labelled
# owner=helm in the namespace), so no JSON is parsed here. The Terraform-managed
# Secret and the database volume are not touched.
#
# `--check` (npm run plan / diff): read-only. Reports a pending revision and
# what the next deploy or apply will do about it; never calls Helm.
set -euo pipefail
check_only=false
[[ ${1:-} == --check ]] && check_only=true
cd "$(dirname "$0")/.."
# shellcheck source=lib/config.sh
. scripts/lib/config.sh
load_config || exit 1

revisions="$(cfg_kubectl -n "$CFG_NAMESPACE" get secrets -l "owner=helm,name=$CFG_RELEASE" \
  -o jsonpath='{range .items[*]}{.metadata.labels.version} {.metadata.labels.status} {.metadata.labels.createdAt}{"\n"}{end}' 2>/dev/null | sort -n)" || {
  echo "Release check skipped: cannot list the release's revisions in namespace $CFG_NAMESPACE (context $CFG_CONTEXT)."
  exit 0
}
[[ -n "$revisions" ]] || { echo "Release $CFG_RELEASE: not installed yet."; exit 0; }

read -r latest latest_status created <<<"$(tail -n1 <<<"$revisions")"
case "$latest_status" in
  pending-install | pending-upgrade | pending-rollback) ;;
  *) echo "Release $CFG_RELEASE: revision $latest is $latest_status; nothing to heal."; exit 0 ;;
esac

if [[ $check_only == true ]]; then
  echo "Release $CFG_RELEASE is $latest_status at revision $latest (an interrupted or running Helm operation): nothing is healed now, as this changes nothing."
  echo "  The plan is made against the release as it is; npm run deploy or apply rolls a release an interrupted deploy left pending back first."
  exit 0
fi

now="$(date +%s)" created="${created:-0}"
previous_start="$(cat "${DEPLOY_LOCK_FILE:-state/.deploy.lock}.previous-start" 2>/dev/null || true)"
if ! [[ -n "$previous_start" && $created -ge $previous_start ]] && ((now - created <= CFG_TIMEOUT)); then
  echo "Release $CFG_RELEASE is $latest_status at revision $latest, started $((now - created)) s ago, not by a deploy from this checkout:" >&2
  echo "  another deploy (another machine, CI) may still be running it. Wait until it ends (at most the release timeout, ${CFG_TIMEOUT} s), then run npm run deploy again." >&2
  echo "  If you are sure nothing runs it: helm --kube-context $CFG_CONTEXT -n $CFG_NAMESPACE history $CFG_RELEASE, then rollback to the last deployed revision." >&2
  exit 1
fi

echo "Release $CFG_RELEASE is stuck in $latest_status at revision $latest: an earlier deploy was interrupted during Helm's operation."
command -v helm >/dev/null 2>&1 || {
  echo "helm is needed to heal it and is not on PATH: install helm (https://helm.sh/docs/intro/install/), or heal it by hand as the README's Troubleshooting shows." >&2
  exit 1
}
# The newest revision that served: `deployed`, else the newest `superseded`
# (a failed upgrade can leave none `deployed`).
target="$(awk '$2 == "deployed" {r = $1} END {print r}' <<<"$revisions")"
[[ -n "$target" ]] || target="$(awk '$2 == "superseded" {r = $1} END {print r}' <<<"$revisions")"

if [[ -n "$target" ]]; then
  echo "Rolling back to revision $target, the last one that was deployed:"
  echo "  helm --kube-context $CFG_CONTEXT -n $CFG_NAMESPACE rollback $CFG_RELEASE $target --wait --timeout ${CFG_TIMEOUT}s"
  cfg_helm -n "$CFG_NAMESPACE" rollback "$CFG_RELEASE" "$target" --wait --timeout "${CFG_TIMEOUT}s"
else
  echo "It never deployed, so it is uninstalled (the deploy installs it again; volumes are kept):"
  echo "  helm --kube-context $CFG_CONTEXT -n $CFG_NAMESPACE uninstall $CFG_RELEASE --wait"
  cfg_helm -n "$CFG_NAMESPACE" uninstall "$CFG_RELEASE" --wait --timeout "${CFG_TIMEOUT}s"
fi
echo "Release $CFG_RELEASE healed; the deploy goes on."
