#!/usr/bin/env node
// `npm run dev`: watch mode for the cluster. Deploys once, then on every save
// of an image input, the chart or the stack, runs `npm run deploy` again
// (scripts/deploy.sh: the same Terraform path, the same deploy lock, taken per
// run, so a deploy from another terminal waits its turn instead of fighting
// over the state). The content-hash tags make Terraform rebuild and roll only
// the service whose inputs changed. Prints each phase's time and the URL;
// saves made while a deploy runs are coalesced into one more deploy; Ctrl-C
// stops cleanly (a running deploy is interrupted the way deploy.sh documents).
//
//   npm run dev                              # arguments after -- go to scripts/deploy.sh
//   npm run dev -- -parallelism=4               # one-dash options reach terraform apply
import chokidar from 'chokidar';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eachLine, phaseClock } from './lib/deploy-phases.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const deployArgs = process.argv.slice(2);
// What a deploy reads: the images' inputs (.dockerignore decides within these), the chart, the stack.
const WATCHED = ['app/backend', 'app/frontend', 'docker', '.dockerignore', 'helm/todo-chatbot', 'stacks', 'main.ts'];
// Never an image input (.dockerignore) nor read by the stack: saving one deploys nothing.
const IGNORED =
  /(^|\/)(node_modules|dist|coverage|__tests__|test|tests|test-results)(\/|$)|\.(test|spec)\.[cm]?[jt]sx?$|(^|\/)\.|~$|\.swp$/;
const DEBOUNCE_MS = 300;

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const say = (text) => process.stdout.write(`[dev ${new Date().toTimeString().slice(0, 8)}] ${text}\n`);

/** Which part of the app a changed file belongs to, for the messages. */
function partOf(file) {
  if (file.startsWith('app/backend/') || file === 'docker/backend.Dockerfile') return 'backend';
  if (file.startsWith('app/frontend/') || file.startsWith('docker/')) return 'frontend';
  if (file.startsWith('helm/')) return 'chart';
  return 'stack';
}

let child = null;
let stopping = false;

