#!/usr/bin/env bash
# Run by scripts/deploy.sh in the background while Terraform and Helm work:
# prints, once each, why a pod of the app is stuck (an image that cannot be
# pulled, a crash loop, a config error), so that a long "Still modifying…"
# comes with its reason and the command to look closer. Exits with its parent.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 0
# shellcheck source=lib/config.sh
. scripts/lib/config.sh
load_config >/dev/null 2>&1 || exit 0
parent=$PPID
STUCK=' ImagePullBackOff ErrImagePull ErrImageNeverPull InvalidImageName CrashLoopBackOff CreateContainerConfigError CreateContainerError '
# shellcheck disable=SC2016 # a Go template, not shell
template='{{range .items}}{{$p := .metadata.name}}{{range .status.initContainerStatuses}}{{if .state.waiting}}{{$p}} {{.state.waiting.reason}}{{"\n"}}{{end}}{{end}}{{range .status.containerStatuses}}{{if .state.waiting}}{{$p}} {{.state.waiting.reason}}{{"\n"}}{{end}}{{end}}{{end}}'
declare -A seen=()
# Killed by deploy.sh when Terraform is done: take the sleep along, which holds the deploy's stdout.
sleeper=""
trap 'kill $sleeper 2>/dev/null; exit 0' TERM
while kill -0 "$parent" 2>/dev/null; do
  sleep 15 &
  sleeper=$!
  wait $sleeper
  while read -r pod reason; do
    [[ -n "$pod" && "$STUCK" == *" $reason "* && -z "${seen[$pod/$reason]:-}" ]] || continue
    seen[$pod/$reason]=1
    echo "  … pod $pod is waiting: $reason. Look closer: kubectl --context $CFG_CONTEXT -n $CFG_NAMESPACE describe pod $pod" >&2
  done < <(cfg_kubectl -n "$CFG_NAMESPACE" get pods -o go-template="$template" 2>/dev/null)
done
