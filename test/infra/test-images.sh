#!/usr/bin/env bash
# Build both images and run them for real: the backend against a throwaway
# PostgreSQL, the frontend on its own. Prints `N passed, N failed`; exits
# non-zero on any failure. Containers and the database are removed on exit.
#
#   test/infra/test-images.sh
#
# By default the images build FROM the local stand-in bases (no container
# registry here): test/infra/docker-engine.sh and test/infra/base-images.sh run first.
# Env:
#   IMAGES_BASE=official   build FROM the Dockerfiles' official defaults instead
#                          (needs a registry); then the size targets are enforced
#   NODE_IMAGE / NGINX_IMAGE   other bases (build arguments)
#   SKIP_BUILD=1           test already built images (TEST_BACKEND_IMAGE / TEST_FRONTEND_IMAGE)
#   TEST_BACKEND_IMAGE (default todo-backend:test), TEST_FRONTEND_IMAGE (default todo-frontend:test)
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT" || exit 2
# shellcheck source=../images/lib.sh
. "$ROOT/test/images/lib.sh"

BACKEND_IMAGE="${TEST_BACKEND_IMAGE:-todo-backend:test}"
FRONTEND_IMAGE="${TEST_FRONTEND_IMAGE:-todo-frontend:test}"
SUFFIX="imgtest-$$"
BE="todo-backend-$SUFFIX"
FE="todo-frontend-$SUFFIX"
TMP="$(mktemp -d)"
PGTEST_DIR=""

cleanup() {
  docker rm -f "$BE" "$FE" >/dev/null 2>&1 || true
  if [ -n "$PGTEST_DIR" ]; then bash "$ROOT/test/infra/pg-test.sh" stop "$PGTEST_DIR" >/dev/null 2>&1 || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------------ engine + bases
step "Docker engine"
eval "$(bash "$ROOT/test/infra/docker-engine.sh")" || die "no Docker engine (test/infra/docker-engine.sh failed)"
# The classic builder: what the terraform docker provider uses, and the only
# one here (no buildx plugin on these machines).
export DOCKER_BUILDKIT=0

BUILD_ARGS=()
if [ "${IMAGES_BASE:-standin}" = official ]; then
  OFFICIAL=1
else
  OFFICIAL=0
  if [ -z "${NODE_IMAGE:-}" ] || [ -z "${NGINX_IMAGE:-}" ]; then
    step "Local stand-in base images"
    standins="$(bash "$ROOT/test/infra/base-images.sh")" || die "test/infra/base-images.sh failed"
    # It prints NODE_IMAGE=…,NGINX_IMAGE=…: the stand-ins' names are its to keep.
    for arg in ${standins//,/ }; do
      case "$arg" in
        NODE_IMAGE=*) NODE_IMAGE="${NODE_IMAGE:-${arg#*=}}" ;;
        NGINX_IMAGE=*) NGINX_IMAGE="${NGINX_IMAGE:-${arg#*=}}" ;;
      esac
    done
  fi
fi
[ -n "${NODE_IMAGE:-}" ] && BUILD_ARGS+=(--build-arg "NODE_IMAGE=$NODE_IMAGE")
FE_ARGS=("${BUILD_ARGS[@]}")
[ -n "${NGINX_IMAGE:-}" ] && FE_ARGS+=(--build-arg "NGINX_IMAGE=$NGINX_IMAGE")

# ------------------------------------------------------------------ build
# A failed build must not let the checks below run on an older image of the same tag.
BE_OK=1; FE_OK=1
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  step "Build $BACKEND_IMAGE (docker/backend.Dockerfile, ${NODE_IMAGE:-official base})"
  t0=$(date +%s)
  if docker build -f docker/backend.Dockerfile "${BUILD_ARGS[@]}" -t "$BACKEND_IMAGE" . >"$TMP/be-build.log" 2>&1; then
    pass "backend image builds ($(( $(date +%s) - t0 )) s)"
  else
    tail -n 30 "$TMP/be-build.log" >&2; fail "backend image builds"; BE_OK=0
  fi
  step "Build $FRONTEND_IMAGE (docker/frontend.Dockerfile, ${NGINX_IMAGE:-official base})"
  t0=$(date +%s)
  if docker build -f docker/frontend.Dockerfile "${FE_ARGS[@]}" -t "$FRONTEND_IMAGE" . >"$TMP/fe-build.log" 2>&1; then
    pass "frontend image builds ($(( $(date +%s) - t0 )) s)"
  else
    tail -n 30 "$TMP/fe-build.log" >&2; fail "frontend image builds"; FE_OK=0
  fi
