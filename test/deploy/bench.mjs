// Deploy figures on the real node (run by scripts/bench-deploy.sh, after
// test/deploy/setup.sh): what a developer waits for. Each row carries the
// machine's load average when it was taken. Prints a markdown table.
// The no-op cases run RUNS times (default 3), median reported.
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { NS, STACK_DIR, TF, WORKDIR, deploy, eventually, kubectlJson, run, signUp, viaIngress } from './harness.mjs';

const RUNS = Number(process.env.RUNS ?? 3);
const rows = [];
const load = () => loadavg()[0].toFixed(1);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (t0) => (Date.now() - t0) / 1000;
function row(step, value, note = '') {
  rows.push([step, value.toFixed(1), load(), note]);
  process.stderr.write(`  ${step}: ${value.toFixed(1)} s (load ${load()})\n`);
}

/** Seconds from `t0` until the app answers through the ingress (SPA and API). */
async function untilServing(t0, token) {
  await eventually(
    'the app through the ingress',
    async () => {
      const web = await viaIngress('GET', '/');
      const api = await viaIngress('GET', '/api/tasks', { token });
      return web.status === 200 && api.status === (token ? 200 : 401);
    },
    300_000,
  );
  return seconds(t0);
}

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
writeFileSync(serverTs, `${readFileSync(serverTs, 'utf8')}\n// bench: warm build\n`);
row('backend image build, warm (a source edit)', dockerBuild('docker/backend.Dockerfile', 'todo-bench-backend:warm'));
run('docker', ['image', 'rm', 'todo-bench-backend:cold', 'todo-bench-frontend:cold', 'todo-bench-backend:warm']);

// Both sources edited, so the first deploy builds both images (with a warm layer cache).
const mainTsx = join(WORKDIR, 'app/frontend/src/main.tsx');
writeFileSync(mainTsx, `${readFileSync(mainTsx, 'utf8')}\n// bench: first deploy\n`);
writeFileSync(serverTs, `${readFileSync(serverTs, 'utf8')}\n// bench: first deploy\n`);
let t0 = Date.now();
deploy();
row('first deploy until the app answers through the ingress (layer cache warm)', await untilServing(t0));
const token = await signUp('bench');

// Pod start to Ready, per component, from the pods' own status.
for (const pod of kubectlJson('-n', NS, 'get', 'pods').items) {
  const ready = pod.status.conditions.find((c) => c.type === 'Ready' && c.status === 'True');
  const component = pod.metadata.labels['app.kubernetes.io/component'];
  if (ready)
    row(
      `pod start to Ready: ${component}`,
      (Date.parse(ready.lastTransitionTime) - Date.parse(pod.status.startTime)) / 1000,
    );
}

const noop = [];
for (let i = 0; i < RUNS; i++) noop.push(deploy().seconds);
row(`no-op redeploy, \`npm run deploy\` (median of ${RUNS})`, median(noop));
const apply = [];
for (let i = 0; i < RUNS; i++) {
  apply.push(run(TF, [`-chdir=${STACK_DIR}`, 'apply', '-auto-approve', '-input=false', '-no-color']).seconds);
}
row(`no-op redeploy, Terraform time: \`terraform apply\` (median of ${RUNS})`, median(apply));
const diff = [];
for (let i = 0; i < RUNS; i++) diff.push(run('npx', ['--no-install', 'cdktf', 'diff', '--skip-provider-lock']).seconds);
row(`\`cdktf diff\` with no changes (median of ${RUNS})`, median(diff));

writeFileSync(serverTs, `${readFileSync(serverTs, 'utf8')}\n// bench: the inner loop\n`);
t0 = Date.now();
const image = kubectlJson('-n', NS, 'get', 'deployment', 'todo-chatbot-backend').spec.template.spec.containers[0].image;
deploy();
const after = kubectlJson('-n', NS, 'get', 'deployment', 'todo-chatbot-backend').spec.template.spec.containers[0].image;
if (after === image) throw new Error('the backend edit did not change the image');
row(
  'backend edit until the new pod serves through the ingress (image rebuilt, release upgraded)',
  await untilServing(t0, token),
);

const table = [
  '| step | seconds | load average (1 min) |',
  '| --- | --- | --- |',
  ...rows.map(([k, v, l]) => `| ${k} | ${v} | ${l} |`),
].join('\n');
console.log(`\nDeploy benchmark (${new Date().toISOString()}, ${process.env.KUBE_CONTEXT}, 2 vCPU):\n${table}`);
