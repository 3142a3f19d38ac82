// Shared by the deploy scenarios on the real node (scenarios.test.mjs,
// resilience.test.mjs): the environment test/infra/test-deploy.sh prepares, the
// commands the README gives users, kubectl/helm against the node, and HTTP
// through the ingress controller on 127.0.0.1.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { test } from 'node:test';
import { stripVTControlCharacters } from 'node:util';

export const WORKDIR = required('TODO_TEST_WORKDIR');
export const KUBECONFIG = required('KUBECONFIG');
export const CONTEXT = required('KUBE_CONTEXT');
export const LOG = required('TODO_TEST_LOG');
export const STACK_DIR = join(WORKDIR, 'cdktf.out', 'stacks', 'todo-local');
export const TF = process.env.TERRAFORM_BINARY_NAME || 'terraform';
export const NS = 'todo';
export const RELEASE = 'todo-chatbot';
export const CDKTF_FLAGS = ['--skip-provider-lock'];
export const INGRESS = new URL(required('TODO_INGRESS_URL')); // the ingress controller, on 127.0.0.1
export const HOST = 'todo.local';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set (run test/infra/test-deploy.sh)`);
  return value;
}

/** Every command's output, to prove at the end that no secret value was printed. */
export const transcript = [];
export const timings = {};

/**
 * Runs a command in the workdir. `sensitive` marks the test's own raw reads
 * (plan JSON, Secret data): their output is neither logged nor part of the
 * transcript checked for leaks, since it holds the values by design.
 */
export function run(command, args, { env = {}, allowFailure = false, label, sensitive = false } = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    cwd: WORKDIR,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return settle(command, args, result, start, { allowFailure, label, sensitive });
}

/** run(), without blocking the event loop: for commands that must overlap a load generator in this process. */
export function runAsync(command, args, { env = {}, allowFailure = false, label, sensitive = false } = {}) {
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: WORKDIR, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => {
      try {
        resolve(settle(command, args, { status, stdout, stderr }, start, { allowFailure, label, sensitive }));
      } catch (error) {
        reject(error);
      }
    });
  });
}

function settle(command, args, result, start, { allowFailure, label, sensitive }) {
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const stripAnsi = (text) => stripVTControlCharacters(text ?? '');
  const output = stripAnsi(`${result.stdout ?? ''}${result.stderr ?? ''}`);
  if (!sensitive) transcript.push(output);
  const logged = sensitive && result.status === 0 ? '(output not logged: holds secret values)\n' : output;
  appendFileSync(LOG, `\n$ ${command} ${args.join(' ')}  (${seconds.toFixed(1)} s, exit ${result.status})\n${logged}`);
  if (label) timings[label] = seconds;
  if (!allowFailure && result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${output.slice(-4000)}`);
  }
  return { status: result.status, output, stdout: result.stdout ?? '', seconds };
}

export const kubectl = (...args) => run('kubectl', ['--kubeconfig', KUBECONFIG, '--context', CONTEXT, ...args]);
export const kubectlJson = (...args) => JSON.parse(kubectl(...args, '-o', 'json').stdout);
export const kubectlJsonAsync = async (...args) =>
  JSON.parse(
    (await runAsync('kubectl', ['--kubeconfig', KUBECONFIG, '--context', CONTEXT, ...args, '-o', 'json'])).stdout,
  );
export const kubectlSecretJson = (...args) =>
  JSON.parse(
    run('kubectl', ['--kubeconfig', KUBECONFIG, '--context', CONTEXT, ...args, '-o', 'json'], { sensitive: true })
      .stdout,
  );
export const helm = (...args) => run('helm', ['--kubeconfig', KUBECONFIG, '--kube-context', CONTEXT, ...args]);
export const deploy = (opts = {}) => run('bash', ['scripts/deploy.sh', ...CDKTF_FLAGS], opts);
export const deployAsync = (opts = {}) => runAsync('bash', ['scripts/deploy.sh', ...CDKTF_FLAGS], opts);
/**
 * `scripts/deploy.sh` in its own process group, as a terminal runs it, so a
 * test can interrupt it (Ctrl-C: SIGINT to the group) or kill it outright.
 * Returns the child, its output so far, and a promise of its exit.
 */
