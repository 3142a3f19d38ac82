#!/usr/bin/env bash
# Provision the test toolchain into one cache directory (test infrastructure
# only: a user's machine with internet never needs any of this).
#
#   test/infra/toolchain.sh                 everything, in build order
#   test/infra/toolchain.sh helm providers  a subset (any order; built in build order)
#   test/infra/toolchain.sh --check [ITEM…] verify only, build nothing; exit 1 if stale
#   test/infra/toolchain.sh --list          print the items and their pins
#
# Items, in build order (other scripts wait on the early ones):
#   terraform    machine's terraform >= 1.5, else OpenTofu built from Go modules
#   helm         helm.sh/helm/v3 cmd/helm                     -> bin/helm
#   kubeconform  github.com/yannh/kubeconform                 -> bin/kubeconform
#   unittest     github.com/helm-unittest/helm-unittest (the helm plugin's binary) -> bin/helm-unittest
#   opa          github.com/open-policy-agent/opa (policies/ on plan JSON) -> bin/opa
#   slug         github.com/hashicorp/go-slug, a lister of Terraform Cloud's upload archive -> bin/slug-ls
#   providers    the 4 Terraform providers cdktf pins          -> tf-mirror/…
#   etcd         go.etcd.io/etcd/server/v3                     -> bin/etcd
#   k8s          kube-apiserver, -controller-manager, -scheduler, kubectl,
#                kubelet, kube-proxy                           -> bin/
#   coredns      github.com/coredns/coredns (trimmed plugin set) -> bin/coredns
#   traefik      github.com/traefik/traefik/v3 (stand-in for ingress-nginx) -> bin/traefik
#   provisioner  hostpath provisioner on sig-storage-lib-external-provisioner -> bin/
#   registry     github.com/distribution/distribution/v3 (CNCF Distribution, trimmed) -> bin/registry
#   netpol       github.com/cloudnativelabs/kube-router/v2, its NetworkPolicy firewall only -> bin/kube-router
#   nodepkgs     Debian's containerd, runc, CNI plugins, iptables (apt)
#   docker       test/infra/docker-engine.sh + test/infra/base-images.sh (when present)
# Aliases: charts = helm kubeconform unittest; review = opa slug; node = etcd k8s coredns traefik provisioner registry netpol nodepkgs; all.
#
# Pins live in the wrapper modules under test/infra/toolchain/<module>/go.mod (+go.sum);
# see test/infra/toolchain/README.md. Every run (re)writes $TODO_CACHE_DIR/env.sh,
# which test scripts `source` (PATH, TF_CLI_CONFIG_FILE, CHECKPOINT_DISABLE…).
#
# Env: TODO_CACHE_DIR (default ${XDG_CACHE_HOME:-$HOME/.cache}/todo-chatbot),
#      TODO_FORCE_TOFU=1 (use OpenTofu even if terraform is installed),
#      TODO_GOMODCACHE (default $TODO_CACHE_DIR/go/mod).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MODS="$ROOT/test/infra/toolchain"
LOG_TAG=toolchain # read by lib/log.sh
export LOG_TAG
# shellcheck source=lib/log.sh
. "$ROOT/test/infra/lib/log.sh"

CACHE="${TODO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/todo-chatbot}"
BIN="$CACHE/bin"
MIRROR="$CACHE/tf-mirror"
STAMPS="$CACHE/stamps"
LOGS="$CACHE/logs"
TIMINGS="$LOGS/timings.tsv"

# The provider versions cdktf writes into required_providers (mirror layout),
# "hashicorp/helm 3.1.1" per line: test/infra/provider-pins.mjs reads them from
# the installed @cdktf/provider-* bindings. The source each is built from is
# its wrapper module's go.mod (test/infra/toolchain/provider-<name>/).
provider_pins() { node "$ROOT/test/infra/provider-pins.mjs" || die "provider pins unknown (npm ci in the repository root first)"; }
MIRROR_HOSTS=(registry.terraform.io registry.opentofu.org)
ORDER=(terraform helm kubeconform unittest opa slug providers etcd k8s coredns traefik provisioner registry netpol nodepkgs docker)

