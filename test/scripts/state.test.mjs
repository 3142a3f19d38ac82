// The decisions of scripts/state.mjs that the deploy scenarios cannot easily
// provoke on a real cluster: which recovery plans are refused, the import
// IDs, redaction, and backup naming. (Recovery itself runs for real in
// test/deploy/faults.test.mjs.)
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  backupName,
  importsFor,
  kubectlFailure,
  listBackups,
  maskValues,
  MASK,
  redactor,
  sensitiveStrings,
  summarizePlan,
} from '../../scripts/state.mjs';

const change = (type, actions, { importing = false, before = {}, after = {}, unknown = {} } = {}) => ({
  address: `${type}.x`,
  type,
  change: { actions, importing: importing ? { id: 'i' } : undefined, before, after, after_unknown: unknown },
});
const verdict = (...changes) => summarizePlan({ resource_changes: changes });

test('a recovery plan of imports, image builds and in-place settings is accepted', () => {
  const { lines, refused } = verdict(
    change('random_password', ['no-op'], { importing: true }),
    change('kubernetes_secret_v1', ['update'], {
      importing: true,
      before: { data: { A: '1' } },
      after: { data: { A: '1' } },
    }),
    change('kubernetes_namespace_v1', ['update'], { importing: true }),
    change('helm_release', ['update'], { importing: true }),
    change('docker_image', ['create']),
    change('docker_registry_image', ['create']),
  );
  assert.deepEqual(refused, []);
  assert.deepEqual(lines, [
    'random_password.x: import',
    'kubernetes_secret_v1.x: import + update',
    'kubernetes_namespace_v1.x: import + update',
    'helm_release.x: import + update',
    'docker_image.x: create',
    'docker_registry_image.x: create',
  ]);
});

test('a recovery plan that would rotate a password, change the Secret, replace or create what should be imported is refused', () => {
  assert.match(
    verdict(change('random_password', ['delete', 'create'], { importing: true })).refused[0],
    /destroy or replace random_password\.x/,
  );
  assert.match(verdict(change('random_password', ['update'])).refused[0], /change the password random_password\.x/);
  assert.match(
    verdict(change('kubernetes_secret_v1', ['update'], { before: { data: { A: '1' } }, after: { data: { A: '2' } } }))
      .refused[0],
    /change the data of kubernetes_secret_v1\.x/,
  );
  assert.match(
    verdict(change('kubernetes_secret_v1', ['update'], { unknown: { data: true } })).refused[0],
    /change the data/,
  );
  assert.match(
    verdict(change('kubernetes_namespace_v1', ['create'])).refused[0],
    /create kubernetes_namespace_v1\.x, which the cluster should have had/,
  );
  assert.match(verdict(change('helm_release', ['create', 'delete'])).refused[0], /destroy or replace helm_release\.x/);
});

const stack = {
  resource: {
    kubernetes_namespace_v1: { ns_1: { metadata: { name: 'todo' } } },
    kubernetes_secret_v1: {
      secret_1: {
        metadata: { name: 'todo-chatbot-secrets', namespace: '${kubernetes_namespace_v1.ns_1.metadata[0].name}' },
      },
    },
    kubernetes_ingress_v1: { ingress_1: { metadata: { name: 'todo-chatbot' } } },
    helm_release: { release_1: { name: 'todo-chatbot' } },
    random_password: { pw_1: { '//': { metadata: { path: 'todo-local/secrets/database_password' } } } },
  },
};

test('import IDs come from the synthesized stack; a password is imported through a variable holding the Secret value', () => {
  const { imports, passwords } = importsFor(
    stack,
    { database_password: 'POSTGRES_PASSWORD' },
    (key) => `value-of-${key}`,
  );
  assert.deepEqual(imports, [
    { to: 'kubernetes_namespace_v1.ns_1', id: 'todo' },
    { to: 'kubernetes_secret_v1.secret_1', id: 'todo/todo-chatbot-secrets' },
    { to: 'kubernetes_ingress_v1.ingress_1', id: 'todo/todo-chatbot' },
    { to: 'helm_release.release_1', id: 'todo/todo-chatbot' },
    { to: 'random_password.pw_1', id: '${var.recover_database_password}' },
  ]);
  assert.deepEqual(passwords, { recover_database_password: 'value-of-POSTGRES_PASSWORD' });
  assert.throws(() => importsFor(stack, {}, () => 'x'), /has no Secret key/);
});

test('redaction replaces every secret value, and ignores values too short to be one', () => {
  const redact = redactor(['s3cr3t-value-1234', 'abc', '']);
  assert.equal(
    redact('id=s3cr3t-value-1234 and s3cr3t-value-1234; abc'),
    'id=(sensitive value) and (sensitive value); abc',
  );
});

test('backups sort newest first by their UTC time, per stack', () => {
  const dir = mkdtempSync(join(tmpdir(), 'state-backups-'));
  const names = [
    backupName('todo-local', 9, new Date('2026-11-30T09:59:59.900Z')),
    backupName('todo-local', 10, new Date('2026-11-30T10:00:00.100Z')),
    backupName('todo-cluster', 3, new Date('2026-12-01T00:00:00Z')),
  ];
  assert.equal(names[1], 'todo-local-20261130T100000Z-s10.tfstate');
  for (const name of [...names, 'notes.txt']) writeFileSync(join(dir, name), '{}');
  assert.deepEqual(
    listBackups(dir, 'todo-local').map((f) => f.slice(dir.length + 1)),
    [names[1], names[0]],
  );
});

test('npm run state -- show masks what the state marks sensitive, and the same secret leaked into a plain field', () => {
  const secret = 'correct-horse-battery';
  const resources = [
    { values: { result: secret, length: 32 }, sensitive_values: { result: true } },
    { values: { data: { A: 'x', B: 'long-enough-value' } }, sensitive_values: { data: true } },
    {
      values: { metadata: [{ annotations: { note: `pw=${secret}` }, name: 'todo' }], short: 'x' },
      sensitive_values: { metadata: [{ annotations: {} }] },
    },
  ];
  const secrets = sensitiveStrings(resources);
  assert.deepEqual(secrets.sort(), [secret, 'long-enough-value']);
  assert.deepEqual(maskValues(resources[0].values, resources[0].sensitive_values, secrets), {
    result: MASK,
    length: 32,
  });
  assert.deepEqual(maskValues(resources[1].values, resources[1].sensitive_values, secrets), { data: MASK });
  assert.deepEqual(maskValues(resources[2].values, resources[2].sensitive_values, secrets), {
    metadata: [{ annotations: { note: MASK }, name: 'todo' }],
    short: 'x',
  });
});

test('a missing kube context gets a fix line; any other kubectl failure is passed on as it is', () => {
  const config = { kube: { context: 'prod', configPaths: ['/tmp/kubeconfig-a'] } };
  const missing = kubectlFailure(config, ['get', 'secret'], 'error: context "prod" does not exist\n');
  assert.match(
    missing,
    /failed:\nerror: context "prod" does not exist\nFix: the context "prod" is not in \/tmp\/kubeconfig-a\./,
  );
  assert.match(missing, /KUBE_CONTEXT/);
  const other = kubectlFailure(config, ['get', 'secret'], 'error: You must be logged in to the server (Unauthorized)');
  assert.doesNotMatch(other, /Fix:/);
});
