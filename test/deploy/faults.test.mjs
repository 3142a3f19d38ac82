// A user's bad day, on the real node: the PostgreSQL pod killed under load
// (the backend must not restart, nor answer 500), two deploys at once, a deploy
// interrupted (Ctrl-C once, twice, then kill -9) during the Helm upgrade, a lost state
// file, and the default Minikube path of scripts/deploy.sh, driven through a
// `minikube` stand-in (test/cluster/minikube-standin). After each fault a
// plain deploy (or the one documented recovery command) ends with a working
// app and unchanged passwords. Runs after resilience.test.mjs (the app is
// deployed).
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import {
  CDKTF_FLAGS,
  CONTEXT,
  KUBECONFIG,
  NS,
  RELEASE,
  STACK_DIR,
  TF,
  WORKDIR,
  cdktf,
  deploy,
  deployDetached,
  deploymentImage,
  eventually,
  helm,
  kubectl,
  kubectlJsonAsync,
  podsOf,
  run,
  runAsync,
  secretData,
  signUp,
  stateList,
  step,
  transcript,
  viaIngress,
} from './harness.mjs';

const SERVER_TS = join(WORKDIR, 'app/backend/src/server.ts');
const STATE_FILE = join(WORKDIR, 'state/todo-local.tfstate');
const BACKUPS = join(WORKDIR, 'state/backups');
const STANDIN_DIR = resolve(WORKDIR, 'test/cluster/minikube-standin');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const s = {}; // what the steps share

/** A backend source edit: the next deploy builds a new backend image and upgrades the release. */
let edits = 0;
const editBackend = () => appendFileSync(SERVER_TS, `\n// faults edit ${++edits}\n`);
const history = () => JSON.parse(helm('history', RELEASE, '-n', NS, '-o', 'json').stdout);
const latestRevision = () => history().at(-1);
const taskTitles = async () =>
  (await viaIngress('GET', '/api/tasks', { token: s.token })).json?.tasks?.map((t) => t.title).sort();

/** The app works and nothing secret changed: the passwords, the user's tasks, and a new sign-up. */
async function assertAppIntact(what) {
  assert.deepEqual(secretData(), s.secret, `${what}: the Secret's values changed`);
  assert.deepEqual(await eventually(`the task list through the ingress after ${what}`, taskTitles), s.titles);
  await eventually(`a sign-up through the ingress after ${what}`, () => signUp('faults'));
}

step('F0. a plain deploy, a signed-in user with tasks, the passwords noted', async () => {
  const plain = deploy({ label: 'faults: plain deploy' });
  // The hosts line names the address the ingress controller reports for the Ingress, not a placeholder.
  assert.match(plain.output, /Add this line to \/etc\/hosts so your browser finds it:\n\s+127\.0\.0\.1 todo\.local/);
  s.token = await eventually('a sign-up through the ingress', () => signUp('faults'));
  for (const title of ['call the plumber', 'pay rent']) {
    assert.equal((await viaIngress('POST', '/api/tasks', { token: s.token, body: { title } })).status, 201);
  }
  s.titles = await taskTitles();
  s.secret = secretData();
});

/**
 * Requests at `rate` per second through the ingress, in turn GET /api/tasks, POST /api/tasks (a new
 * title each) and POST /api/chat "add …" (a chat turn is a transaction: a connection checked out of the
 * pool), until stop(): the statuses seen, and the titles of tasks whose creation was answered 2xx.
 */
function startWriteLoad(token, rate) {
  const statuses = {};
  const errors = [];
  const written = [];
  const inFlight = new Set();
  let n = 0;
  const timer = setInterval(() => {
    const i = n++;
    const title = `outage write ${i}`;
    const request = [
      () => viaIngress('GET', '/api/tasks', { token }),
      () => viaIngress('POST', '/api/tasks', { token, body: { title } }),
      () => viaIngress('POST', '/api/chat', { token, body: { message: `add outage chat ${i}` } }),
    ][i % 3]();
    const done = request
      .then((res) => {
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (res.status === 201) written.push(title);
        if (res.status === 200 && res.json?.tool_calls)
          for (const call of res.json.tool_calls) if (call.result?.task?.title) written.push(call.result.task.title);
      })
      .catch((error) => errors.push(error.message))
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  }, 1000 / rate);
  return {
    statuses,
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
      return { requests: n, statuses, errors, written };
    },
  };
}

