// scripts/plan.mjs on small hand-written plan JSON: what is masked in plan.json,
// what plan.md says (counts, changes, images, values, risks), and when a
// saved plan is refused. (The real plan, apply and marker grep run in
// test/deploy/review.test.mjs.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  MASK,
  MASK_CHANGED,
  actionOf,
  buildManifest,
  compareManifests,
  isSecretKey,
  maskPlan,
  renderMarkdown,
  scrubText,
  summarize,
  synthInputs,
  valuesDiff,
} from '../../scripts/plan.mjs';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');

const PASSWORD = 'MARKER-db-password-9f8e7d';
const AUTH = 'MARKER-auth-secret-1a2b3c';
const API_KEY = 'sk-MARKER-openai-key-000';

const helmValues = (o) => [JSON.stringify(o)];
const baseValues = {
  chartChecksum: 'aaaa1111aaaa1111',
  secretChecksum: 'bbbb2222',
  existingSecret: 'todo-chatbot-secrets',
  backend: { image: { repository: 'todo-backend', tag: '1111' }, replicaCount: 1 },
  postgresql: { enabled: true, persistence: { size: '1Gi' } },
};

function fixturePlan() {
  return {
    format_version: '1.2',
    variables: { openai_api_key: { value: API_KEY }, replicas: { value: '2' } },
    configuration: {
      root_module: { variables: { openai_api_key: { sensitive: true }, replicas: {} } },
    },
    planned_values: {
      outputs: { url: { sensitive: false, value: 'http://todo.local' }, token: { sensitive: true, value: AUTH } },
      root_module: {
        resources: [
          {
            address: 'random_password.db',
            type: 'random_password',
            values: { length: 32, result: PASSWORD, bcrypt_hash: 'hash-of-MARKER' },
            sensitive_values: {}, // a provider that forgot to mark: masked by type anyway
          },
          {
            address: 'kubernetes_secret_v1.s',
            type: 'kubernetes_secret_v1',
            values: {
              data: { POSTGRES_PASSWORD: PASSWORD, DATABASE_URL: `postgres://todo:${PASSWORD}@db:5432/todo` },
              metadata: [{ name: 'todo-chatbot-secrets' }],
            },
            sensitive_values: { data: true },
          },
        ],
      },
    },
    prior_state: {
      values: {
        root_module: {
          resources: [
            {
              address: 'random_password.auth',
              type: 'random_password',
              values: { result: AUTH },
              sensitive_values: { result: true },
            },
          ],
        },
      },
    },
    resource_changes: [
      {
        address: 'docker_image.backend',
        type: 'docker_image',
        mode: 'managed',
        change: {
          actions: ['delete', 'create'],
          before: { name: 'todo-backend:1111' },
          after: { name: 'todo-backend:2222' },
          after_unknown: {},
          replace_paths: [['name']],
        },
      },
      {
        address: 'docker_image.frontend',
        type: 'docker_image',
        mode: 'managed',
        change: { actions: ['no-op'], before: { name: 'todo-frontend:f' }, after: { name: 'todo-frontend:f' } },
      },
      {
        address: 'helm_release.release',
        type: 'helm_release',
        mode: 'managed',
        change: {
          actions: ['update'],
          before: { name: 'todo-chatbot', chart: 'assets/c/1', values: helmValues(baseValues) },
          after: {
            name: 'todo-chatbot',
            chart: 'assets/c/1',
            values: helmValues({
              ...baseValues,
              secretChecksum: 'cccc3333',
              backend: { image: { repository: 'todo-backend', tag: '2222' }, replicaCount: 1 },
            }),
            // a copy of the password in an attribute nobody marked: scrubbed
            description: `note ${PASSWORD}`,
          },
          after_unknown: {},
          before_sensitive: {},
          after_sensitive: {},
        },
      },
      {
        address: 'kubernetes_secret_v1.s',
        type: 'kubernetes_secret_v1',
        mode: 'managed',
        change: {
          actions: ['update'],
          before: { data: { OPENAI_API_KEY: 'old-MARKER-key' }, metadata: [{ name: 'todo-chatbot-secrets' }] },
          after: { data: { OPENAI_API_KEY: API_KEY }, metadata: [{ name: 'todo-chatbot-secrets' }] },
          before_sensitive: { data: true },
          after_sensitive: { data: true },
          after_unknown: {},
        },
      },
    ],
    output_changes: {
      token: {
        actions: ['update'],
        before: 'old-MARKER-token',
        after: AUTH,
        before_sensitive: true,
        after_sensitive: true,
      },
    },
  };
}