export GOMODCACHE="${TODO_GOMODCACHE:-$CACHE/go/mod}"
export GOCACHE="$CACHE/go/build"
export GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false"
export CHECKPOINT_DISABLE=1

CHECK=0
STALE=()
CUR_ITEM=""     # the item (as named on the command line) being provisioned
GO_VERSION=""

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

# ---------------------------------------------------------------- helpers --

# modver DIR MODULE: the version of MODULE in DIR/go.mod (the replacement's
# version when MODULE is replaced by another module).
modver() {
  awk -v m="$2" '
    $1 == "replace" { $1 = ""; $0 = substr($0, 2) }
    $1 == m && $2 == "=>" && $4 ~ /^v/ { r = $4 }
    $1 == m && $2 ~ /^v/ && $3 != "=>" && !v { v = $2 }
    $1 == "require" && $2 == m && $3 ~ /^v/ && !v { v = $3 }
    END { print (r ? r : v) }' "$1/go.mod"
}

go_version() {
  [ -n "$GO_VERSION" ] || GO_VERSION="$(go env GOVERSION)"
  printf '%s' "$GO_VERSION"
}

# fingerprint DIR EXTRA…: changes whenever the wrapper module, the Go version
# or the build flags change.
fingerprint() {
  local dir="$1"; shift
  { cat "$dir"/go.mod "$dir"/go.sum; cat "$dir"/*.go 2>/dev/null || true
    go_version; printf '%s\n' "$@"; } | sha256sum | cut -c1-16
}

# prints_line LINE CMD…: CMD succeeds and one line of its output is LINE.
# (Output is captured first: `cmd | grep -q` fails under pipefail when grep
# exits early and cmd dies of SIGPIPE.)
prints_line() {
  local want="$1" out; shift
  out="$("$@" 2>/dev/null)" || return 1
  grep -qxF -- "$want" <<<"$out"
}

add_stale() { [[ " ${STALE[*]-} " == *" $1 "* ]] || STALE+=("$1"); }

stamp_ok() { [ -f "$STAMPS/$1" ] && [ "$(cat "$STAMPS/$1")" = "$2" ]; }

# with_build_lock CMD…: one Go build at a time, also across concurrent runs.
with_build_lock() {
  mkdir -p "$CACHE"
  exec 9>"$CACHE/.build.lock"
  if ! flock -n 9; then
    log "another toolchain.sh is building; waiting for it"
    flock 9
  fi
  "$@"            # a failure exits the script (set -e), which frees the lock
  flock -u 9
  exec 9>&-
}

# go_build ITEM MODDIR OUTDIR LDFLAGS PKG…: build PKGs of the wrapper module
# into OUTDIR (binaries named after the package), logging to logs/ITEM.log.
go_build() {
  local item="$1" dir="$2" out="$3" ldflags="$4"; shift 4
  local tmp="$CACHE/tmp/$item.$$" t0 rc=0
  mkdir -p "$LOGS" "$out" "$tmp"
  t0=$(date +%s)
  (cd "$dir" && go build -trimpath -ldflags "$ldflags" -o "$tmp/" "$@") \
    >"$LOGS/$item.log" 2>&1 || rc=$?
  if [ $rc -ne 0 ]; then
    tail -n 30 "$LOGS/$item.log" >&2
    rm -rf "$tmp"
    die "build of $item failed (full log: $LOGS/$item.log)"
  fi
  local f
  for f in "$tmp"/*; do mv -f "$f" "$out/"; done
  rm -rf "$tmp"
  printf '%s\t%s\t%s\n' "$item" "$(($(date +%s) - t0))" "$(date -u +%FT%TZ)" >>"$TIMINGS"
}

# provision ITEM DESC FP UPTODATE_FN BUILD_FN: the common skip/check/build flow.
provision() {
  local item="$1" desc="$2" fp="$3" ok_fn="$4" build_fn="$5"
  if stamp_ok "$item" "$fp" && "$ok_fn"; then
    log "$item: ok ($desc)"
    return 0
  fi
  if [ $CHECK -eq 1 ]; then
    log "$item: MISSING or stale ($desc)"
    add_stale "$CUR_ITEM"
    return 0
  fi
  with_build_lock _provision_locked "$item" "$desc" "$fp" "$ok_fn" "$build_fn"
}

_provision_locked() {
  local item="$1" desc="$2" fp="$3" ok_fn="$4" build_fn="$5"
  if stamp_ok "$item" "$fp" && "$ok_fn"; then   # built meanwhile by another run
    log "$item: ok ($desc)"
    return 0
  fi
  step_start "$item: building $desc (cold: minutes; log: $LOGS/$item.log)..."
  "$build_fn"
  "$ok_fn" || die "$item: built, but its version check failed"
  mkdir -p "$STAMPS"
  printf '%s' "$fp" >"$STAMPS/$item"
  step_done "$item: built $desc"
}

# ---------------------------------------------------------------- terraform --

TF_FLAVOR=""    # terraform | tofu

TF_SYS_VER=""
terraform_usable() {
  command -v terraform >/dev/null 2>&1 || return 1
  local v
  v="$(TF_CLI_CONFIG_FILE=/dev/null terraform version -json 2>/dev/null |
       sed -n 's/.*"terraform_version": *"\([0-9.]*\).*/\1/p')"
  [ -n "$v" ] || return 1
  TF_SYS_VER="$v"
  local major="${v%%.*}" rest="${v#*.}"
  local minor="${rest%%.*}"
  [ "$major" -gt 1 ] || { [ "$major" -eq 1 ] && [ "$minor" -ge 5 ]; }
}

TOFU_VER=""
# dev=no drops the "-dev" suffix, as OpenTofu's release builds do.
TOFU_LDFLAGS="-s -w -X github.com/opentofu/opentofu/version.dev=no"
tofu_ok() {
  [ -x "$BIN/tofu" ] && TF_CLI_CONFIG_FILE=/dev/null prints_line "OpenTofu $TOFU_VER" "$BIN/tofu" version
}
tofu_build() { go_build tofu "$MODS/tofu" "$BIN" "$TOFU_LDFLAGS" github.com/opentofu/opentofu/cmd/tofu; }

item_terraform() {
  if [ "${TODO_FORCE_TOFU:-0}" != 1 ] && terraform_usable; then
    TF_FLAVOR=terraform
    log "terraform: ok (machine's $(command -v terraform) $TF_SYS_VER)"
    return 0
  fi
  TF_FLAVOR=tofu
  TOFU_VER="$(modver "$MODS/tofu" github.com/opentofu/opentofu)"
  provision tofu "OpenTofu $TOFU_VER (no terraform >= 1.5 here)" \
    "$(fingerprint "$MODS/tofu" "$TOFU_LDFLAGS")" tofu_ok tofu_build
}

# ------------------------------------------------------------------- helm --

HELM_VER="" HELM_LDFLAGS=""
helm_init() {
  HELM_VER="$(modver "$MODS/helm" helm.sh/helm/v3)"
  # The Kubernetes version helm assumes by default (helm template/lint), from
  # the client-go it is built with, as helm's own Makefile does.
  local kv kmaj kmin
  kv="$(modver "$MODS/helm" k8s.io/client-go)"          # v0.34.2
  kmin="$(echo "$kv" | cut -d. -f2)"; kmaj=1
  local p=helm.sh/helm/v3
  HELM_LDFLAGS="-s -w -X $p/internal/version.version=$HELM_VER -X $p/internal/version.gitTreeState=clean"
  HELM_LDFLAGS+=" -X $p/pkg/lint/rules.k8sVersionMajor=$kmaj -X $p/pkg/lint/rules.k8sVersionMinor=$kmin"
  HELM_LDFLAGS+=" -X $p/pkg/chartutil.k8sVersionMajor=$kmaj -X $p/pkg/chartutil.k8sVersionMinor=$kmin"
}
helm_ok() { [ -x "$BIN/helm" ] && prints_line "$HELM_VER" "$BIN/helm" version --template '{{.Version}}'; }
helm_build() { go_build helm "$MODS/helm" "$BIN" "$HELM_LDFLAGS" helm.sh/helm/v3/cmd/helm; }
item_helm() {
  helm_init
  provision helm "helm $HELM_VER" "$(fingerprint "$MODS/helm" "$HELM_LDFLAGS")" helm_ok helm_build
}

# --------------------------------------------------------------- unittest --

# helm-unittest: the binary of the `helm unittest` plugin, run directly on the chart.
UT_VER=""
unittest_ok() { [ -x "$BIN/helm-unittest" ] && "$BIN/helm-unittest" --help >/dev/null 2>&1; }
unittest_build() {
  go_build unittest "$MODS/helm-unittest" "$BIN" \
    "-s -w -X github.com/helm-unittest/helm-unittest/internal/build.version=${UT_VER#v}" \
    github.com/helm-unittest/helm-unittest/cmd/helm-unittest
}
item_unittest() {
  UT_VER="$(modver "$MODS/helm-unittest" github.com/helm-unittest/helm-unittest)"
  provision unittest "helm-unittest $UT_VER" \
    "$(fingerprint "$MODS/helm-unittest" "-X build.version=$UT_VER")" unittest_ok unittest_build
}

# ------------------------------------------------------------ kubeconform --

KC_VER=""
kubeconform_ok() { [ -x "$BIN/kubeconform" ] && prints_line "$KC_VER" "$BIN/kubeconform" -v; }
kubeconform_build() {
  go_build kubeconform "$MODS/kubeconform" "$BIN" "-s -w -X main.version=$KC_VER" \
    github.com/yannh/kubeconform/cmd/kubeconform
}
item_kubeconform() {
  KC_VER="$(modver "$MODS/kubeconform" github.com/yannh/kubeconform)"
  provision kubeconform "kubeconform $KC_VER" \
    "$(fingerprint "$MODS/kubeconform" "-X main.version=$KC_VER")" kubeconform_ok kubeconform_build
}

# -------------------------------------------------------------------- opa --

# The Open Policy Agent CLI: policies/ evaluated on plan JSON (scripts/policy-check.mjs).
OPA_VER=""
opa_ok() { [ -x "$BIN/opa" ] && prints_line "Version: ${OPA_VER#v}" "$BIN/opa" version; }
opa_build() {
  go_build opa "$MODS/opa" "$BIN" "-s -w -X github.com/open-policy-agent/opa/v1/version.Version=${OPA_VER#v}" \
    github.com/open-policy-agent/opa
}
item_opa() {
  OPA_VER="$(modver "$MODS/opa" github.com/open-policy-agent/opa)"
  provision opa "opa $OPA_VER" "$(fingerprint "$MODS/opa" "-X version.Version=$OPA_VER")" opa_ok opa_build
}

# ------------------------------------------------------------------- slug --

# slug-ls: go-slug packs a directory as a Terraform Cloud upload does and lists
# the archive (test/infra/toolchain/slug/main.go; the .terraformignore test).
SLUG_VER=""
slug_ok() { [ -x "$BIN/slug-ls" ] && "$BIN/slug-ls" "$MODS/slug" >/dev/null 2>&1; }
slug_build() { go_build slug "$MODS/slug" "$BIN" "-s -w" .; }
item_slug() {
  SLUG_VER="$(modver "$MODS/slug" github.com/hashicorp/go-slug)"
  provision slug "slug-ls on go-slug $SLUG_VER" "$(fingerprint "$MODS/slug" "-s -w")" slug_ok slug_build
}

# -------------------------------------------------------------- providers --

P_NS="" P_NAME="" P_VER="" P_DIR="" P_MOD="" P_SRC="" P_LDFLAGS=""
provider_path() { printf '%s/%s/%s/%s/%s/linux_amd64/terraform-provider-%s_v%s' \
  "$MIRROR" "$1" "$P_NS" "$P_NAME" "$P_VER" "$P_NAME" "$P_VER"; }
provider_ok() {
  local h
  for h in "${MIRROR_HOSTS[@]}"; do [ -x "$(provider_path "$h")" ] || return 1; done
}
provider_build() {
  local tmp="$CACHE/tmp/provider-$P_NAME-out"
  rm -rf "$tmp"
  go_build "provider-$P_NAME" "$P_DIR" "$tmp" "$P_LDFLAGS" "$P_MOD"
  local first="" h dest
  for h in "${MIRROR_HOSTS[@]}"; do
    dest="$(provider_path "$h")"
    mkdir -p "$(dirname "$dest")"
    rm -f "$dest"
    if [ -z "$first" ]; then
      mv -f "$tmp/$(basename "$P_MOD")" "$dest"; first="$dest"
    else
      ln "$first" "$dest" 2>/dev/null || cp "$first" "$dest"   # same file for the OpenTofu host
    fi
  done
  rmdir "$tmp"
  printf '%s/%s %s built from %s@%s\n' "$P_NS" "$P_NAME" "$P_VER" "$P_MOD" "$P_SRC" \
    >"$MIRROR/SOURCE-$P_NAME.txt"
}
item_providers() {
  local pins line nsname
  pins="$(provider_pins)" || exit 1
  mapfile -t pins <<<"$pins"
  for line in "${pins[@]}"; do
    read -r nsname P_VER <<<"$line"
    P_NS="${nsname%/*}" P_NAME="${nsname#*/}" P_DIR="$MODS/provider-${nsname#*/}"
    P_MOD="$(sed -n 's/^tool //p' "$P_DIR/go.mod")"
    P_SRC="$(modver "$P_DIR" "$P_MOD")"
    # The providers' own release builds stamp main.version/Version like this.
    case "$P_NAME" in
      kubernetes|helm) P_LDFLAGS="-s -w -X main.Version=$P_SRC" ;;
      docker)          P_LDFLAGS="-s -w -X main.version=$P_SRC" ;;
      *)               P_LDFLAGS="-s -w" ;;
    esac
    provision "provider-$P_NAME" "$P_NS/$P_NAME $P_VER from $P_SRC" \
      "$(fingerprint "$P_DIR" "$P_LDFLAGS" "$P_VER")" provider_ok provider_build
  done
}