step(
  'D1. the PostgreSQL pod killed (--grace-period=0 --force) under 20 requests/s: the backend never restarts, no 500 (503 while the database is away), every write answered 2xx is kept',
  async () => {
    const backendRestarts = () =>
      Object.fromEntries(
        podsOf()
          .filter((p) => p.metadata.labels['app.kubernetes.io/component'] === 'backend')
          .map((p) => [p.metadata.name, p.status.containerStatuses?.[0]?.restartCount]),
      );
    const before = backendRestarts();
    assert.ok(Object.keys(before).length >= 1, 'no backend pod');
    const token = await eventually('a sign-up through the ingress', () => signUp('outage'));
    const pgPod = `${RELEASE}-postgresql-0`;
    const oldUid = (await kubectlJsonAsync('-n', NS, 'get', 'pod', pgPod)).metadata.uid;

    const load = startWriteLoad(token, 20);
    await sleep(3000);
    const servedBefore = (load.statuses[200] ?? 0) + (load.statuses[201] ?? 0);
    await runAsync('kubectl', [
      '--kubeconfig',
      KUBECONFIG,
      '--context',
      CONTEXT,
      '-n',
      NS,
      'delete',
      'pod',
      pgPod,
      '--grace-period=0',
      '--force',
    ]);
    const killedAt = Date.now();
    await eventually(
      'the new PostgreSQL pod to be Ready',
      async () => {
        const p = await kubectlJsonAsync('-n', NS, 'get', 'pod', pgPod);
        return p.metadata.uid !== oldUid && p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
      },
      120_000,
    );
    await eventually(
      'the app to serve again',
      async () => (await viaIngress('GET', '/api/tasks', { token })).status === 200,
      60_000,
    );
    const servedAgainSeconds = (Date.now() - killedAt) / 1000;
    await sleep(5000); // and it keeps serving
    const result = await load.stop();
    console.log(
      `  database pod killed: ${result.requests} requests, statuses ${JSON.stringify(result.statuses)}, ` +
        `${result.errors.length} without an answer, serving again ${servedAgainSeconds.toFixed(1)} s after the kill, ` +
        `${result.written.length} writes answered 2xx`,
    );

    assert.ok(servedBefore > 0, 'the load was served before the kill');
    assert.deepEqual(backendRestarts(), before, 'a backend container restarted (or its pod was replaced)');
    assert.equal(result.statuses[500], undefined, `${result.statuses[500]} answers were 500`);
    assert.deepEqual(
      Object.keys(result.statuses).filter((status) => !['200', '201', '503'].includes(status)),
      [],
      `statuses other than 200, 201 and 503: ${JSON.stringify(result.statuses)}`,
    );
    assert.ok(result.statuses[503] > 0, `the outage was not seen (no 503): ${JSON.stringify(result.statuses)}`);
    assert.deepEqual(result.errors, [], 'requests without an answer');
    const stored = new Set((await viaIngress('GET', '/api/tasks', { token })).json.tasks.map((t) => t.title));
    const lost = result.written.filter((title) => !stored.has(title));
    assert.deepEqual(lost, [], `${lost.length} of ${result.written.length} writes answered 2xx are missing`);
    assert.ok(
      result.written.some((title) => title.startsWith('outage chat')),
      'no chat turn added a task',
    );
    await assertAppIntact('the database pod killed');
  },
);

step(
  'F1. two terminals: the second deploy says another one is running (its PID), changes nothing, and exits; the first completes',
  async () => {
    editBackend();
    const first = deployDetached();
    await eventually('the first deploy past its lock', () => first.output().includes('==> Preflight'), 120_000);
    const second = run('bash', ['scripts/deploy.sh', ...CDKTF_FLAGS], { allowFailure: true });
    assert.equal(second.status, 1, second.output);
    assert.match(
      second.output,
      new RegExp(`Another deploy is running in this checkout \\(PID ${first.child.pid}: npm run deploy`),
    );
    assert.match(second.output, /nothing was changed/);
    // The PID is the script's; Ctrl-C goes to its process group (spawned detached, so the same number).
    assert.match(
      second.output,
      new RegExp(`process group ${first.child.pid}[\\s\\S]*kill -INT -- -${first.child.pid}`),
    );
    // It stopped before its preflight, so before any synth into the shared cdktf.out.
    assert.doesNotMatch(second.output, /==> (Preflight|terraform apply)|Synthesizing/);
    const done = await first.exited;
    assert.equal(done.status, 0, done.output.slice(-3000));
    await assertAppIntact('two deploys at once');
  },
);

