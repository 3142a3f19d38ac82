// Deploy figures on the real node (run by scripts/bench-deploy.sh, after
// test/deploy/setup.sh): what a developer waits for, and where that time goes.
// Each row carries the machine's load average when it was taken. Prints
// markdown tables: the figures, each new pod's phases (from its own status,
// watched as it changes, and its events), and the inner loop's phases.
// Repeated cases run RUNS times (default 3), median reported.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { eachLine, phaseClock } from '../../scripts/lib/deploy-phases.mjs';
import {
  CDKTF_FLAGS,
  CONTEXT,
  KUBECONFIG,
  LOG,
  NS,
  STACK_DIR,
  TF,
  WORKDIR,
  kubectlJson,
  run,
  signUp,
  viaIngress,
} from './harness.mjs';

const RUNS = Number(process.env.RUNS ?? 3);
const rows = [];
const podRows = [];
const loopRows = [];
const load = () => loadavg()[0].toFixed(1);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (t0) => (Date.now() - t0) / 1000;
const s = (ms) => (ms === undefined || Number.isNaN(ms) ? '–' : (ms / 1000).toFixed(1));
function row(step, value, note = '') {
  rows.push([step, value.toFixed(1), load(), note]);
  process.stderr.write(`  ${step}: ${value.toFixed(1)} s (load ${load()})${note ? ` — ${note}` : ''}\n`);
}

// The stack's own content hash (stacks/content-hash.ts), bundled here so its cost can be timed alone.
const contentHash = (() => {
  const file = join(tmpdir(), `todo-bench-content-hash-${process.pid}.cjs`);
  const [out] = buildSync({
    entryPoints: [join(WORKDIR, 'stacks/content-hash.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
  }).outputFiles;
  writeFileSync(file, out.text);
  return createRequire(import.meta.url)(file);
})();

/**
 * Watches the app's pods (`kubectl get pods -w`) and notes when each new pod
 * got a node, a pull failure, a running container, a passed startup probe and
 * Readiness, as this process sees the changes (sub-second, unlike the API's
 * whole-second timestamps).
 */
function watchPods() {
  const before = new Set(kubectlJson('-n', NS, 'get', 'pods').items.map((p) => p.metadata.name));
  const fields = [
    '.metadata.name',
    '.metadata.labels.app\\.kubernetes\\.io/component',
    '.spec.nodeName',
    '.status.containerStatuses[0].state.waiting.reason',
    '.status.containerStatuses[0].state.running.startedAt',
    '.status.containerStatuses[0].started',
    '.status.containerStatuses[0].ready',
    '.spec.containers[0].image',
  ];
  // "|", not a tab: kubectl's watch output goes through a tabwriter, which turns tabs into padding.
  const template = `jsonpath=${fields.map((f) => `{${f}}`).join('{"|"}')}{"\\n"}`;
  const child = spawn('kubectl', [
    '--kubeconfig',
    KUBECONFIG,
    '--context',
    CONTEXT,
    '-n',
    NS,
    'get',
    'pods',
    '--watch',
    '-o',
    template,
  ]);
  const pods = new Map();
  eachLine(child.stdout, (line) => {
    const at = Date.now();
    const [name, component, node, waiting, running, started, ready, image] = line.split('|');
    if (!name || before.has(name)) return;
    if (!pods.has(name)) pods.set(name, { name, component, image, seen: at, pullFailures: 0 });
    const pod = pods.get(name);
    if (node && !pod.scheduled) pod.scheduled = at;
    if (/ErrImagePull|ImagePullBackOff/.test(waiting ?? '') && pod.lastWaiting !== waiting) pod.pullFailures++;
    pod.lastWaiting = waiting;
    if (running && !pod.running) pod.running = at;
    if (started === 'true' && !pod.started) pod.started = at;
    if (ready === 'true' && !pod.ready) pod.ready = at;
  });
  return { pods, stop: () => child.kill() };
}

/** When the kubelet had the pod's image (its Pulled event; whole seconds), in ms since the epoch. */
function imagePresentAt(pod) {
  const events = kubectlJson('-n', NS, 'get', 'events', '--field-selector', `involvedObject.name=${pod.name}`).items;
  const pulled = events.find((e) => e.reason === 'Pulled');
  const t = pulled && (pulled.lastTimestamp ?? pulled.eventTime);
  return t ? Date.parse(t) : undefined;
}

/** Polls the ingress every 100 ms until `path` answers `status`; returns the moment (ms). */
async function firstAnswer(path, status, token) {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    try {
      if ((await viaIngress('GET', path, { token })).status === status) return Date.now();
    } catch {
      // the ingress has no endpoint yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${status} for ${path} through the ingress within 300 s`);
}

/** `npm run deploy` (scripts/deploy.sh), its output streamed through the phase clock. */
function timedDeploy() {
  const started = Date.now();
  const clock = phaseClock(started);
  let output = '';
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['scripts/deploy.sh', ...CDKTF_FLAGS], { cwd: WORKDIR });
    const onLine = (line) => {
      output += `${line}\n`;
      clock.line(line, Date.now());
    };
    eachLine(child.stdout, onLine);
    eachLine(child.stderr, onLine);
    child.on('close', (status) => {
      const ended = Date.now();
      writeFileSync(LOG, `\n$ bash scripts/deploy.sh (timed; exit ${status})\n${output}`, { flag: 'a' });
      if (status !== 0) reject(new Error(`deploy exited ${status}:\n${output.slice(-3000)}`));
      else resolve({ started, ended, clock });
    });
  });
}