write_terraformrc() {
  local inc="" h
  for h in "${MIRROR_HOSTS[@]}"; do inc+="${inc:+, }\"$h/*/*\""; done
  mkdir -p "$CACHE"
  cat >"$CACHE/terraformrc.tmp" <<EOF
# Written by test/infra/toolchain.sh: providers come only from the local mirror.
disable_checkpoint = true

provider_installation {
  filesystem_mirror {
    path    = "$MIRROR"
    include = [$inc]
  }
  direct {
    exclude = [$inc]
  }
}
EOF
  mv -f "$CACHE/terraformrc.tmp" "$CACHE/terraformrc"
}

# ------------------------------------------------------------------- etcd --

ETCD_VER=""
etcd_ok() { [ -x "$BIN/etcd" ] && prints_line "etcd Version: ${ETCD_VER#v}" "$BIN/etcd" --version; }
etcd_build() { go_build etcd "$MODS/etcd" "$BIN" "-s -w" .; }
item_etcd() {
  ETCD_VER="$(modver "$MODS/etcd" go.etcd.io/etcd/server/v3)"
  provision etcd "etcd $ETCD_VER" "$(fingerprint "$MODS/etcd" "-s -w")" etcd_ok etcd_build
}

# -------------------------------------------------------------------- k8s --

