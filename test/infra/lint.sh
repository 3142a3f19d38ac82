#!/usr/bin/env bash
# The lint checks, for `npm run lint` and the lint phase of test/infra/test-all.sh:
# every tracked shell script (*.sh, and the minikube stand-in, which must be
# named `minikube`) at shellcheck's warning level (Debian's shellcheck); then
# ESLint (eslint.config.mjs) and Prettier's formatting (.prettierrc.json) over
# the TypeScript and JavaScript. Ends with "N passed, N failed"; exit 1 on any.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2

if ! command -v shellcheck >/dev/null 2>&1; then
  [[ $(id -u) == 0 ]] || { echo "shellcheck is missing (apt-get install shellcheck)"; exit 1; }
  echo "installing shellcheck (apt-get)"
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq shellcheck >/dev/null 2>&1 ||
    { apt-get update -qq >/dev/null 2>&1; apt-get -o DPkg::Lock::Timeout=600 install -y -qq shellcheck >/dev/null; } || exit 1
fi
# One shellcheck run over all the scripts (a process per file costs seconds); the files with problems are named.
mapfile -t scripts < <(git ls-files '*.sh' test/cluster/minikube-standin/minikube)
shellcheck -S warning -f gcc "${scripts[@]}" >"${TMPDIR:-/tmp}/lint-shellcheck.$$" 2>&1
mapfile -t bad < <(cut -d: -f1 "${TMPDIR:-/tmp}/lint-shellcheck.$$" | sort -u)
cat "${TMPDIR:-/tmp}/lint-shellcheck.$$"; rm -f "${TMPDIR:-/tmp}/lint-shellcheck.$$"
p=$((${#scripts[@]} - ${#bad[@]})) n=${#bad[@]}
[[ $n -gt 0 ]] && printf 'shellcheck: %s\n' "${bad[@]}"
echo "shellcheck: ${#scripts[@]} scripts, $n with problems"
# Caches (node_modules/.cache) keyed by content: a second run checks only what changed.
if npx --no-install eslint --cache --cache-strategy content --cache-location node_modules/.cache/eslint/ .; then
  p=$((p + 1)); echo "eslint: clean"
else n=$((n + 1)); echo "eslint: problems above"; fi
if npx --no-install prettier --cache --check . >/dev/null; then p=$((p + 1)); echo "prettier: formatted"; else
  n=$((n + 1)); echo "prettier: these files are not formatted (npx prettier --write <file>):"; npx --no-install prettier --cache --list-different .
fi
echo "$p passed, $n failed"
[[ $n -eq 0 ]]