/** One row per new pod: each phase as seconds since the pod appeared. */
function podPhases(pods, label, servedAt) {
  for (const pod of pods.values()) {
    if (!pod.ready) continue;
    const image = imagePresentAt(pod);
    const since = (t) => (t === undefined ? undefined : Math.max(0, t - pod.seen));
    podRows.push([
      `${label}: ${pod.component}`,
      s(since(pod.scheduled)),
      s(since(image)),
      s(since(pod.running)),
      s(since(pod.started)),
      s(since(pod.ready)),
      s(servedAt?.[pod.component] === undefined ? undefined : since(Math.max(servedAt[pod.component], pod.ready))),
      s(pod.ready - pod.running),
      pod.pullFailures
        ? `image not yet on the node when the pod asked: ${pod.pullFailures} failed pull(s), kubelet back-off`
        : '',
    ]);
  }
}

const backendImage = () =>
  kubectlJson('-n', NS, 'get', 'deployment', 'todo-chatbot-backend').spec.template.spec.containers[0].image;

function dockerBuild(dockerfile, tag, extra = []) {
  const args = ['build', '-q', '-f', dockerfile, '-t', tag, ...extra];
  for (const pair of (process.env.TODO_BUILD_ARGS ?? '').split(',').filter(Boolean)) args.push('--build-arg', pair);
  const t0 = Date.now();
  run('docker', [...args, '.'], { env: { DOCKER_BUILDKIT: '0' } });
  return seconds(t0);
}

// Image builds with `docker build` (the classic builder: the docker CLI here has no buildx), outside the deploy.
row(
  'backend image build, cold (no layer cache)',
  dockerBuild('docker/backend.Dockerfile', 'todo-bench-backend:cold', ['--no-cache']),
);
row(
  'frontend image build, cold (no layer cache)',
  dockerBuild('docker/frontend.Dockerfile', 'todo-bench-frontend:cold', ['--no-cache']),
);
const serverTs = join(WORKDIR, 'app/backend/src/server.ts');
const edit = (file, note) => writeFileSync(file, `${readFileSync(file, 'utf8')}\n// bench: ${note}\n`);
edit(serverTs, 'warm build');
row('backend image build, warm (a source edit)', dockerBuild('docker/backend.Dockerfile', 'todo-bench-backend:warm'));
run('docker', ['image', 'rm', 'todo-bench-backend:cold', 'todo-bench-frontend:cold', 'todo-bench-backend:warm']);

// Both sources edited, so the first deploy builds both images (with a warm layer cache).
edit(join(WORKDIR, 'app/frontend/src/main.tsx'), 'first deploy');
edit(serverTs, 'first deploy');
let watch = watchPods();
let t0 = Date.now();
await timedDeploy();
const served = { frontend: await firstAnswer('/', 200), backend: await firstAnswer('/api/tasks', 401) };
row('first deploy until the app answers through the ingress (layer cache warm)', (served.backend - t0) / 1000);
watch.stop();
podPhases(watch.pods, 'first deploy', served);
for (const pod of watch.pods.values()) {
  if (pod.ready && pod.running) row(`container started to Ready: ${pod.component}`, (pod.ready - pod.running) / 1000);
}
const token = await signUp('bench');

