#!/usr/bin/env bash
# Copy Docker images into the test node's containerd (namespace k8s.io), the
# way `kind load docker-image` does: Terraform's docker_image builds land in
# the Docker engine (as on Minikube after `eval $(minikube docker-env)`), and
# pods run them with imagePullPolicy IfNotPresent and no registry. This copy
# is the one difference from Minikube's docker runtime.
#
#   image-sync.sh SOCKET             copy what pods wait for, and each repository's newest tag, when the node lacks it (runs until killed)
#   image-sync.sh SOCKET REF…        copy these images once
#
# The engine is polled twice a second: BuildKit builds (the docker provider's)
# emit no `tag` event to watch. The local stand-in bases (todo-local/*) are
# build inputs, not images pods run, and are skipped.
#
# A pod created before its image arrived has failed its pull and waits out the
# kubelet's image back-off (10 s, not configurable): after each copy, such
# pods are deleted so that their controller makes new ones at once, which find
# the image. Minikube shares its engine and never has that wait; this keeps the
# copy from adding it here.
set -uo pipefail
SOCK="${1:?containerd socket}"; shift
# test/cluster/node.sh keeps the node's kubeconfig beside containerd's directory.
KUBECONFIG_FILE="$(dirname "$(dirname "$SOCK")")/kubeconfig"

# Deletes the pods whose container waits for the image `ref` after a failed pull.
unblock() {
  local ref="$1" pods
  [ -f "$KUBECONFIG_FILE" ] || return 0
  # shellcheck disable=SC2016 # a Go template, not shell
  pods="$(kubectl --kubeconfig "$KUBECONFIG_FILE" get pods -A -o go-template='{{range .items}}{{$p := .}}{{range .status.containerStatuses}}{{if .state.waiting}}{{$p.metadata.namespace}} {{$p.metadata.name}} {{.state.waiting.reason}} {{.image}}{{"\n"}}{{end}}{{end}}{{end}}' 2>/dev/null |
    awk -v ref="$ref" '($3 == "ErrImagePull" || $3 == "ImagePullBackOff") && ($4 == ref || $4 == "docker.io/library/" ref) {print $1 "/" $2}')"
  for pod in $pods; do
    kubectl --kubeconfig "$KUBECONFIG_FILE" -n "${pod%%/*}" delete pod "${pod#*/}" --wait=false >/dev/null 2>&1 &&
      echo "[image-sync $(date +%T.%3N)] pod $pod waited for $ref after a failed pull: deleted, its controller makes a new one"
  done
}

copy() {
  local ref="$1" t0
  t0=$(date +%s%N)
  if docker save "$ref" | ctr -a "$SOCK" -n k8s.io images import - >/dev/null 2>&1; then
    echo "[image-sync $(date +%T.%3N)] $ref copied into the node ($(( ($(date +%s%N) - t0) / 1000000 )) ms)"
    unblock "$ref"
  else
    echo "[image-sync $(date +%T)] FAILED to copy $ref" >&2
    return 1
  fi
}

if [ $# -gt 0 ]; then
  status=0
  for ref in "$@"; do copy "$ref" || status=1; done
  exit $status
fi

# Docker's names for what the node's containerd holds, as "ref image-ID" lines
# (a containerd image's config digest is Docker's image ID).
held_by_node() {
  local ref digest
  ctr -a "$SOCK" -n k8s.io images ls 2>/dev/null | awk 'NR > 1 && $1 !~ /^sha256:/ {print $1, $3}' |
    while read -r ref digest; do
      ref="${ref#docker.io/}"
      echo "${ref#library/} $(ctr -a "$SOCK" -n k8s.io content get "$digest" 2>/dev/null | jq -r '.config.digest // empty')"
    done
}

# Images that pods wait for after a failed pull ("repo:tag" lines).
wanted_by_pods() {
  [ -f "$KUBECONFIG_FILE" ] || return 0
  # shellcheck disable=SC2016 # a Go template, not shell
  kubectl --kubeconfig "$KUBECONFIG_FILE" get pods -A -o go-template='{{range .items}}{{range .status.containerStatuses}}{{if .state.waiting}}{{.state.waiting.reason}} {{.image}}{{"\n"}}{{end}}{{end}}{{end}}' 2>/dev/null |
    awk '$1 == "ErrImagePull" || $1 == "ImagePullBackOff" {sub(/^docker\.io\/library\//, "", $2); print $2}'
}

declare -A copied=()   # "repo:tag" -> image ID the node has
declare -A retry_at=() # "repo:tag" -> when (epoch seconds) a failed copy is tried again
# The node's image store outlives its processes: what it already holds is not copied again.
while read -r ref id; do
  [ -n "$id" ] && copied[$ref]="$id"
done < <(held_by_node)
echo "[image-sync $(date +%T.%3N)] the node already holds ${#copied[@]} image(s)"

# One copy per look: first an image a pod waits for, whichever it is; else the
# newest tag of a repository (`docker images` lists the newest first), the one
# a deploy just built. Older tags are copied only when a pod asks for them: a
# backlog of them (every edit leaves one) would hold the copy of the next
# deploy's image for as long as the copy in progress takes (~6 s).
declare -A repo_seen=()
while true; do
  now=$(date +%s)
  newest=() older=()
  repo_seen=()
  while read -r ref id; do
    first=false
    if [ -z "${repo_seen[${ref%:*}]:-}" ]; then repo_seen[${ref%:*}]=1; first=true; fi
    [ "${copied[$ref]:-}" = "$id" ] && continue
    [ "${retry_at[$ref]:-0}" -gt "$now" ] && continue
    if $first; then newest+=("$ref $id"); else older+=("$ref $id"); fi
  # Names with a registry host (registry.example.com/…, 10.244.0.1:5443/…) are never copied: the node pulls them, as a real one does.
  done < <(docker images --no-trunc --format '{{.Repository}}:{{.Tag}} {{.ID}}' 2>/dev/null | grep -v -e '^todo-local/' -e '<none>' -e '^[^/]*[.:][^/]*/')
  next=""
  if [ ${#newest[@]} -gt 1 ] || [ ${#older[@]} -gt 0 ]; then
    waiting=" $(wanted_by_pods | tr '\n' ' ') "
    for candidate in "${newest[@]}" "${older[@]}"; do
      if [[ $waiting == *" ${candidate% *} "* ]]; then next="$candidate"; break; fi
    done
  fi
  [ -z "$next" ] && [ ${#newest[@]} -gt 0 ] && next="${newest[0]}"
  if [ -z "$next" ]; then
    # With only older tags left, each look asks the API server for waiting pods: once a second is enough.
    if [ ${#older[@]} -gt 0 ]; then sleep 1; else sleep 0.5; fi
    continue
  fi
  ref="${next% *}"
  if copy "$ref"; then copied[$ref]="${next#* }"; else retry_at[$ref]=$((now + 5)); fi
done
