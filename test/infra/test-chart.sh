#!/usr/bin/env bash
# Tests of the Helm chart helm/todo-chatbot, without a cluster by default:
#   - `helm lint --strict` and `helm template` of every documented combination
#     (test/chart/values/*.yaml) and of what the CDKTF stack sends (stack*.yaml,
#     synthesized from stacks/ by test/chart/stack-values.ts, never copied);
#   - each rendering validated against the Kubernetes API schemas:
#       a) server-side dry-run (`kubectl apply --dry-run=server`) when
#          CHART_TEST_KUBECONFIG names a cluster (the API server must answer:
#          failing to reach it is a test failure);
#       b) kubeconform (-strict) when it is on PATH, otherwise the same
#          schemas checked with ajv; schemas from KUBECONFORM_SCHEMA_DIR, or
#          generated from the OpenAPI document of the k8s.io/kubernetes Go
#          module found in the Go module cache (or K8S_OPENAPI_SPEC);
#   - the helm-unittest suites in helm/todo-chatbot/tests/ (names, images,
#     security, routing, database modes, policies, refused combinations);
#   - structural assertions per combination (test/chart/assert.mjs);
#   - which objects change when one input changes (what rolls);
#   - with an API server: generated secrets survive upgrades (lookup, via
#     `helm template --dry-run=server` and a real install/upgrade/uninstall in
#     a throwaway namespace);
#   - NOTES.txt;
#   - a table of bad values (test/chart/bad-values.yaml) that must each make
#     `helm template` and `helm lint --strict` fail with the right message;
#   - negative controls: the assertions and the validator reject a broken
#     rendering.
# Prints "N passed, N failed, N skipped" and exits non-zero on any failure.
#
# Environment:
#   CHART_TEST_KUBECONFIG   server-side dry-run and a real install against this
#                           cluster (the namespace's `default` ServiceAccount must
#                           exist, as kube-controller-manager makes it: the
#                           helm-test Pod is admitted only then). KUBECONFIG is
#                           ignored: a test never touches your own cluster by
#                           accident; the deploy phase passes the test node's.
#   CHART_TEST_NAMESPACE    namespace for rendering/dry-run (default: default)
#   CHART_KUBE_VERSION      --kube-version for helm template (default 1.34.0)
#   KUBECONFORM_SCHEMA_DIR  kubeconform schema directory (kubeconform layout)
#   KUBECONFORM_SCHEMA_LOCATION  full -schema-location template (overrides)
#   K8S_OPENAPI_SPEC        swagger.json to generate schemas from
#   CI=true                 every tool is required: a missing helm-unittest or
#                           schema validator fails the phase instead of skipping
#   TODO_CACHE_DIR          cache (default ${XDG_CACHE_HOME:-$HOME/.cache}/todo-chatbot)
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CHART="$ROOT/helm/todo-chatbot"
TDIR="$ROOT/test/chart"
CACHE="${TODO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/todo-chatbot}"
# shellcheck disable=SC1091
[ -f "$CACHE/env.sh" ] && . "$CACHE/env.sh"
export PATH="$CACHE/bin:$PATH"
KUBE_VERSION="${CHART_KUBE_VERSION:-1.34.0}"
NAMESPACE="${CHART_TEST_NAMESPACE:-default}"
RELEASE=todo-chatbot

