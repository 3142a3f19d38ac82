import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError } from '../stacks/config';
import { ENVIRONMENTS, loadConfig, overridesFromEnv, parseBuildArgs } from '../stacks/environments';
import { resolveConfig } from '../stacks/app';
import { protectLocalStateDir, protectOutdir } from '../stacks/state-backend';

function problemsOf(overrides: unknown): string {
  try {
    loadConfig('local', overrides);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('configuration validation', () => {
  test('the default local environment is valid', () => {
    expect(loadConfig('local')).toEqual(ENVIRONMENTS.local);
  });

  test.each<[string, unknown, RegExp]>([
    [
      'host with underscore and capitals',
      { ingress: { host: 'Todo_Local' } },
      /ingress\.host: must be a lowercase DNS name such as todo\.local.*\(got "Todo_Local"\)/,
    ],
    ['host with a scheme', { ingress: { host: 'http://todo.local' } }, /ingress\.host: must be a lowercase DNS name/],
    ['host with a port', { ingress: { host: 'todo.local:8080' } }, /ingress\.host: .*no port/],
    [
      'host label over 63 characters',
      { ingress: { host: `${'a'.repeat(64)}.local` } },
      /ingress\.host: each dot-separated part must be at most 63 characters/,
    ],
    [
      'namespace with capitals',
      { namespace: 'Todo' },
      /namespace: must be a Kubernetes namespace: lowercase letters.*\(got "Todo"\)/,
    ],
    ['namespace too long', { namespace: 'n'.repeat(64) }, /namespace: must be at most 63 characters/],
    [
      'release name longer than the chart allows',
      { releaseName: 'r'.repeat(41) },
      /releaseName: must be at most 40 characters/,
    ],
    ['zero replicas', { backend: { replicas: 0 } }, /backend\.replicas: must be a whole number from 1 to 50 \(got 0\)/],
    ['fractional replicas', { frontend: { replicas: 1.5 } }, /frontend\.replicas: must be a whole number from 1 to 50/],
    [
      'replicas as a string',
      { frontend: { replicas: '2' } },
      /frontend\.replicas: must be a whole number from 1 to 50 \(got "2"\)/,
    ],
    [
      'CPU in words',
      { backend: { resources: { requests: { cpu: '12 cores' } } } },
      /backend\.resources\.requests\.cpu: must be a Kubernetes CPU quantity such as 100m/,
    ],
    [
      'memory without a valid unit',
      { backend: { resources: { limits: { memory: '512MB' } } } },
      /backend\.resources\.limits\.memory: must be a Kubernetes memory quantity such as 128Mi/,
    ],
    [
      'requests above limits',
      { frontend: { resources: { requests: { memory: '1Gi' } } } },
      /frontend\.resources\.requests\.memory: must not exceed limits\.memory \(256Mi\)/,
    ],
    [
      'service port out of range',
      { backend: { servicePort: 70000 } },
      /backend\.servicePort: must be a whole number from 1 to 65535 \(got 70000\)/,
    ],
    [
      'service port zero',
      { frontend: { servicePort: 0 } },
      /frontend\.servicePort: must be a whole number from 1 to 65535/,
    ],
    [
      'the removed ingress.apiPath (the paths are fixed)',
      { ingress: { apiPath: '/backend' } },
      /ingress\.apiPath: was removed: the app serves its API under \/api and its pages under \/.*delete this field/,
    ],
    ['the removed ingress.webPath', { ingress: { webPath: '/app' } }, /ingress\.webPath: was removed/],
    ...(['default', 'kube-system', 'kube-public', 'kube-node-lease'].map((ns) => [
      `the system namespace ${ns}`,
      { namespace: ns },
      /namespace: must be a namespace of its own, not one of the cluster's \(default, kube-system, kube-public, kube-node-lease\)/,
    ]) as [string, unknown, RegExp][]),
    [
      'bad ingress class',
      { ingress: { className: 'Nginx Class' } },
      /ingress\.className: must be an IngressClass name such as nginx/,
    ],
    [
      'bad TLS secret name',
      { ingress: { tlsSecretName: 'TLS!' } },
      /ingress\.tlsSecretName: must be the name of a kubernetes\.io\/tls Secret/,
    ],
    ['empty kube context', { kube: { context: '' } }, /kube\.context: must name a kubeconfig context such as minikube/],
    ['no kubeconfig path', { kube: { configPaths: [] } }, /kube\.configPaths: must name at least one kubeconfig file/],
    [
      'unknown log level',
      { backend: { logLevel: 'verbose' } },
      /backend\.logLevel: must be one of fatal, error, warn, info, debug, trace/,
    ],
    [
      'LLM base URL that is not a URL',
      { backend: { llmBaseUrl: 'ollama:11434' } },
      /backend\.llmBaseUrl: must be an http\(s\) URL/,
    ],
    [
      'timeout too short',
      { release: { timeoutSeconds: 5 } },
      /release\.timeoutSeconds: must be a whole number of seconds from 30 to 3600/,
    ],
    ['bad PVC size', { postgres: { storageSize: 'big' } }, /postgres\.storageSize: must be a volume size with a unit/],
    [
      'PVC size without a unit (the chart would refuse it at install)',
      { postgres: { storageSize: '1' } },
      /postgres\.storageSize: must be a volume size with a unit/,
    ],
    [
      'unknown database mode',
      { database: { mode: 'neon' } },
      /database\.mode: must be "in-cluster" \(PostgreSQL in the chart\) or "external"/,
    ],
    [
      'registry with a scheme',
      { images: { registry: 'https://registry.example.com/team' } },
      /images\.registry: must be a registry host and path without a scheme.*\(got "https:\/\/registry\.example\.com\/team"\)/,
    ],
    [
      'registry with capitals',
      { images: { registry: 'registry.example.com/Team' } },
      /images\.registry: must be lowercase: Docker repository names cannot hold capitals/,
    ],
    [
      'registry with a trailing slash',
      { images: { registry: 'registry.example.com/team/' } },
      /images\.registry: must be a registry host\[:port\] and an optional path/,
    ],
    [
      'registry with a tag',
      { images: { registry: 'registry.example.com/team:1' } },
      /images\.registry: must be a registry host\[:port\] and an optional path/,
    ],
    ['misspelt field', { ingres: { host: 'x.local' } }, /unknown field\(s\) "ingres"/],
    ['unknown nested field', { backend: { replica: 2 } }, /backend: unknown field\(s\) "replica"/],
    [
      'bad build argument name',
      { images: { buildArgs: { 'NODE-IMAGE': 'x' } } },
      /images\.buildArgs\.NODE-IMAGE: build argument names must be letters, digits and "_"/,
    ],
  ])('rejects %s, naming the field and the accepted form', (_name, overrides, expected) => {
    const message = problemsOf(overrides);
    expect(message).toMatch(/^Invalid configuration for environment "local":/);
    expect(message).toMatch(expected);
  });

  test('reports every problem at once', () => {
    const message = problemsOf({ namespace: 'BAD', backend: { replicas: 0 } });
    expect(message).toMatch(/namespace:/);
    expect(message).toMatch(/backend\.replicas:/);
  });

  test('an unknown environment names the known ones', () => {
    expect(() => loadConfig('staging')).toThrow(/unknown environment; known: local, cluster/);
  });

  test('the cluster environment is valid and has its own stack', () => {
    const cluster = loadConfig('cluster');
    expect(cluster.stackName).toBe('todo-cluster');
    expect(cluster.backend.replicas).toBe(2);
    expect(cluster.ingress.tlsSecretName).toBe('todo-tls');
  });
});

test("the stack's replica counts are inside the chart's schema, up to its maximum", () => {
  const schema = JSON.parse(
    fs.readFileSync(path.join(__dirname, '..', 'helm', 'todo-chatbot', 'values.schema.json'), 'utf8'),
  );
  const { minimum, maximum } = schema.definitions.replicas;
  expect(minimum).toBeLessThanOrEqual(1);
  expect(loadConfig('local', { backend: { replicas: maximum } }).backend.replicas).toBe(maximum);
  expect(() => loadConfig('local', { backend: { replicas: maximum + 1 } })).toThrow(
    new RegExp(`backend\\.replicas: must be a whole number from 1 to ${maximum}`),
  );
});

describe('environment overrides', () => {
  test('TODO_REGISTRY sets the registry; "none" drops the one an environment names', () => {
    expect(loadConfig('local', overridesFromEnv({ TODO_REGISTRY: 'registry.example.org/me' })).images.registry).toBe(
      'registry.example.org/me',
    );
    expect(loadConfig('cluster').images.registry).toBe('registry.example.com/todo');
    expect(loadConfig('cluster', overridesFromEnv({ TODO_REGISTRY: 'none' })).images.registry).toBeUndefined();
    expect(loadConfig('local').images.registry).toBeUndefined();
  });

  test('a bad registry gets one message, the most specific', () => {
    expect(() => loadConfig('local', { images: { registry: 'https://Registry.example.com/t' } })).toThrow(
      /^Invalid configuration for environment "local":\n {2}- images\.registry: must be a registry host and path without a scheme[^\n]*$/,
    );
  });

  test('KUBECONFIG (several files), KUBE_CONTEXT, TODO_HOST, TODO_NAMESPACE and TODO_BUILD_ARGS apply', () => {
    const config = loadConfig(
      'local',
      overridesFromEnv({
        KUBECONFIG: '/a/config:/b/config',
        KUBE_CONTEXT: 'kind-dev',
        TODO_HOST: 'todo.example.com',
        TODO_NAMESPACE: 'todo-dev',
        TODO_BUILD_ARGS: 'NODE_IMAGE=local/node:20,NGINX_IMAGE=local/nginx:1',
      }),
    );
    expect(config.kube).toEqual({ configPaths: ['/a/config', '/b/config'], context: 'kind-dev' });
    expect(config.ingress.host).toBe('todo.example.com');
    expect(config.namespace).toBe('todo-dev');
    expect(config.images.buildArgs).toEqual({ NODE_IMAGE: 'local/node:20', NGINX_IMAGE: 'local/nginx:1' });
  });

  test('a TODO_CONFIG file is merged and validated', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-config-'));
    try {
      const file = path.join(dir, 'config.json');
      fs.writeFileSync(file, JSON.stringify({ backend: { replicas: 3 } }));
      expect(loadConfig('local', overridesFromEnv({ TODO_CONFIG: file })).backend.replicas).toBe(3);
      fs.writeFileSync(file, '{ not json');
      expect(() => overridesFromEnv({ TODO_CONFIG: file })).toThrow(/TODO_CONFIG: .* is not valid JSON/);
      expect(() => overridesFromEnv({ TODO_CONFIG: path.join(dir, 'missing.json') })).toThrow(
        /TODO_CONFIG: cannot read/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test.each(['KUBE_CONTEXT', 'TODO_CONFIG', 'TODO_HOST', 'TODO_NAMESPACE', 'TODO_REGISTRY'])(
    '%s set but empty is refused, named (not a silent fallback to the default)',
    (name) => {
      expect(() => overridesFromEnv({ [name]: '' })).toThrow(
        new RegExp(`^Invalid configuration for environment "\\(environment\\)":\\n  - ${name}: is set but empty`),
      );
    },
  );

  test('TODO_NAMESPACE naming a system namespace is refused, the field named', () => {
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease'])
      expect(() => loadConfig('local', overridesFromEnv({ TODO_NAMESPACE: ns }))).toThrow(
        /namespace: must be a namespace of its own/,
      );
  });

  test.each([
    ['null', 'null'],
    ['an array', '[{"backend": {"replicas": 2}}]'],
    ['a number', '3'],
    ['a string', '"local"'],
  ])('a TODO_CONFIG file holding %s is refused, the variable named', (got, text) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-config-'));
    try {
      const file = path.join(dir, 'config.json');
      fs.writeFileSync(file, text);
      expect(() => overridesFromEnv({ TODO_CONFIG: file })).toThrow(
        new RegExp(`TODO_CONFIG: .*config\\.json must hold one JSON object .*\\(got ${got}\\)`),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a malformed TODO_BUILD_ARGS entry is named', () => {
    expect(() => parseBuildArgs('NODE_IMAGE')).toThrow(/"NODE_IMAGE" must have the form NAME=value/);
  });
});

describe('local state protection', () => {
  test('the state folder becomes owner-only (0700) and its files 0600: they hold every secret in plaintext', () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'todo-state-')), 'state');
    fs.mkdirSync(dir, { mode: 0o755 });
    fs.chmodSync(dir, 0o755);
    fs.writeFileSync(path.join(dir, 'todo-local.tfstate'), '{}', { mode: 0o644 });
    protectLocalStateDir(dir);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(dir, 'todo-local.tfstate')).mode & 0o777).toBe(0o600);
  });

  test('a missing state folder is created owner-only', () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'todo-state-')), 'state');
    protectLocalStateDir(dir);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
  });

  test('the synthesized output folder is owner-only too: Terraform leaves its plan files (which hold the values) there', () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'todo-out-')), 'cdktf.out');
    fs.mkdirSync(dir, { mode: 0o755 });
    fs.chmodSync(dir, 0o755);
    protectOutdir(dir);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
  });
});