K8S_VER="" K8S_LDFLAGS=""
K8S_CMDS=(kube-apiserver kube-controller-manager kube-scheduler kubectl kubelet kube-proxy)
k8s_ok() {
  local c
  for c in kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy; do
    [ -x "$BIN/$c" ] && prints_line "Kubernetes $K8S_VER" "$BIN/$c" --version || return 1
  done
  [ -x "$BIN/kubectl" ] && prints_line "Client Version: $K8S_VER" "$BIN/kubectl" version --client
}
k8s_build() {
  local pkgs=() c
  for c in "${K8S_CMDS[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$c"); done
  go_build k8s "$MODS/kubernetes" "$BIN" "$K8S_LDFLAGS" "${pkgs[@]}"
}
item_k8s() {
  K8S_VER="$(modver "$MODS/kubernetes" k8s.io/kubernetes)"
  local minor; minor="$(echo "$K8S_VER" | cut -d. -f2)"
  K8S_LDFLAGS="-s -w"
  local p
  # What kubernetes' hack/lib/version.sh stamps, for both version packages.
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    K8S_LDFLAGS+=" -X $p.gitVersion=$K8S_VER -X $p.gitMajor=1 -X $p.gitMinor=$minor"
    K8S_LDFLAGS+=" -X $p.gitTreeState=clean"
  done
  provision k8s "${K8S_CMDS[*]} $K8S_VER" "$(fingerprint "$MODS/kubernetes" "$K8S_LDFLAGS")" k8s_ok k8s_build
}