WORK=$(mktemp -d "${TMPDIR:-/tmp}/test-chart.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

PASS=0 FAIL=0 SKIP=0
pass() { PASS=$((PASS + 1)); echo "ok - $*"; }
fail() { FAIL=$((FAIL + 1)); echo "not ok - $*"; }
skip() { SKIP=$((SKIP + 1)); echo "skip - $*"; }
detail() { sed 's/^/#   /' | head -n "${1:-15}"; }
# Count the TAP lines of a helper (its output is shown as is).
tally() {
  local out=$1
  cat "$out"
  PASS=$((PASS + $(grep -c '^ok - ' "$out")))
  FAIL=$((FAIL + $(grep -c '^not ok - ' "$out")))
}
section() { echo; echo "# --- $* ---"; }

die() { echo "test-chart: $*" >&2; exit 2; }
# In CI a missing tool is a failure: a green run must mean every check ran.
missing() { if [ "${CI:-}" = true ]; then fail "$* (CI=true: every tool is required)"; else skip "$*"; fi; }
command -v helm >/dev/null || die "helm not found (looked on PATH and in $CACHE/bin; run test/infra/toolchain.sh)"
command -v node >/dev/null || die "node not found"
if [ ! -d "$TDIR/node_modules/yaml" ] || [ ! -d "$TDIR/node_modules/ajv" ]; then
  echo "# installing test/chart dependencies (npm ci)"
  (cd "$TDIR" && npm ci --no-audit --no-fund --loglevel=error) >&2 || die "npm ci in test/chart failed"
fi
echo "# helm $(helm version --short 2>/dev/null), rendering for Kubernetes $KUBE_VERSION, namespace $NAMESPACE"

render() { # render <out> [helm args...]
  local out=$1; shift
  helm template "$RELEASE" "$CHART" --namespace "$NAMESPACE" --kube-version "$KUBE_VERSION" "$@" >"$out" 2>"$out.err"
}

if helm package "$CHART" --destination "$WORK/pkg" >"$WORK/pkg.log" 2>&1 &&
   tar -tzf "$WORK"/pkg/todo-chatbot-*.tgz >"$WORK/pkg.list" &&
   grep -q 'todo-chatbot/values.schema.json' "$WORK/pkg.list" &&
   grep -q 'todo-chatbot/templates/tests/test-health.yaml' "$WORK/pkg.list"; then
  pass "helm package builds $(basename "$WORK"/pkg/todo-chatbot-*.tgz) with the schema and the test pod"
else
  fail "helm package"; detail <"$WORK/pkg.log"
fi
if grep -q 'todo-chatbot/tests/' "$WORK/pkg.list" 2>/dev/null; then
  fail "the package leaves out the helm-unittest suites (.helmignore /tests/)"
else
  pass "the package leaves out the helm-unittest suites (.helmignore /tests/)"
fi

section "helm-unittest suites (helm/todo-chatbot/tests/)"
# Each test is counted; its JUnit report says which passed.
if command -v helm-unittest >/dev/null; then
  helm-unittest --strict --color=false --output-type JUnit --output-file "$WORK/unittest.xml" "$CHART" >"$WORK/unittest.log" 2>&1
  if [ -s "$WORK/unittest.xml" ]; then
    node -e '
      const xml = require("fs").readFileSync(process.argv[1], "utf8");
      for (const m of xml.matchAll(/<testcase\b[^>]*\bname="([^"]*)"[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)) {
        const name = m[1].replace(/&#34;|&quot;/g, "\"").replace(/&#39;|&apos;/g, "\x27").replace(/&amp;/g, "&");
        console.log(`${/<failure\b/.test(m[3] ?? "") ? "not ok" : "ok"} - helm-unittest: ${name}`);
      }' "$WORK/unittest.xml" >"$WORK/unittest.tap"
    tally "$WORK/unittest.tap"
    grep -q '^not ok' "$WORK/unittest.tap" && detail 60 <"$WORK/unittest.log"
  else
    fail "helm-unittest ran"; detail 30 <"$WORK/unittest.log"
  fi
else
  missing "helm-unittest not found (test/infra/toolchain.sh unittest builds it)"
fi

# --- which validators are available ------------------------------------------
SERVER=0
unset KUBECONFIG
if [ -n "${CHART_TEST_KUBECONFIG:-}" ]; then
  export KUBECONFIG="$CHART_TEST_KUBECONFIG"
  if command -v kubectl >/dev/null && kubectl version --request-timeout=10s >"$WORK/kv" 2>&1; then
    SERVER=1
    pass "the API server of CHART_TEST_KUBECONFIG answers (server-side dry-run on)"
  else
    fail "CHART_TEST_KUBECONFIG is set but the API server does not answer (or kubectl is missing)"
    detail <"$WORK/kv" 2>/dev/null || true
  fi
fi

SCHEMA_LOCATION="${KUBECONFORM_SCHEMA_LOCATION:-}"
SCHEMA_DIR="${KUBECONFORM_SCHEMA_DIR:-}"
if [ -z "$SCHEMA_LOCATION" ] && [ -z "$SCHEMA_DIR" ]; then
  SPEC="${K8S_OPENAPI_SPEC:-}"
  # Prefer the Kubernetes release the toolchain builds the control plane from.
  K8S_MOD="$ROOT/test/infra/toolchain/kubernetes"
  K8S_VER=$(sed -n 's|^[[:space:]]*k8s.io/kubernetes \(v[0-9.]*\).*|\1|p' "$K8S_MOD/go.mod" 2>/dev/null | head -n 1)
  MODCACHE="${TODO_GOMODCACHE:-$CACHE/go/mod}"
  if [ -z "$SPEC" ] && [ -n "$K8S_VER" ]; then
    SPEC="$MODCACHE/k8s.io/kubernetes@$K8S_VER/api/openapi-spec/swagger.json"
    if [ ! -f "$SPEC" ] && command -v go >/dev/null; then
      echo "# downloading the k8s.io/kubernetes $K8S_VER module for its OpenAPI document (cached)"
      (cd "$K8S_MOD" && GOMODCACHE="$MODCACHE" GOFLAGS=-mod=mod GOWORK=off GOTOOLCHAIN=local \
        go mod download k8s.io/kubernetes) >"$WORK/gomod.log" 2>&1 || detail <"$WORK/gomod.log"
    fi
    [ -f "$SPEC" ] || SPEC=""
  fi
  if [ -z "$SPEC" ]; then
    modcaches=("$CACHE/go/mod" "$HOME/go/pkg/mod")
    command -v go >/dev/null && modcaches+=("$(go env GOMODCACHE 2>/dev/null)")
    SPEC=$(for d in "${modcaches[@]}"; do
             [ -n "$d" ] && ls -d "$d"/k8s.io/kubernetes@v*/api/openapi-spec/swagger.json 2>/dev/null
           done | sort -V | tail -n 1)
  fi
  if [ -n "$SPEC" ] && [ -f "$SPEC" ]; then
    ver=$(echo "$SPEC" | sed -n 's|.*/kubernetes@\(v[^/]*\)/.*|\1|p')
    SCHEMA_DIR="$CACHE/kube-schemas/${ver:-custom}"
    if [ ! -f "$SCHEMA_DIR/SOURCE" ] || [ "$TDIR/k8s-schemas.mjs" -nt "$SCHEMA_DIR/SOURCE" ]; then
      echo "# generating JSON schemas from $SPEC"
      node "$TDIR/k8s-schemas.mjs" generate "$SPEC" "$SCHEMA_DIR" >/dev/null || { fail "generate schemas from $SPEC"; SCHEMA_DIR=""; }
    fi
  fi
fi
if [ -z "$SCHEMA_LOCATION" ] && [ -n "$SCHEMA_DIR" ]; then
  SCHEMA_LOCATION="$SCHEMA_DIR/{{ .ResourceKind }}{{ .KindSuffix }}.json"
  # yannh/kubernetes-json-schema layout: <dir>/v1.34.0-standalone-strict/...
  [ -d "$SCHEMA_DIR/v$KUBE_VERSION-standalone-strict" ] &&
    SCHEMA_LOCATION="$SCHEMA_DIR/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json"
fi
VALIDATOR=none
if [ -n "$SCHEMA_LOCATION" ]; then
  if command -v kubeconform >/dev/null; then VALIDATOR=kubeconform
  elif [ -n "$SCHEMA_DIR" ]; then VALIDATOR=ajv
  fi
fi
echo "# server-side dry-run: $([ $SERVER = 1 ] && echo on || echo off); schema validator: $VALIDATOR${SCHEMA_DIR:+ ($SCHEMA_DIR)}"

schema_validate() { # schema_validate <rendered> <label>
  local f=$1 label=$2
  case $VALIDATOR in
    kubeconform)
      if kubeconform -strict -summary -kubernetes-version "$KUBE_VERSION" \
           -schema-location "$SCHEMA_LOCATION" "$f" >"$WORK/kc" 2>&1; then
        pass "$label: kubeconform -strict: $(tail -n 1 "$WORK/kc")"
      else
        fail "$label: kubeconform -strict"; detail 30 <"$WORK/kc"
      fi ;;
    ajv) # batched after the loop: one process compiles each schema once
      AJV_ARGS+=("$f" "$label (schema)") ;;
    none) missing "$label: schema validation (no schemas: set KUBECONFORM_SCHEMA_DIR or K8S_OPENAPI_SPEC)" ;;
  esac
}

