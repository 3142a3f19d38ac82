// Shared state on a real PostgreSQL (#18 §4): two clones of the repository
// deploy at the same moment with TODO_STATE_BACKEND=pg (Terraform's pg
// backend, PG_CONN_STR only in the environment). The per-checkout flock
// cannot see the other clone; Terraform's state lock in PostgreSQL can: the
// second deploy waits for it (or stops with a message), the holder is named
// in PostgreSQL (application_name), and afterwards the state holds every
// resource of the stack exactly once. Runs in its own namespace and host
// (todo-race, race.todo.local), so the other suites' deployment is untouched.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { stripVTControlCharacters } from 'node:util';
import { CDKTF_FLAGS, LOG, TF, WORKDIR, kubectl, kubectlJson, step, transcript } from './harness.mjs';

const NAMESPACE = 'todo-race';
let pg, clones, env, outcomes;

function psql(sql) {
  const bin = readdirSync('/usr/lib/postgresql').map((v) => `/usr/lib/postgresql/${v}/bin/psql`)[0];
  return execFileSync(bin, [pg.url, '-Atc', sql], { encoding: 'utf8' }).trim();
}

/** A second checkout: the work tree without its deploy's files, dependencies hard-linked. */
function clone(name) {
  const dir = join(mkdtempSync(join(tmpdir(), 'todo-race-')), name);
  execFileSync('bash', [
    '-c',
    'mkdir -p "$1" && tar -C "$0" --exclude=./node_modules --exclude=./cdktf.out --exclude=./state --exclude=./plans -cf - . | tar -C "$1" -xf - && cp -al "$0/node_modules" "$1/node_modules"',
    WORKDIR,
    dir,
  ]);
  return dir;
}

function deployIn(dir, name) {
  const child = spawn('bash', ['scripts/deploy.sh', ...CDKTF_FLAGS], { cwd: dir, env });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (output += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (output += d));
  const started = Date.now();
  return new Promise((resolve) =>
    child.on('close', (status) => {
      const clean = stripVTControlCharacters(output);
      transcript.push(clean);
      appendFileSync(LOG, `\n$ bash scripts/deploy.sh (clone ${name}, exit ${status})\n${clean}`);
      resolve({ name, status, output: clean, seconds: (Date.now() - started) / 1000, ended: Date.now() });
    }),
  );
}

before(() => {
  const out = execFileSync('bash', ['test/infra/pg-test.sh', 'start'], { cwd: WORKDIR, encoding: 'utf8' });
  const value = (name) => out.match(new RegExp(`${name}=('?)([^' \\n]+)\\1`))?.[2];
  pg = { url: value('DATABASE_URL'), dir: value('PGTEST_DIR') };
  assert.ok(pg.url && pg.dir, out);
  clones = { a: clone('a'), b: clone('b') };
  env = {
    ...process.env,
    TODO_STATE_BACKEND: 'pg',
    PG_CONN_STR: `${pg.url}?sslmode=disable`,
    TODO_NAMESPACE: NAMESPACE,
    TODO_HOST: 'race.todo.local',
  };
  // The database's first use creates the schema and table; two first `terraform init`s at the same
  // moment can collide there (docs/review.md), so one clone initializes it, as a team's first user does.
  execFileSync('bash', ['scripts/state.sh', 'inspect', 'list'], { cwd: clones.a, env, stdio: 'ignore' });
});

after(() => {
  kubectl('delete', 'namespace', NAMESPACE, '--ignore-not-found', '--wait=false');
  if (pg?.dir) spawnSync('bash', ['test/infra/pg-test.sh', 'stop', pg.dir], { cwd: WORKDIR });
  for (const dir of Object.values(clones ?? {})) spawnSync('rm', ['-rf', join(dir, '..')]);
});

step(
  'two deploys from two clones at once: one waits for the state lock (or stops saying why), the holder is named in PostgreSQL',
  async () => {
    const holders = new Set();
    let racing = true;
    const watcher = (async () => {
      while (racing) {
        const names = psql(
          "SELECT application_name FROM pg_stat_activity JOIN pg_locks USING (pid) WHERE locktype = 'advisory' AND granted",
        );
        for (const n of names.split('\n').filter(Boolean)) holders.add(n);
        await new Promise((r) => setTimeout(r, 500));
      }
    })();
    outcomes = await Promise.all([deployIn(clones.a, 'a'), deployIn(clones.b, 'b')]);
    racing = false;
    await watcher;
    for (const o of outcomes) console.log(`  clone ${o.name}: exit ${o.status} after ${o.seconds.toFixed(0)} s`);
    console.log(`  state lock holders seen in pg_stat_activity: ${[...holders].join(' | ') || 'none'}`);

    assert.ok(
      outcomes.some((o) => o.status === 0),
      'at least one deploy succeeded',
    );
    for (const o of outcomes) {
      assert.match(
        o.output,
        /State: PostgreSQL \(TODO_STATE_BACKEND=pg\)\. A deploy from another clone holding the state lock makes this one wait/,
      );
      if (o.status !== 0) {
        // A stop must say why: the other clone's running Helm operation or the lock.
        assert.match(
          o.output,
          /another deploy \(another machine, CI\) may still be running it|state lock/i,
          o.output.slice(-3000),
        );
      }
    }
    const waited = outcomes.filter((o) => o.status === 0 && /Acquiring state lock/.test(o.output));
    console.log(`  deploys that waited for the lock: ${waited.map((o) => o.name).join(', ') || 'none'}`);
    assert.ok(
      [...holders].some((h) => /^todo-chatbot npm run deploy \S+@\S+ pid \d+$/.test(h)),
      `the holder is named: ${[...holders].join(' | ')}`,
    );
  },
);