# -------------------------------------------- the real node's components --

COREDNS_VER=""
coredns_ok() { [ -x "$BIN/coredns" ] && prints_line "CoreDNS-${COREDNS_VER#v}" "$BIN/coredns" -version; }
coredns_build() { go_build coredns "$MODS/coredns" "$BIN" "-s -w" .; }
item_coredns() {
  COREDNS_VER="$(modver "$MODS/coredns" github.com/coredns/coredns)"
  provision coredns "coredns $COREDNS_VER" "$(fingerprint "$MODS/coredns" "-s -w")" coredns_ok coredns_build
}

TRAEFIK_VER="" TRAEFIK_LDFLAGS=""
traefik_ok() { [ -x "$BIN/traefik" ] && prints_line "Version:      $TRAEFIK_VER" "$BIN/traefik" version; }
traefik_build() { go_build traefik "$MODS/traefik" "$BIN" "$TRAEFIK_LDFLAGS" github.com/traefik/traefik/v3/cmd/traefik; }
item_traefik() {
  TRAEFIK_VER="$(modver "$MODS/traefik" github.com/traefik/traefik/v3)"
  TRAEFIK_LDFLAGS="-s -w -X github.com/traefik/traefik/v3/pkg/version.Version=$TRAEFIK_VER"
  provision traefik "traefik $TRAEFIK_VER" "$(fingerprint "$MODS/traefik" "$TRAEFIK_LDFLAGS")" traefik_ok traefik_build
}

