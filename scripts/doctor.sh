#!/usr/bin/env bash
# Preflight: checks everything a deploy needs and prints the fix for each
# failure. Exits non-zero when a required check fails (warnings do not).
#
#   npm run doctor                       # the selected environment (TODO_ENV, default local: Minikube)
#   KUBE_CONTEXT=kind-dev npm run doctor # any other cluster in KUBECONFIG
#   TODO_ENV=cluster npm run doctor      # another environment (stacks/environments.ts)
# Context, kubeconfig, host, ingress class and database mode come from the
# environment's config (scripts/lib/config.sh), never from this script.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
export CHECKPOINT_DISABLE=1 # `terraform version` would ask HashiCorp for a newer one (an error offline)
# shellcheck source=lib/config.sh
. scripts/lib/config.sh
if ! load_config; then
  echo "Preflight failed: the configuration above is invalid."
  exit 1
fi
CONTEXT="$CFG_CONTEXT" HOST="$CFG_HOST" INGRESS_CLASS="$CFG_INGRESS_CLASS"
export KUBECONFIG="$CFG_KUBECONFIG"
failures=0
warnings=0

if [[ -t 1 ]]; then ok_mark=$'\e[32m✓\e[0m'; bad_mark=$'\e[31m✗\e[0m'; warn_mark=$'\e[33m!\e[0m'; else ok_mark='ok  '; bad_mark='FAIL'; warn_mark='WARN'; fi
ok() { echo "  $ok_mark $1"; }
fail() { echo "  $bad_mark $1"; echo "      fix: $2"; failures=$((failures + 1)); }
warn() { echo "  $warn_mark $1"; echo "      fix: $2"; warnings=$((warnings + 1)); }
have() { command -v "$1" >/dev/null 2>&1; }

