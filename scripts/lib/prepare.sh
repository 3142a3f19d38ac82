# shellcheck shell=bash
# The one preparation shared by deploy, diff, plan, apply and destroy (and
# anything else that runs Terraform on this checkout's stack). They differ only
# in what they then ask Terraform.
#
# Contract, for a script that has cd'd to the repository root:
#
#   . scripts/lib/prepare.sh
#   prepare_environment WHAT MODE   # WHAT names the command in messages ("npm run plan")
#   prepare_release                 # MODE write only, right before Terraform changes anything
#
# MODE is `write` (deploy, apply, destroy) or `read` (plan, diff).
#
# prepare_environment, in order:
#   - umask 077 (Terraform's state, backups and plan files hold the secrets),
#     CHECKPOINT_DISABLE=1 (no call home, no red checkpoint-api error offline),
#     TF_PLUGIN_CACHE_DIR as the cdktf CLI sets it (unless CDKTF_DISABLE_PLUGIN_CACHE_ENV);
#   - the deploy lock for the rest of the calling script (scripts/lib/lock.sh);
#   - npm ci when the dependencies are missing or older than the lock file;
#   - the resolved config (scripts/lib/config.sh: the CFG_* variables), or exit 1;
#   - the engine: with the context "minikube", Minikube's Docker
#     (`minikube docker-env`), so that images are built where the cluster
#     sees them and the plan compares against the images there. `write` also
#     starts a stopped Minikube and enables its ingress addon; `read` never
#     changes anything and stops with the command to run instead;
#   - the preflight (scripts/doctor.sh), or exit 1;
#   - the state check (scripts/state.mjs check: a lost state while the app runs);
#   - `read` only: the pending-release check, read-only (scripts/heal-release.sh --check).
# prepare_release: heal a release an interrupted deploy left pending, then back
# up the state (scripts/heal-release.sh, scripts/state.mjs backup).
# Exits (not returns) on failure, with the reason printed.

step() { printf '\n==> %s\n' "$*"; }

prepare_environment() {
  local what="$1" mode="$2"
  [[ $mode == write || $mode == read ]] || { echo "prepare_environment: MODE must be write or read, not \"$mode\"" >&2; exit 2; }
  PREPARE_MODE="$mode"
  umask 077
  export CHECKPOINT_DISABLE=1
  # As the cdktf CLI does: one download of each provider per machine, shared by stacks and clones.
  if [[ ${CDKTF_DISABLE_PLUGIN_CACHE_ENV:-} != true && ${CDKTF_DISABLE_PLUGIN_CACHE_ENV:-} != 1 ]]; then
    export TF_PLUGIN_CACHE_DIR="${TF_PLUGIN_CACHE_DIR:-$HOME/.terraform.d/plugin-cache}"
    mkdir -p "$TF_PLUGIN_CACHE_DIR"
  fi

  # First of all, before npm ci or a rebuilt bundle could pull anything from under a running deploy.
  # shellcheck source=lock.sh
  . scripts/lib/lock.sh
  hold_deploy_lock "$what" "$mode"

  if [[ ! -x node_modules/.bin/cdktf || package-lock.json -nt node_modules/.package-lock.json ]]; then
    step "Installing dependencies (npm ci)"
    npm ci --no-audit --no-fund
  fi

  # shellcheck source=config.sh
  . scripts/lib/config.sh
  load_config || exit 1
  prepare_shared_state "$what"

  prepare_engine "$what" "$mode"

  step "Preflight"
  # The doctor's hints then name what this command already did, not "run npm run deploy".
  TODO_PREFLIGHT_FOR="$what" bash scripts/doctor.sh || exit 1

  step "State and release"
  node scripts/state.mjs check || exit 1
  if [[ $mode == read ]]; then
    bash scripts/heal-release.sh --check || exit 1
  fi
}

# Shared state (TODO_STATE_BACKEND=pg): a deploy from another clone holds
# Terraform's state lock (a PostgreSQL advisory lock) while it plans or
# applies. Wait for it, up to twice the release timeout, instead of failing;
# and name this session in PostgreSQL (application_name), since Terraform's
# lock message shows only the waiting side.
prepare_shared_state() {
  [[ $CFG_STATE_BACKEND == pg ]] || return 0
  local wait=$((2 * CFG_TIMEOUT)) command var
  for command in plan apply destroy; do
    # TF_CLI_ARGS_<command> is read by Terraform itself, also under cdktf; the user's own arguments are kept.
    var="TF_CLI_ARGS_$command"
    export "$var=-lock-timeout=${wait}s${!var:+ ${!var}}"
  done
  PGAPPNAME="todo-chatbot $1 $(id -un)@$(hostname -s 2>/dev/null || echo host) pid $$"
  export PGAPPNAME="${PGAPPNAME:0:63}" # PostgreSQL keeps 63 bytes
  echo "State: PostgreSQL (TODO_STATE_BACKEND=pg). A deploy from another clone holding the state lock makes this one wait (up to $wait s)."
  echo "  Who holds it: SELECT application_name, client_addr, backend_start FROM pg_stat_activity JOIN pg_locks USING (pid) WHERE locktype = 'advisory' AND granted;"
}