provisioner_ok() { [ -x "$BIN/hostpath-provisioner" ]; }
provisioner_build() { go_build provisioner "$MODS/hostpath-provisioner" "$BIN" "-s -w" .; }
item_provisioner() {
  provision provisioner "hostpath-provisioner ($(modver "$MODS/hostpath-provisioner" sigs.k8s.io/sig-storage-lib-external-provisioner/v13))" \
    "$(fingerprint "$MODS/hostpath-provisioner" "-s -w")" provisioner_ok provisioner_build
}

registry_ok() { [ -x "$BIN/registry" ] && "$BIN/registry" --version >/dev/null 2>&1; }
registry_build() { go_build registry "$MODS/registry" "$BIN" "-s -w" .; }
item_registry() {
  provision registry "registry $(modver "$MODS/registry" github.com/distribution/distribution/v3)" \
    "$(fingerprint "$MODS/registry" "-s -w")" registry_ok registry_build
}

# kube-router's network policy controller (iptables + ipset), which the test
# node runs next to its bridge CNI to enforce NetworkPolicies. Test-only: the
# proxy serves v2.1.0 alone, for which security flaws are reported.
netpol_ok() {
  local usage
  [ -x "$BIN/kube-router" ] && usage="$("$BIN/kube-router" --help 2>&1)" && [[ $usage == *run-firewall* ]]
}
netpol_build() {
  go_build netpol "$MODS/kube-router" "$BIN" "-s -w" github.com/cloudnativelabs/kube-router/v2/cmd/kube-router
}
item_netpol() {
  provision netpol "kube-router $(modver "$MODS/kube-router" github.com/cloudnativelabs/kube-router/v2)" \
    "$(fingerprint "$MODS/kube-router" "-s -w")" netpol_ok netpol_build
}

