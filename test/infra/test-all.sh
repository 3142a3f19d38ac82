#!/usr/bin/env bash
# The whole test suite, from fast to real (docs/architecture.md, "Tests"):
#
#   npm test                      # everything (what .ci/run runs)
#   npm test -- --only stacks,chart
#   npm test -- --skip deploy,e2e
#
# Phases: deps, lint (shellcheck, ESLint, Prettier), stacks (jest), backend, frontend, clock (both
# again 400 days ahead, under faketime: no test may read the real clock), api
# (schemathesis against the OpenAPI document),
# toolchain, review (policies with opa, real plans, the Terraform Cloud upload), chart,
# terraform, images, deploy (the real node: npm run
# test:cluster), e2e. The toolchain (Go builds: minutes when cold) is
# provisioned in the background while the app tests run. The last line counts
# tests, not phases.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
ROOT="$PWD"
export TODO_CACHE_DIR="${TODO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/todo-chatbot}"
mkdir -p "$TODO_CACHE_DIR" "$ROOT/test-results"

ALL_PHASES=(deps lint stacks backend frontend clock api toolchain review chart terraform images deploy e2e)
only="" skip=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --only) only=",$2,"; shift 2 ;;
    --skip) skip=",$2,"; shift 2 ;;
    -h|--help) sed -n '2,/^set -uo/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
  esac