/** A backend edit deployed, and `signals` sent to the deploy's process group (0.5 s apart) once Helm is upgrading. */
async function interruptDuringUpgrade(signals) {
  editBackend();
  const interrupted = deployDetached();
  await eventually(
    'the Helm upgrade to start',
    () => /helm_release\.\S+: Modifying/.test(interrupted.output()),
    300_000,
  );
  await sleep(2000); // Helm has recorded the pending revision and is waiting for the new pod
  for (const [i, signal] of signals.entries()) {
    if (i > 0) await sleep(500);
    process.kill(-interrupted.child.pid, signal);
  }
  return interrupted.exited;
}

step(
  'F2. Ctrl-C during the Helm upgrade: Terraform finishes the upgrade it started, saves the state and stops; nothing is left pending, the next plain deploy has nothing left to do',
  async () => {
    const stopped = await interruptDuringUpgrade(['SIGINT']);
    assert.notEqual(stopped.status, 0, 'the interrupted deploy must not succeed');
    assert.match(stopped.output, /Interrupt received\.\nPlease wait for Terraform to exit/);
    assert.match(
      stopped.output,
      /Interrupted\. After one Ctrl-C, Terraform finishes the change it is making and saves the state/,
    );
    assert.equal(latestRevision().status, 'deployed', 'a single Ctrl-C must not leave the release pending');
    const tag = run(TF, [`-chdir=${STACK_DIR}`, 'output', '-raw', 'backend_image']).stdout.trim();
    assert.equal(deploymentImage(`${RELEASE}-backend`), tag, 'the state records what runs');
    const next = deploy({ label: 'faults: deploy after one Ctrl-C' });
    assert.match(next.output, /nothing to heal/);
    assert.match(next.output, /Resources: 0 added, 0 changed, 0 destroyed|No changes\./);
    await assertAppIntact('Ctrl-C and a redeploy');
  },
);

for (const [id, signals, how] of [
  ['F3', ['SIGINT', 'SIGINT'], 'Ctrl-C twice (Terraform exits at once)'],
  ['F3b', ['SIGKILL'], 'the terminal killed (kill -9 of the process group)'],
]) {
  step(
    `${id}. ${how} during the Helm upgrade leaves the release pending-upgrade; the next plain deploy heals it and deploys, passwords unchanged`,
    async () => {
      const stopped = await interruptDuringUpgrade(signals);
      assert.notEqual(stopped.status, 0, 'the interrupted deploy must not succeed');
      if (signals[0] === 'SIGINT') {
        assert.match(stopped.output, /Two interrupts received\. Exiting immediately/);
        // Terraform's immediate exit can leave the state file empty: deploy.sh puts back the one from before the run.
        if (/left it empty or broken/.test(stopped.output))
          assert.match(stopped.output, /Restored state\/todo-local\.tfstate/);
      }
      assert.ok(stateList().length > 0, 'the state must still list the resources');
      const stuck = latestRevision();
      assert.equal(stuck.status, 'pending-upgrade', `the fault was not reproduced: the release is ${stuck.status}`);
      // What users saw before this fix: Helm refuses every later operation.
      const refused = run(
        'helm',
        [
          '--kubeconfig',
          KUBECONFIG,
          '--kube-context',
          CONTEXT,
          '-n',
          NS,
          'upgrade',
          RELEASE,
          '--reuse-values',
          join(WORKDIR, 'helm/todo-chatbot'),
        ],
        { allowFailure: true },
      );
      assert.match(refused.output, /another operation \(install\/upgrade\/rollback\) is in progress/);

      const healed = deploy({ label: `faults: deploy after ${how}` });
      assert.match(healed.output, new RegExp(`stuck in pending-upgrade at revision ${stuck.revision}`));
      assert.match(healed.output, /Rolling back to revision \d+, the last one that was deployed/);
      assert.match(healed.output, /helm --kube-context \S+ -n todo rollback todo-chatbot \d+/);
      assert.equal(latestRevision().status, 'deployed');
      const tag = run(TF, [`-chdir=${STACK_DIR}`, 'output', '-raw', 'backend_image']).stdout.trim();
      assert.equal(deploymentImage(`${RELEASE}-backend`), tag, 'the edit is what runs now');
      await assertAppIntact(`${how} and a redeploy`);
    },
  );
}