# Debian packages the node runs: the CRI runtime and its OCI runtime, the CNI
# plugins, iptables for kube-proxy, gcc for the pause binary; and htpasswd
# (bcrypt) for the test registry's users; jq for image-sync to read the
# node's image configs.
NODE_PKGS=(containerd runc containernetworking-plugins iptables ipset conntrack gcc libc6-dev apache2-utils jq)
nodepkgs_ok() {
  local p
  for p in "${NODE_PKGS[@]}"; do dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || return 1; done
}
item_nodepkgs() {
  if nodepkgs_ok; then log "nodepkgs: ok (${NODE_PKGS[*]})"; return 0; fi
  if [ $CHECK -eq 1 ]; then log "nodepkgs: MISSING"; add_stale nodepkgs; return 0; fi
  [ "$(id -u)" = 0 ] || die "nodepkgs: installing ${NODE_PKGS[*]} needs root (apt-get)"
  step_start "nodepkgs: apt-get install ${NODE_PKGS[*]}..."
  apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
    "${NODE_PKGS[@]}" >"$LOGS/nodepkgs.log" 2>&1 || { tail -n 20 "$LOGS/nodepkgs.log" >&2; die "nodepkgs: apt-get failed"; }
  step_done "nodepkgs: installed"
}

# ----------------------------------------------------------------- docker --

item_docker() {
  local s
  for s in docker-engine base-images; do
    [ -f "$ROOT/test/infra/$s.sh" ] || { log "docker: test/infra/$s.sh not present, skipped"; continue; }
    if [ $CHECK -eq 1 ]; then
      [ "$s" = docker-engine ] || continue
      if docker info >/dev/null 2>&1; then log "docker: ok (engine answers)"
      else log "docker: engine not answering"; add_stale docker; fi
      continue
    fi
    step_start "docker: running test/infra/$s.sh..."
    # Lines like `export DOCKER_API_VERSION=1.41` on stdout go into env.sh.
    local out
    out="$(TODO_CACHE_DIR="$CACHE" bash "$ROOT/test/infra/$s.sh")" || die "test/infra/$s.sh failed"
    if [ "$s" = docker-engine ]; then
      printf '%s\n' "$out" | grep -E '^export [A-Z_][A-Z0-9_]*=' >"$CACHE/env.docker.sh" || : >"$CACHE/env.docker.sh"
    fi
    step_done "docker: test/infra/$s.sh done"
  done
}

# ----------------------------------------------------------------- env.sh --

write_env() {
  mkdir -p "$CACHE"
  {
    echo "# Written by test/infra/toolchain.sh; test scripts source it. Not for users."
    printf 'export TODO_CACHE_DIR=%q\n' "$CACHE"
    printf 'case ":$PATH:" in *:%q:*) ;; *) export PATH=%q:"$PATH" ;; esac\n' "$BIN" "$BIN"
    printf 'export TF_CLI_CONFIG_FILE=%q\n' "$CACHE/terraformrc"
    echo 'export CHECKPOINT_DISABLE=1'
    if [ "$TF_FLAVOR" = tofu ]; then
      echo 'export TERRAFORM_BINARY_NAME=tofu'
    else
      echo 'unset TERRAFORM_BINARY_NAME'
    fi
    printf 'export TODO_KUBE_VERSION=%q\n' "$(modver "$MODS/kubernetes" k8s.io/kubernetes)"
    printf '[ -f %q ] && . %q\n' "$CACHE/env.docker.sh" "$CACHE/env.docker.sh"
    echo 'true'
  } >"$CACHE/env.sh.tmp"
  mv -f "$CACHE/env.sh.tmp" "$CACHE/env.sh"
}

# ------------------------------------------------------------------- main --

