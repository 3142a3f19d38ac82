#!/usr/bin/env bash
# `npm run apply -- PLAN` (or `npm run deploy -- --plan PLAN`): apply exactly
# a plan made by `npm run plan`, or nothing.
#
#   npm run apply -- plans/latest
#   npm run apply -- plans/todo-local-20261205T081500Z [--allow-data-loss]
#   (PLAN: a folder under plans/, or the plan.tfplan in one)
#
# The preparation every command shares (scripts/lib/prepare.sh, write mode:
# the lock, the config, Minikube's Docker, the preflight, the state check),
# then, before anything changes, the plan is refused with the reasons when:
#   - it was made for another stack, environment or config, or its inputs
#     (an image's content hash, the chart checksum) changed since
#     (scripts/plan.mjs check, against manifest.json);
#   - it is stale: the state changed since (another deploy or apply ran);
#     Terraform's own "Saved plan is stale" check guards this too;
#   - the policies deny it (scripts/policy-check.mjs; --allow-data-loss).
# Then, as deploy: heal a release left pending, back up the state,
# `terraform apply PLAN` in the stack folder while stuck pods are named, back
# up the state again, print the URL.
set -euo pipefail
cd "$(dirname "$0")/.."

plan_arg="" policy_args=()
for arg in "$@"; do
  case "$arg" in
    --allow-data-loss) policy_args+=(--allow-data-loss) ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "npm run apply: unknown option \"$arg\" (known: --allow-data-loss)" >&2; exit 1 ;;
    *)
      [[ -z "$plan_arg" ]] || { echo "npm run apply: one plan at a time (got \"$plan_arg\" and \"$arg\")" >&2; exit 1; }
      plan_arg="$arg"
      ;;
  esac
done
[[ -n "$plan_arg" ]] || { echo "npm run apply: which plan? e.g. npm run apply -- plans/latest (npm run plan makes one)" >&2; exit 1; }
plan_dir="$plan_arg"
[[ -f "$plan_arg" ]] && plan_dir="$(dirname "$plan_arg")"
plan_dir="${plan_dir%/}"
for f in plan.tfplan manifest.json; do
  [[ -f "$plan_dir/$f" ]] || {
    echo "npm run apply: $plan_dir/$f: file not found; PLAN is a folder npm run plan wrote (e.g. plans/latest)" >&2
    exit 1
  }
done
plan_file="$(cd "$plan_dir" && pwd -P)/plan.tfplan"

# shellcheck source=lib/prepare.sh
. scripts/lib/prepare.sh
prepare_environment "npm run apply" write
tf="${TERRAFORM_BINARY_NAME:-terraform}"
stack_dir="cdktf.out/stacks/$CFG_STACK"

step "Checking $plan_dir against this checkout"
# The stack folder must hold what the plan was made from: the chart asset and
# the build contexts are read from it while applying.
synth_and_init || exit 1
node scripts/plan.mjs check "$plan_dir" "$stack_dir"
echo "Same stack, config, inputs and state as when the plan was made."

if [[ -f scripts/policy-check.mjs ]]; then
  step "Policies (scripts/policy-check.mjs)"
  unmasked="$plan_dir/.unmasked.json"
  trap 'rm -f "$unmasked"' EXIT
  "$tf" -chdir="$stack_dir" show -json "$plan_file" >"$unmasked"
  policy_exit=0
  node scripts/policy-check.mjs --plan "$unmasked" "${policy_args[@]}" || policy_exit=$?
  rm -f "$unmasked"
  if [[ $policy_exit -ne 0 ]]; then
    echo "The policies refused $plan_dir (reasons above), and nothing was changed." >&2
    [[ $policy_exit -eq 1 ]] && echo "  If the loss is intended: npm run apply -- $plan_dir --allow-data-loss" >&2
    exit 1
  fi
else
  echo "policies: not evaluated (scripts/policy-check.mjs missing)"
fi

prepare_release

step "terraform apply $plan_dir (environment $CFG_ENVIRONMENT, context $CFG_CONTEXT)"
trap 'echo; echo "Interrupted. After one Ctrl-C, Terraform finishes the change it is making and saves the state (the plan is then stale: make a new one). After two, it stops at once: a Helm upgrade it was making is left pending, and the next npm run deploy or apply rolls it back first." >&2; restore_state_if_emptied; exit 130' INT
apply_log="$(mktemp)"
status=0
with_pod_watcher "$tf" -chdir="$stack_dir" apply -input=false "$plan_file" 2>&1 | tee "$apply_log" || status=$?
if [[ $status -ne 0 ]]; then
  if grep -q "Saved plan is stale" "$apply_log"; then
    echo >&2
    echo "Terraform refused $plan_dir as stale: the state changed after the plan was made (another deploy or apply ran), so applying it could undo that change. Nothing was changed." >&2
    echo "  Make a new plan and review it: npm run plan" >&2
  fi
  rm -f "$apply_log"
  exit "$status"
fi
rm -f "$apply_log"
node scripts/state.mjs backup # so the newest backup is the state this apply left

step "Done"
print_app_url