test('plan.json masks every marked value, sensitive variables, secret attributes by type, and copies elsewhere', () => {
  const { plan, secrets } = maskPlan(fixturePlan());
  const text = JSON.stringify(plan);
  assert.doesNotMatch(text, /MARKER/, `a marker survived: ${text.match(/.{40}MARKER.{20}/)?.[0]}`);
  assert.equal(plan.variables.openai_api_key.value, MASK);
  assert.equal(plan.variables.replicas.value, '2', 'a variable not declared sensitive stays readable');
  const [password, secret] = plan.planned_values.root_module.resources;
  assert.equal(password.values.result, MASK, 'random_password.result masked even when not marked');
  assert.equal(password.values.length, 32, 'other attributes stay');
  assert.deepEqual(
    secret.values.data,
    { POSTGRES_PASSWORD: MASK, DATABASE_URL: MASK },
    "a Secret's data keeps its keys, never its values",
  );
  const secretChange = plan.resource_changes.find((c) => c.type === 'kubernetes_secret_v1').change;
  assert.deepEqual(secretChange.before.data, { OPENAI_API_KEY: MASK });
  assert.deepEqual(secretChange.after.data, { OPENAI_API_KEY: MASK_CHANGED }, 'a changed value says so, no more');
  assert.equal(plan.planned_values.outputs.token.value, MASK);
  assert.equal(plan.planned_values.outputs.url.value, 'http://todo.local');
  assert.equal(plan.output_changes.token.after, MASK);
  assert.equal(plan.prior_state.values.root_module.resources[0].values.result, MASK);
  const release = plan.resource_changes.find((c) => c.type === 'helm_release').change;
  assert.equal(release.after.description, `note ${MASK}`, 'a copy of a secret in an unmarked attribute is scrubbed');
  assert.ok(secrets.includes(PASSWORD) && secrets.includes(API_KEY));
});

test('an unmarked Secret data map keeps its keys and masks each value', () => {
  const { plan } = maskPlan({
    resource_changes: [
      {
        address: 'kubernetes_secret_v1.s',
        type: 'kubernetes_secret_v1',
        change: { actions: ['create'], before: null, after: { data: { AUTH_SECRET: 'MARKER-x-123456' } } },
      },
    ],
  });
  assert.deepEqual(plan.resource_changes[0].change.after.data, { AUTH_SECRET: MASK });
});

test('the masking does not change the input plan', () => {
  const input = fixturePlan();
  const before = JSON.stringify(input);
  maskPlan(input);
  assert.equal(JSON.stringify(input), before);
});

test("Terraform's action lists read as one word each", () => {
  assert.equal(actionOf({ actions: ['delete', 'create'] }), 'replace');
  assert.equal(actionOf({ actions: ['create', 'delete'] }), 'replace');
  assert.equal(actionOf({ actions: ['update'] }), 'update');
  assert.equal(actionOf({ actions: ['no-op'] }), 'no-op');
  assert.equal(actionOf({ actions: ['no-op'], importing: { id: 'x' } }), 'import');
});

test('the summary counts by action, names each change, the image old -> new, and the values key by key', () => {
  const s = summarize(maskPlan(fixturePlan()).plan);
  assert.deepEqual(s.counts, { create: 0, update: 2, replace: 1, delete: 0, import: 0 });
  assert.deepEqual(
    s.changes.map((c) => `${c.action} ${c.address}`),
    ['replace docker_image.backend', 'update helm_release.release', 'update kubernetes_secret_v1.s'],
  );
  assert.equal(s.images[0].detail, 'todo-backend:1111 -> todo-backend:2222; replaced because of name');
  assert.deepEqual(
    s.values.map((v) => `${v.key}: ${v.before} -> ${v.after}`),
    ['backend.image.tag: 1111 -> 2222', `secretChecksum: ${MASK} -> ${MASK}`],
  );
  assert.deepEqual(s.risks, [], 'an image roll and a Secret update are no risk flags');
  assert.equal(s.changes[2].detail, 'changes data', 'a Secret value change shows, masked');
});