fi

# ------------------------------------------------------------------ backend
if [ "$BE_OK" = 1 ] && docker image inspect "$BACKEND_IMAGE" >/dev/null 2>&1; then
  step "Backend container against a real PostgreSQL"
  eval "$(bash "$ROOT/test/infra/pg-test.sh" start)" || die "could not start PostgreSQL (test/infra/pg-test.sh start)"
  # PostgreSQL listens on 127.0.0.1 only: the container shares the host's
  # network, on a free port (not 0: the image's HEALTHCHECK calls PORT).
  BE_PORT="$(bash "$ROOT/test/infra/free-port.sh")"
  docker run -d --name "$BE" --network host \
    -e PORT="$BE_PORT" -e DATABASE_URL="$DATABASE_URL" \
    -e AUTH_SECRET="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
    -e LOG_LEVEL=info \
    --read-only --tmpfs /tmp --cap-drop ALL --security-opt no-new-privileges \
    "$BACKEND_IMAGE" >/dev/null || fail "backend container starts"
  BASE="http://127.0.0.1:$BE_PORT"

  if wait_http "$BASE/healthz" 60; then pass "backend GET /healthz answers 200 (read-only root fs, all caps dropped)"
  else fail "backend GET /healthz answers 200"; docker logs "$BE" 2>&1 | tail -n 20 >&2; fi
  if wait_http "$BASE/readyz" 30; then pass "backend GET /readyz answers 200 (database reachable, migrations applied)"
  else fail "backend GET /readyz answers 200 (got $(http_code "$BASE/readyz"))"; fi
  body="$(curl -s "$BASE/readyz")"
  check "readyz body says ready" grep -q '"ready"' <<<"$body"

  # A real round trip through the API and the database.
  jar="$TMP/cookies"; email="img-$$@example.com"
  code="$(curl -s -o "$TMP/signup.json" -w '%{http_code}' -c "$jar" -H 'content-type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"correct-horse-battery\"}" "$BASE/api/auth/signup")"
  check "POST /api/auth/signup creates a user in PostgreSQL (HTTP $code)" test "${code:0:1}" = 2
  code="$(curl -s -o "$TMP/task.json" -w '%{http_code}' -b "$jar" -H 'content-type: application/json' \
    -d '{"title":"buy milk from the image test"}' "$BASE/api/tasks")"
  check "POST /api/tasks stores a task (HTTP $code)" test "${code:0:1}" = 2
  check "GET /api/tasks lists it" sh -c "curl -s -b '$jar' '$BASE/api/tasks' | grep -q 'buy milk from the image test'"

  uid="$(docker exec "$BE" id -u 2>/dev/null)"
  check "backend process runs as non-root (id -u = ${uid:-?})" test -n "$uid" -a "$uid" != 0
  user="$(docker image inspect -f '{{.Config.User}}' "$BACKEND_IMAGE")"
  check "backend image USER is numeric and not root ($user)" sh -c "echo '$user' | grep -Eq '^[1-9][0-9]*(:[0-9]+)?$'"
  pid1="$(docker exec "$BE" cat /proc/1/cmdline 2>/dev/null | tr '\0' ' ')"
  check "node is PID 1 (exec-form CMD: '$pid1')" sh -c "echo '$pid1' | grep -Eq '^(/[^ ]*/)?node dist/server.js'"
  check "NODE_ENV=production in the image" sh -c "docker image inspect -f '{{range .Config.Env}}{{println .}}{{end}}' '$BACKEND_IMAGE' | grep -qx NODE_ENV=production"
  check "EXPOSE 8000" sh -c "docker image inspect -f '{{json .Config.ExposedPorts}}' '$BACKEND_IMAGE' | grep -q '8000/tcp'"
  check "no dev dependencies in the image (typescript, tsx absent)" \
    docker exec "$BE" sh -c '! test -e node_modules/typescript && ! test -e node_modules/tsx'
  check "production dependencies present (fastify, pg)" \
    docker exec "$BE" sh -c 'test -e node_modules/fastify/package.json && test -e node_modules/pg/package.json'
  check "image holds dist/ and migrations/, no sources or tests" \
    docker exec "$BE" sh -c 'test -f dist/server.js && ls migrations/*.sql >/dev/null && ! test -e src && ! test -e test'

  if wait_healthy "$BE" 60; then pass "backend HEALTHCHECK reports healthy"
  else fail "backend HEALTHCHECK reports healthy (status: $(health_status "$BE"))"; fi

  t0=$(date +%s%N)
  docker stop -t 20 "$BE" >/dev/null
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  ec="$(docker inspect -f '{{.State.ExitCode}}' "$BE")"
  check "SIGTERM stops the backend in < 10 s (${ms} ms, exit code $ec)" test "$ms" -lt 10000 -a "$ec" = 0
  check "backend logged a graceful shutdown" sh -c "docker logs '$BE' 2>&1 | grep -q 'shutdown complete'"
