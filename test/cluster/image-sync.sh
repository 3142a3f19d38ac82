#!/usr/bin/env bash
# Copy Docker images into the test node's containerd (namespace k8s.io), the
# way `kind load docker-image` does: Terraform's docker_image builds land in
# the Docker engine (as on Minikube after `eval $(minikube docker-env)`), and
# pods run them with imagePullPolicy IfNotPresent and no registry. This copy
# is the one difference from Minikube's docker runtime.
#
#   image-sync.sh SOCKET             copy every image now, then each new or re-pointed tag (runs until killed)
#   image-sync.sh SOCKET REF…        copy these images once
#
# The engine is polled once a second: BuildKit builds (the docker provider's)
# emit no `tag` event to watch. The local stand-in bases (todo-local/*) are
# build inputs, not images pods run, and are skipped.
set -uo pipefail
SOCK="${1:?containerd socket}"; shift

copy() {
  local ref="$1" t0=$SECONDS
  if docker save "$ref" | ctr -a "$SOCK" -n k8s.io images import - >/dev/null 2>&1; then
    echo "[image-sync $(date +%T)] $ref copied into the node ($((SECONDS - t0)) s)"
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

declare -A copied=()   # "repo:tag" -> image ID copied
while true; do
  while read -r ref id; do
    [ "${copied[$ref]:-}" = "$id" ] && continue
    copy "$ref" && copied[$ref]="$id"
  # Names with a registry host (registry.example.com/…, 10.244.0.1:5443/…) are never copied: the node pulls them, as a real one does.
  done < <(docker images --format '{{.Repository}}:{{.Tag}} {{.ID}}' 2>/dev/null | grep -v -e '^todo-local/' -e '<none>' -e '^[^/]*[.:][^/]*/')
  sleep 1
done