test('risk flags: the namespace, a password, the Secret destroyed or replaced; the chart changed', () => {
  const rc = (address, type, actions, before = {}, after = {}) => ({
    address,
    type,
    change: { actions, before, after, after_unknown: {} },
  });
  const s = summarize({
    resource_changes: [
      rc('kubernetes_namespace_v1.ns', 'kubernetes_namespace_v1', ['delete'], { metadata: [{ name: 'todo' }] }, null),
      rc('random_password.db', 'random_password', ['delete', 'create']),
      rc('kubernetes_secret_v1.s', 'kubernetes_secret_v1', ['delete'], {
        metadata: [{ name: 'todo-chatbot-secrets' }],
      }),
      rc(
        'helm_release.r',
        'helm_release',
        ['update'],
        { name: 'todo-chatbot', chart: 'assets/a', values: helmValues(baseValues) },
        {
          name: 'todo-chatbot',
          chart: 'assets/b',
          values: helmValues({ ...baseValues, chartChecksum: 'dddd4444dddd4444', postgresql: { enabled: false } }),
        },
      ),
      rc('kubernetes_persistent_volume_claim_v1.data', 'kubernetes_persistent_volume_claim_v1', ['delete', 'create']),
    ],
  });
  assert.equal(s.counts.delete, 2);
  assert.equal(s.counts.replace, 2);
  const risks = s.risks.join('\n');
  assert.match(risks, /DESTROYS the namespace todo: everything in it goes, the PostgreSQL claim/);
  assert.match(risks, /REPLACES the password random_password\.db/);
  assert.match(risks, /DESTROYS the Secret todo-chatbot-secrets/);
  assert.match(risks, /changes the chart of the release todo-chatbot \(chartChecksum aaaa1111aaaa -> dddd4444dddd\)/);
  assert.match(risks, /changes postgresql\.enabled \(true -> false\)/);
  assert.match(risks, /REPLACES the claim kubernetes_persistent_volume_claim_v1\.data: its data is lost/);
});

test('Helm values that are unknown or sensitive are said so, never shown', () => {
  assert.deepEqual(valuesDiff({ before: {}, after: {}, after_unknown: { values: true } }), [
    { key: '(all values)', before: '', after: '(known after apply)' },
  ]);
  assert.deepEqual(valuesDiff({ before: { values: MASK }, after: { values: MASK }, after_unknown: {} }), [
    { key: '(all values)', before: '', after: 'sensitive: not shown' },
  ]);
  assert.equal(isSecretKey('auth.password'), true);
  assert.equal(isSecretKey('secretChecksum'), true);
  assert.equal(isSecretKey('openai.apiKey'), true);
  assert.equal(isSecretKey('existingSecret'), false, 'the Secret name is not a secret');
  assert.equal(isSecretKey('backend.image.tag'), false);
});