/** One `scripts/deploy.sh` run; resolves to its exit code, phase times and the URL it printed. */
function deploy() {
  const started = Date.now();
  const clock = phaseClock(started);
  return new Promise((resolve) => {
    child = spawn('bash', ['scripts/deploy.sh', ...deployArgs], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const onLine = (line) => {
      process.stdout.write(`  | ${line}\n`);
      clock.line(line, Date.now());
    };
    eachLine(child.stdout, onLine);
    eachLine(child.stderr, onLine);
    child.on('close', (status, signal) => {
      child = null;
      const ended = Date.now();
      resolve({
        status: status ?? (signal ? 130 : 1),
        phases: clock.phases(ended),
        total: ended - started,
        url: clock.url,
      });
    });
  });
}

/**
 * Milliseconds until `url` answers through the ingress (any status below 500);
 * undefined when it did not within 15 s, or "unresolved" when its host does
 * not resolve here (the deploy printed the /etc/hosts line for that).
 */
async function firstResponse(url, part) {
  const target = new URL(url);
  const pathname = part === 'backend' ? '/api/tasks' : '/'; // /api/tasks answers 401 without a session: the API itself
  // TODO_INGRESS_URL: where the ingress controller listens when the app's host does not resolve here (the test node).
  const via = process.env.TODO_INGRESS_URL ? new URL(process.env.TODO_INGRESS_URL) : target;
  const t0 = Date.now();
  while (Date.now() - t0 < 15_000 && !stopping) {
    const status = await new Promise((resolve) => {
      const req = http.request(
        { host: via.hostname, port: via.port || 80, path: pathname, headers: { host: target.host }, timeout: 5000 },
        (res) => {
          res.resume();
          resolve(res.statusCode);
        },
      );
      req.on('timeout', () => req.destroy());
      req.on('error', (error) => resolve(error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN' ? -1 : 0));
      req.end();
    });
    if (status === -1) return 'unresolved';
    if (status > 0 && status < 500) return Date.now() - t0;
    await new Promise((r) => setTimeout(r, 250));
  }
  return undefined;
}

async function runOnce(files) {
  const parts = [...new Set(files.map(partOf))];
  say(
    files.length
      ? `${files.length} change(s) (${parts.join(', ')}: ${files.slice(0, 3).join(', ')}${files.length > 3 ? ', …' : ''}): deploying`
      : 'first deploy, so the cluster runs this checkout',
  );
  const result = await deploy();
  if (stopping) return;
  const line = result.phases.map(([name, ms]) => `${name} ${seconds(ms)}`).join(' | ');
  if (result.status !== 0) {
    say(
      `deploy FAILED (exit ${result.status}) after ${seconds(result.total)}: its output is above. Fix and save again.`,
    );
    return;
  }
  let served = '';
  if (result.url) {
    const ms = await firstResponse(result.url, parts.length === 1 ? parts[0] : 'frontend');
    served =
      ms === 'unresolved'
        ? `, not checked: ${new URL(result.url).hostname} does not resolve here`
        : ms === undefined
          ? ', no answer from the ingress within 15 s'
          : `, first response ${seconds(ms)} later`;
  }
  say(`deployed in ${seconds(result.total)} (${line})${served}`);
  say(`serving at ${result.url ?? '(no URL in the deploy output)'}; watching for changes (Ctrl-C stops)`);
  for (const part of parts.filter((p) => p === 'backend' || p === 'frontend')) typecheck(part);
}

/**
 * The images transpile without a type check (docker/README.md), so after a
 * deploy the changed app is type-checked here, off the deploy's path, and
 * the result printed.
 */
function typecheck(part) {
  const dir = path.join(ROOT, 'app', part);
  if (!existsSync(path.join(dir, 'node_modules'))) {
    say(`type check (${part}) skipped: run npm ci in app/${part} to have one after each deploy`);
    return;
  }
  const t0 = Date.now();
  const check = spawn('npm', ['run', '-s', 'typecheck'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  check.stdout.setEncoding('utf8').on('data', (d) => (out += d));
  check.stderr.setEncoding('utf8').on('data', (d) => (out += d));
  check.on('close', (status) => {
    if (stopping) return;
    if (status === 0) say(`type check (${part}): no errors (${seconds(Date.now() - t0)})`);
    else
      say(
        `type check (${part}) FAILED, the deployed code has type errors:\n${out.trim().split('\n').slice(0, 20).join('\n')}`,
      );
  });
}

// Saves made while a deploy runs wait here, then go in one more deploy.
const pending = new Set();
let running = false;
let timer;
async function drain() {
  if (running || stopping) return;
  running = true;
  try {
    while (pending.size && !stopping) {
      const files = [...pending].sort();
      pending.clear();
      await runOnce(files);
    }
  } finally {
    running = false;
  }
}

const watcher = chokidar.watch(WATCHED, {
  cwd: ROOT,
  ignoreInitial: true,
  ignored: (p) => IGNORED.test(path.relative(ROOT, path.resolve(ROOT, p)).split(path.sep).join('/')),
});
watcher.on('all', (_event, file) => {
  if (stopping) return;
  const rel = file.split(path.sep).join('/');
  if (running && !pending.size) say(`${rel} changed during the deploy: one more deploy follows it`);
  pending.add(rel);
  clearTimeout(timer);
  timer = setTimeout(drain, DEBOUNCE_MS);
});
watcher.on('error', (error) => say(`watcher error: ${error.message}`));

function stop(signal) {
  if (stopping) return;
  stopping = true;
  clearTimeout(timer);
  say(`${signal}: stopping${child ? ' (the running deploy was interrupted too; see its message above)' : ''}`);
  // Ctrl-C in a terminal reaches deploy.sh and Terraform already (one process group): a second
  // interrupt would make Terraform stop at once. Only a signal sent to this process alone is passed on.
  if (child && signal === 'SIGTERM') child.kill('SIGINT');
  const done = () =>
    watcher.close().then(() => {
      say('stopped');
      process.exit(130);
    });
  if (child) child.on('close', done);
  else done();
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

watcher.on('ready', async () => {
  running = true;
  try {
    await runOnce([]);
  } finally {
    running = false;
  }
  drain();
});
