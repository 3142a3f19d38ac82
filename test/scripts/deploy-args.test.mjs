// What `npm run deploy` and `npm run diff` do with their arguments, before any
// preparation: Terraform's options that fit a deploy go to Terraform, cdktf's
// two flags are accepted and change nothing, anything else stops at once with
// a sentence (never after the lock, Minikube or Helm were touched).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';

const ROOT = resolve(import.meta.dirname, '../..');
const bash = (script, args = []) =>
  spawnSync('bash', [script, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true' } });

/** TF_ARGS as terraform_args (scripts/lib/prepare.sh) leaves it, one per line. */
function terraformArgs(command, ...args) {
  const r = spawnSync(
    'bash',
    [
      '-c',
      '. scripts/lib/prepare.sh && terraform_args "npm run x" "$@" && printf "%s\\n" "${TF_ARGS[@]}"',
      '_',
      command,
      ...args,
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  return { status: r.status, args: r.stdout.split('\n').filter(Boolean), stderr: r.stderr };
}

test("Terraform's options that fit a deploy go through; cdktf's two flags are accepted and dropped", () => {
  const options = [
    '-parallelism=4',
    '-target=helm_release.x',
    '-replace=docker_image.y',
    '-refresh=false',
    '-refresh-only',
    '-var=openai_api_key=sk-x',
    '-var-file=secrets.tfvars',
    '-lock-timeout=30s',
    '-compact-warnings',
    '-no-color',
  ];
  assert.deepEqual(terraformArgs('apply', '--skip-provider-lock', ...options, '--auto-approve'), {
    status: 0,
    args: options,
    stderr: '',
  });
  assert.deepEqual(terraformArgs('apply').args, []);
});

test('-destroy in any spelling is refused for apply (npm run destroy asks first), allowed for a plan', () => {
  for (const spelling of ['-destroy', '-destroy=true', '-destroy=1', '-destroy=t', '-destroy=True']) {
    const r = terraformArgs('apply', spelling);
    assert.equal(r.status, 1, spelling);
    assert.match(
      r.stderr,
      /-destroy would remove everything, the PostgreSQL data too, without asking: use npm run destroy/,
    );
  }
  assert.deepEqual(terraformArgs('plan', '-destroy').args, ['-destroy']);
});

test('an unknown option, a value given after a space, or a bare word stops at once, listing what fits', () => {
  for (const args of [['-bogus'], ['-target', 'helm_release.x'], ['-chdir=x'], ['-json'], ['cluster'], ['--bogus']]) {
    const r = terraformArgs('apply', ...args);
    assert.equal(r.status, 1, args.join(' '));
    assert.match(
      r.stderr,
      new RegExp(`npm run x: "${args[0]}" is not an option here\\. Terraform's that fit: -parallelism=N`),
    );
    assert.match(r.stderr, /the environment is chosen with TODO_ENV, the cluster with KUBE_CONTEXT/);
  }
});

test("cdktf's spellings are answered with Terraform's", () => {
  for (const [given, wanted] of [
    ['--var=a=b', '-var=a=b'],
    ['--var-file=x.tfvars', '-var-file=x.tfvars'],
    ['--refresh-only', '-refresh-only'],
    ['--parallelism=4', '-parallelism=4'],
    ['--terraform-parallelism=4', '-parallelism=4'],
  ]) {
    const r = terraformArgs('apply', given);
    assert.equal(r.status, 1);
    assert.equal(
      r.stderr.trim(),
      `npm run x: "${given}" is the cdktf CLI's spelling; here it is Terraform's: ${wanted}`,
    );
  }
});

const plans = mkdtempSync(join(tmpdir(), 'deploy-args-'));
after(() => rmSync(plans, { recursive: true, force: true }));

test('a saved plan given without --plan is named as one', () => {
  mkdirSync(join(plans, 'p1'));
  writeFileSync(join(plans, 'p1/plan.tfplan'), '');
  const r = terraformArgs('apply', join(plans, 'p1'));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /is a saved plan: apply it with npm run deploy -- --plan \S+p1 \(or npm run apply -- \S+p1\)/);
});

test('deploy.sh refuses a bad argument before taking the lock or reading the config', () => {
  for (const arg of ['--bogus', '-bogus', '-destroy=1']) {
    const r = bash('scripts/deploy.sh', [arg]);
    assert.equal(r.status, 1, arg);
    assert.match(r.stderr, /^npm run deploy: /);
    assert.doesNotMatch(r.stdout + r.stderr, /==> /);
  }
});

test('deploy.sh --plan is npm run apply, wherever it stands; --help prints the usage, wherever it stands', () => {
  const plan = bash('scripts/deploy.sh', ['--plan', '/nowhere']);
  assert.equal(plan.status, 1);
  assert.match(plan.stderr, /npm run apply: \/nowhere\/plan\.tfplan: file not found/);
  const later = bash('scripts/deploy.sh', ['--skip-provider-lock', '--plan', '/nowhere']);
  assert.match(later.stderr, /npm run apply: unknown option "--skip-provider-lock"/);
  for (const args of [['--help'], ['-parallelism=4', '--help'], ['-h']]) {
    const help = bash('scripts/deploy.sh', args);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^The main command: deploy the Todo AI Chatbot/);
    assert.match(help.stdout, /Options: Terraform's -parallelism=N, -target=ADDRESS/);
  }
});

test('npm run diff takes the same arguments, for terraform plan, and says how it exits', () => {
  const r = bash('scripts/plan.sh', ['--diff', '--bogus']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /npm run diff: "--bogus" is not an option here/);
  const help = bash('scripts/plan.sh', ['--diff', '-parallelism=2', '--help']).stdout;
  assert.match(help, /`npm run diff`: the same, shown only/);
  assert.match(help, /`npm run diff` exits 0 unless\nTerraform fails/);
});
