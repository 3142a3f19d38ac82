// The review path on the real node (#18 §1-2): `npm run plan` saves a plan
// with a masked plan.json and a plan.md, `npm run apply` applies exactly that
// plan or refuses it (stale, another config, changed inputs) with nothing
// changed; no secret value reaches what a reviewer reads; `npm run diff` and
// `npm run destroy` take Minikube's Docker like deploy (through the `minikube`
// stand-in). Deploys what it needs if nothing is deployed; destroys last and
// deploys again, so that later suites find the app.
import assert from 'node:assert/strict';
import {
  appendFileSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import {
  CDKTF_FLAGS,
  KUBECONFIG,
  NS,
  RELEASE,
  STACK_DIR,
  TF,
  WORKDIR,
  deploy,
  deploymentImage,
  helm,
  kubectl,
  run,
  stateList,
  step,
  timings,
  transcript,
} from './harness.mjs';

const SERVER_TS = join(WORKDIR, 'app/backend/src/server.ts');
const STATE_FILE = join(WORKDIR, 'state/todo-local.tfstate');
const PLANS = join(WORKDIR, 'plans');
const STANDIN_DIR = resolve(WORKDIR, 'test/cluster/minikube-standin');
const s = {}; // what the steps share

let edits = 0;
const editBackend = () => appendFileSync(SERVER_TS, `\n// review edit ${++edits}\n`);
const plan = (args = [], opts = {}) =>
  run('npm', ['run', '--silent', 'plan', '--', ...args], { allowFailure: true, ...opts });
const apply = (dir, opts = {}) => run('npm', ['run', '--silent', 'apply', '--', dir], { allowFailure: true, ...opts });
/** The folder name `plans/latest` points to. */
const lstatTarget = () => run('readlink', [join(PLANS, 'latest')]).stdout.trim();
const esc = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const planJson = (dir) => JSON.parse(readFileSync(join(WORKDIR, dir, 'plan.json'), 'utf8'));
const planMd = (dir) => readFileSync(join(WORKDIR, dir, 'plan.md'), 'utf8');
const stateSerial = () => JSON.parse(readFileSync(STATE_FILE, 'utf8')).serial;
const revision = () => JSON.parse(helm('history', RELEASE, '-n', NS, '-o', 'json').stdout).at(-1).revision;

/** {address: 'create'|'update'|'delete'|'replace'} of a plan JSON's changes (no-ops left out). */
function plannedActions(json) {
  const out = {};
  for (const rc of json.resource_changes ?? []) {
    const a = rc.change.actions;
    if (a.includes('no-op') || a.includes('read')) continue;
    out[rc.address] = a.includes('delete') && a.includes('create') ? 'replace' : a[0];
  }
  return out;
}

/** The same, from what Terraform reported while applying ("X: Creation complete", "X: Destruction complete"…). */
function appliedActions(output) {
  const seen = {};
  for (const m of output.matchAll(/^(\S+): (Creation|Modifications|Destruction) complete/gm)) {
    (seen[m[1]] ??= new Set()).add({ Creation: 'create', Modifications: 'update', Destruction: 'delete' }[m[2]]);
  }
  return Object.fromEntries(
    Object.entries(seen).map(([address, set]) => [
      address,
      set.has('create') && set.has('delete') ? 'replace' : [...set][0],
    ]),
  );
}

step('R0. the app is deployed (a deploy if nothing is)', () => {
  if (!existsSync(STATE_FILE) || stateList().length === 0) deploy({ label: 'review: first deploy' });
  assert.ok(stateList().some((a) => a.startsWith('helm_release.')));
});

step('R1. npm run plan with nothing changed: exit 0, an owner-only plan folder, plan.md says no change', () => {
  const result = plan([], { label: 'plan, no changes' });
  assert.equal(result.status, 0, result.output);
  assert.match(result.output, /==> Preflight/);
  assert.match(result.output, /No changes: the cluster matches the configuration\./);
  assert.doesNotMatch(result.output, /checkpoint-api/);
  const dir = lstatTarget();
  assert.match(dir, /^todo-local-\d{8}T\d{6}Z(-\d+)?$/);
  assert.match(result.output, new RegExp(`Saved in plans/${dir}/`));
  assert.ok(lstatSync(join(PLANS, 'latest')).isSymbolicLink());
  assert.equal(statSync(PLANS).mode & 0o777, 0o700);
  assert.equal(statSync(join(PLANS, dir)).mode & 0o777, 0o700);
  const files = readdirSync(join(PLANS, dir)).sort();
  assert.deepEqual(files, ['manifest.json', 'plan.json', 'plan.md', 'plan.tfplan'], 'no unmasked JSON is left behind');
  for (const f of files) assert.equal(statSync(join(PLANS, dir, f)).mode & 0o777, 0o600, `${f} is not owner-only`);
  const md = planMd(`plans/${dir}`);
  assert.match(md, /^- Changes: 0 to create, 0 to update, 0 to replace, 0 to destroy$/m);
  assert.match(md, /^- none: the cluster already matches the configuration$/m);
  assert.deepEqual(plannedActions(planJson(`plans/${dir}`)), {});
  // Ignored by git (the workdir is a copy, not a clone: ask git with the copy's .gitignore).
  const repo = mkdtempSync(join(tmpdir(), 'review-gitignore-'));
  writeFileSync(join(repo, '.gitignore'), readFileSync(join(WORKDIR, '.gitignore')));
  run('git', ['-C', repo, 'init', '-q']);
  const ignored = run('git', ['-C', repo, 'check-ignore', '-q', '--no-index', `plans/${dir}/plan.tfplan`], {
    allowFailure: true,
  });
  rmSync(repo, { recursive: true, force: true });
  assert.equal(ignored.status, 0, 'plans/ is not git-ignored');
});

step(
  'R2. a backend edit: plan exits 2 and lists it; apply applies exactly those changes; a second plan shows none',
  () => {
    s.imageBefore = deploymentImage(`${RELEASE}-backend`);
    editBackend();
    const result = plan([], { label: 'plan, one backend edit' });
    assert.equal(result.status, 2, result.output);
    const dir = `plans/${lstatTarget()}`;
    const json = planJson(dir);
    const planned = plannedActions(json);
    const keys = Object.keys(planned).map((a) => a.replace(/_[A-F0-9]{8}$/, ''));
    assert.ok(
      keys.some((k) => k.startsWith('docker_image.backend-image')),
      `planned: ${Object.keys(planned)}`,
    );
    assert.ok(!keys.some((k) => k.startsWith('docker_image.frontend')), `frontend touched: ${keys}`);
    const md = planMd(dir);
    const backend = Object.keys(planned).find((a) => a.startsWith('docker_image.backend'));
    const after = json.resource_changes.find((c) => c.address === backend).change.after.name;
    assert.match(md, new RegExp(`^- replace \`${esc(backend)}\`: ${esc(s.imageBefore)} -> ${esc(after)}`, 'm'));
    assert.match(md, /^## Images$/m);
    assert.match(
      md,
      new RegExp(
        `^- \`backend\\.image\\.tag\`: \`${s.imageBefore.split(':')[1]}\` -> \`${after.split(':')[1]}\`$`,
        'm',
      ),
    );
    assert.match(md, /^- none: no namespace, claim, Secret, password or chart change$/m);
    for (const [address, action] of Object.entries(planned)) {
      assert.match(md, new RegExp(`^- ${action} \`${esc(address)}\``, 'm'));
    }

    const applied = apply(dir, { label: 'apply of a saved plan' });
    assert.equal(applied.status, 0, applied.output);
    assert.match(applied.output, /Same stack, config, inputs and state as when the plan was made\./);
    assert.match(applied.output, /==> terraform apply plans\//);
    assert.deepEqual(appliedActions(applied.output), planned, 'the changes applied are not the ones planned');
    assert.equal(deploymentImage(`${RELEASE}-backend`), after, 'the backend runs the image plan.md named');
    // The state holds what the plan said, resource by resource.
    const state = JSON.parse(run(TF, [`-chdir=${STACK_DIR}`, 'show', '-json'], { sensitive: true }).stdout);
    const inState = Object.fromEntries(state.values.root_module.resources.map((r) => [r.address, r.values]));
    assert.equal(inState[backend].name, after);
    assert.deepEqual(
      Object.keys(inState).sort(),
      json.planned_values.root_module.resources.map((r) => r.address).sort(),
    );
    const again = plan([]);
    assert.equal(again.status, 0, `a second plan should show no changes:\n${again.output.slice(-3000)}`);
  },
);

step('R3. a stale plan: a deploy between plan and apply; apply refuses it and changes nothing', () => {
  editBackend();
  assert.equal(plan([]).status, 2);
  const dir = `plans/${lstatTarget()}`;
  deploy({ label: 'review: a deploy in between' });
  const serial = stateSerial();
  const rev = revision();
  const refused = apply(dir);
  assert.equal(refused.status, 1, refused.output);
  assert.match(refused.output, new RegExp(`${dir} cannot be applied, and nothing was changed:`));
  assert.match(
    refused.output,
    /the plan is stale: the state changed since the plan was made \(serial \d+ then, \d+ now\)/,
  );
  assert.match(refused.output, /Make a new plan and review it: npm run plan/);
  assert.doesNotMatch(refused.output, /==> (Synthesizing|terraform apply)/);
  assert.equal(stateSerial(), serial);
  assert.equal(revision(), rev);

  // Terraform's own check, the guard where the state cannot be read here (Terraform Cloud):
  // with the manifest's serial brought up to date, Terraform refuses it, and the message says why.
  const manifestFile = join(WORKDIR, dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  writeFileSync(manifestFile, JSON.stringify({ ...manifest, state: { ...manifest.state, serial } }));
  const stale = apply(dir);
  assert.equal(stale.status, 1, stale.output);
  assert.match(stale.output, /Saved plan is stale/);
  assert.match(
    stale.output,
    /Terraform refused plans\/\S+ as stale: the state changed after the plan was made .*Nothing was changed\./,
  );
  assert.equal(stateSerial(), serial);
  assert.equal(revision(), rev);
});

step('R4. a plan made with another config, or whose inputs changed since, is refused and nothing changes', () => {
  const config = join(WORKDIR, 'review-config.json');
  writeFileSync(config, JSON.stringify({ backend: { logLevel: 'debug' } }));
  assert.equal(plan([], { env: { TODO_CONFIG: config } }).status, 2);
  const other = `plans/${lstatTarget()}`;
  assert.match(planMd(other), /^- `backend\.logLevel`: `info` -> `debug`$/m);
  const serial = stateSerial();
  const rev = revision();
  const refused = apply(other);
  assert.equal(refused.status, 1, refused.output);
  assert.match(refused.output, /the configuration differs from the one the plan was made with/);

  editBackend();
  assert.equal(plan([]).status, 2);
  const dir = `plans/${lstatTarget()}`;
  editBackend(); // after the review, before the apply
  const changed = apply(dir);
  assert.equal(changed.status, 1, changed.output);
  assert.match(
    changed.output,
    /the inputs of docker_image\.backend-image\S* changed since the plan \(content hash \w+ then, \w+ now\)/,
  );
  assert.doesNotMatch(changed.output, /docker_image\.frontend/);
  assert.equal(stateSerial(), serial);
  assert.equal(revision(), rev);
  deploy({ label: 'review: catch up' }); // the edits, so that later steps start from no change
});

step(
  'R5. plan.json and plan.md hold no secret value: sensitive inputs set to markers, passwords read from state',
  () => {
    const state = JSON.parse(run(TF, [`-chdir=${STACK_DIR}`, 'show', '-json'], { sensitive: true }).stdout);
    const passwords = state.values.root_module.resources
      .filter((r) => r.type === 'random_password')
      .map((r) => r.values.result);
    assert.equal(passwords.length, 2);
    const markers = {
      openai: 'sk-REVIEWMARKER-0123456789abcdef',
      url: 'postgres://neon:REVIEWMARKERpw@ep-x.neon.tech/todo',
    };
    const inCluster = plan(['--markdown-only'], { env: { TF_VAR_openai_api_key: markers.openai } });
    assert.equal(inCluster.status, 2, 'the key changes the Secret: a change');
    const first = `plans/${lstatTarget()}`;
    const external = join(WORKDIR, 'review-external.json');
    writeFileSync(external, JSON.stringify({ database: { mode: 'external' } }));
    const externalEnv = {
      TODO_CONFIG: external,
      TF_VAR_openai_api_key: markers.openai,
      TF_VAR_database_url: markers.url,
    };
    // The switch turns the in-cluster PostgreSQL off: the policies deny it, unless --allow-data-loss.
    const denied = plan([], { env: externalEnv });
    assert.equal(denied.status, 1, denied.output.slice(-3000));
    const deniedDir = `plans/${lstatTarget()}`;
    assert.match(denied.output, /Policies: DENIED: npm run apply will refuse this plan/);
    assert.match(
      planMd(deniedDir),
      /^- Policies: DENIED: npm run apply will refuse this plan\n(\s+- .*\n)*\s+- \s*data_loss: helm_release\.\S+: would turn postgresql\.enabled off/m,
    );
    const ext = plan(['--allow-data-loss'], { env: externalEnv });
    assert.equal(ext.status, 2, ext.output.slice(-3000));
    const second = `plans/${lstatTarget()}`;
    assert.match(planMd(second), /^- Policies: passed \(with --allow-data-loss\)/m);
    // The markers did reach the plans: the saved plan holds them (which is why it is owner-only).
    const raw = run(TF, [`-chdir=${STACK_DIR}`, 'show', '-json', join(WORKDIR, second, 'plan.tfplan')], {
      sensitive: true,
    });
    assert.ok(
      raw.stdout.includes(markers.url) && raw.stdout.includes(markers.openai),
      'the markers are not in the plan',
    );
    assert.ok(raw.stdout.includes(passwords[0]) || raw.stdout.includes(passwords[1]), 'no password in the plan');
    for (const dir of [first, deniedDir, second]) {
      for (const file of ['plan.json', 'plan.md']) {
        const text = readFileSync(join(WORKDIR, dir, file), 'utf8');
        for (const secret of [markers.openai, markers.url, 'REVIEWMARKER', ...passwords]) {
          assert.ok(!text.includes(secret), `${dir}/${file} holds a secret value`);
        }
      }
    }
    // What the commands printed holds none either.
    for (const output of [inCluster.output, denied.output, ext.output]) {
      for (const secret of ['REVIEWMARKER', ...passwords])
        assert.ok(!output.includes(secret), 'a secret value was printed');
    }
    // --markdown-only: stdout is plan.md, and only it.
    assert.equal(inCluster.stdout, planMd(first));
    assert.match(planMd(first), /^- update `kubernetes_secret_v1\.\S+`: changes data/m);
  },
);

// ---------------------------------------------------------------- Minikube's Docker, through the stand-in

const standinHome = mkdtempSync(join(tmpdir(), 'minikube-standin-review-'));
/** The README's plain commands on Minikube; DOCKER_HOST names no engine, so only `minikube docker-env` can make them work. */
const minikubeEnv = {
  PATH: `${STANDIN_DIR}:${process.env.PATH}`,
  KUBECONFIG: join(standinHome, 'kube', 'config'),
  KUBE_CONTEXT: undefined,
  DOCKER_HOST: `unix://${join(standinHome, 'no-engine-here.sock')}`,
  MINIKUBE_STANDIN_HOME: standinHome,
  MINIKUBE_STANDIN_NODE_KUBECONFIG: KUBECONFIG,
};
const standinCalls = () => readFileSync(join(standinHome, 'calls.log'), 'utf8').trim().split('\n');

step('M1. npm run plan with Minikube stopped starts nothing and says how to start it', () => {
  const result = plan([], { env: minikubeEnv });
  assert.equal(result.status, 1);
  assert.match(result.output, /Minikube is not running, and npm run plan changes nothing, so it does not start it\./);
  assert.match(result.output, /minikube start --addons=ingress/);
  assert.deepEqual(standinCalls(), ['status --format {{.APIServer}}']);
});

step(
  'M2. npm run diff on Minikube uses its Docker (minikube docker-env) and shows what deploy would do: nothing',
  () => {
    run('minikube', ['start', '--addons=ingress'], { env: minikubeEnv });
    const result = run('npm', ['run', '--silent', 'diff', '--', ...CDKTF_FLAGS], { env: minikubeEnv });
    assert.match(result.output, /==> Building images inside Minikube's Docker \(minikube docker-env\)/);
    assert.match(result.output, /No changes\./);
    assert.ok(standinCalls().includes('docker-env --shell bash'));
    assert.ok(!standinCalls().includes('addons enable ingress'), 'diff changed the addon');
    // Without it, the same command cannot even reach an engine: what the preparation fixes.
    const plain = run('npx', ['--no-install', 'cdktf', 'diff', ...CDKTF_FLAGS], {
      env: minikubeEnv,
      allowFailure: true,
    });
    assert.notEqual(plain.status, 0);
    assert.match(plain.output, /no-engine-here\.sock|Cannot connect to the Docker daemon|error pinging/i);
  },
);

step(
  'M3. npm run destroy (the npm script) on Minikube removes everything; npm run output then says nothing is deployed',
  () => {
    const result = run('npm', ['run', '--silent', 'destroy', '--', '--auto-approve', ...CDKTF_FLAGS], {
      env: minikubeEnv,
      label: 'npm run destroy',
    });
    assert.match(result.output, /==> Building images inside Minikube's Docker \(minikube docker-env\)/);
    assert.match(result.output, /Destroy complete!|Destruction complete/);
    assert.deepEqual(stateList(), []);
    assert.equal(helm('list', '-n', NS, '-a', '-q').stdout.trim(), '');
    const ns = run('kubectl', ['--kubeconfig', KUBECONFIG, 'get', 'namespace', NS], { allowFailure: true });
    assert.ok(ns.status !== 0 || /Terminating/.test(ns.output), `namespace ${NS} still there: ${ns.output}`);
    const output = run('npm', ['run', '--silent', 'output'], { allowFailure: true });
    assert.equal(output.status, 1);
    assert.match(output.output, /No outputs: state\/todo-local\.tfstate holds none/);
    deploy({ label: 'review: deploy again for the later suites' });
    const shown = run('npm', ['run', '--silent', 'output', '--', ...CDKTF_FLAGS]);
    assert.match(shown.output, /url = http:\/\/todo\.local/);
  },
);

test('no secret value appears in any command output of this suite', () => {
  const state = JSON.parse(run(TF, [`-chdir=${STACK_DIR}`, 'show', '-json'], { sensitive: true }).stdout);
  const passwords = state.values.root_module.resources
    .filter((r) => r.type === 'random_password')
    .map((r) => r.values.result);
  const all = transcript.join('\n');
  for (const value of passwords) assert.ok(!all.includes(value), 'a password was printed');
  assert.ok(!all.includes('REVIEWMARKER'));
  console.log(`review timings (s): ${JSON.stringify(timings)}`);
});

after(() => {
  rmSync(standinHome, { recursive: true, force: true });
  kubectl('-n', 'ingress-nginx', 'scale', 'deploy', 'ingress-nginx-controller', '--replicas=1');
});