list_items() {
  printf '%-12s %s\n' terraform "machine's terraform >= 1.5, else OpenTofu $(modver "$MODS/tofu" github.com/opentofu/opentofu)"
  printf '%-12s %s\n' helm "$(modver "$MODS/helm" helm.sh/helm/v3)"
  printf '%-12s %s\n' kubeconform "$(modver "$MODS/kubeconform" github.com/yannh/kubeconform)"
  printf '%-12s %s\n' unittest "$(modver "$MODS/helm-unittest" github.com/helm-unittest/helm-unittest)"
  printf '%-12s %s\n' opa "$(modver "$MODS/opa" github.com/open-policy-agent/opa)"
  printf '%-12s %s\n' slug "go-slug $(modver "$MODS/slug" github.com/hashicorp/go-slug)"
  local n v d pins line
  pins="$(provider_pins)" || exit 1
  mapfile -t pins <<<"$pins"
  for line in "${pins[@]}"; do
    read -r n v <<<"$line"
    d="provider-${n#*/}"
    printf '%-12s %s %s (source %s)\n' providers "$n" "$v" \
      "$(modver "$MODS/$d" "$(sed -n 's/^tool //p' "$MODS/$d/go.mod")")"
  done
  printf '%-12s %s\n' etcd "$(modver "$MODS/etcd" go.etcd.io/etcd/server/v3)"
  printf '%-12s %s\n' k8s "$(modver "$MODS/kubernetes" k8s.io/kubernetes)"
  printf '%-12s %s\n' coredns "$(modver "$MODS/coredns" github.com/coredns/coredns)"
  printf '%-12s %s\n' traefik "$(modver "$MODS/traefik" github.com/traefik/traefik/v3)"
  printf '%-12s %s\n' provisioner "$(modver "$MODS/hostpath-provisioner" sigs.k8s.io/sig-storage-lib-external-provisioner/v13)"
  printf '%-12s %s\n' registry "$(modver "$MODS/registry" github.com/distribution/distribution/v3)"
  printf '%-12s %s\n' netpol "kube-router $(modver "$MODS/kube-router" github.com/cloudnativelabs/kube-router/v2)"
  printf '%-12s %s\n' nodepkgs "Debian: ${NODE_PKGS[*]}"
}

main() {
  local want=() a
  for a in "$@"; do
    case "$a" in
      -h|--help) usage; exit 0 ;;
      --check) CHECK=1 ;;
      --list) list_items; exit 0 ;;
      all) want+=("${ORDER[@]}") ;;
      charts) want+=(helm kubeconform unittest) ;;
      review) want+=(opa slug) ;;
      node) want+=(etcd k8s coredns traefik provisioner registry netpol nodepkgs) ;;
      terraform|helm|kubeconform|unittest|opa|slug|providers|etcd|k8s|coredns|traefik|provisioner|registry|netpol|nodepkgs|docker) want+=("$a") ;;
      *) die "unknown item '$a' (try --help)" ;;
    esac
  done
  [ ${#want[@]} -gt 0 ] || want=("${ORDER[@]}")
  command -v go >/dev/null || die "go is required (Go >= 1.26)"
  command -v flock >/dev/null || die "flock is required (util-linux)"

  local t0; t0=$(date +%s)
  log "cache: $CACHE ($([ $CHECK -eq 1 ] && echo check only || echo provisioning): ${want[*]})"
  [ $CHECK -eq 1 ] || mkdir -p "$BIN" "$LOGS"
  # terraform decides the CLI flavour for env.sh, so it always runs (cheap).
  CUR_ITEM=terraform
  item_terraform
  if [ $CHECK -eq 0 ]; then write_terraformrc; write_env; fi
  local it w
  for it in "${ORDER[@]}"; do
    [ "$it" != terraform ] || continue
    for w in "${want[@]}"; do
      if [ "$w" = "$it" ]; then CUR_ITEM=$it; "item_$it"; break; fi
    done
  done
  if [ $CHECK -eq 1 ]; then
    local f
    for f in env.sh terraformrc; do
      [ -f "$CACHE/$f" ] || { log "$f: MISSING (any run writes it)"; add_stale terraform; }
    done
    if [ ${#STALE[@]} -gt 0 ]; then
      log "check failed: ${STALE[*]} (run test/infra/toolchain.sh ${STALE[*]})"
      exit 1
    fi
    log "check passed in $(($(date +%s) - t0)) s"
    return 0
  fi
  write_env
  log "done in $(($(date +%s) - t0)) s; test scripts: . $CACHE/env.sh"
}

main "$@"
