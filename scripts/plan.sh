#!/usr/bin/env bash
# `npm run plan`: what a deploy would do, saved for review and for
# `npm run apply` to apply exactly that. `npm run diff`: the same, shown only.
#
#   npm run plan                          # plans/<stack>-<UTC time>/ and plans/latest
#   npm run plan -- --markdown-only       # prints only plan.md (progress goes to stderr)
#   npm run plan -- --allow-data-loss     # the policies allow destroying data (see docs/review.md)
#   npm run diff [-- terraform plan args] # the plan shown, not saved (what `cdktf diff` shows; bash scripts/plan.sh --diff)
#
# Both run the preparation every command shares (scripts/lib/prepare.sh, read
# mode: config, Minikube's Docker, the lock, the preflight, the state check and
# a read-only pending-release check; nothing is started, healed or backed up).
# `plan` then synthesizes, runs `terraform plan -out` in the stack folder and
# writes, owner-only (folder 0700, files 0600):
#   plan.tfplan    the saved plan (it holds secret values, as the state does)
#   plan.json      `terraform show -json`, every sensitive value masked (scripts/plan.mjs)
#   plan.md        the summary a reviewer reads (counts, changes, images, values, risks)
#   manifest.json  the stack, config hash, input hashes and state serial it was made for
# `npm run plan` exits as `terraform plan -detailed-exitcode`: 0 no changes,
# 2 changes, 1 error (or denied by a policy). `npm run diff` exits 0 unless
# Terraform fails, and takes Terraform's options as `npm run deploy` does
# (npm run deploy -- --help).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ${1:-} == --diff ]]; then
  shift
  for arg in "$@"; do
    [[ $arg == -h || $arg == --help || $arg == -help ]] && { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0; }
  done
  # shellcheck source=lib/prepare.sh
  . scripts/lib/prepare.sh
  terraform_args "npm run diff" plan "$@"
  prepare_environment "npm run diff" read
  step "Synthesizing and initializing cdktf.out/stacks/$CFG_STACK (the cdktf app, terraform init when needed)"
  synth_and_init || exit 1
  step "terraform plan (environment $CFG_ENVIRONMENT, context $CFG_CONTEXT)"
  # What `cdktf diff` shows, from the same synthesized stack deploy applies.
  exec "${TERRAFORM_BINARY_NAME:-terraform}" -chdir="cdktf.out/stacks/$CFG_STACK" plan -input=false "${TF_ARGS[@]}"
fi

markdown_only=false policy_args=()
for arg in "$@"; do
  case "$arg" in
    --markdown-only) markdown_only=true ;;
    --allow-data-loss) policy_args+=(--allow-data-loss) ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "npm run plan: unknown argument \"$arg\" (known: --markdown-only, --allow-data-loss)" >&2; exit 1 ;;
  esac
done
# With --markdown-only, stdout is plan.md alone: everything else goes to stderr.
exec 3>&1
[[ $markdown_only == true ]] && exec 1>&2

# shellcheck source=lib/prepare.sh
. scripts/lib/prepare.sh
prepare_environment "npm run plan" read
tf="${TERRAFORM_BINARY_NAME:-terraform}"
stack_dir="cdktf.out/stacks/$CFG_STACK"

step "Synthesizing and initializing $stack_dir (the cdktf app, terraform init when needed)"
synth_and_init || exit 1

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
created="${stamp:0:4}-${stamp:4:2}-${stamp:6:2}T${stamp:9:2}:${stamp:11:2}:${stamp:13:2}Z"
mkdir -p plans
chmod 700 plans
plan_dir="plans/$CFG_STACK-$stamp"
n=1
while ! mkdir -m 700 "$plan_dir" 2>/dev/null; do # two plans in one second
  n=$((n + 1))
  plan_dir="plans/$CFG_STACK-$stamp-$n"
done
# The unmasked JSON lives only while the policies read it.
trap 'rm -f "$plan_dir/.unmasked.json" "$plan_dir/.policies.txt"' EXIT
failed() { echo "$1; the incomplete $plan_dir was removed." >&2; rm -rf "$plan_dir"; exit 1; }

# Before the plan, under the lock: the state serial it is made against.
node scripts/plan.mjs manifest "$stack_dir" --created "$created" >"$plan_dir/manifest.json" || failed "the manifest could not be written"

step "terraform plan (environment $CFG_ENVIRONMENT, context $CFG_CONTEXT)"
status=0
"$tf" -chdir="$stack_dir" plan -input=false -detailed-exitcode -out="$PWD/$plan_dir/plan.tfplan" || status=$?
[[ $status -eq 0 || $status -eq 2 ]] || failed "terraform plan failed (its error is above)"

"$tf" -chdir="$stack_dir" show -json "$PWD/$plan_dir/plan.tfplan" >"$plan_dir/.unmasked.json" || failed "terraform show -json failed"
policy_status="not evaluated (scripts/policy-check.mjs missing)"
policy_failed=false
if [[ -f scripts/policy-check.mjs ]]; then
  step "Policies (scripts/policy-check.mjs)"
  policy_exit=0
  # Its verdict and denials go into plan.md, through the same scrub as everything else there.
  node scripts/policy-check.mjs --plan "$plan_dir/.unmasked.json" "${policy_args[@]}" >"$plan_dir/.policies.txt" 2>&1 || policy_exit=$?
  case $policy_exit in
    0) policy_status="passed${policy_args[*]:+ (with --allow-data-loss)}" ;;
    1) policy_status="DENIED: npm run apply will refuse this plan"; policy_failed=true ;;
    *) policy_status="not evaluated: the policy check failed (exit $policy_exit)"; policy_failed=true ;;
  esac
fi
write_args=(write "$plan_dir" --policy-status "$policy_status" --policy-output "$plan_dir/.policies.txt")
[[ $markdown_only == true ]] && write_args+=(--markdown-only)
node scripts/plan.mjs "${write_args[@]}" <"$plan_dir/.unmasked.json" >&3 || failed "plan.json and plan.md could not be written"
rm -f "$plan_dir/.unmasked.json"
ln -sfn "${plan_dir#plans/}" plans/latest

echo
echo "Saved in $plan_dir/ (plans/latest points to it):"
echo "  plan.md     the summary to review"
echo "  plan.json   terraform show -json, sensitive values masked"
echo "  plan.tfplan the saved plan; apply exactly it: npm run apply -- $plan_dir"
if [[ $policy_failed == true ]]; then
  echo "Policies: $policy_status (the reasons are in $plan_dir/plan.md)" >&2
  exit 1
fi
[[ $status -eq 0 ]] && echo "No changes: the cluster matches the configuration."
exit "$status"