# Minikube's Docker for the images (context "minikube" only).
prepare_engine() {
  local what="$1" mode="$2"
  [[ $CFG_MINIKUBE == true ]] || return 0
  if ! command -v minikube >/dev/null 2>&1; then
    if [[ $mode == write ]]; then
      echo "Minikube is not installed, so the deploy cannot start it: the context \"minikube\" must already answer." >&2
    else
      echo "Minikube is not installed: the context \"minikube\" must already answer, and images are compared against the host's Docker." >&2
    fi
    echo "  Install it (https://minikube.sigs.k8s.io/docs/start/), or use another cluster: KUBE_CONTEXT=<context> $what" >&2
    return 0
  fi
  if ! minikube status --format '{{.APIServer}}' 2>/dev/null | grep -q Running; then
    if [[ $mode == read ]]; then
      echo "Minikube is not running, and $what changes nothing, so it does not start it." >&2
      echo "  Start it: minikube start --addons=ingress   (npm run deploy starts it too), then run $what again." >&2
      exit 1
    fi
    step "Starting Minikube with the ingress addon (first start takes a few minutes)"
    minikube start --addons=ingress 9>&- # no daemon of Minikube's may keep the deploy lock
  fi
  if [[ $mode == write ]] && ! minikube addons list -o json 2>/dev/null | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.exit(JSON.parse(s).ingress?.Status==="enabled"?0:1))'; then
    step "Enabling the Minikube ingress addon"
    minikube addons enable ingress || {
      echo "Minikube could not enable its ingress addon (its error is above), and without it http://$CFG_HOST cannot answer." >&2
      echo "  Fix it, then run $what again; by hand: minikube addons enable ingress" >&2
      exit 1
    }
  fi
  step "Building images inside Minikube's Docker (minikube docker-env)"
  eval "$(minikube -p minikube docker-env --shell bash)"
}

prepare_release() {
  [[ ${PREPARE_MODE:-} == write ]] || { echo "prepare_release: only after prepare_environment ... write" >&2; exit 2; }
  bash scripts/heal-release.sh || exit 1
  node scripts/state.mjs backup || exit 1
}

# For the INT traps of deploy and apply. Terraform's second Ctrl-C exits at
# once ("data loss may have occurred") and can leave the local state file
# empty: put back the state of just before the apply (prepare_release backed
# it up). The next deploy's refresh brings it up to date, and heals a Helm
# upgrade left pending, as after kill -9.
restore_state_if_emptied() {
  local file="${CFG_STATE_FILE:-}"
  [[ -n $file ]] || return 0 # pg or Terraform Cloud: the backend keeps its own state
  node -e 'const t = require("fs").readFileSync(process.argv[1], "utf8"); JSON.parse(t);' "$file" 2>/dev/null && return 0
  echo "Terraform stopped while writing $file and left it empty or broken: putting back the state from just before this run." >&2
  node scripts/state.mjs restore >&2 ||
    echo "  It could not be put back (the reason is above): npm run state:recover rebuilds it from the cluster." >&2
}

# Where the app answers, and the /etc/hosts line when its host does not resolve (after deploy and apply).
print_app_url() {
  local url host ip
  url="$("${TERRAFORM_BINARY_NAME:-terraform}" -chdir="cdktf.out/stacks/$CFG_STACK" output -raw url 2>/dev/null || true)"
  host="${url#*://}"
  echo "The Todo AI Chatbot is at: ${url:-http://todo.local}"
  [[ -n "$host" ]] && ! getent hosts "$host" >/dev/null 2>&1 || return 0
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
}

# Runs a command with its output kept back, and shown only when it fails (synth, init: noise when they work).
run_quiet() {
  local log status=0
  log="$(mktemp)"
  "$@" >"$log" 2>&1 || status=$?
  [[ $status -eq 0 ]] || cat "$log" >&2
  rm -f "$log"
  return "$status"
}

# What `terraform init` depends on in stack folder $1: its `terraform` block
# (providers, backend), the Terraform binary and the provider lock file.
init_fingerprint() {
  node -e '
    const { createHash } = require("crypto"), { readFileSync, existsSync } = require("fs");
    const [dir, tf] = process.argv.slice(1);
    const lock = `${dir}/.terraform.lock.hcl`;
    const parts = [JSON.stringify(JSON.parse(readFileSync(`${dir}/cdk.tf.json`, "utf8")).terraform), tf,
      existsSync(lock) ? readFileSync(lock, "utf8") : ""];
    console.log(createHash("sha256").update(parts.join("\0")).digest("hex"));' "$1" "$(command -v "${TERRAFORM_BINARY_NAME:-terraform}")"
}

