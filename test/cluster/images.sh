#!/usr/bin/env bash
# The images the test node needs and no registry here can give, made locally
# and imported into the node's containerd only (never into Docker's image
# store, where a developer's real images live). All are stand-ins:
#
#   registry.k8s.io/pause:3.10.1   pause.c from the k8s.io/kubernetes module, gcc -static
#   todo-node.local/coredns:V      the toolchain's CoreDNS binary
#   todo-node.local/traefik:V      the toolchain's Traefik binary (ingress-nginx stand-in)
#   busybox:1.37.0                 Debian's busybox-static 1.37.0 (trixie; bookworm's 1.35
#                                  wget crashes with -T), all applets linked in /bin
#   postgres:17.6-bookworm         Debian bookworm's PostgreSQL 15 with an entrypoint that
#                                  honours POSTGRES_USER/PASSWORD/DB and PGDATA, user
#                                  postgres = uid 999, runs with a read-only root
#
#   test/cluster/images.sh SOCKET   build what is missing (cached), import into containerd
#
# Env: TODO_CACHE_DIR.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SOCK="${1:?containerd socket}"
CACHE="${TODO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/todo-chatbot}"
BIN="$CACHE/bin"
OUT="$CACHE/node-images"
GOMODCACHE="${TODO_GOMODCACHE:-$CACHE/go/mod}"
K8S_VERSION="$(awk '$1 == "k8s.io/kubernetes" {print $2}' "$ROOT/test/infra/toolchain/kubernetes/go.mod" | head -1)"
BUSYBOX_VERSION=1.37.0   # the chart's busybox tag; Debian trixie's busybox-static has it
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
POSTGRES_STANDIN=todo-local/postgres-standin:15-bookworm

log() { echo "[node-images $(date +%H:%M:%S)] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }
ctr_k8s() { ctr -a "$SOCK" -n k8s.io "$@"; }
mkimage() { python3 "$HERE/mkimage.py" "$@" >/dev/null; }
# The recipe of an image: this script and the image builder; a change rebuilds.
RECIPE="$(cat "$HERE/images.sh" "$HERE/mkimage.py" | sha256sum | cut -c1-12)"
mkdir -p "$OUT"

# tar NAME: the cached archive for an image, named after its inputs.
fresh() { [ -s "$OUT/$1.$RECIPE.tar" ]; }
tarball() { echo "$OUT/$1.$RECIPE.tar"; }

build_pause() {
  fresh pause && return 0
  local src="$GOMODCACHE/k8s.io/kubernetes@$K8S_VERSION/build/pause/linux/pause.c" tmp
  [ -f "$src" ] || die "$src missing: run test/infra/toolchain.sh k8s"
  tmp="$(mktemp -d)"
  gcc -Os -Wall -Werror -static -DVERSION=v3.10.1-todo -o "$tmp/pause" "$src"
  strip "$tmp/pause"
  mkimage "$(tarball pause)" registry.k8s.io/pause:3.10.1 --entrypoint '["/pause"]' --user 65535:65535 "$tmp/pause:/pause"
  rm -rf "$tmp"
  log "built registry.k8s.io/pause:3.10.1 (stand-in, from $K8S_VERSION's pause.c)"
}

build_binary_image() { # name binary ref
  local key; key="$1-$(sha256sum "$2" | cut -c1-12)"
  fresh "$key" && { ln -sf "$(tarball "$key")" "$(tarball "$1")"; return 0; }
  mkimage "$(tarball "$key")" "$3" --entrypoint "[\"/$1\"]" "$2:/$1" +tmp
  ln -sf "$(tarball "$key")" "$(tarball "$1")"
  log "built $3 (stand-in)"
}

# trixie's current busybox-static build, as "VERSION FILENAME SHA256" from its package index
# (a rebuild gets a new file name, so the file is looked up rather than pinned).
busybox_package() {
  curl -fsS "$DEBIAN_MIRROR/dists/trixie/main/binary-amd64/Packages.xz" | xz -d | awk '
    /^Package: busybox-static$/ {p = 1; next}
    p && /^Version:/ {v = $2} p && /^Filename:/ {f = $2} p && /^SHA256:/ {h = $2}
    p && /^$/ {print v, f, h; exit}'
}

build_busybox() {
  fresh busybox && return 0
  local tmp deb version file sha
  read -r version file sha < <(busybox_package) || true
  [ -n "${file:-}" ] || die "busybox-static not found in Debian trixie's package index ($DEBIAN_MIRROR)"
  case "$version" in *:"$BUSYBOX_VERSION"-*) ;; *) die "trixie's busybox-static is $version, not $BUSYBOX_VERSION" ;; esac
  tmp="$(mktemp -d)"; deb="$tmp/busybox.deb"
  curl -fsS -o "$deb" "$DEBIAN_MIRROR/$file" || die "download of $file failed"
  echo "$sha  $deb" | sha256sum -c --quiet - || die "$file: checksum does not match the package index"
  dpkg-deb -x "$deb" "$tmp/x"
  local entries=("$tmp/x/usr/bin/busybox:/bin/busybox") applet
  for applet in $("$tmp/x/usr/bin/busybox" --list); do
    [ "$applet" = busybox ] || entries+=("@/bin/$applet->busybox")
  done
  mkimage "$(tarball busybox)" "docker.io/library/busybox:$BUSYBOX_VERSION" --entrypoint '["sh"]' "${entries[@]}" +tmp
  rm -rf "$tmp"
  log "built busybox:$BUSYBOX_VERSION (stand-in: Debian trixie's busybox-static $version)"
}

build_postgres() {
  fresh postgres && return 0
  docker image inspect todo-local/debian:bookworm-minbase >/dev/null 2>&1 ||
    die "todo-local/debian:bookworm-minbase missing: run test/infra/base-images.sh"
  local ctx
  ctx="$(mktemp -d)"
  cp "$HERE/postgres-standin/Dockerfile" "$HERE/postgres-standin/docker-entrypoint.sh" "$ctx/"
  log "building the PostgreSQL stand-in (Debian's postgresql-15; ~1 min cold)"
  DOCKER_BUILDKIT=0 docker build -q -t "$POSTGRES_STANDIN" "$ctx" >/dev/null
  rm -rf "$ctx"
  docker save "$POSTGRES_STANDIN" -o "$(tarball postgres).tmp"
  mv -f "$(tarball postgres).tmp" "$(tarball postgres)"
  # Only the node gets it under the official name (see import_all).
  docker rmi "$POSTGRES_STANDIN" >/dev/null
  log "built postgres:17.6-bookworm (stand-in: Debian's PostgreSQL 15)"
}

import_all() {
  local name
  for name in pause coredns traefik busybox postgres; do
    ctr_k8s images import "$(tarball "$name")" >/dev/null || die "import of $name into the node failed"
  done
  ctr_k8s images tag --force "docker.io/$POSTGRES_STANDIN" docker.io/library/postgres:17.6-bookworm >/dev/null
  ctr_k8s images rm "docker.io/$POSTGRES_STANDIN" >/dev/null
  log "imported into the node: $(ctr_k8s images ls -q | grep -v '^sha256:' | tr '\n' ' ')"
}

build_pause
build_binary_image coredns "$BIN/coredns" "todo-node.local/coredns:$("$BIN/coredns" -version | sed -n 's/^CoreDNS-//p' | head -1)"
build_binary_image traefik "$BIN/traefik" "todo-node.local/traefik:$("$BIN/traefik" version | awk '/^Version:/ {print $2}')"
build_busybox
build_postgres
import_all
