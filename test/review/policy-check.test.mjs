// scripts/policy-check.mjs as the plan/apply commands call it: the opa CLI on
// small plans, its exit status and lines, and what it says without opa or
// with a bad plan. Needs opa on PATH (test/infra/toolchain.sh opa).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../scripts/policy-check.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'policy-check-'));
const MARKER = 'hunter2-not-a-real-password';

function planFile(name, plan) {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ format_version: '1.2', ...plan }), { mode: 0o600 });
  return file;
}
const check = (args, env = process.env) => spawnSync('node', [SCRIPT, ...args], { encoding: 'utf8', env });
const change = (address, type, actions, extra = {}) => ({
  address,
  mode: 'managed',
  type,
  change: { actions, before: {}, after: {}, after_sensitive: {}, after_unknown: {}, ...extra },
});

const deletesNamespace = planFile('delete-namespace', {
  resource_changes: [change('kubernetes_namespace_v1.app-namespace_77BFF497', 'kubernetes_namespace_v1', ['delete'])],
});

test('a plan that changes nothing guarded is allowed: exit 0, one line', () => {
  const file = planFile('image-rebuild', {
    resource_changes: [change('docker_image.backend-image_91095F08', 'docker_image', ['delete', 'create'])],
  });
  const r = check(['--plan', file]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split('\n'), ['policy check: allowed (data_loss, image_digest, secret_flow)']);
});

test('a plan that deletes the namespace is denied with the rule, the address, why and the override', () => {
  const r = check(['--plan', deletesNamespace]);
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.match(lines[0], /^policy check: DENIED, 1 violation \(/);
  assert.match(
    lines[1],
    /^ {2}data_loss: kubernetes_namespace_v1\.app-namespace_77BFF497: would destroy it: .*PostgreSQL claim.*--allow-data-loss/,
  );
  assert.equal(lines.length, 2);
});

test('--allow-data-loss allows it', () => {
  const r = check(['--plan', deletesNamespace, '--allow-data-loss']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^policy check: allowed/);
});

test('the flag does not lift the other rules', () => {
  const file = planFile('leak', {
    resource_changes: [
      change('helm_release.release_94AF7AAB', 'helm_release', ['update'], { after_sensitive: { values: [true] } }),
    ],
  });
  const r = check(['--plan', file, '--allow-data-loss']);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /secret_flow: helm_release\.release_94AF7AAB: values\.0 holds a value derived from a secret/);
});

test('no secret value is printed: the verdict names paths, never values', () => {
  const file = planFile('leak-value', {
    resource_changes: [
      change('helm_release.r', 'helm_release', ['update'], {
        after: { values: [JSON.stringify({ password: MARKER })] },
        after_sensitive: { values: [true] },
      }),
    ],
  });
  const r = check(['--plan', file]);
  assert.equal(r.status, 1);
  assert.doesNotMatch(r.stdout + r.stderr, new RegExp(MARKER));
});

test('without opa: exit 2 and how to install it', () => {
  const r = check(['--plan', deletesNamespace], { ...process.env, OPA_BINARY: join(dir, 'no-opa-here') });
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /opa .* is not on PATH\. Install it: https:\/\/www\.openpolicyagent\.org/);
  assert.match(r.stderr, /toolchain\.sh opa/);
});

test('a missing, broken or non-plan file is an error (exit 2) that does not quote the file', () => {
  assert.match(check(['--plan', join(dir, 'nope.json')]).stderr, /cannot read --plan .*ENOENT/);
  const broken = join(dir, 'broken.json');
  writeFileSync(broken, `{"password": "${MARKER}"`);
  const r = check(['--plan', broken]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /it is not valid JSON/);
  assert.doesNotMatch(r.stderr, new RegExp(MARKER));
  const state = join(dir, 'state.json');
  writeFileSync(state, JSON.stringify({ version: 4, resources: [] }));
  assert.match(
    check(['--plan', state]).stderr,
    /not a Terraform plan JSON \(make it with: terraform show -json PLANFILE\)/,
  );
  assert.equal(check([]).status, 2);
  assert.match(check([]).stderr, /--plan is required/);
});

test('a broken policy is an error (exit 2), not an allowed plan', () => {
  const policies = mkdtempSync(join(tmpdir(), 'policies-'));
  writeFileSync(join(policies, 'bad.rego'), 'package terraform.policies.bad\n\nviolations contains v if {\n');
  const r = check(['--plan', deletesNamespace, '--policies', policies]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /opa failed/);
});