# The selected stack synthesized and its folder initialized, as `cdktf deploy`
# would before planning. Synthesis runs cdktf.json's "app" command itself, with
# the output folder `cdktf synth` gives it: the same JSON, without the CLI's
# 2–4 s start. `terraform init` runs only when init_fingerprint changed since
# the last init here: a no-op init still costs a second or more.
synth_and_init() {
  local dir="cdktf.out/stacks/$CFG_STACK" app marker
  marker="$dir/.terraform/todo-init.sha256"
  app="$(node -p 'require("./cdktf.json").app')" || return 1
  CDKTF_OUTDIR=cdktf.out run_quiet bash -c "$app" || { echo "synthesis ($app) failed (its output is above)." >&2; return 1; }
  [[ -d $dir/.terraform/providers && -f $marker && $(<"$marker") == "$(init_fingerprint "$dir")" ]] && return 0
  local tf="${TERRAFORM_BINARY_NAME:-terraform}" log status=0
  log="$(mktemp)"
  "$tf" -chdir="$dir" init -input=false -no-color >"$log" 2>&1 || status=$?
  # A provider pin moved (a new @cdktf/provider-* package): the lock file must
  # follow it, as `cdktf deploy` does with -upgrade when the lock does not match.
  # Terraform wraps its messages at 78 columns: the words are matched across lines.
  if [[ $status -ne 0 ]] && tr -s ' \n' '  ' <"$log" | grep -Eq 'must use (terraform|tofu) init -upgrade'; then
    echo "The provider versions changed since the lock file was written: terraform init -upgrade"
    status=0
    "$tf" -chdir="$dir" init -input=false -no-color -upgrade >"$log" 2>&1 || status=$?
  fi
  if [[ $status -ne 0 ]]; then
    cat "$log" >&2
    echo "terraform init failed in $dir (its output is above)." >&2
    # The state backend changed here (say TODO_STATE_BACKEND=pg after local state): Terraform will not choose.
    if tr -s ' \n' '  ' <"$log" | grep -q 'Backend configuration changed'; then
      echo "  To move this stack's existing state to the new backend: $tf -chdir=$dir init -migrate-state" >&2
      echo "  To use the new backend's state as it is:                  $tf -chdir=$dir init -reconfigure" >&2
      echo "  then run the command again." >&2
    fi
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
  init_fingerprint "$dir" >"$marker" # after init, which may have written the lock file
}

# The options a user gives `npm run deploy` (for terraform apply) or `npm run
# diff` (for terraform plan) into TF_ARGS, checked before anything starts:
# Terraform's own options that fit a deploy go through (TERRAFORM_OPTIONS);
# cdktf's --auto-approve and --skip-provider-lock are accepted and change
# nothing (these commands never ask, and never run `terraform providers
# lock`); cdktf's other spellings are named with Terraform's. -destroy is
# refused for apply: npm run destroy asks first. Anything else exits 1.
TERRAFORM_OPTIONS='-parallelism=N -target=ADDRESS -replace=ADDRESS -refresh=false -refresh-only -var=NAME=VALUE -var-file=FILE -lock-timeout=DURATION -compact-warnings -no-color'
terraform_args() {
  local what="$1" tf_command="$2" arg
  shift 2
  TF_ARGS=()
  for arg in "$@"; do
    case "$arg" in
      --auto-approve | --skip-provider-lock) ;;
      -destroy | -destroy=*)
        if [[ $tf_command == apply ]]; then
          echo "$what: -destroy would remove everything, the PostgreSQL data too, without asking: use npm run destroy, which asks first." >&2
          exit 1
        fi
        TF_ARGS+=("$arg")
        ;;
      -parallelism=[0-9]* | -target=?* | -replace=?* | -refresh=true | -refresh=false | -refresh-only | -var=?*=* | -var-file=?* | -lock-timeout=[0-9]* | -compact-warnings | -no-color)
        TF_ARGS+=("$arg")
        ;;
      --parallelism=* | --terraform-parallelism=* | --refresh-only | --var=* | --var-file=* | --target=*)
        local name="${arg%%=*}"
        [[ $name == --terraform-parallelism ]] && name=--parallelism
        echo "$what: \"$arg\" is the cdktf CLI's spelling; here it is Terraform's: ${name#-}${arg#"${arg%%=*}"}" >&2
        exit 1
        ;;
      *)
        if [[ $arg != -* && -f $arg/plan.tfplan ]]; then
          echo "$what: \"$arg\" is a saved plan: apply it with npm run deploy -- --plan $arg (or npm run apply -- $arg)" >&2
        else
          echo "$what: \"$arg\" is not an option here. Terraform's that fit: $TERRAFORM_OPTIONS (values after =);" >&2
          echo "  the environment is chosen with TODO_ENV, the cluster with KUBE_CONTEXT; $what -- --help says more." >&2
        fi
        exit 1
        ;;
    esac
  done
}

# Runs a command while scripts/watch-pods.sh names stuck pods (Helm's wait says only "Still modifying…").
with_pod_watcher() {
  local status=0
  bash scripts/watch-pods.sh 9>&- &
  POD_WATCHER=$!
  trap 'kill $POD_WATCHER 2>/dev/null || true' EXIT # also when Ctrl-C ends the caller
  "$@" || status=$?
  kill "$POD_WATCHER" 2>/dev/null || true
  return "$status"
}
