# shellcheck shell=bash
# The selected environment's resolved config, read from the TypeScript config
# (stacks/environments.ts, the only source) through `main.ts --print-config`:
# TODO_ENV, TODO_CONFIG, KUBECONFIG, KUBE_CONTEXT, TODO_HOST… all apply.
# Sets CFG_ENVIRONMENT, CFG_STACK, CFG_CONTEXT, CFG_KUBECONFIG (colon-joined,
# "~" expanded), CFG_HOST, CFG_INGRESS_CLASS, CFG_NAMESPACE, CFG_RELEASE,
# CFG_SECRET, CFG_TIMEOUT (the release's, in seconds), CFG_DATABASE_MODE,
# CFG_STATE_FILE (relative to the repository; empty with Terraform Cloud or pg),
# CFG_REGISTRY (images.registry; empty: none), CFG_MINIKUBE (true when the context is "minikube")
# and CFG_STATE_BACKEND (local, cloud or pg: stacks/state-backend.ts). Prints the config error
# and returns 1 when the config is invalid.
load_config() {
  local root json fields
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  json="$(node "$root/scripts/cdktf-app.js" --print-config)" || return 1
  mapfile -t fields < <(node -e '
    const c = JSON.parse(process.argv[1]);
    const home = require("os").homedir();
    const paths = c.kube.configPaths.map((p) => p.replace(/^~(?=\/|$)/, home)).join(":");
    for (const v of [c.environment, c.stackName, c.kube.context, paths, c.ingress.host, c.ingress.className,
                     c.namespace, c.releaseName, c.secretName, c.release.timeoutSeconds, c.database.mode,
                     c.stateFile ?? "", c.images.registry ?? "", String(c.kube.context === "minikube"),
                     c.stateBackend]) console.log(v);
  ' "$json")
  # shellcheck disable=SC2034 # used by the scripts that source this file
  {
    CFG_ENVIRONMENT="${fields[0]}" CFG_STACK="${fields[1]}" CFG_CONTEXT="${fields[2]}" CFG_KUBECONFIG="${fields[3]}"
    CFG_HOST="${fields[4]}" CFG_INGRESS_CLASS="${fields[5]}" CFG_NAMESPACE="${fields[6]}"
    CFG_RELEASE="${fields[7]}" CFG_SECRET="${fields[8]}" CFG_TIMEOUT="${fields[9]}"
    CFG_DATABASE_MODE="${fields[10]}" CFG_STATE_FILE="${fields[11]}" CFG_REGISTRY="${fields[12]}" CFG_MINIKUBE="${fields[13]}"
    CFG_STATE_BACKEND="${fields[14]}"
  }
}

# kubectl and helm on the environment's kubeconfig files and context, never on
# whatever context happens to be current. (KUBECONFIG, not --kubeconfig: it
# takes the colon-joined list.)
cfg_kubectl() { KUBECONFIG="$CFG_KUBECONFIG" kubectl --context "$CFG_CONTEXT" "$@"; }
cfg_helm() { KUBECONFIG="$CFG_KUBECONFIG" helm --kube-context "$CFG_CONTEXT" "$@"; }
