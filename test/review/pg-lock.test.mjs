// The shared state's lock across clones, offline, on a real PostgreSQL
// (test/infra/pg-test.sh): Terraform's pg backend locks the state with a
// PostgreSQL advisory lock. Clone A holds it (`terraform apply` waiting at
// its prompt); clone B, with the environment scripts/lib/prepare.sh sets for
// TODO_STATE_BACKEND=pg, waits instead of failing, the holder is named in
// pg_stat_activity, and when A is killed outright (SIGKILL, twice) the lock
// goes with its connection and B proceeds. (Two real deploys racing on the
// node: test/deploy/pg-race.test.mjs.)
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cleanEnv, copyCheckoutWithoutCluster, ROOT } from './checkout-copy.mjs';

const TF = process.env.TERRAFORM_BINARY_NAME || 'terraform';
let pg, a, b, env, prepared;

function psql(sql) {
  const bin = readdirSync('/usr/lib/postgresql').map((v) => `/usr/lib/postgresql/${v}/bin/psql`)[0];
  return execFileSync(bin, [pg.url, '-Atc', sql], { encoding: 'utf8' }).trim();
}
const holders = () =>
  psql(
    "SELECT application_name FROM pg_stat_activity JOIN pg_locks USING (pid) WHERE locktype = 'advisory' AND granted",
  );

function checkout(prefix) {
  const copy = copyCheckoutWithoutCluster(prefix);
  // Synthesizes the pg-backed stack and initializes it (npm run state -- list).
  const r = spawnSync('bash', ['scripts/state.sh', 'inspect', 'list'], {
    cwd: copy,
    env: { ...env, KUBECONFIG: join(copy, 'kubeconfig') },
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  return {
    dir: copy,
    stack: join(copy, 'cdktf.out/stacks/todo-local'),
    env: { ...env, KUBECONFIG: join(copy, 'kubeconfig') },
  };
}

/** `terraform apply` in clone A, stopped at its prompt: it holds the state lock until it ends. */
async function holdLock(name) {
  const child = spawn(TF, [`-chdir=${a.stack}`, 'apply', '-no-color'], {
    env: { ...a.env, PGAPPNAME: name },
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (output += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.on('close', (status, signal) => resolve({ status, signal })));
  const deadline = Date.now() + 60_000;
  while (!/Enter a value:/.test(output)) {
    assert.ok(Date.now() < deadline, `terraform apply never reached its prompt:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, exited };
}

/** `terraform plan` in clone B with the preparation's environment; resolves with its exit and duration. */
function planInB(extraEnv = {}) {
  const started = Date.now();
  const child = spawn(TF, [`-chdir=${b.stack}`, 'plan', '-input=false', '-no-color'], {
    env: { ...b.env, ...prepared, ...extraEnv },
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (output += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (output += d));
  return new Promise((resolve) =>
    child.on('close', (status) => resolve({ status, output, seconds: (Date.now() - started) / 1000 })),
  );
}

before(() => {
  const out = execFileSync('bash', [join(ROOT, 'test/infra/pg-test.sh'), 'start'], { encoding: 'utf8' });
  const value = (name) => out.match(new RegExp(`${name}=('?)([^' \\n]+)\\1`))?.[2];
  pg = { url: value('DATABASE_URL'), dir: value('PGTEST_DIR') };
  assert.ok(pg.url && pg.dir, out);
  env = { ...cleanEnv(), TODO_STATE_BACKEND: 'pg', PG_CONN_STR: `${pg.url}?sslmode=disable` };
  a = checkout('pg-lock-a-');
  b = checkout('pg-lock-b-');
  // What the preparation exports with TODO_STATE_BACKEND=pg (the release timeout of the local environment: 600 s).
  const shown = execFileSync(
    'bash',
    [
      '-c',
      'CFG_STATE_BACKEND=pg CFG_TIMEOUT=600; . scripts/lib/prepare.sh; prepare_shared_state "npm run deploy" >/dev/null; env -0',
    ],
    { cwd: ROOT, env: cleanEnv(), encoding: 'utf8' },
  );
  prepared = Object.fromEntries(
    shown
      .split('\0')
      .filter((l) => /^(TF_CLI_ARGS_|PGAPPNAME=)/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
});
after(() => {
  if (pg?.dir) spawnSync('bash', [join(ROOT, 'test/infra/pg-test.sh'), 'stop', pg.dir]);
  for (const c of [a, b]) if (c) spawnSync('rm', ['-rf', c.dir]);
});

test('with pg the preparation makes Terraform wait for the lock and names the session', () => {
  assert.deepEqual(Object.keys(prepared).sort(), [
    'PGAPPNAME',
    'TF_CLI_ARGS_apply',
    'TF_CLI_ARGS_destroy',
    'TF_CLI_ARGS_plan',
  ]);
  assert.equal(prepared.TF_CLI_ARGS_apply, '-lock-timeout=1200s');
  assert.match(prepared.PGAPPNAME, /^todo-chatbot npm run deploy \S+@\S+ pid \d+$/);
});

test('one clone holds the state lock: the other, told not to wait, fails with the lock error of Terraform; the holder is named in PostgreSQL', async () => {
  const holder = await holdLock('todo-chatbot test holder A');
  try {
    assert.deepEqual(holders().split('\n'), ['todo-chatbot test holder A']);
    const r = await planInB({ TF_CLI_ARGS_plan: '-lock-timeout=0s' });
    assert.equal(r.status, 1);
    assert.match(r.output, /Error acquiring the state lock/);
  } finally {
    process.kill(-holder.child.pid, 'SIGKILL');
    await holder.exited;
  }
});

for (const round of [1, 2]) {
  test(`a holder killed outright (SIGKILL, round ${round}): the waiting clone proceeds as soon as the connection goes`, async () => {
    const holder = await holdLock(`todo-chatbot test holder round ${round}`);
    const waiting = planInB();
    await new Promise((r) => setTimeout(r, 3000));
    assert.match(holders(), new RegExp(`test holder round ${round}`));
    const killedAt = Date.now();
    process.kill(-holder.child.pid, 'SIGKILL');
    assert.equal((await holder.exited).signal, 'SIGKILL');
    const r = await waiting;
    assert.equal(r.status, 0, r.output);
    assert.match(r.output, /Acquiring state lock/);
    assert.ok(r.seconds >= 3, `it waited (${r.seconds} s)`);
    const afterKill = (Date.now() - killedAt) / 1000;
    console.log(
      `  round ${round}: clone B waited ${r.seconds.toFixed(1)} s, done ${afterKill.toFixed(1)} s after the kill`,
    );
    assert.ok(afterKill < 30, `B took ${afterKill} s after the kill`);
    assert.equal(holders(), '', 'no lock is left behind');
  });
}
