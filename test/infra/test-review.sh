#!/usr/bin/env bash
# The review path's offline checks (docs/review.md): the Rego policies
# (opa fmt, opa check --strict, opa test), scripts/policy-check.mjs on small
# and on real synthesized plans, the Terraform Cloud upload archive
# (.terraformignore, listed with go-slug), npm run state and the pg backend's
# lock across clones on a throwaway PostgreSQL (test/review/). Needs the toolchain's opa, slug-ls,
# terraform and provider mirror (test/infra/toolchain.sh review providers), and
# PostgreSQL server binaries (test/infra/pg-test.sh installs Debian's when missing).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
CACHE="${TODO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/todo-chatbot}"
# shellcheck source=/dev/null
[[ -f "$CACHE/env.sh" ]] && source "$CACHE/env.sh"
command -v opa >/dev/null || { echo "opa is missing: bash test/infra/toolchain.sh opa"; exit 2; }

passed=0 failed=0
ok() { echo "  ok   $1"; passed=$((passed + 1)); }
fail() { echo "  FAIL $1"; failed=$((failed + 1)); }

echo "Rego policies ($(opa version | head -n1))"
unformatted="$(opa fmt --list policies/)"
if [[ -z $unformatted ]]; then ok "opa fmt: formatted"; else fail "opa fmt: not formatted (opa fmt -w policies/): $unformatted"; fi
if opa check --strict policies/; then ok "opa check --strict"; else fail "opa check --strict"; fi
out="$(opa test policies/ -v 2>&1)"
echo "$out" | grep -E '^data\.|^(PASS|FAIL|ERROR):' | sed 's/^/    /'
opa_pass="$(sed -n 's/^PASS: \([0-9]*\)\/.*/\1/p' <<<"$out")"
opa_fail="$(awk -F'[ /]' '/^(FAIL|ERROR): [0-9]+\//{n += $2} END{if (n) print n}' <<<"$out")"
passed=$((passed + ${opa_pass:-0})) failed=$((failed + ${opa_fail:-0}))
[[ -n $opa_pass || -n $opa_fail ]] || fail "opa test ran no test: $out"

echo "policy-check on small and real plans, the Terraform Cloud upload, npm run state, the pg lock (node --test test/review/)"
node_out="$(node --test --test-reporter=spec test/review/ 2>&1)"
echo "$node_out"
node_pass="$(sed -n 's/^ℹ pass \([0-9]*\)$/\1/p' <<<"$node_out")"
node_fail="$(sed -n 's/^ℹ fail \([0-9]*\)$/\1/p' <<<"$node_out")"
passed=$((passed + ${node_pass:-0})) failed=$((failed + ${node_fail:-0}))
[[ -n $node_pass ]] || fail "node --test test/review/ reported nothing"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
