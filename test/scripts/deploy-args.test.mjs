// What `npm run deploy` and `npm run diff` do with their arguments, before any
// preparation: one-dash options go to Terraform, cdktf's two flags are
// accepted and change nothing, anything else stops at once with a sentence.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { test } from 'node:test';

const ROOT = resolve(import.meta.dirname, '../..');
const bash = (script, args = []) =>
  spawnSync('bash', [script, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true' } });

/** TF_ARGS as terraform_args (scripts/lib/prepare.sh) leaves it, one per line. */
function terraformArgs(...args) {
  const r = spawnSync(
    'bash',
    [
      '-c',
      '. scripts/lib/prepare.sh && terraform_args "npm run deploy" apply "$@" && printf "%s\\n" "${TF_ARGS[@]}"',
      '_',
      ...args,
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  return { status: r.status, args: r.stdout.split('\n').filter(Boolean), stderr: r.stderr };
}

test('one-dash options go to terraform; cdktf deploy flags are accepted and dropped', () => {
  assert.deepEqual(
    terraformArgs('-parallelism=4', '--skip-provider-lock', '--auto-approve', '-target=helm_release.x'),
    {
      status: 0,
      args: ['-parallelism=4', '-target=helm_release.x'],
      stderr: '',
    },
  );
  assert.deepEqual(terraformArgs().args, []);
});

test('an unknown two-dash option or a bare word stops with a sentence naming it', () => {
  const unknown = terraformArgs('--parallelism=4');
  assert.equal(unknown.status, 1);
  assert.match(
    unknown.stderr,
    /npm run deploy: unknown option "--parallelism=4"\. Options with one dash go to terraform apply/,
  );
  const word = terraformArgs('cluster');
  assert.equal(word.status, 1);
  assert.match(
    word.stderr,
    /unexpected argument "cluster": Terraform options take their value after = \(-target=ADDRESS\); the environment is chosen with TODO_ENV/,
  );
  const destroy = terraformArgs('-destroy');
  assert.equal(destroy.status, 1);
  assert.match(
    destroy.stderr,
    /-destroy would remove everything, the PostgreSQL data too, without asking: use npm run destroy/,
  );
});

test('deploy.sh refuses a bad argument before taking the lock or reading the config', () => {
  const r = bash('scripts/deploy.sh', ['--bogus']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /unknown option "--bogus"/);
  assert.doesNotMatch(r.stdout + r.stderr, /==> /);
});

test('deploy.sh --plan is npm run apply; --help prints the usage', () => {
  const plan = bash('scripts/deploy.sh', ['--plan', '/nowhere']);
  assert.equal(plan.status, 1);
  assert.match(plan.stderr, /npm run apply: \/nowhere\/plan\.tfplan: file not found/);
  const help = bash('scripts/deploy.sh', ['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^The main command: deploy the Todo AI Chatbot/);
  assert.match(help.stdout, /options with one dash go to `terraform apply`/);
});

test('npm run diff takes the same arguments, for terraform plan', () => {
  const r = bash('scripts/plan.sh', ['--diff', '--bogus']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /npm run diff: unknown option "--bogus"\. Options with one dash go to terraform plan/);
  assert.match(bash('scripts/plan.sh', ['--diff', '--help']).stdout, /`npm run diff`: the same, shown only/);
});