step('F4. the state file lost: a deploy stops before it changes anything and names both ways back', async () => {
  s.revision = latestRevision().revision;
  rmSync(STATE_FILE);
  rmSync(`${STATE_FILE}.backup`, { force: true });
  const refused = deploy({ allowFailure: true });
  assert.equal(refused.status, 1);
  assert.match(
    refused.output,
    /The state file state\/todo-local\.tfstate is missing, but the cluster \(context \S+\) already runs this app in namespace todo/,
  );
  assert.match(refused.output, /npm run state:restore/);
  assert.match(refused.output, /npm run state:recover/);
  assert.doesNotMatch(refused.output, /==> (Synthesizing|terraform apply)/);
  assert.equal(existsSync(STATE_FILE), false, 'no new state was written');
  assert.equal(latestRevision().revision, s.revision, 'the release was not touched');
  assert.deepEqual(secretData(), s.secret);
});

step(
  'F5. npm run state:recover rebuilds the state from the cluster: then cdktf diff shows no changes, no password rotated, the app reaches its database',
  async () => {
    const recovered = run('npm', ['run', '--silent', 'state:recover'], { label: 'state:recover' });
    assert.match(recovered.output, /random_password\.\S+: import\n/);
    assert.match(recovered.output, /kubernetes_secret_v1\.\S+: import/);
    assert.match(recovered.output, /helm_release\.\S+: import/);
    assert.match(recovered.output, /Recovered state\/todo-local\.tfstate: 8 resources/);
    assert.match(
      recovered.output,
      /\[id=\(sensitive value\)\]/,
      'Terraform prints import IDs: the passwords must be redacted',
    );
    assert.equal(statSync(STATE_FILE).mode & 0o777, 0o600);
    const diff = cdktf('diff');
    assert.match(diff.output, /No changes\./);
    await assertAppIntact('recovery');
  },
);

step(
  'F6. backups: one per changed state, at most 10, owner-only; npm run state:restore puts the newest back and cdktf diff shows no changes',
  async () => {
    const backups = readdirSync(BACKUPS).filter((f) => f.startsWith('todo-local-'));
    assert.ok(backups.length >= 2 && backups.length <= 10, `backups: ${backups.join(', ')}`);
    assert.equal(statSync(BACKUPS).mode & 0o777, 0o700);
    for (const f of backups) assert.equal(statSync(join(BACKUPS, f)).mode & 0o777, 0o600, f);
    const listed = run('npm', ['run', '--silent', 'state:backups']).output;
    for (const f of backups) assert.match(listed, new RegExp(f.replace(/\./g, '\\.')));

    writeFileSync(STATE_FILE, '{"version": 4, "serial": 1'); // a truncated write: broken, not just old
    const refused = deploy({ allowFailure: true });
    assert.equal(refused.status, 1);
    assert.match(
      refused.output,
      /state\/todo-local\.tfstate is not valid JSON: .*Restore a backup: npm run state:restore/,
    );
    const restored = run('npm', ['run', '--silent', 'state:restore']).output;
    assert.match(restored, /state\/todo-local\.tfstate was broken; it is kept as state\/todo-local\.tfstate\.broken/);
    assert.match(
      restored,
      /Restored state\/todo-local\.tfstate from state\/backups\/todo-local-\S+ \(serial \d+, 8 resources\)/,
    );
    assert.match(cdktf('diff').output, /No changes\./);
    const bad = run('npm', ['run', '--silent', 'state:restore', '--', 'no-such-file.tfstate'], { allowFailure: true });
    assert.notEqual(bad.status, 0);
    assert.match(bad.output, /no-such-file\.tfstate: no such file/);
  },
);

// ---------------------------------------------------------------- the default path: Minikube

const standinHome = mkdtempSync(join(tmpdir(), 'minikube-standin-'));
const standinKubeconfig = join(standinHome, 'kube', 'config');
const ingressReplicas = (n) =>
  kubectl('-n', 'ingress-nginx', 'scale', 'deploy', 'ingress-nginx-controller', `--replicas=${n}`);
/** The README's plain `npm run deploy`: no KUBE_CONTEXT; KUBECONFIG is where Minikube writes its context. */
const minikubeEnv = (extra = {}) => ({
  PATH: `${STANDIN_DIR}:${process.env.PATH}`,
  KUBECONFIG: standinKubeconfig,
  KUBE_CONTEXT: undefined,
  DOCKER_HOST: undefined,
  MINIKUBE_STANDIN_HOME: standinHome,
  MINIKUBE_STANDIN_NODE_KUBECONFIG: KUBECONFIG,
  ...extra,
});
const standinCalls = () =>
  run('cat', [join(standinHome, 'calls.log')])
    .stdout.trim()
    .split('\n');

