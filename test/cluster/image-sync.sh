#!/usr/bin/env bash
# Copy Docker images into the test node's containerd (namespace k8s.io), the
# way `kind load docker-image` does: Terraform's docker_image builds land in
# the Docker engine (as on Minikube after `eval $(minikube docker-env)`), and
# pods run them with imagePullPolicy IfNotPresent and no registry. This copy
# is the one difference from Minikube's docker runtime.
#
#   image-sync.sh SOCKET             copy the app's images now, then every new tag (runs until killed)
#   image-sync.sh SOCKET REF…        copy these images once
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

# The app's images already in the engine (a node started after they were built).
for ref in $(docker images --format '{{.Repository}}:{{.Tag}}' | grep -E '^todo-(backend|frontend):' || true); do copy "$ref"; done
docker events --filter type=image --filter event=tag --format '{{.Actor.Attributes.name}}' |
  while read -r ref; do copy "$ref"; done
