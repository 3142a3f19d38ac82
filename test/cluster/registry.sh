#!/usr/bin/env bash
# A real image registry for the registry scenarios (test infrastructure):
# CNCF Distribution (bin/registry, built by test/infra/toolchain.sh registry) on
# the node's own address, with TLS from a CA made here and htpasswd (bcrypt)
# auth. Trust is given the way a user gives it, with no insecure-registries
# shortcut: the Docker engine reads /etc/docker/certs.d/<host:port>/ca.crt,
# the node's containerd a hosts.toml naming the CA, and Terraform's docker
# provider (which asks the registry for digests) the CA bundle SSL_CERT_FILE
# names.
#
#   test/cluster/registry.sh up     start it (the node must be up); prints nothing secret
#   test/cluster/registry.sh env    export TODO_TEST_REGISTRY, ..._USER, ..._PASSWORD, SSL_CERT_FILE
#   test/cluster/registry.sh down   stop it; remove its data, the trust entries and the CA
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CACHE="${TODO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/todo-chatbot}"
D="$CACHE/registry"
eval "$(bash "$ROOT/test/cluster/node.sh" env)"
ADDR="$TODO_NODE_IP:5443"
DOCKER_TRUST="/etc/docker/certs.d/$ADDR"
CONTAINERD_TRUST="$TODO_NODE_REGISTRY_HOSTS/$ADDR"
USER_NAME=todo-ci
log() { echo "[registry $(date +%H:%M:%S)] $*" >&2; }

up() {
  [[ -x "$CACHE/bin/registry" ]] || { log "bin/registry missing: run test/infra/toolchain.sh registry"; exit 1; }
  if [[ -f "$D/pid" ]] && kill -0 "$(cat "$D/pid")" 2>/dev/null; then log "already running at https://$ADDR"; return; fi
  rm -rf "$D" && mkdir -p "$D/data" && chmod 700 "$D"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=todo test registry CA" \
    -keyout "$D/ca.key" -out "$D/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=$TODO_NODE_IP" -keyout "$D/server.key" -out "$D/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:%s\nextendedKeyUsage=serverAuth\n' "$TODO_NODE_IP" >"$D/ext.cnf"
  openssl x509 -req -in "$D/server.csr" -CA "$D/ca.crt" -CAkey "$D/ca.key" -CAcreateserial -days 2 \
    -extfile "$D/ext.cnf" -out "$D/server.crt" 2>/dev/null
  openssl rand -hex 16 >"$D/password"
  htpasswd -iBc "$D/htpasswd" "$USER_NAME" <"$D/password" 2>/dev/null
  cat "${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}" "$D/ca.crt" >"$D/ca-bundle.crt"
  cat >"$D/config.yml" <<YAML
version: 0.1
log: {level: warn, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $D/data}}
http: {addr: "$ADDR", tls: {certificate: $D/server.crt, key: $D/server.key}}
auth: {htpasswd: {realm: todo-test-registry, path: $D/htpasswd}}
YAML
  mkdir -p "$DOCKER_TRUST" "$CONTAINERD_TRUST"
  cp "$D/ca.crt" "$DOCKER_TRUST/ca.crt"
  printf 'server = "https://%s"\n[host."https://%s"]\n  capabilities = ["pull", "resolve"]\n  ca = "%s"\n' \
    "$ADDR" "$ADDR" "$D/ca.crt" >"$CONTAINERD_TRUST/hosts.toml"
  setsid "$CACHE/bin/registry" serve "$D/config.yml" >"$D/registry.log" 2>&1 </dev/null &
  echo $! >"$D/pid"
  for _ in $(seq 1 50); do
    [[ "$(curl -s -o /dev/null -w '%{http_code}' --cacert "$D/ca.crt" "https://$ADDR/v2/")" == 401 ]] && { log "up at https://$ADDR (htpasswd auth, TLS from a test CA)"; return; }
    sleep 0.2
  done
  log "did not answer; log:"; tail -20 "$D/registry.log" >&2; exit 1
}

down() {
  if [[ -f "$D/pid" ]]; then kill "$(cat "$D/pid")" 2>/dev/null || true; fi
  rm -rf "$D" "$DOCKER_TRUST" "$CONTAINERD_TRUST"
  log "stopped; data, trust entries and CA removed"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  env)
    [[ -f "$D/password" ]] || { log "not running (test/cluster/registry.sh up)"; exit 1; }
    printf 'export TODO_TEST_REGISTRY=%q TODO_TEST_REGISTRY_USER=%q TODO_TEST_REGISTRY_PASSWORD=%q TODO_TEST_REGISTRY_CA=%q TODO_TEST_REGISTRY_BUNDLE=%q\n' \
      "$ADDR" "$USER_NAME" "$(cat "$D/password")" "$D/ca.crt" "$D/ca-bundle.crt"
    ;;
  *) echo "usage: $0 up|env|down" >&2; exit 2 ;;
esac