const noop = [];
for (let i = 0; i < RUNS; i++) {
  const { started, ended, clock } = await timedDeploy();
  noop.push({ ms: ended - started, phases: clock.phases(ended) });
}
const noopMedian = [...noop].sort((a, b) => a.ms - b.ms)[Math.floor(RUNS / 2)];
row(
  `no-op redeploy, \`npm run deploy\` (median of ${RUNS})`,
  noopMedian.ms / 1000,
  noopMedian.phases.map(([name, ms]) => `${name} ${s(ms)}`).join(', '),
);
const apply = [];
for (let i = 0; i < RUNS; i++) {
  apply.push(run(TF, [`-chdir=${STACK_DIR}`, 'apply', '-auto-approve', '-input=false', '-no-color']).seconds);
}
row(`no-op redeploy, Terraform time: \`terraform apply\` (median of ${RUNS})`, median(apply));
// What a refresh costs: -refresh=false is measured for the comparison only, never used (it would miss drift).
for (const [label, extra] of [
  ['`terraform plan`, no changes (with refresh)', []],
  ['`terraform plan -refresh=false`, no changes (comparison only, not used)', ['-refresh=false']],
]) {
  const plans = [];
  for (let i = 0; i < RUNS; i++) {
    plans.push(run(TF, [`-chdir=${STACK_DIR}`, 'plan', '-input=false', '-lock=false', '-no-color', ...extra]).seconds);
  }
  row(`${label} (median of ${RUNS})`, median(plans));
}
const diff = [];
for (let i = 0; i < RUNS; i++) diff.push(run('npx', ['--no-install', 'cdktf', 'diff', ...CDKTF_FLAGS]).seconds);
row(`\`cdktf diff\` with no changes (median of ${RUNS})`, median(diff));
const scripts = JSON.parse(readFileSync(join(WORKDIR, 'package.json'), 'utf8')).scripts;
// The npm scripts users run (with their preparation: lock, config, preflight, state check), when this checkout has them.
for (const [name, args] of [
  ['diff', ['--', ...CDKTF_FLAGS]],
  ['plan', []],
]) {
  if (!scripts[name]?.includes('scripts/plan.sh')) continue;
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const result = run('npm', ['run', name, ...args], { allowFailure: true });
    if (result.status === 0) times.push(result.seconds);
  }
  if (times.length) row(`\`npm run ${name}\` with no changes (median of ${times.length})`, median(times));
  else process.stderr.write(`  npm run ${name} failed every time: see ${LOG}\n`);
}
if (process.env.TODO_NODE_CONTAINERD) {
  const copy = run('bash', ['test/cluster/image-sync.sh', process.env.TODO_NODE_CONTAINERD, backendImage()]).seconds;
  row('image-sync: copy of the backend image from Docker into the node (test node only)', copy);
}

// The inner loop, RUNS times: a backend edit until the new pod serves through the ingress.
const loops = [];
for (let i = 0; i < RUNS; i++) {
  edit(serverTs, `the inner loop, run ${i + 1}`);
  const hashStart = Date.now();
  for (const dockerfile of ['docker/backend.Dockerfile', 'docker/frontend.Dockerfile']) {
    contentHash.imageInputs(WORKDIR, dockerfile);
  }
  const hashMs = Date.now() - hashStart;
  const before = backendImage();
  watch = watchPods();
  t0 = Date.now();
  const { ended, clock } = await timedDeploy();
  if (backendImage() === before) throw new Error('the backend edit did not change the image');
  // Helm's wait returns once the new pod is Ready; the first answer after that is the new pod's.
  const answered = await firstAnswer('/api/tasks', 200, token);
  watch.stop();
  const pod = [...watch.pods.values()].find((p) => p.component === 'backend' && p.ready);
  podPhases(watch.pods, `inner loop ${i + 1}`, { backend: answered });
  const helmStart = clock.startOf('Helm upgrade and rollout');
  const phases = Object.fromEntries(clock.phases(ended));
  loops.push({
    total: answered - t0,
    cols: [
      s(hashMs),
      s(phases['npm ci check, config'] + (phases['preflight, state check, backup'] ?? 0)),
      s(phases['synth, init']),
      s(phases['terraform plan (in apply)']),
      s(phases['image build']),
      s(pod && helmStart ? pod.seen - helmStart : undefined),
      s(pod ? pod.ready - pod.seen : undefined),
      s(pod ? ended - pod.ready : undefined),
      s(answered - ended),
    ],
  });
  loopRows.push([`run ${i + 1}`, s(answered - t0), ...loops.at(-1).cols, load()]);
}
row(
  `**backend edit until the new pod serves through the ingress** (median of ${RUNS}: ${loops.map((l) => s(l.total)).join(', ')})`,
  median(loops.map((l) => l.total)) / 1000,
);

const table = (head, body) =>
  [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...body.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
console.log(`\nDeploy benchmark (${new Date().toISOString()}, ${process.env.KUBE_CONTEXT}, 2 vCPU):\n`);
console.log(
  table(
    ['step', 'seconds', 'load average (1 min)', 'note'],
    rows.map(([k, v, l, n]) => [k, v, l, n]),
  ),
);
console.log(
  '\nEach new pod, seconds since it appeared (watched from this process; image present: its Pulled event, whole seconds):\n',
);
console.log(
  table(
    [
      'pod',
      'scheduled',
      'image present',
      'container started',
      'startup probe passed',
      'Ready',
      'first answer through the ingress',
      'container start to Ready',
      'note',
    ],
    podRows,
  ),
);
console.log('\nThe inner loop (a backend edit), seconds per phase:\n');
console.log(
  table(
    [
      'run',
      'total',
      'content hash',
      'deploy.sh: npm check, config, preflight, state',
      'synth, init when needed',
      'terraform apply until the first change (its plan)',
      'image build',
      'Helm upgrade (until the new pod exists)',
      'rollout (new pod to Ready)',
      "Helm's wait noticing, state backup",
      'first answer after the deploy',
      'load',
    ],
    loopRows,
  ),
);
