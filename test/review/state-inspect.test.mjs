// `npm run state -- list | show ADDRESS` (scripts/state.sh inspect) in a
// throwaway copy of the checkout, on the local backend and on a real
// PostgreSQL (test/infra/pg-test.sh) through Terraform's pg backend. The
// state is made offline: the generated passwords apply without a cluster.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cleanEnv, copyCheckoutWithoutCluster, ROOT } from './checkout-copy.mjs';

const TF = process.env.TERRAFORM_BINARY_NAME || 'terraform';
let pg; // { url, dir } of the throwaway server

before(() => {
  const out = execFileSync('bash', [join(ROOT, 'test/infra/pg-test.sh'), 'start'], { encoding: 'utf8' });
  const value = (name) => out.match(new RegExp(`${name}=('?)([^' \\n]+)\\1`))?.[2];
  pg = { url: value('DATABASE_URL'), dir: value('PGTEST_DIR') };
  assert.ok(pg.url && pg.dir, `pg-test.sh start printed: ${out}`);
});
after(() => pg?.dir && spawnSync('bash', [join(ROOT, 'test/infra/pg-test.sh'), 'stop', pg.dir]));

const checkout = copyCheckoutWithoutCluster;

const envFor = (copy, extra = {}) => ({ ...cleanEnv(), KUBECONFIG: join(copy, 'kubeconfig'), ...extra });
const state = (copy, env, ...args) =>
  spawnSync('bash', ['scripts/state.sh', ...args], { cwd: copy, env, encoding: 'utf8' });

