#!/usr/bin/env bash
# The main command: deploy the Todo AI Chatbot from a fresh clone.
#
#   npm run deploy                                 # Minikube
#   KUBECONFIG=~/.kube/other KUBE_CONTEXT=prod npm run deploy   # any cluster
#   TODO_ENV=cluster KUBE_CONTEXT=prod npm run deploy            # another environment (stacks/environments.ts)
#   npm run deploy -- --skip-provider-lock         # extra args go to `cdktf deploy`
#
# Steps: take the deploy lock (one deploy per checkout: scripts/lib/lock.sh);
# install dependencies if needed; read the environment's config (context,
# host: stacks/environments.ts via scripts/lib/config.sh); with the "minikube"
# context, start Minikube (with the ingress addon) when it is installed but
# stopped and point Docker at Minikube's engine; run the preflight; stop if
# the state is lost while the app runs (scripts/state.mjs check); heal a
# release an interrupted deploy left pending (scripts/heal-release.sh); back
# up the state; `cdktf deploy`, naming stuck pods while Helm waits
# (scripts/watch-pods.sh); back up the state again; print the URL and the
# /etc/hosts line if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
# Terraform writes state, its backup and plan files with the process umask: owner-only.
umask 077

step() { printf '\n==> %s\n' "$*"; }

# First of all, before npm ci or a rebuilt bundle could pull anything from under a running deploy.
# shellcheck source=lib/lock.sh
. scripts/lib/lock.sh
hold_deploy_lock "npm run deploy"

if [[ ! -x node_modules/.bin/cdktf || package-lock.json -nt node_modules/.package-lock.json ]]; then
  step "Installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi

# shellcheck source=lib/config.sh
. scripts/lib/config.sh
load_config || exit 1

if [[ $CFG_MINIKUBE == true ]] && ! command -v minikube >/dev/null 2>&1; then
  echo "Minikube is not installed, so the deploy cannot start it: the context \"minikube\" must already answer." >&2
  echo "  Install it (https://minikube.sigs.k8s.io/docs/start/), or deploy to another cluster: KUBE_CONTEXT=<context> npm run deploy" >&2
elif [[ $CFG_MINIKUBE == true ]]; then
  if ! minikube status --format '{{.APIServer}}' 2>/dev/null | grep -q Running; then
    step "Starting Minikube with the ingress addon (first start takes a few minutes)"
    minikube start --addons=ingress 9>&- # no daemon of Minikube's may keep the deploy lock
  fi
  if ! minikube addons list -o json 2>/dev/null | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.exit(JSON.parse(s).ingress?.Status==="enabled"?0:1))'; then
    step "Enabling the Minikube ingress addon"
    minikube addons enable ingress || {
      echo "Minikube could not enable its ingress addon (its error is above), and without it http://$CFG_HOST cannot answer." >&2
      echo "  Fix it, then run npm run deploy again; by hand: minikube addons enable ingress" >&2
      exit 1
    }
  fi
  step "Building images inside Minikube's Docker (minikube docker-env)"
  eval "$(minikube -p minikube docker-env --shell bash)"
fi

step "Preflight"
bash scripts/doctor.sh

step "State and release"
node scripts/state.mjs check
bash scripts/heal-release.sh
node scripts/state.mjs backup

step "cdktf deploy (environment $CFG_ENVIRONMENT, context $CFG_CONTEXT)"
# Ctrl-C reaches cdktf and Terraform too (one process group); this only says what it leaves behind.
trap 'echo; echo "Interrupted. If Helm was upgrading, the release is left pending: the next npm run deploy finds it and rolls it back first (nothing to do by hand)." >&2; exit 130' INT
# While Helm waits for the pods, say why one is stuck instead of only "Still modifying…".
bash scripts/watch-pods.sh 9>&- &
watcher=$!
trap 'kill $watcher 2>/dev/null || true' EXIT
# The app synthesizes exactly one stack, the selected environment's.
npx --no-install cdktf deploy --auto-approve "$@"
kill $watcher 2>/dev/null || true
node scripts/state.mjs backup # so the newest backup is the state this deploy left

step "Done"
url="$("${TERRAFORM_BINARY_NAME:-terraform}" -chdir="cdktf.out/stacks/$CFG_STACK" output -raw url 2>/dev/null || true)"
host="${url#*://}"
echo "The Todo AI Chatbot is at: ${url:-http://todo.local}"
if [[ -n "$host" ]] && ! getent hosts "$host" >/dev/null 2>&1; then
  if [[ $CFG_MINIKUBE == true ]] && command -v minikube >/dev/null 2>&1; then
    ip="$(minikube ip)"
  else # what the ingress controller reports for the app's Ingress
    ip="$(cfg_kubectl -n "$CFG_NAMESPACE" get ingress "$CFG_RELEASE" -o jsonpath='{.status.loadBalancer.ingress[0].ip}' 2>/dev/null || true)"
  fi
  if [[ -n "$ip" ]]; then
    echo "Add this line to /etc/hosts so your browser finds it:"
    echo "  $ip $host"
    echo "  (echo \"$ip $host\" | sudo tee -a /etc/hosts)"
  else
    echo "$host does not resolve yet: point it at your ingress controller's address (DNS, or a line in /etc/hosts);"
    echo "  the Ingress shows the address once the controller reports it: kubectl --context $CFG_CONTEXT -n $CFG_NAMESPACE get ingress $CFG_RELEASE"
  fi
fi