# "1.11.4" >= "1.5.0"?
version_at_least() { [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" == "$2" ]]; }

echo "Preflight for environment \"$CFG_ENVIRONMENT\": context \"$CONTEXT\", host \"$HOST\", database $CFG_DATABASE_MODE"

# --- Node.js -----------------------------------------------------------------
node_version="$(node --version 2>/dev/null | sed 's/^v//')"
# The Node lines this machine needs are the cdktf CLI's, owned by package.json's
# "engines" (^20 || ^22: on 24 the CLI does not start, its terminal module has
# no build for it). The app's own Node is another fact, owned by the images
# (docker/backend.Dockerfile's NODE_IMAGE).
cli_lines="$(node -p 'require("./package.json").engines.node.match(/\d+/g).join(" ")' 2>/dev/null || echo "20 22")"
lowest="${cli_lines%% *}" highest="${cli_lines##* }"
if [[ -z "$node_version" ]] || ! version_at_least "$node_version" "$lowest.0.0"; then
  fail "Node.js ${cli_lines// / or } is required (found: ${node_version:-none})" "install Node.js $highest LTS (https://nodejs.org or your package manager)"
elif [[ " $cli_lines " != *" ${node_version%%.*} "* ]]; then
  fail "Node.js $node_version: the cdktf CLI 0.21 runs on Node ${cli_lines// / or } only (package.json engines; its terminal module, node-pty, ships no build for newer lines)" \
    "use Node.js $highest LTS for this project (e.g. nvm install $highest && nvm use $highest); the app's images bring their own Node"
elif ! version_at_least "$node_version" 22.0.0; then
  warn "Node.js $node_version works, but Node 20 reached end of life on 2026-04-30" "move to Node.js 22 LTS"
else
  ok "Node.js $node_version"
fi

# --- Terraform ---------------------------------------------------------------
tf_bin="${TERRAFORM_BINARY_NAME:-terraform}"
if have "$tf_bin"; then
  tf_version="$("$tf_bin" version -json 2>/dev/null | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{console.log(JSON.parse(s).terraform_version)}catch{}})')"
  [[ -z "$tf_version" ]] && tf_version="$("$tf_bin" version 2>/dev/null | head -n1 | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n1)"
  if [[ "$tf_bin" != terraform ]] || version_at_least "${tf_version:-0}" 1.5.0; then
    ok "$tf_bin ${tf_version:-?}"
  else
    fail "Terraform >= 1.5 is required (found $tf_version)" "install Terraform >= 1.5: https://developer.hashicorp.com/terraform/install"
  fi
else
  fail "$tf_bin is not on PATH" "install Terraform >= 1.5: https://developer.hashicorp.com/terraform/install (or OpenTofu and set TERRAFORM_BINARY_NAME=tofu)"
fi

# --- Docker ------------------------------------------------------------------
if ! have docker; then
  fail "docker CLI not found" "install Docker (https://docs.docker.com/get-docker/); with Minikube, run: eval \$(minikube docker-env)"
elif docker_server="$(timeout 15 docker version --format '{{.Server.Version}}' 2>/dev/null)" && [[ -n "$docker_server" ]]; then
  ok "Docker engine $docker_server at ${DOCKER_HOST:-the default socket}"
  if [[ $CFG_MINIKUBE == true && -z "${DOCKER_HOST:-}" ]]; then
    if ! have minikube; then
      fix="install Minikube (https://minikube.sigs.k8s.io/docs/start/): the commands then build the images inside it"
    else
      fix="eval \$(minikube -p minikube docker-env)   # npm run deploy, diff, plan, apply and destroy do this for you"
    fi
    warn "images will be built by the host's Docker, which Minikube cannot see (ErrImageNeverPull)" "$fix"
  fi
else
  fail "the Docker engine does not answer at ${DOCKER_HOST:-the default socket}" "start Docker, or with Minikube: minikube start && eval \$(minikube docker-env)"
fi

# --- Kubernetes context --------------------------------------------------------
kubectl_cmd=()
if have kubectl; then kubectl_cmd=(kubectl); elif have minikube; then kubectl_cmd=(minikube kubectl --); fi
if [[ ${#kubectl_cmd[@]} -eq 0 ]]; then
  fail "kubectl not found (needed to check the cluster)" "install kubectl: https://kubernetes.io/docs/tasks/tools/"
else
  contexts="$("${kubectl_cmd[@]}" config get-contexts -o name 2>/dev/null)"
  if ! grep -qxF "$CONTEXT" <<<"$contexts"; then
    # Name a kubeconfig file that does not exist: kubectl only says "no contexts".
    kubeconfig_files=() missing_files=()
    IFS=: read -r -a kubeconfig_files <<<"${KUBECONFIG:-$HOME/.kube/config}"
    for f in "${kubeconfig_files[@]}"; do [[ -f "$f" ]] || missing_files+=("$f: file not found"); done
    where="${KUBECONFIG:-~/.kube/config}"
    [[ ${#missing_files[@]} -gt 0 ]] && where="$where (${missing_files[*]})"
    other=""
    [[ -n "$contexts" ]] && other="set KUBE_CONTEXT to one of: ${contexts//$'\n'/, }"
    # Inside deploy/apply/destroy, Minikube was already started if installed: "run npm run deploy" would be circular.
    case "${TODO_PREFLIGHT_FOR:-}" in
      "npm run deploy" | "npm run apply" | "npm run destroy") then_run="then run $TODO_PREFLIGHT_FOR again" ;;
      *) then_run="then npm run deploy starts it" ;;
    esac
    if [[ $CFG_MINIKUBE == true ]] && ! have minikube; then
      fix="install Minikube (https://minikube.sigs.k8s.io/docs/start/), $then_run; or use another cluster: ${other:-point KUBECONFIG at its kubeconfig and set KUBE_CONTEXT}"
    elif [[ $CFG_MINIKUBE == true ]]; then
      fix="minikube start --addons=ingress${other:+   (or $other)}"
    elif [[ -z "$contexts" ]]; then
      fix="no contexts in $where: point KUBECONFIG at the kubeconfig of the cluster this environment deploys to"
    else
      fix="$other (KUBECONFIG=${KUBECONFIG:-~/.kube/config})"
    fi
    fail "kube context \"$CONTEXT\" not found in $where" "$fix"
  elif "${kubectl_cmd[@]}" --context "$CONTEXT" --request-timeout=10s get --raw=/readyz >/dev/null 2>&1; then
    server="$("${kubectl_cmd[@]}" config view --minify --context "$CONTEXT" -o jsonpath='{.clusters[0].cluster.server}' 2>/dev/null)"
    ok "kube context \"$CONTEXT\" answers at $server"
    # --- Ingress -------------------------------------------------------------
    if "${kubectl_cmd[@]}" --context "$CONTEXT" --request-timeout=10s get ingressclass "$INGRESS_CLASS" >/dev/null 2>&1; then
      ok "IngressClass \"$INGRESS_CLASS\" exists"
    elif [[ $CFG_MINIKUBE == true ]]; then
      fail "the Minikube ingress addon is not enabled (no IngressClass \"$INGRESS_CLASS\")" "minikube addons enable ingress"
    else
      fail "no IngressClass \"$INGRESS_CLASS\" in the cluster" "install ingress-nginx: https://kubernetes.github.io/ingress-nginx/deploy/"
    fi
  else
    if [[ $CFG_MINIKUBE == true ]]; then fix="minikube start"; else fix="check the cluster is up and your credentials: kubectl --context $CONTEXT get --raw=/readyz"; fi
    fail "kube context \"$CONTEXT\" exists but the API server does not answer" "$fix"
  fi
fi

# --- Database ------------------------------------------------------------------
if [[ $CFG_DATABASE_MODE == external ]]; then
  # The value is a secret: only its scheme is judged, never printed.
  if [[ -n "${TF_VAR_database_url:-}" && ! "$TF_VAR_database_url" =~ ^postgres(ql)?:// ]]; then
    fail "database: external, but TF_VAR_database_url is not a postgres:// or postgresql:// URL (the plan would stop)" "export TF_VAR_database_url='postgres://user:password@host:5432/db?sslmode=require'"
  elif [[ -n "${TF_VAR_database_url:-}" ]]; then
    ok "database: external (TF_VAR_database_url is set)"
  else
    warn "database: external, but TF_VAR_database_url is not set here (the plan will stop unless your runner, e.g. Terraform Cloud, sets it)" "export TF_VAR_database_url='postgres://user:password@host:5432/db'"
  fi
elif [[ -n "${TF_VAR_database_url:-}" ]]; then
  warn "TF_VAR_database_url is set, but the environment's database.mode is \"in-cluster\": it is ignored and the chart's PostgreSQL is used" "to use it, set {\"database\": {\"mode\": \"external\"}} in the file TODO_CONFIG names; otherwise unset TF_VAR_database_url"
else
  ok "database: PostgreSQL in the cluster"
fi

# --- Image registry (images.registry) -------------------------------------------
# curl's config on stdin (-K -), so that credentials never reach a command line.
curl_credentials() {
  [[ -n "$user" ]] || return 0
  local u="${user//\\/\\\\}" p="${pass//\\/\\\\}"
  printf 'user = "%s:%s"\n' "${u//\"/\\\"}" "${p//\"/\\\"}"
}
# registry_get URL: prints the HTTP status; headers in $headers, curl's error in $curl_error, exit status in $curl_status.
registry_get() {
  local err
  err="$(mktemp)"
  code="$(curl_credentials | curl -sS -o /dev/null -D "$headers" -w '%{http_code}' --max-time 15 "${cacert[@]}" -K - "$1" 2>"$err")"
  curl_status=$?
  curl_error="$(head -c 300 "$err")"
  rm -f "$err"
}
if [[ -n "$CFG_REGISTRY" ]]; then
  registry_host="${CFG_REGISTRY%%/*}"
  user="${TF_VAR_registry_username:-}" pass="${TF_VAR_registry_password:-}"
  if [[ -n "$user" && -z "$pass" ]] || [[ -z "$user" && -n "$pass" ]]; then
    missing=TF_VAR_registry_password; [[ -z "$user" ]] && missing=TF_VAR_registry_username
    fail "registry $registry_host: $missing is not set (images.registry needs both or neither)" "export $missing=..."
  elif ! have curl; then
    warn "curl not found: the registry $registry_host was not checked" "install curl"
  else
    # The CA bundle is the one Terraform's docker provider trusts (SSL_CERT_FILE), if set.
    cacert=(); [[ -n "${SSL_CERT_FILE:-}" ]] && cacert=(--cacert "$SSL_CERT_FILE")
    headers="$(mktemp)"
    registry_get "https://$registry_host/v2/"
    # Token registries (Docker Hub, GHCR, GitLab, Quay) answer /v2/ with 401 and a Bearer challenge
    # whatever the credentials: the credentials are judged by their token service instead.
    challenge="$(tr -d '\r' <"$headers" | grep -i '^www-authenticate: *bearer ' | head -n1)"
    token_service=""
    if [[ $curl_status -eq 0 && $code == 401 && -n "$challenge" ]]; then
      realm="$(sed -n 's/.*realm="\([^"]*\)".*/\1/p' <<<"$challenge")" service="$(sed -n 's/.*service="\([^"]*\)".*/\1/p' <<<"$challenge")"
      token_service="$realm"
      [[ -n "$realm" ]] && registry_get "$realm${service:+?service=$service}"
    fi
    rm -f "$headers"
    if [[ $curl_status -eq 60 || $curl_status -eq 35 ]]; then
      fail "registry $registry_host: its TLS certificate is not trusted here ($curl_error)" "trust its CA: system store (or SSL_CERT_FILE for Terraform), and for Docker /etc/docker/certs.d/$registry_host/ca.crt"
    elif [[ $curl_status -ne 0 ]]; then
      fail "registry $registry_host does not answer at https://$registry_host/v2/ (${token_service:+token service $token_service: }$curl_error)" "check images.registry (TODO_REGISTRY) and that the registry is up"
    elif [[ ($code == 401 || $code == 403) && -z "$user" ]]; then
      fail "registry $registry_host requires credentials" "export TF_VAR_registry_username=... TF_VAR_registry_password=...   (a token works as the password)"
    elif [[ $code == 401 || $code == 403 ]]; then
      fail "registry $registry_host refused the credentials in TF_VAR_registry_username/TF_VAR_registry_password (HTTP $code${token_service:+ from its token service}): a push would be refused" "check them, e.g. docker login $registry_host"
    elif [[ $code == 200 && -z "$user" && -n "$token_service" ]]; then
      warn "registry $registry_host gives anonymous tokens (pull only, as a rule): without credentials the push will likely be refused" "export TF_VAR_registry_username=... TF_VAR_registry_password=..."
    elif [[ $code == 200 ]]; then
      access="anonymous access"; [[ -n "$user" ]] && access="the credentials"
      ok "registry $registry_host answers and accepts $access; images go to $CFG_REGISTRY, by digest"
    else
      fail "registry $registry_host answered HTTP $code at ${token_service:-/v2/}" "check images.registry (TODO_REGISTRY): it must be a Docker registry (API v2)"
    fi
  fi
fi

# --- State backend (TODO_STATE_BACKEND=pg) ---------------------------------------
if [[ $CFG_STATE_BACKEND == pg ]]; then
  # Host and port only: PG_CONN_STR holds a password. A TCP connection, not a login: no client needed.
  pg_address="$(node -e 'try { const u = new URL(process.argv[1]); if (/^postgres(ql)?:$/.test(u.protocol)) console.log(`${u.hostname.replace(/^\[|\]$/g, "")} ${u.port || 5432}`) } catch {}' "${PG_CONN_STR:-}")"
  if [[ -z "$pg_address" ]]; then
    warn "state backend: PG_CONN_STR is not a postgres:// URL, so its server was not checked here (Terraform also takes the key=value form)" "to have it checked: export PG_CONN_STR='postgres://terraform@db.example.com/todo_state?sslmode=require'"
  elif timeout 5 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ ${pg_address} 2>/dev/null; then
    ok "state backend: PostgreSQL at ${pg_address/ /:} accepts connections"
  else
    fail "state backend: PostgreSQL at ${pg_address/ /:} does not accept connections (PG_CONN_STR)" "start it or correct PG_CONN_STR; the state of a team is there"
  fi
fi

# --- Optional tools -------------------------------------------------------------
have flock || warn "flock not found: two deploys from this checkout are not kept apart" "install util-linux (apt-get install util-linux; macOS: brew install flock)"
have helm || warn "helm not found: a release an interrupted deploy left pending is not healed before the next deploy" "install Helm 3: https://helm.sh/docs/intro/install/"

# --- /etc/hosts ----------------------------------------------------------------
if getent hosts "$HOST" >/dev/null 2>&1; then
  ok "$HOST resolves to $(getent hosts "$HOST" | awk '{print $1}' | head -n1)"
else
  if [[ $CFG_MINIKUBE == true ]] && have minikube && ip="$(minikube ip 2>/dev/null)" && [[ -n "$ip" ]]; then
    fix="echo \"$ip $HOST\" | sudo tee -a /etc/hosts"
  else
    fix="point $HOST at your ingress controller's address (DNS or /etc/hosts); npm run deploy prints the line once the Ingress has an address"
  fi
  warn "$HOST does not resolve (after the deploy, your browser will not find the app)" "$fix"
fi

echo
if [[ $failures -gt 0 ]]; then
  echo "Preflight failed: $failures problem(s), $warnings warning(s). Fix the above and run again."
  exit 1
fi
echo "Preflight passed ($warnings warning(s))."
