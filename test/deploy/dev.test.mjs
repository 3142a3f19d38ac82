// `npm run dev` on the real node (scripts/dev.mjs): it deploys, then a saved
// backend edit goes through the same Terraform path to a new pod that serves
// through the ingress; saves during a deploy are coalesced into one more
// deploy; Ctrl-C stops it and leaves the deploy lock free. Deploys what it
// needs itself (dev's first deploy) when nothing is deployed yet. Killed
// outright mid-deploy (twice), it leaves the lock free and the next deploy heals.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { after } from 'node:test';
import { stripVTControlCharacters } from 'node:util';
import {
  CDKTF_FLAGS,
  LOG,
  NS,
  WORKDIR,
  deploy,
  deploymentImage,
  eventually,
  kubectlJson,
  step,
  viaIngress,
} from './harness.mjs';

const BACKEND = 'todo-chatbot-backend';
const FRONTEND = 'todo-chatbot-frontend';
let dev;
let output = '';
let exited;
const deploysDone = () => (stripVTControlCharacters(output).match(/\] deployed in /g) ?? []).length;
const deploysStarted = () => (stripVTControlCharacters(output).match(/\): deploying$|first deploy, so/gm) ?? []).length;
const save = (file, text) => appendFileSync(join(WORKDIR, file), `\n// dev test: ${text}\n`);

after(() => {
  appendFileSync(LOG, `\n$ npm run dev (detached)\n${stripVTControlCharacters(output)}`);
  if (dev && dev.exitCode === null && dev.signalCode === null) process.kill(-dev.pid, 'SIGKILL');
});

step('npm run dev deploys this checkout, prints the URL and watches', async () => {
  // Its own process group, as in a terminal, so that Ctrl-C can be sent to the group below.
  dev = spawn('npm', ['run', 'dev', '--', ...CDKTF_FLAGS], { cwd: WORKDIR, detached: true });
  for (const stream of [dev.stdout, dev.stderr]) stream.setEncoding('utf8').on('data', (d) => (output += d));
  exited = new Promise((resolve) => dev.on('close', (status, signal) => resolve({ status, signal })));
  await eventually('dev to finish its first deploy', () => /watching for changes/.test(output), 900_000);
  assert.match(output, /serving at http:\/\/todo\.local/);
  assert.equal(deploysDone(), 1, output.slice(-3000));
  assert.equal((await viaIngress('GET', '/')).status, 200);
});

step('a saved backend edit rebuilds only the backend, and its new pod serves through the ingress', async () => {
  const backendBefore = deploymentImage(BACKEND);
  const frontendBefore = deploymentImage(FRONTEND);
  save('app/backend/src/server.ts', 'an edit');
  await eventually('the deploy of the edit', () => deploysDone() === 2, 300_000);
  const backendAfter = deploymentImage(BACKEND);
  assert.notEqual(backendAfter, backendBefore, 'the backend image tag did not change');
  assert.equal(deploymentImage(FRONTEND), frontendBefore, 'the frontend was rolled for a backend edit');
  const ready = kubectlJson('-n', NS, 'get', 'pods', '-l', 'app.kubernetes.io/component=backend').items.filter(
    (p) => !p.metadata.deletionTimestamp && p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
  );
  assert.deepEqual(
    ready.map((p) => p.spec.containers[0].image),
    [backendAfter],
    'the Ready backend pod runs the new image',
  );
  assert.equal((await viaIngress('GET', '/api/tasks')).status, 401, 'the API answers through the ingress');
  const summary = stripVTControlCharacters(output)
    .split('\n')
    .filter((l) => /\] deployed in /.test(l))[1];
  assert.match(summary, /image build \d+\.\d s/, summary);
  assert.match(summary, /Helm upgrade and rollout \d+\.\d s/, summary);
  assert.match(summary, /first response \d+\.\d s later/, summary);
});

step('a test file edit deploys nothing (tests are no image input)', async () => {
  const started = deploysStarted();
  save('app/frontend/src/__tests__/App.test.tsx', 'not an image input');
  await new Promise((r) => setTimeout(r, 3000));
  assert.equal(deploysStarted(), started);
});

step('saves made while a deploy runs are coalesced into one more deploy', async () => {
  const done = deploysDone();
  save('app/backend/src/server.ts', 'first save');
  await eventually('the deploy to start', () => deploysStarted() === done + 1, 30_000);
  save('app/backend/src/app.ts', 'second save, during the deploy');
  save('app/backend/src/server.ts', 'third save, during the deploy');
  await eventually('both deploys', () => deploysDone() === done + 2, 600_000);
  await new Promise((r) => setTimeout(r, 3000));
  assert.equal(deploysStarted(), done + 2, 'three saves, two deploys');
  assert.match(output, /changed during the deploy: one more deploy follows it/);
});

step('Ctrl-C stops dev cleanly and leaves the deploy lock free', async () => {
  process.kill(-dev.pid, 'SIGINT');
  const { status, signal } = await Promise.race([
    exited,
    new Promise((_, reject) => setTimeout(() => reject(new Error('dev did not stop within 30 s')), 30_000)),
  ]);
  assert.ok(status === 130 || signal === 'SIGINT', `exit ${status ?? signal}`);
  assert.match(output, /stopped/);
  assert.throws(() => process.kill(-dev.pid, 0), { code: 'ESRCH' }, 'a process of dev is still running');
  const lock = spawnSync('flock', ['-n', 'state/.deploy.lock', 'true'], { cwd: WORKDIR });
  assert.equal(lock.status, 0, 'the deploy lock is still held');
});

step(
  'dev killed outright (kill -9 of its process group) during a deploy, twice: the lock is free and the next deploy succeeds',
  async () => {
    for (let round = 1; round <= 2; round++) {
      let out = '';
      const killed = spawn('npm', ['run', 'dev', '--', ...CDKTF_FLAGS], { cwd: WORKDIR, detached: true });
      for (const stream of [killed.stdout, killed.stderr]) stream.setEncoding('utf8').on('data', (d) => (out += d));
      const gone = new Promise((resolve) => killed.on('close', resolve));
      await eventually('dev to start watching', () => /watching for changes/.test(out), 600_000);
      save('app/backend/src/server.ts', `abrupt stop ${round}`);
      // Killed once Terraform is at work: the worst moment for the state and the release.
      await eventually(
        'the deploy to reach Terraform',
        () => /==> terraform apply/.test(out.split('): deploying')[1] ?? ''),
        120_000,
      );
      process.kill(-killed.pid, 'SIGKILL');
      await gone;
      appendFileSync(LOG, `\n$ npm run dev (killed, round ${round})\n${stripVTControlCharacters(out)}`);
      await eventually(
        'the deploy lock to be free',
        () => spawnSync('flock', ['-n', 'state/.deploy.lock', 'true'], { cwd: WORKDIR }).status === 0,
        30_000,
      );
      deploy(); // heals a release left pending, then deploys the edit
      assert.equal((await viaIngress('GET', '/api/tasks')).status, 401);
    }
  },
);