export function deployDetached({ env = {} } = {}) {
  const child = spawn('bash', ['scripts/deploy.sh', ...CDKTF_FLAGS], {
    cwd: WORKDIR,
    env: { ...process.env, ...env },
    detached: true,
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (output += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (output += d));
  const exited = new Promise((resolve) =>
    child.on('close', (status, signal) => {
      const clean = stripVTControlCharacters(output);
      transcript.push(clean);
      appendFileSync(
        LOG,
        `\n$ bash scripts/deploy.sh (detached, pid ${child.pid}; exit ${status ?? signal})\n${clean}`,
      );
      resolve({ status, signal, output: clean });
    }),
  );
  return { child, output: () => stripVTControlCharacters(output), exited };
}
export const cdktf = (...args) => run('npx', ['--no-install', 'cdktf', ...args, ...CDKTF_FLAGS]);
export const stateList = () =>
  run(TF, [`-chdir=${STACK_DIR}`, 'state', 'list'])
    .stdout.trim()
    .split('\n')
    .filter(Boolean);

/** Resource changes of `cdktf synth` + a fresh `terraform plan`, as {address: actions}. */
export function planChanges() {
  run('npx', ['--no-install', 'cdktf', 'synth']);
  run(TF, [`-chdir=${STACK_DIR}`, 'plan', '-input=false', '-lock=false', '-out=test.tfplan', '-no-color']);
  // `terraform show -json` prints sensitive values in clear text: a raw read, kept out of logs.
  const plan = JSON.parse(run(TF, [`-chdir=${STACK_DIR}`, 'show', '-json', 'test.tfplan'], { sensitive: true }).stdout);
  rmSync(join(STACK_DIR, 'test.tfplan'));
  return Object.fromEntries((plan.resource_changes ?? []).map((c) => [c.address, c.change.actions.join(',')]));
}
export const changed = (changes) => Object.entries(changes).filter(([, a]) => a !== 'no-op' && a !== 'read');

export const deploymentImage = (name) =>
  kubectlJson('-n', NS, 'get', 'deployment', name).spec.template.spec.containers[0].image;
export const secretData = () => {
  const data = kubectlSecretJson('-n', NS, 'get', 'secret', 'todo-chatbot-secrets').data ?? {};
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
};
export const imageIds = () =>
  run('docker', [
    'images',
    '--no-trunc',
    '--format',
    '{{.Repository}}:{{.Tag}} {{.ID}}',
    '--filter',
    'reference=todo-*',
  ])
    .stdout.trim()
    .split('\n')
    .filter(Boolean)
    .sort();

/** One HTTP request to the ingress controller with `Host: todo.local`, as a browser on this machine would send. */
export function viaIngress(method, path, { token, body } = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: INGRESS.hostname,
        port: INGRESS.port || 80,
        method,
        path,
        timeout: 10_000,
        headers: {
          host: HOST,
          ...(payload ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          let json;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode, headers: res.headers, text, json });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in 10 s`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Polls until fn() returns a truthy value; an ingress picks up new endpoints a moment after a rollout. */
export async function eventually(what, fn, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

/** Signs a new user up through the ingress; returns the session token. */
export async function signUp(prefix) {
  const email = `${prefix}-${Math.random().toString(36).slice(2, 10)}@example.com`;
  const res = await viaIngress('POST', '/api/auth/signup', { body: { email, password: 'correct horse battery' } });
  assert.equal(res.status, 201, `sign-up through the ingress: ${res.status} ${res.text.slice(0, 300)}`);
  assert.ok(res.json?.token, 'sign-up returned no token');
  return res.json.token;
}

export const podsOf = () => kubectlJson('-n', NS, 'get', 'pods').items.filter((p) => !p.metadata.deletionTimestamp);

let failed = false;
/** A step of an ordered scenario: after a failed step the rest are skipped. */
export function step(name, fn) {
  test(name, async (t) => {
    if (failed) return t.skip('an earlier step failed');
    try {
      await fn();
    } catch (error) {
      failed = true;
      throw error;
    }
  });
}
