#!/usr/bin/env node
// Evaluates the Rego policies in policies/ on a Terraform plan's JSON with
// the opa CLI, as a Terraform Cloud policy set would (input.plan is the plan).
//
//   node scripts/policy-check.mjs --plan plans/plan.json [--allow-data-loss]
//
// The plan must be the UNMASKED `terraform show -json PLANFILE` (the masked
// plan.json hides the values the secret-flow policy checks). It goes to opa on
// stdin, never to a file. Prints a one-line verdict, then one line per denial
// (rule, resource address, why, how to override or fix).
// Exit status: 0 allowed, 1 denied, 2 error (no opa, unreadable plan, bad policy).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const POLICY_DIR = join(ROOT, 'policies');
const OPA = process.env.OPA_BINARY || 'opa';
// Every policy package's violations, each {rule, address, why, override}.
const QUERY = 'violations := [v | some name; some v in data.terraform.policies[name].violations]';
const OPA_HELP =
  'opa (the Open Policy Agent CLI, one binary) is not on PATH. Install it: https://www.openpolicyagent.org/docs#running-opa ' +
  "(or `go install github.com/open-policy-agent/opa@v1.22.4`); in this repository's tests: " +
  'bash test/infra/toolchain.sh opa && source "${TODO_CACHE_DIR:-$HOME/.cache/todo-chatbot}/env.sh". ' +
  'Set OPA_BINARY to use another path.';

export class PolicyError extends Error {}

/** The policies' packages (for the verdict line): data.terraform.policies.<name> with a `violations` rule. */
function policyNames(dir) {
  const r = spawnSync(
    OPA,
    ['eval', '--format', 'json', '--data', dir, 'names := [n | some n, p in data.terraform.policies; p.violations]'],
    {
      encoding: 'utf8',
    },
  );
  return r.status === 0 ? (JSON.parse(r.stdout).result?.[0]?.bindings?.names ?? []).sort() : [];
}

/**
 * The violations of `plan` (the parsed plan JSON). Throws PolicyError when
 * opa is missing or fails.
 */
export function evaluatePolicies(plan, { allowDataLoss = false, policyDir = POLICY_DIR } = {}) {
  if (
    !plan ||
    typeof plan !== 'object' ||
    !plan.format_version ||
    !('resource_changes' in plan || 'planned_values' in plan)
  ) {
    throw new PolicyError('the input is not a Terraform plan JSON (make it with: terraform show -json PLANFILE)');
  }
  const input = JSON.stringify({ plan, allow_data_loss: allowDataLoss });
  const r = spawnSync(OPA, ['eval', '--format', 'json', '--data', policyDir, '--stdin-input', QUERY], {
    input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error?.code === 'ENOENT') throw new PolicyError(OPA_HELP);
  if (r.error) throw new PolicyError(`opa could not run: ${r.error.message}`);
  if (r.status !== 0)
    throw new PolicyError(
      `opa failed on ${relative(process.cwd(), policyDir) || '.'}:\n${(r.stderr || r.stdout).trim()}`,
    );
  const bindings = JSON.parse(r.stdout).result?.[0]?.bindings;
  if (!bindings) throw new PolicyError('opa returned no result for the policies (is policies/ complete?)');
  const seen = new Set();
  return bindings.violations
    .filter((v) => !seen.has(JSON.stringify(v)) && seen.add(JSON.stringify(v)))
    .sort((a, b) => a.rule.localeCompare(b.rule) || a.address.localeCompare(b.address) || a.why.localeCompare(b.why));
}

/** The lines printed for a verdict: one line, then one per violation. */
export function formatVerdict(violations, names) {
  const checked = names.length ? ` (${names.join(', ')})` : '';
  if (violations.length === 0) return [`policy check: allowed${checked}`];
  return [
    `policy check: DENIED, ${violations.length} violation${violations.length === 1 ? '' : 's'}${checked}`,
    ...violations.map((v) => `  ${v.rule}: ${v.address}: ${v.why}. ${v.override}`),
  ];
}

function main(argv) {
  let args;
  try {
    ({ values: args } = parseArgs({
      args: argv,
      options: {
        plan: { type: 'string' },
        'allow-data-loss': { type: 'boolean', default: false },
        policies: { type: 'string', default: POLICY_DIR },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    console.error(
      `policy-check: ${e.message}\nusage: node scripts/policy-check.mjs --plan PLAN.json [--allow-data-loss]`,
    );
    return 2;
  }
  if (args.help) {
    console.log('usage: node scripts/policy-check.mjs --plan PLAN.json [--allow-data-loss] [--policies DIR]');
    return 0;
  }
  if (!args.plan) {
    console.error(
      'policy-check: --plan is required: the unmasked JSON of a saved plan (terraform show -json PLANFILE)',
    );
    return 2;
  }
  let plan;
  try {
    plan = JSON.parse(readFileSync(args.plan, 'utf8'));
  } catch (e) {
    // Not the parser's message: it may quote the file, which holds secrets.
    console.error(`policy-check: cannot read --plan ${args.plan}: ${e.code ? e.message : 'it is not valid JSON'}`);
    return 2;
  }
  try {
    const violations = evaluatePolicies(plan, { allowDataLoss: args['allow-data-loss'], policyDir: args.policies });
    for (const line of formatVerdict(violations, policyNames(args.policies))) console.log(line);
    return violations.length ? 1 : 0;
  } catch (e) {
    if (!(e instanceof PolicyError)) throw e;
    console.error(`policy-check: ${e.message}`);
    return 2;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(main(process.argv.slice(2)));