elif [ "$BE_OK" = 1 ]; then
  fail "backend image $BACKEND_IMAGE exists"
fi

# ------------------------------------------------------------------ frontend
if [ "$FE_OK" = 1 ] && docker image inspect "$FRONTEND_IMAGE" >/dev/null 2>&1; then
  step "Frontend container"
  # Docker picks the host port; `docker port` says which.
  docker run -d --name "$FE" -p 127.0.0.1::8080 \
    --read-only --tmpfs /tmp --cap-drop ALL --security-opt no-new-privileges \
    "$FRONTEND_IMAGE" >/dev/null || fail "frontend container starts"
  F="http://$(docker port "$FE" 8080/tcp | head -n1)"
  if wait_http "$F/healthz" 30; then pass "frontend GET /healthz answers 200 (read-only root fs, all caps dropped)"
  else fail "frontend GET /healthz answers 200"; docker logs "$FE" 2>&1 | tail -n 20 >&2; fi
  check "/healthz body is ok" sh -c "curl -s '$F/healthz' | grep -qx ok"

  curl -s -D "$TMP/index.h" -o "$TMP/index.html" "$F/"
  check "GET / serves the SPA's index.html" grep -q 'id="root"' "$TMP/index.html"
  check "index.html is not cached (Cache-Control: no-cache)" grep -qi '^cache-control: no-cache' "$TMP/index.h"
  check "CSP: default-src 'self'" grep -qi "^content-security-policy:.*default-src 'self'" "$TMP/index.h"
  check "CSP: connect-src 'self' (API only at relative /api)" grep -qi "^content-security-policy:.*connect-src 'self'" "$TMP/index.h"
  check "CSP: frame-ancestors 'none'" grep -qi "^content-security-policy:.*frame-ancestors 'none'" "$TMP/index.h"
  check "X-Content-Type-Options: nosniff" grep -qi '^x-content-type-options: nosniff' "$TMP/index.h"
  check "Referrer-Policy set" grep -qi '^referrer-policy: ' "$TMP/index.h"
  check "no nginx version in Server header" sh -c "! grep -qi '^server: nginx/' '$TMP/index.h'"
  # Browsers log an error for COOP on plain http (found on the real node, through the ingress).
  check "no Cross-Origin-Opener-Policy over plain http" sh -c "! grep -qi '^cross-origin-opener-policy:' '$TMP/index.h'"
  check "Cross-Origin-Opener-Policy: same-origin behind an HTTPS ingress (X-Forwarded-Proto: https)" \
    sh -c "curl -s -D - -o /dev/null -H 'X-Forwarded-Proto: https' '$F/' | grep -qi '^cross-origin-opener-policy: same-origin'"
  # The CSP has no 'unsafe-inline': an inline script or style would be blocked.
  check "index.html has no inline <script> or <style> (the CSP would block them)" \
    sh -c "! grep -Eiq '<script(>| [^>]*>)[^<]' '$TMP/index.html' && ! grep -qi '<style' '$TMP/index.html'"

  curl -s -D "$TMP/deep.h" -o "$TMP/deep.html" "$F/tasks/42/some/deep/path"
  check "unknown deep path falls back to index.html (200)" sh -c "head -n1 '$TMP/deep.h' | grep -q ' 200' && cmp -s '$TMP/index.html' '$TMP/deep.html'"

  asset="$(grep -o '/assets/[^"]*\.js' "$TMP/index.html" | head -n1)"
  if [ -n "$asset" ]; then
    curl -s -D "$TMP/asset.h" -o /dev/null -H 'Accept-Encoding: gzip' "$F$asset"
    check "hashed asset $asset: 200" sh -c "head -n1 '$TMP/asset.h' | grep -q ' 200'"
    check "hashed asset: long immutable cache" grep -qi '^cache-control: .*max-age=31536000.*immutable' "$TMP/asset.h"
    check "hashed asset: gzip-compressed when accepted" grep -qi '^content-encoding: gzip' "$TMP/asset.h"
    check "hashed asset: security headers too" grep -qi '^content-security-policy:' "$TMP/asset.h"
  else
    fail "index.html references a /assets/*.js bundle"
  fi
  check "missing asset is a 404, not index.html" test "$(http_code "$F/assets/does-not-exist.js")" = 404
  check "/api/* is not answered with index.html (404)" test "$(http_code "$F/api/tasks")" = 404

  # The real test of the CSP: a browser renders the SPA under it.
  node "$ROOT/test/images/csp-browser.mjs" "$F/" >"$TMP/csp.json" 2>"$TMP/csp.err"; rc=$?
  case "$rc" in
    0) pass "Chromium renders the SPA under the image's CSP with no violation" ;;
    77) skip "Chromium render under the CSP: $(cat "$TMP/csp.err")" ;;
    *) fail "Chromium renders the SPA under the image's CSP with no violation: $(cat "$TMP/csp.json" "$TMP/csp.err" | head -c 600)" ;;
  esac

  uid="$(docker exec "$FE" id -u 2>/dev/null)"
  check "nginx runs as non-root (id -u = ${uid:-?})" test -n "$uid" -a "$uid" != 0
  check "no nginx process runs as root" sh -c "! docker top '$FE' -eo uid,comm | awk 'NR>1 && \$1==0' | grep -q ."
  user="$(docker image inspect -f '{{.Config.User}}' "$FRONTEND_IMAGE")"
  check "frontend image USER is numeric and not root ($user)" sh -c "echo '$user' | grep -Eq '^[1-9][0-9]*(:[0-9]+)?$'"
  check "EXPOSE 8080" sh -c "docker image inspect -f '{{json .Config.ExposedPorts}}' '$FRONTEND_IMAGE' | grep -q '8080/tcp'"
  check "no Node.js in the frontend image" docker exec "$FE" sh -c '! command -v node'
  if wait_healthy "$FE" 60; then pass "frontend HEALTHCHECK reports healthy"
  else fail "frontend HEALTHCHECK reports healthy (status: $(health_status "$FE"))"; fi
  t0=$(date +%s%N)
  docker stop -t 20 "$FE" >/dev/null
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  check "frontend stops in < 10 s (${ms} ms)" test "$ms" -lt 10000
elif [ "$FE_OK" = 1 ]; then
  fail "frontend image $FRONTEND_IMAGE exists"