step('M1. Minikube not installed: the deploy says so, names the fix, and stops at the preflight', () => {
  writeFileSync(join(standinHome, 'empty-kubeconfig'), 'apiVersion: v1\nkind: Config\n');
  const result = deploy({
    env: { KUBECONFIG: join(standinHome, 'empty-kubeconfig'), KUBE_CONTEXT: undefined },
    allowFailure: true,
  });
  assert.equal(result.status, 1);
  assert.match(result.output, /Minikube is not installed, so the deploy cannot start it/);
  assert.match(result.output, /https:\/\/minikube\.sigs\.k8s\.io\/docs\/start\//);
  assert.match(result.output, /Preflight failed/);
  assert.doesNotMatch(result.output, /==> (Synthesizing|terraform apply)/);
});

step(
  'M2. plain npm run deploy with Minikube stopped and no ingress addon: started, addon enabled, images built in the engine docker-env names, hosts line printed, app deployed',
  async () => {
    writeFileSync(join(standinHome, 'empty-kubeconfig'), 'apiVersion: v1\nkind: Config\n');
    ingressReplicas(0); // the addon is off: nothing answers on 127.0.0.1:80
    await eventually(
      'the ingress controller to stop',
      async () => !(await viaIngress('GET', '/').catch(() => false)),
      60_000,
    );
    editBackend();
    const result = deploy({ env: minikubeEnv(), label: 'faults: minikube path' });
    assert.match(result.output, /==> Starting Minikube with the ingress addon/);
    assert.match(result.output, /==> Building images inside Minikube's Docker \(minikube docker-env\)/);
    assert.match(result.output, new RegExp(`Docker engine \\S+ at unix://${standinHome}/docker\\.sock`));
    assert.doesNotMatch(result.output, /Minikube cannot see \(ErrImageNeverPull\)/);
    assert.match(result.output, /Preflight for environment "local": context "minikube", host "todo\.local"/);
    assert.match(result.output, /==> terraform apply \(environment local, context minikube\)/);
    assert.match(result.output, /docker_image\.backend-image_\S+: Creation complete/);
    assert.match(result.output, /Add this line to \/etc\/hosts so your browser finds it:\n\s+127\.0\.0\.1 todo\.local/);
    assert.deepEqual(standinCalls(), [
      'status --format {{.APIServer}}',
      'start --addons=ingress',
      'addons list -o json',
      'docker-env --shell bash',
      'ip', // the doctor's hosts hint
      'ip', // the deploy's hosts line
    ]);
    assert.match(
      run('kubectl', ['--kubeconfig', standinKubeconfig, 'config', 'current-context']).stdout,
      /^minikube$/m,
    );
    await assertAppIntact('the Minikube path');
  },
);

step(
  'M3. Minikube running but its ingress addon off: the deploy enables it; an addon that cannot be enabled stops the deploy with the fix',
  async () => {
    ingressReplicas(0);
    const broken = deploy({ env: minikubeEnv({ MINIKUBE_STANDIN_ADDON_ERROR: '1' }), allowFailure: true });
    assert.equal(broken.status, 1);
    assert.match(broken.output, /Minikube could not enable its ingress addon/);
    assert.match(broken.output, /by hand: minikube addons enable ingress/);
    assert.doesNotMatch(broken.output, /==> (Preflight|Synthesizing|terraform apply)/);

    const result = deploy({ env: minikubeEnv() });
    assert.match(result.output, /==> Enabling the Minikube ingress addon/);
    assert.doesNotMatch(result.output, /Starting Minikube/);
    assert.match(result.output, /No changes\./);
    await assertAppIntact('the addon enabled');
  },
);

test('no secret value appears in any command output of these faults', () => {
  const values = Object.values(s.secret ?? {}).filter((v) => v.length >= 8);
  assert.ok(values.length >= 3);
  const all = transcript.join('\n');
  for (const value of values) assert.ok(!all.includes(value), 'a secret value was printed');
});

after(() => {
  ingressReplicas(1); // whatever happened above, the later tests need the ingress controller
  rmSync(standinHome, { recursive: true, force: true });
});