test('plan.md gives counts, policies, risks and one line per change; no change says so', () => {
  const meta = {
    stack: 'todo-local',
    environment: 'local',
    context: 'minikube',
    created: '2026-12-05T08:00:00Z',
    planDir: 'plans/todo-local-20261205T080000Z',
    planFile: 'plans/todo-local-20261205T080000Z/plan.tfplan',
    policies: 'passed',
  };
  const md = renderMarkdown(summarize(maskPlan(fixturePlan()).plan), meta);
  assert.match(md, /^# Plan for todo-local \(environment local, context minikube\)$/m);
  assert.match(md, /^- Changes: 0 to create, 2 to update, 1 to replace, 0 to destroy$/m);
  assert.match(md, /^- Policies: passed$/m);
  assert.match(md, /npm run apply -- plans\/todo-local-20261205T080000Z/);
  assert.match(md, /^- replace `docker_image\.backend`: todo-backend:1111 -> todo-backend:2222/m);
  assert.match(md, /^- `backend\.image\.tag`: `1111` -> `2222`$/m);
  assert.doesNotMatch(md, /MARKER/);
  const empty = renderMarkdown(summarize({ resource_changes: [] }), meta);
  assert.match(empty, /^- none: the cluster already matches the configuration$/m);
  assert.match(empty, /^- none: no namespace, claim, Secret, password or chart change$/m);
});

test('scrubText removes a secret and its JSON-escaped form', () => {
  assert.equal(scrubText('a "p\\"w-123456" b p"w-123456', ['p"w-123456']), `a "${MASK}" b ${MASK}`);
});

// ---------------------------------------------------------------- the manifest

const stackJson = (backendHash, chart) =>
  JSON.stringify({
    resource: {
      docker_image: {
        'backend-image_1': { triggers: { content_hash: backendHash } },
        'frontend-image_2': { triggers: { content_hash: 'f'.repeat(64) } },
      },
      helm_release: {
        release_3: { values: [`\${jsonencode({"fullnameOverride" = "x", "chartChecksum" = "${chart}", "a" = 1})}`] },
      },
    },
  });
const config = (over = {}) => ({
  environment: 'local',
  stackName: 'todo-local',
  kube: { context: 'minikube' },
  ...over,
});
const manifest = ({ cfg = config(), backend = 'b'.repeat(64), chart = 'c'.repeat(64), serial = 7 } = {}) =>
  buildManifest({ config: cfg, stackJsonText: stackJson(backend, chart), state: { lineage: 'L', serial } });

test('the input hashes are read from the synthesized stack: image content hashes and the chart checksum', () => {
  assert.deepEqual(synthInputs(JSON.parse(stackJson('b'.repeat(64), 'c'.repeat(64)))), {
    images: { 'docker_image.backend-image_1': 'b'.repeat(64), 'docker_image.frontend-image_2': 'f'.repeat(64) },
    chartChecksum: 'c'.repeat(64),
  });
});

test('a plan is applicable only to the same stack, config, inputs and state; each difference is named', () => {
  assert.deepEqual(compareManifests(manifest(), manifest()), []);
  assert.match(
    compareManifests(manifest(), manifest({ cfg: config({ stackName: 'todo-cluster', environment: 'cluster' }) }))[0],
    /made for stack todo-local \(environment local\), and this is todo-cluster \(environment cluster\)/,
  );
  assert.match(
    compareManifests(manifest(), manifest({ cfg: config({ kube: { context: 'prod' } }) })).join('\n'),
    /the configuration differs .*context minikube then, prod now/,
  );
  assert.match(
    compareManifests(manifest(), manifest({ backend: 'e'.repeat(64) })).join('\n'),
    /the inputs of docker_image\.backend-image_1 changed since the plan \(content hash bbbbbbbbbbbbbbbb then, eeeeeeeeeeeeeeee now\)/,
  );
  assert.match(
    compareManifests(manifest(), manifest({ chart: 'd'.repeat(64) })).join('\n'),
    /the chart changed since the plan/,
  );
  assert.match(
    compareManifests(manifest(), manifest({ serial: 9 })).join('\n'),
    /the plan is stale: the state changed since the plan was made \(serial 7 then, 9 now\)/,
  );
  const otherLineage = { ...manifest(), state: { lineage: 'M', serial: 7 } };
  assert.match(compareManifests(manifest(), otherLineage).join('\n'), /the plan is stale: the state is another one/);
  const otherSynth = { ...manifest(), synthHash: 'x' };
  assert.match(compareManifests(manifest(), otherSynth).join('\n'), /the synthesized stack differs/);
});

test('the write command makes owner-only plan.json and plan.md without a marker, and prints the summary', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plan-write-'));
  try {
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify({
        stack: 'todo-local',
        environment: 'local',
        context: 'minikube',
        created: '2026-12-05T08:00:00Z',
      }),
    );
    const policies = join(dir, '.policies.txt');
    writeFileSync(policies, `policy check: DENIED, 1 violation\n  rule: x: copied ${PASSWORD} somewhere\n`);
    const r = spawnSync(
      'node',
      ['scripts/plan.mjs', 'write', dir, '--policy-status', 'DENIED', '--policy-output', policies],
      { cwd: ROOT, input: JSON.stringify(fixturePlan()), encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Plan: 0 to create, 2 to update, 1 to replace, 0 to destroy\.$/m);
    assert.match(
      r.stdout,
      /^Policies: DENIED\n {2}- policy check: DENIED, 1 violation\n {2}- rule: x: copied \(sensitive\) somewhere$/m,
    );
    for (const file of ['plan.json', 'plan.md']) {
      assert.equal(statSync(join(dir, file)).mode & 0o777, 0o600);
      assert.doesNotMatch(readFileSync(join(dir, file), 'utf8'), /MARKER/);
    }
    const md = spawnSync('node', ['scripts/plan.mjs', 'write', dir, '--markdown-only'], {
      cwd: ROOT,
      input: JSON.stringify(fixturePlan()),
      encoding: 'utf8',
    });
    assert.equal(md.stdout, readFileSync(join(dir, 'plan.md'), 'utf8'), '--markdown-only prints plan.md and only it');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