fi

# ------------------------------------------------------------------ labels and sizes
[ "$BE_OK" = 1 ] || BACKEND_IMAGE=""
[ "$FE_OK" = 1 ] || FRONTEND_IMAGE=""
for img in $BACKEND_IMAGE $FRONTEND_IMAGE; do
  docker image inspect "$img" >/dev/null 2>&1 || continue
  check "$img has OCI labels (title, source)" sh -c \
    "docker image inspect -f '{{index .Config.Labels \"org.opencontainers.image.title\"}} {{index .Config.Labels \"org.opencontainers.image.source\"}}' '$img' | grep -Eq '^[^ ]+ [^ ]+$'"
done

step "Image sizes"
size_mb() { echo $(( $(docker image inspect -f '{{.Size}}' "$1") / 1000000 )); }
report_size() { # image target base
  local img="$1" target="$2" base="$3" mb
  [ -n "$img" ] || return 0
  docker image inspect "$img" >/dev/null 2>&1 || return 0
  mb="$(size_mb "$img")"
  if [ "$OFFICIAL" = 1 ]; then
    check "$img is $mb MB (target < $target MB)" test "$mb" -lt "$target"
  else
    local bmb=0
    docker image inspect "$base" >/dev/null 2>&1 && bmb="$(size_mb "$base")"
    info "$img: $mb MB on the stand-in base $base ($bmb MB; adds $((mb - bmb)) MB). The < $target MB target applies to the official base (IMAGES_BASE=official)."
  fi
}
report_size "$BACKEND_IMAGE" 180 "${NODE_IMAGE:-}"
report_size "$FRONTEND_IMAGE" 30 "${NGINX_IMAGE:-}"

summary