describe('environment overrides, edge cases', () => {
  test("a relative KUBECONFIG is the caller's, made absolute (Terraform runs in the stack folder)", () => {
    const o = overridesFromEnv({ KUBECONFIG: 'kc.yaml:~/.kube/config' });
    expect(o.kube?.configPaths).toEqual([path.resolve('kc.yaml'), '~/.kube/config']);
  });

  test('a build argument with a bad name is named, its value (maybe a token) never echoed', () => {
    expect(problemsOf({ images: { buildArgs: { 'npm-token': 's3cr3tTOKEN' } } })).not.toContain('s3cr3tTOKEN');
  });
});

describe('messages a user reads', () => {
  test('a wrong type is said plainly, with the value given', () => {
    const message = problemsOf({ backend: null, kube: { configPaths: 'x' } });
    expect(message).toContain('backend: must be a JSON object ({...}) (got null)');
    expect(message).toContain('kube.configPaths: must be a list, such as ["a", "b"] (got "x")');
    expect(message).not.toMatch(/Invalid input/);
  });

  test('a release name that is too long names the limit once', () => {
    const message = problemsOf({ releaseName: 'a'.repeat(41) });
    expect(message.match(/40 characters/g)).toHaveLength(1);
  });

  test("a variable's own error names the environment it was for", () => {
    expect(() => resolveConfig({ KUBE_CONTEXT: '' })).toThrow(
      /^Invalid configuration for environment "local":\n {2}- KUBE_CONTEXT: is set but empty/,
    );
    expect(() => resolveConfig({ TODO_ENV: 'cluster', TODO_STATE_BACKEND: 'pg' })).toThrow(
      /^Invalid configuration for environment "cluster":\n {2}- TODO_STATE_BACKEND: is pg, which needs PG_CONN_STR/,
    );
  });
});