done
wanted() { [[ ( -z "$only" || "$only" == *",$1,"* ) && "$skip" != *",$1,"* ]]; }
for name in ${only//,/ } ${skip//,/ }; do
  [[ " ${ALL_PHASES[*]} " == *" $name "* ]] || { echo "unknown phase: $name (phases: ${ALL_PHASES[*]})" >&2; exit 2; }
done

declare -a results=() skipped_phases=()
tests_passed=0 tests_failed=0 tests_skipped=0 phases_failed=0
suite_start=$SECONDS
log_dir="$ROOT/test-results/logs"
mkdir -p "$log_dir"

# count_tests LOG: "passed failed skipped" of the tests a phase's runners
# reported (jest, node:test, vitest, and our scripts' "N passed, N failed").
count_tests() {
  node -e '
    const text = require("fs").readFileSync(process.argv[1], "utf8").replace(/\x1b\[[0-9;]*m/g, "");
    let p = 0, f = 0, s = 0, m;
    const last = (re) => { let r = null; for (const x of text.matchAll(re)) r = x; return r; };
    // Our own runners end with "N passed, N failed[, N skipped]", which already sums
    // the runners they called (the deploy phase: scenarios, e2e, chart, teardown).
    if ((m = last(/^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/gm))) {
      console.log(+m[1], +m[2], +(m[3] ?? 0));
      process.exit(0);
    }
    // jest: "Tests:       1 failed, 2 skipped, 83 passed, 86 total" (one summary per run)
    for (m of text.matchAll(/^Tests:\s+(.*\d+ total)$/gm)) {
      p += +(m[1].match(/(\d+) passed/)?.[1] ?? 0); f += +(m[1].match(/(\d+) failed/)?.[1] ?? 0);
      s += +(m[1].match(/(\d+) (skipped|todo)/)?.[1] ?? 0);
    }
    // vitest: "Tests  1 failed | 31 passed (32)"
    for (m of text.matchAll(/^\s*Tests\s+(.*)\(\d+\)$/gm)) {
      p += +(m[1].match(/(\d+) passed/)?.[1] ?? 0); f += +(m[1].match(/(\d+) failed/)?.[1] ?? 0);
      s += +(m[1].match(/(\d+) skipped/)?.[1] ?? 0);
    }
    // node:test, TAP or spec reporter: "# pass 31" / "ℹ pass 31" (one block per run)
    for (m of text.matchAll(/^(?:#|ℹ) pass (\d+)$/gm)) p += +m[1];
    for (m of text.matchAll(/^(?:#|ℹ) fail (\d+)$/gm)) f += +m[1];
    for (m of text.matchAll(/^(?:#|ℹ) skipped (\d+)$/gm)) s += +m[1];
    console.log(p, f, s);
  ' "$1"
}

run_phase() { # name, command...
  local name="$1"; shift
  if ! wanted "$name"; then skipped_phases+=("$name"); return 0; fi
  local start=$SECONDS log="$log_dir/$name.log" status=0 p f s
  printf '\n===== %s (%s) =====\n' "$name" "$(date +%H:%M:%S)"
  # Not a pipeline: the phase runs in this shell (the toolchain phase waits for its background job).
  "$@" > >(tee "$log") 2>&1 || status=$?
  wait $! 2>/dev/null || true  # tee has written everything
  read -r p f s < <(count_tests "$log")
  tests_passed=$((tests_passed + p)) tests_failed=$((tests_failed + f)) tests_skipped=$((tests_skipped + s))
  local what="$p passed, $f failed, $s skipped"
  [[ $((p + f + s)) -eq 0 ]] && what="no tests (set-up)"
  if [[ $status -eq 0 ]]; then
    results+=("ok    $name: $what ($((SECONDS - start)) s)")
  else
    phases_failed=$((phases_failed + 1))
    # A phase that failed without a failing test (a crash, a set-up error) still fails the suite.
    [[ $f -eq 0 ]] && tests_failed=$((tests_failed + 1)) && what="$what; the phase itself failed (exit $status), counted as 1 failure"
    results+=("FAIL  $name: $what ($((SECONDS - start)) s; log: ${log#"$ROOT"/})")
  fi
}

npm_ci() { # dir
  if [[ ! -d "$1/node_modules" || "$1/package-lock.json" -nt "$1/node_modules/.package-lock.json" ]]; then
    echo "npm ci in ${1#"$ROOT"/}"
    (cd "$1" && npm ci --no-audit --no-fund --loglevel=error) || return 1
  fi
}

phase_deps() {
  local dir
  for dir in "$ROOT" "$ROOT/app/backend" "$ROOT/app/frontend" "$ROOT/test/e2e" "$ROOT/test/chart" "$ROOT/test/deploy"; do
    [[ -f "$dir/package-lock.json" ]] && { npm_ci "$dir" || return 1; }
  done
  return 0
}

# The lint checks (shellcheck, ESLint, Prettier): the same script as `npm run lint`.
phase_lint() { bash test/infra/lint.sh; }
phase_stacks() { npx --no-install tsc -p tsconfig.json --noEmit && npx --no-install jest --ci && node --test test/scripts/; }
phase_backend() { (cd app/backend && npm test); }
# The API against its OpenAPI document (schemathesis, all checks, bounded) on a real PostgreSQL.
phase_api() { bash app/backend/test/api/schemathesis.sh; }
phase_frontend() { (cd app/frontend && npm test && npm run build && npm run size); }
# A fixture that hard-coded "tomorrow" once broke the suite for every later day:
# the app suites run again with the clock 400 days ahead (Debian's faketime).
phase_clock() {
  if ! command -v faketime >/dev/null 2>&1; then
    [[ $(id -u) == 0 ]] || { echo "faketime is missing (apt-get install faketime)"; return 1; }
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq faketime >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null 2>&1; apt-get -o DPkg::Lock::Timeout=600 install -y -qq faketime >/dev/null; } || return 1
  fi
  echo "clock: $(faketime -f '+400d' date -u +%F) (400 days ahead)"
  (cd app/frontend && faketime -f '+400d' npx --no-install vitest run) &&
    (cd app/backend && faketime -f '+400d' npm run test:unit && faketime -f '+400d' npm run test:integration)
}

toolchain_pid=""
toolchain_log="$log_dir/toolchain-build.log"
start_toolchain() {
  echo "Provisioning the toolchain in the background (log: ${toolchain_log#"$ROOT"/})"
  bash test/infra/toolchain.sh >"$toolchain_log" 2>&1 &
  toolchain_pid=$!
}
phase_toolchain() {
  if [[ -n "$toolchain_pid" ]]; then
    echo "Waiting for the toolchain (pid $toolchain_pid)..."
    local status=0
    wait "$toolchain_pid" || status=$?
    cat "$toolchain_log"
    return $status
  fi
  bash test/infra/toolchain.sh
}
phase_review() { bash test/infra/test-review.sh; }
phase_chart() { bash test/infra/test-chart.sh; }
phase_terraform() { bash test/infra/test-terraform.sh; }
phase_images() { bash test/infra/test-images.sh; }
phase_deploy() { bash test/infra/test-deploy.sh; }
phase_e2e() { bash test/infra/test-e2e.sh; }

# Stop at the end whatever Docker engine the suite itself had to start.
docker_was_running=false
docker info >/dev/null 2>&1 && docker_was_running=true
stop_started_docker() {
  local pidfile="$TODO_CACHE_DIR/docker/dockerd.pid"
  if [[ $docker_was_running == false && -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "Stopping the Docker engine the suite started (pid $(cat "$pidfile"))"
    kill "$(cat "$pidfile")" 2>/dev/null || true
  fi
}
trap 'stop_started_docker; [[ -n "$toolchain_pid" ]] && kill "$toolchain_pid" 2>/dev/null || true' EXIT

run_phase deps phase_deps
run_phase lint phase_lint
# The toolchain is only needed from the chart phase on; build it while the app tests run.
if wanted toolchain; then start_toolchain; fi
run_phase stacks phase_stacks
run_phase backend phase_backend
run_phase frontend phase_frontend
run_phase clock phase_clock
run_phase api phase_api
run_phase toolchain phase_toolchain
run_phase review phase_review
run_phase chart phase_chart
run_phase terraform phase_terraform
run_phase images phase_images
run_phase deploy phase_deploy
run_phase e2e phase_e2e

printf '\n===== summary (%d s) =====\n' "$((SECONDS - suite_start))"
printf '%s\n' "${results[@]}"
[[ ${#skipped_phases[@]} -gt 0 ]] && echo "skipped phases: ${skipped_phases[*]}"
echo "$tests_passed passed, $tests_failed failed, $tests_skipped skipped"
[[ $tests_failed -eq 0 && $phases_failed -eq 0 ]]