server_validate() { # server_validate <rendered> <label>
  [ $SERVER = 1 ] || return 0
  if kubectl apply --dry-run=server --namespace "$NAMESPACE" -f "$1" >"$WORK/dry" 2>&1; then
    pass "$2: kubectl apply --dry-run=server accepts all $(grep -c . "$WORK/dry") objects"
  else
    fail "$2: kubectl apply --dry-run=server"; detail 30 <"$WORK/dry"
  fi
}

# --- what the stack sends: synthesized from stacks/ ------------------------------
SV="$WORK/stack-values"
if (cd "$ROOT" && node -e '
      require("esbuild").buildSync({ entryPoints: ["test/chart/stack-values.ts"], outfile: process.argv[1],
        bundle: true, platform: "node", target: "node20", logLevel: "warning" });' "$WORK/stack-values.js" &&
    node "$WORK/stack-values.js" "$SV") >"$WORK/sv.log" 2>&1; then
  pass "the stack's chart values synthesized from stacks/ ($(cd "$SV" && echo stack*.yaml))"
else
  fail "the stack's chart values synthesized from stacks/ (test/chart/stack-values.ts)"; detail 30 <"$WORK/sv.log"
fi

# --- every documented combination ---------------------------------------------
AJV_ARGS=()
for combo in "$TDIR"/values/*.yaml "$SV"/stack*.yaml; do
  name=$(basename "$combo" .yaml)
  section "combination $name"
  if helm lint --strict "$CHART" --namespace "$NAMESPACE" --kube-version "$KUBE_VERSION" -f "$combo" >"$WORK/lint" 2>&1; then
    pass "$name: helm lint --strict"
  else
    fail "$name: helm lint --strict"; detail 30 <"$WORK/lint"
  fi
  out="$WORK/$name.yaml"
  if render "$out" -f "$combo"; then
    pass "$name: helm template ($(grep -c '^kind:' "$out") objects)"
  else
    fail "$name: helm template"; detail 30 <"$out.err"; continue
  fi
  server_validate "$out" "$name"
  schema_validate "$out" "$name"
  node "$TDIR/assert.mjs" "$out" "$CHART" "$combo" "$RELEASE" "$name" >"$WORK/assert" 2>&1
  rc=$?
  tally "$WORK/assert"
  if [ $rc -ne 0 ] && ! grep -q '^not ok' "$WORK/assert"; then fail "$name: assert.mjs crashed (rc $rc)"; fi
done

if [ ${#AJV_ARGS[@]} -gt 0 ]; then
  section "schema validation (ajv, schemas of $SCHEMA_DIR)"
  node "$TDIR/k8s-schemas.mjs" validate "$SCHEMA_DIR" "${AJV_ARGS[@]}" >"$WORK/ajv" 2>&1
  rc=$?
  tally "$WORK/ajv"
  if [ $rc -ne 0 ] && ! grep -q '^not ok' "$WORK/ajv"; then fail "k8s-schemas.mjs crashed (rc $rc)"; fi
fi

# --- what changes when one input changes ---------------------------------------
section "rollouts: which objects change"
STACK="$SV/stack.yaml"
expect_changes() { # expect_changes <label> <expected, space-separated> -- <helm args>
  local label=$1 want=$2; shift 3
  if ! render "$WORK/a.yaml" -f "$STACK" || ! render "$WORK/b.yaml" -f "$STACK" "$@"; then
    fail "$label: render"; detail <"$WORK/b.yaml.err"; return
  fi
  local got
  got=$(node "$TDIR/changed.mjs" "$WORK/a.yaml" "$WORK/b.yaml" | tr '\n' ' ' | sed 's/ $//')
  if [ "$got" = "$want" ]; then pass "$label: changes exactly [${want}]"
  else fail "$label: expected changes [${want}], got [${got}]"; fi
}
expect_changes "same inputs" "" --
expect_changes "a new backend image tag" "Deployment/$RELEASE-backend" -- --set backend.image.tag=ffff0000ffff0000
expect_changes "a new frontend image tag" "Deployment/$RELEASE-frontend" -- --set frontend.image.tag=ffff0000ffff0000
expect_changes "a new chartChecksum (chart edit)" "ConfigMap/$RELEASE-config" -- --set chartChecksum=abc123
expect_changes "a new secretChecksum (Secret changed)" "Deployment/$RELEASE-backend" -- --set secretChecksum=abc123
expect_changes "a new log level (ConfigMap changed)" "ConfigMap/$RELEASE-config Deployment/$RELEASE-backend" -- --set backend.logLevel=debug
if render "$WORK/c.yaml" -f "$STACK" --set backend.logLevel=debug &&
   [ "$(grep -A1 'checksum/config' "$WORK/a.yaml" | head -n1)" != "$(grep -A1 'checksum/config' "$WORK/c.yaml" | head -n1)" ]; then
  pass "a ConfigMap change changes the backend's checksum/config"
else
  fail "a ConfigMap change changes the backend's checksum/config"
fi

# --- generated secrets survive upgrades (lookup; needs the API server) ----------
if [ $SERVER = 1 ]; then
  section "generated secrets are kept (lookup)"
  LNS="chart-test-$$-$RANDOM"
  if kubectl create namespace "$LNS" >/dev/null 2>&1 &&
     kubectl -n "$LNS" create secret generic "$RELEASE-secrets" \
       --from-literal=POSTGRES_PASSWORD=kept-pg-password-0000000000000000 \
       --from-literal=AUTH_SECRET=kept-auth-secret-000000000000000000000 >/dev/null 2>&1 &&
     helm template "$RELEASE" "$CHART" --namespace "$LNS" --kube-version "$KUBE_VERSION" --dry-run=server >"$WORK/lookup.yaml" 2>"$WORK/lookup.err"; then
    if node --input-type=module -e "
      import { readFileSync } from 'node:fs';
      import { parseAllDocuments } from '$TDIR/node_modules/yaml/dist/index.js';
      const s = parseAllDocuments(readFileSync('$WORK/lookup.yaml', 'utf8')).map((d) => d.toJS()).find((d) => d?.kind === 'Secret');
      const get = (k) => Buffer.from(s.data[k], 'base64').toString();
      const ok = get('POSTGRES_PASSWORD') === 'kept-pg-password-0000000000000000'
        && get('AUTH_SECRET') === 'kept-auth-secret-000000000000000000000'
        && get('DATABASE_URL') === 'postgres://todo:kept-pg-password-0000000000000000@$RELEASE-postgresql-primary:5432/todo';
      process.exit(ok ? 0 : 1);"; then
      pass "an upgrade keeps the existing Secret's passwords and DATABASE_URL follows them"
    else
      fail "an upgrade keeps the existing Secret's passwords and DATABASE_URL follows them"
    fi
  else
    fail "lookup test: could not prepare namespace $LNS or render against it"; detail <"$WORK/lookup.err" 2>/dev/null
  fi
  kubectl delete namespace "$LNS" --wait=false >/dev/null 2>&1 || true

  # A real install and upgrade (no --wait: only the API objects matter here).
  INS="chart-test-install-$$-$RANDOM"
  sdata() { kubectl -n "$INS" get secret "$RELEASE-secrets" -o "jsonpath={.data.$1}" 2>/dev/null; }
  ckann() { kubectl -n "$INS" get deployment "$RELEASE-backend" -o 'jsonpath={.spec.template.metadata.annotations.checksum/secret}' 2>/dev/null; }
  if helm install "$RELEASE" "$CHART" --namespace "$INS" --create-namespace >"$WORK/install.log" 2>&1; then
    pass "helm install (standalone defaults) into namespace $INS"
    pw1=$(sdata POSTGRES_PASSWORD) au1=$(sdata AUTH_SECRET) url1=$(sdata DATABASE_URL) ck1=$(ckann)
    if helm upgrade "$RELEASE" "$CHART" --namespace "$INS" --set backend.logLevel=debug >"$WORK/upgrade.log" 2>&1; then
      pass "helm upgrade of that release"
      if [ -n "$pw1" ] && [ "$pw1" = "$(sdata POSTGRES_PASSWORD)" ] && [ "$au1" = "$(sdata AUTH_SECRET)" ] &&
         [ "$url1" = "$(sdata DATABASE_URL)" ]; then
        pass "helm upgrade keeps the generated POSTGRES_PASSWORD, AUTH_SECRET and DATABASE_URL"
      else
        fail "helm upgrade keeps the generated POSTGRES_PASSWORD, AUTH_SECRET and DATABASE_URL"
      fi
      if [ -n "$ck1" ] && [ "$ck1" = "$(ckann)" ]; then
        pass "an upgrade that leaves the Secret alone leaves checksum/secret alone"
      else
        fail "an upgrade that leaves the Secret alone leaves checksum/secret alone"
      fi
    else
      fail "helm upgrade of that release"; detail <"$WORK/upgrade.log"
    fi
    if helm uninstall "$RELEASE" --namespace "$INS" >"$WORK/uninstall.log" 2>&1 && [ "$(sdata POSTGRES_PASSWORD)" = "$pw1" ]; then
      pass "helm uninstall keeps the generated Secret (resource-policy keep)"
    else
      fail "helm uninstall keeps the generated Secret (resource-policy keep)"; detail <"$WORK/uninstall.log"
    fi
  else
    fail "helm install (standalone defaults) into namespace $INS"; detail <"$WORK/install.log"
  fi
  kubectl delete namespace "$INS" --wait=false >/dev/null 2>&1 || true
fi

# --- NOTES.txt ---------------------------------------------------------------
section "NOTES.txt"
# helm renders NOTES.txt only on install; render it through a copy of the chart.
NC="$WORK/notes-chart"
cp -r "$CHART" "$NC" && mv "$NC/templates/NOTES.txt" "$NC/notes-preview.txt"
echo 'notes: {{ tpl (.Files.Get "notes-preview.txt") . | toJson }}' >"$NC/templates/zz-notes-preview.yaml"
notes() { # notes <values file>
  helm template "$RELEASE" "$NC" --namespace todo --kube-version "$KUBE_VERSION" -f "$1" \
    --show-only templates/zz-notes-preview.yaml 2>&1 |
    node --input-type=module -e "import {parse} from '$TDIR/node_modules/yaml/dist/index.js'; let s=''; process.stdin.on('data', d => s += d).on('end', () => process.stdout.write(parse(s).notes))"
}
expect_notes() { # expect_notes <label> <values file> <grep -E pattern> [must-not pattern]
  local n; n=$(notes "$2")
  if echo "$n" | grep -Eq "$3" && { [ -z "${4:-}" ] || ! echo "$n" | grep -Eq "$4"; }; then pass "NOTES ($1)"
  else fail "NOTES ($1): wanted /$3/${4:+ and not /$4/}"; echo "$n" | detail 30; fi
}
expect_notes "default: URL and /etc/hosts hint" "$TDIR/values/default.yaml" 'http://todo\.local/'
expect_notes "default: /etc/hosts line" "$TDIR/values/default.yaml" 'minikube ip\) todo\.local" \| sudo tee -a /etc/hosts'
expect_notes "TLS: https URL" "$TDIR/values/tls.yaml" 'https://todo\.example\.com/'
expect_notes "stack: no Ingress of its own, existing Secret" "$SV/stack.yaml" 'existing Secret "todo-chatbot-secrets"' '/etc/hosts'

# --- bad values ----------------------------------------------------------------
section "bad values (test/chart/bad-values.yaml)"
mkdir -p "$WORK/bad"
node "$TDIR/cases.mjs" "$TDIR/bad-values.yaml" "$WORK/bad" >"$WORK/cases" || die "cannot read bad-values.yaml"
ncases=$(grep -c . "$WORK/cases")
if [ "$ncases" -ge 12 ]; then pass "bad-values table has $ncases cases (>= 12)"; else fail "bad-values table has only $ncases cases"; fi
while IFS=$'\t' read -r file pattern linted cname; do
  if render "$WORK/bad.out" -f "$file"; then
    fail "bad values rejected by helm template: $cname (it rendered)"
  elif grep -Eq -- "$pattern" "$WORK/bad.out.err"; then
    pass "bad values rejected by helm template: $cname"
  else
    fail "bad values rejected by helm template: $cname (wrong error, wanted /$pattern/)"; detail <"$WORK/bad.out.err"
  fi
  if [ "$linted" = no ]; then
    echo "# (helm lint cannot see this one: templates' fail only logs in lint mode)"
  elif helm lint --strict "$CHART" --kube-version "$KUBE_VERSION" -f "$file" >"$WORK/bad.lint" 2>&1; then
    fail "bad values rejected by helm lint --strict: $cname (lint passed)"
  elif grep -Eq -- "$pattern" "$WORK/bad.lint"; then
    pass "bad values rejected by helm lint --strict: $cname"
  else
    fail "bad values rejected by helm lint --strict: $cname (wrong error, wanted /$pattern/)"; detail <"$WORK/bad.lint"
  fi
done <"$WORK/cases"

# --- negative controls: the checks above can fail --------------------------------
section "negative controls"
D="$TDIR/values/default.yaml"
if render "$WORK/weak.yaml" --set frontend.securityContext.readOnlyRootFilesystem=false &&
   ! node "$TDIR/assert.mjs" "$WORK/weak.yaml" "$CHART" "$D" "$RELEASE" weak >"$WORK/weak.out" 2>&1 &&
   grep -q '^not ok - weak: Deployment/todo-chatbot-frontend/frontend: hardened securityContext' "$WORK/weak.out"; then
  pass "assertions reject a writable root filesystem"
else
  fail "assertions reject a writable root filesystem"
fi
if render "$WORK/noing.yaml" -f "$TDIR/values/ingress-off.yaml" --set networkPolicy.enabled=false &&
   ! node "$TDIR/assert.mjs" "$WORK/noing.yaml" "$CHART" "$D" "$RELEASE" missing >"$WORK/noing.out" 2>&1 &&
   grep -q '^not ok - missing: Ingress for host' "$WORK/noing.out" &&
   grep -q '^not ok - missing: frontend NetworkPolicy' "$WORK/noing.out"; then
  pass "assertions reject a rendering without Ingress and NetworkPolicies"
else
  fail "assertions reject a rendering without Ingress and NetworkPolicies"
fi
if [ $SERVER = 1 ] || [ "$VALIDATOR" != none ]; then
  render "$WORK/good.yaml"
  sed -e 's/revisionHistoryLimit: 5/revisionHistoryLimt: 5/' -e 's/pathType: Prefix/pathType: [Prefix]/' \
    "$WORK/good.yaml" >"$WORK/broken.yaml"
  rejects() { # rejects <label> <command...>: the command must fail on the broken rendering
    local label=$1; shift
    if "$@" >/dev/null 2>&1; then fail "$label"; else pass "$label"; fi
  }
  case $VALIDATOR in
    kubeconform) rejects "kubeconform rejects an unknown field and a wrong type" \
      kubeconform -strict -kubernetes-version "$KUBE_VERSION" -schema-location "$SCHEMA_LOCATION" "$WORK/broken.yaml" ;;
    ajv) rejects "schema validation rejects an unknown field and a wrong type" \
      node "$TDIR/k8s-schemas.mjs" validate "$SCHEMA_DIR" "$WORK/broken.yaml" broken ;;
  esac
  if [ $SERVER = 1 ]; then
    rejects "server-side dry-run rejects an unknown field and a wrong type" \
      kubectl apply --dry-run=server --namespace "$NAMESPACE" -f "$WORK/broken.yaml"
  fi
fi

echo
echo "$PASS passed, $FAIL failed, $SKIP skipped"
[ "$FAIL" -eq 0 ]