step('the shared state is intact: terraform state list in either clone is every resource of the stack, once', () => {
  const stackDir = join(clones.a, 'cdktf.out', 'stacks', 'todo-local');
  const synthesized = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8'));
  assert.deepEqual(synthesized.terraform.backend, { pg: { schema_name: 'todo_local' } });
  const expected = Object.entries(synthesized.resource)
    .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
    .sort();
  const listed = execFileSync(TF, [`-chdir=${stackDir}`, 'state', 'list'], { env, encoding: 'utf8' })
    .trim()
    .split('\n')
    .sort();
  assert.deepEqual(listed, expected);
  const inB = execFileSync('bash', ['scripts/state.sh', 'inspect', 'list'], { cwd: clones.b, env, encoding: 'utf8' })
    .trim()
    .split('\n')
    .sort();
  assert.deepEqual(inB, expected);
  assert.equal(psql("SELECT count(*) FROM todo_local.states WHERE name = 'default'"), '1');
});

step('the app the race deployed runs, and a third deploy from either clone changes nothing', () => {
  const deployments = kubectlJson('-n', NAMESPACE, 'get', 'deployments').items;
  assert.ok(deployments.length >= 2);
  for (const d of deployments) assert.equal(d.status.availableReplicas, d.spec.replicas, d.metadata.name);
  const again = spawnSync('bash', ['scripts/deploy.sh', ...CDKTF_FLAGS], { cwd: clones.b, env, encoding: 'utf8' });
  const output = stripVTControlCharacters(`${again.stdout}${again.stderr}`);
  transcript.push(output);
  appendFileSync(LOG, `\n$ bash scripts/deploy.sh (clone b, again; exit ${again.status})\n${output}`);
  assert.equal(again.status, 0, output.slice(-3000));
  assert.match(output, /No changes|0 added, 0 changed, 0 destroyed/);
});

step(
  'on the deployed stack, a plan that destroys the namespace (and the claim in it) is denied by policy, and allowed with --allow-data-loss',
  () => {
    const stackDir = join(clones.a, 'cdktf.out', 'stacks', 'todo-local');
    const check = (planArgs, checkArgs) => {
      execFileSync(TF, [`-chdir=${stackDir}`, 'plan', '-input=false', '-no-color', '-out=review.tfplan', ...planArgs], {
        env,
        stdio: 'ignore',
      });
      const planJson = join(clones.a, 'plan-unmasked.json');
      execFileSync(
        'bash',
        ['-c', 'umask 077 && "$0" -chdir="$1" show -json review.tfplan > "$2"', TF, stackDir, planJson],
        { env },
      );
      const r = spawnSync('node', ['scripts/policy-check.mjs', '--plan', planJson, ...checkArgs], {
        cwd: clones.a,
        encoding: 'utf8',
      });
      transcript.push(r.stdout + r.stderr);
      return r;
    };
    const namespace = (json) => `kubernetes_namespace_v1.${Object.keys(json.resource.kubernetes_namespace_v1)[0]}`;
    const synthesized = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8'));
    for (const planArgs of [['-destroy'], [`-replace=${namespace(synthesized)}`]]) {
      const denied = check(planArgs, []);
      assert.equal(denied.status, 1, denied.stdout + denied.stderr);
      assert.match(
        denied.stdout,
        new RegExp(
          `data_loss: ${namespace(synthesized).replace(/\./g, '\\.')}: would (destroy|replace) it: deleting the namespace deletes everything in it, the PostgreSQL claim`,
        ),
      );
      if (planArgs[0] === '-destroy') {
        assert.match(denied.stdout, /data_loss: helm_release\.\S+: would destroy the release that runs PostgreSQL/);
        assert.match(denied.stdout, /data_loss: random_password\.\S+: would destroy it/);
      }
      const allowed = check(planArgs, ['--allow-data-loss']);
      assert.equal(allowed.status, 0, allowed.stdout + allowed.stderr);
      assert.match(allowed.stdout, /^policy check: allowed/);
    }
  },
);