/** Creates the stack's two random_passwords in its state (offline) and returns their addresses. */
function applyPasswords(copy, env) {
  const stackDir = join(copy, 'cdktf.out/stacks/todo-local');
  const json = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8'));
  const passwords = Object.keys(json.resource.random_password).map((n) => `random_password.${n}`);
  const r = spawnSync(
    TF,
    [
      `-chdir=${stackDir}`,
      'apply',
      '-input=false',
      '-auto-approve',
      '-no-color',
      ...passwords.map((p) => `-target=${p}`),
    ],
    { env, encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  return passwords.sort();
}

/** The passwords' values, as `terraform show -json` gives them (to prove they are not printed). */
function passwordValues(copy, env) {
  const shown = execFileSync(TF, ['-chdir=cdktf.out/stacks/todo-local', 'show', '-json'], { cwd: copy, env });
  return JSON.parse(shown)
    .values.root_module.resources.filter((r) => r.type === 'random_password')
    .map((r) => r.values.result);
}

function checkInspection(copy, env, passwords) {
  const list = state(copy, env, 'inspect', 'list');
  assert.equal(list.status, 0, list.stderr);
  assert.deepEqual(list.stdout.trim().split('\n').sort(), passwords);

  const shown = state(copy, env, 'inspect', 'show', passwords[0]);
  assert.equal(shown.status, 0, shown.stderr);
  assert.match(
    shown.stdout,
    new RegExp(
      `^# ${passwords[0].replace(/\./g, '\\.')} \\(random_password, provider .*random\\); sensitive values masked`,
    ),
  );
  const values = JSON.parse(shown.stdout.split('\n').slice(1).join('\n'));
  assert.equal(values.result, '(sensitive value)');
  assert.equal(values.bcrypt_hash, '(sensitive value)');
  assert.equal(typeof values.length, 'number'); // plain attributes are shown
  const secrets = passwordValues(copy, env);
  assert.equal(secrets.length, 2);
  for (const secret of secrets) {
    assert.ok(secret.length >= 16);
    assert.ok(!shown.stdout.includes(secret) && !shown.stderr.includes(secret), 'a password was printed');
  }
}

describe('local state', () => {
  let copy, env;
  before(() => {
    copy = checkout('state-local-');
    env = envFor(copy);
  });
  after(() => spawnSync('rm', ['-rf', copy]));

  test('no state file: list says nothing is deployed, show names the file; neither needs Terraform', () => {
    const offline = { ...env, TERRAFORM_BINARY_NAME: '/nonexistent/terraform' };
    const r = state(copy, offline, 'inspect', 'list');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /holds no resources \(nothing deployed yet: state\/todo-local\.tfstate: file not found\)/);
    const shown = state(copy, offline, 'inspect', 'show', 'helm_release.release');
    assert.equal(shown.status, 1);
    assert.match(shown.stderr, /No resource helm_release\.release: state\/todo-local\.tfstate: file not found/);
    assert.ok(!existsSync(join(copy, 'cdktf.out')), 'nothing was synthesized');
  });

  test('npm run output with no state: exit 1, nothing is deployed', () => {
    const r = spawnSync('bash', ['scripts/output.sh'], { cwd: copy, env, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /No outputs: state\/todo-local\.tfstate: file not found/);
  });

  test('list and show: the addresses, then one resource with its sensitive attributes masked', () => {
    const ready = spawnSync('bash', ['-c', '. scripts/lib/prepare.sh && CFG_STACK=todo-local && synth_and_init'], {
      cwd: copy,
      env,
      encoding: 'utf8',
    });
    assert.equal(ready.status, 0, ready.stderr);
    const passwords = applyPasswords(copy, env);
    assert.ok(existsSync(join(copy, 'state/todo-local.tfstate')));
    checkInspection(copy, env, passwords);
  });

  test('no lock: inspection works while a deploy holds this checkout', () => {
    const holder = spawnSync(
      'bash',
      ['-c', '. scripts/lib/lock.sh && hold_deploy_lock "a test deploy" && bash scripts/state.sh inspect list'],
      { cwd: copy, env, encoding: 'utf8' },
    );
    assert.equal(holder.status, 0, holder.stderr);
    assert.equal(holder.stdout.trim().split('\n').length, 2);
  });

  test('usage and unknown addresses are errors that say what to run', () => {
    const usage = state(copy, env, 'inspect', 'show');
    assert.equal(usage.status, 1);
    assert.match(usage.stderr, /usage: npm run state -- list \| npm run state -- show ADDRESS/);
    const unknown = state(copy, env, 'inspect', 'show', 'helm_release.nope');
    assert.equal(unknown.status, 1);
    assert.match(
      unknown.stderr,
      /No resource helm_release\.nope in the state of todo-local; the addresses are: npm run state -- list/,
    );
  });
});

describe('PostgreSQL state (TODO_STATE_BACKEND=pg)', () => {
  let copy, env;
  before(() => {
    copy = checkout('state-pg-');
    env = envFor(copy, { TODO_STATE_BACKEND: 'pg', PG_CONN_STR: `${pg.url}?sslmode=disable` });
  });
  after(() => spawnSync('rm', ['-rf', copy]));

  test('npm run output with an empty state in the database: exit 1, nothing is deployed', () => {
    const r = spawnSync('bash', ['scripts/output.sh'], { cwd: copy, env, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /No outputs: the pg state of todo-local holds none, so nothing is deployed/);
  });

  test('list and show work against the database; no state file is written in the checkout', () => {
    const first = state(copy, env, 'inspect', 'list');
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stderr, /holds no resources \(nothing deployed yet\)/);
    const passwords = applyPasswords(copy, env);
    assert.ok(!existsSync(join(copy, 'state/todo-local.tfstate')), 'a local state file was written');
    checkInspection(copy, env, passwords);
    // Terraform's own command, as a user would run it in the stack folder.
    const listed = execFileSync(TF, ['-chdir=cdktf.out/stacks/todo-local', 'state', 'list'], { cwd: copy, env });
    assert.deepEqual(String(listed).trim().split('\n').sort(), passwords);
    const json = JSON.parse(readFileSync(join(copy, 'cdktf.out/stacks/todo-local/cdk.tf.json'), 'utf8'));
    assert.deepEqual(json.terraform.backend, { pg: { schema_name: 'todo_local' } });
  });

  test('state:backups, restore and recover say they are for local state (exit 1)', () => {
    for (const command of ['list', 'restore', 'recover']) {
      const r = state(copy, env, command);
      assert.equal(r.status, 1, `${command}: ${r.stdout}${r.stderr}`);
      assert.match(
        r.stderr,
        /^state:backups, state:restore and state:recover are for local state; this environment keeps its state in PostgreSQL \(TODO_STATE_BACKEND=pg, schema todo_local\)/,
      );
    }
  });

  test('without PG_CONN_STR: the config error names it, and nothing runs', () => {
    const r = state(copy, { ...env, PG_CONN_STR: '' }, 'inspect', 'list');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /TODO_STATE_BACKEND: is pg, which needs PG_CONN_STR/);
  });

  test('switching the same checkout back to local state re-synthesizes and re-initializes for it', () => {
    // A local state file with nothing in it, so that there is a local state to read.
    mkdirSync(join(copy, 'state'), { recursive: true });
    writeFileSync(
      join(copy, 'state/todo-local.tfstate'),
      JSON.stringify({
        version: 4,
        terraform_version: '1.5.0',
        serial: 1,
        lineage: 'test',
        outputs: {},
        resources: [],
      }),
    );
    const r = state(copy, envFor(copy), 'inspect', 'list');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /Synthesizing stack todo-local \(local state\)/);
    assert.equal(r.stdout, ''); // the pg state is not the local one
  });
});
