/**
 * The stack and the chart, rendered together: the chart's templates with the
 * values the stack really sends (test/chart/stack-values.ts synthesizes them),
 * checked against what the stack itself creates (its Secret, its Ingress).
 * Needs helm (~/.cache/todo-chatbot/bin/helm from test/infra/toolchain.sh);
 * without it these tests skip locally and fail in CI (CI=true).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { EnvironmentConfig } from '../stacks/config';
import { API_PATH, WEB_PATH } from '../stacks/constructs/app-ingress';
import { SECRET_KEYS } from '../stacks/constructs/app-secrets';
import { loadConfig } from '../stacks/environments';
import { IN_CLUSTER_DATABASE, PASSWORD_PLACEHOLDER } from '../stacks/in-cluster-database';
import { synthesizeStack } from '../test/chart/stack-values';
import { configSettings } from './settings';

const ROOT = path.resolve(__dirname, '..');
const CHART = path.join(ROOT, 'helm', 'todo-chatbot');

function findHelm(): string | undefined {
  const cache =
    process.env.TODO_CACHE_DIR ??
    path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'todo-chatbot');
  const candidates = [
    path.join(cache, 'bin', 'helm'),
    ...(process.env.PATH ?? '').split(path.delimiter).map((d) => path.join(d, 'helm')),
  ];
  return candidates.find((c) => fs.existsSync(c));
}
const HELM = findHelm();
const inCI = process.env.CI === 'true';
if (!HELM && !inCI) console.warn('chart-render: helm not found (test/infra/toolchain.sh builds it): these tests skip');
const describeWithHelm = HELM || inCI ? describe : describe.skip;

type Doc = { kind: string; metadata: { name: string }; [key: string]: any };

let work: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'chart-render-'));
});
afterAll(() => work && fs.rmSync(work, { recursive: true, force: true }));

let renders = 0;
function render(values: Record<string, unknown>, namespace = 'todo'): Doc[] {
  if (!HELM) throw new Error('helm not found: run test/infra/toolchain.sh (CI=true requires it)');
  const file = path.join(work, `values-${++renders}.json`);
  fs.writeFileSync(file, JSON.stringify(values));
  const out = execFileSync(HELM!, ['template', String(values.fullnameOverride), CHART, '-n', namespace, '-f', file], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return parseAllDocuments(out)
    .map((d) => d.toJS() as Doc)
    .filter(Boolean);
}

/** The stack for `config`: its chart values and its synthesized JSON. */
function stackOf(config: EnvironmentConfig): { values: Record<string, any>; synth: any } {
  const { values, synthesized } = synthesizeStack(config, ROOT, path.join(work, `out-${++renders}`));
  return { values, synth: synthesized };
}

const find = (docs: Doc[], kind: string, name: string) => {
  const doc = docs.find((d) => d.kind === kind && d.metadata.name === name);
  if (!doc) throw new Error(`no ${kind}/${name} in the rendering: ${docs.map((d) => `${d.kind}/${d.metadata.name}`)}`);
  return doc;
};
const podSpecs = (docs: Doc[]) =>
  docs.flatMap((d) => (d.kind === 'Pod' ? [d.spec] : d.spec?.template?.spec ? [d.spec.template.spec] : []));
const containerOf = (docs: Doc[], kind: string, name: string) =>
  find(docs, kind, name).spec.template.spec.containers[0];
const envOf = (container: any): Record<string, any> =>
  Object.fromEntries((container.env ?? []).map((e: any) => [e.name, e.value ?? e.valueFrom]));

/** Every secretKeyRef to `secretName` in the rendering: key -> optional. */
function secretKeyRefs(docs: Doc[], secretName: string): Record<string, boolean> {
  const refs: Record<string, boolean> = {};
  for (const spec of podSpecs(docs))
    for (const c of [...(spec.initContainers ?? []), ...spec.containers])
      for (const e of c.env ?? []) {
        const ref = e.valueFrom?.secretKeyRef;
        if (ref?.name === secretName) refs[ref.key] = ref.optional === true;
      }
  return refs;
}

/** The stack's in-cluster DATABASE_URL with `password` filled in (as Terraform's replace and urlencode do). */
function stackDatabaseUrl(synth: any, password: string): string {
  const secret = Object.values(synth.resource.kubernetes_secret_v1 as Record<string, any>).find(
    (s) => s.type === 'Opaque',
  );
  const m = /"DATABASE_URL" = replace\("([^"]+)", "([^"]+)", urlencode\(random_password\.(\w+)\.result\)\)/.exec(
    secret.data,
  );
  if (!m) throw new Error(`the stack's Secret builds DATABASE_URL some other way: ${secret.data}`);
  expect(m[2]).toBe(PASSWORD_PLACEHOLDER);
  expect(m[3]).toMatch(/database_password/);
  return m[1].replace(m[2], encodeURIComponent(password));
}

describeWithHelm('the chart rendered with the values the stack sends', () => {
  test("the stack's DATABASE_URL and the chart's own agree (user, host, port, database, encoding)", () => {
    const { values, synth } = stackOf(loadConfig('local'));
    // The chart builds its own URL only without existingSecret: the same values, standalone.
    const docs = render({ ...values, existingSecret: '', secretChecksum: '' });
    const data = find(docs, 'Secret', 'todo-chatbot-secrets').data;
    const decode = (k: string) => Buffer.from(data[k], 'base64').toString();
    expect(stackDatabaseUrl(synth, decode('POSTGRES_PASSWORD'))).toBe(decode('DATABASE_URL'));
    // And a password with characters a URL must escape stays one URL (what the chart's urlquery does for its own).
    const url = new URL(stackDatabaseUrl(synth, 'p@ss:w/rd?#%'));
    expect(decodeURIComponent(url.password)).toBe('p@ss:w/rd?#%');
    expect(url.hostname).toBe('todo-chatbot-postgresql-primary');
  });

  test("with the stack's values, the chart's PostgreSQL is what the stack's DATABASE_URL names", () => {
    const { values, synth } = stackOf(loadConfig('local'));
    const docs = render(values);
    const url = new URL(stackDatabaseUrl(synth, 'x'));
    const service = find(docs, 'Service', url.hostname);
    expect(service.spec.ports.map((p: any) => p.port)).toEqual([Number(url.port)]);
    expect(Number(url.port)).toBe(IN_CLUSTER_DATABASE.port);
    const env = envOf(containerOf(docs, 'StatefulSet', 'todo-chatbot-postgresql'));
    expect(env.POSTGRES_USER).toBe(decodeURIComponent(url.username));
    expect(env.POSTGRES_DB).toBe(decodeURIComponent(url.pathname.slice(1)));
    expect(env.POSTGRES_PASSWORD).toEqual({ secretKeyRef: { name: 'todo-chatbot-secrets', key: 'POSTGRES_PASSWORD' } });
  });

  test("the templates' secretKeyRefs name exactly the keys the stack's Secret holds; only OPENAI_API_KEY is optional", () => {
    const { values } = stackOf(loadConfig('local'));
    const refs = secretKeyRefs(render(values), values.existingSecret);
    expect(Object.keys(refs).sort()).toEqual(Object.values(SECRET_KEYS).sort());
    expect(Object.keys(refs).filter((k) => refs[k])).toEqual([SECRET_KEYS.openai_api_key]);
  });

  test('negative control: a misspelt key in a template is caught by that comparison', () => {
    const { values } = stackOf(loadConfig('local'));
    const docs = render(values);
    const backend = containerOf(docs, 'Deployment', 'todo-chatbot-backend');
    backend.env.find((e: any) => e.name === 'OPENAI_API_KEY').valueFrom.secretKeyRef.key = 'OPENAI_APIKEY';
    expect(Object.keys(secretKeyRefs(docs, values.existingSecret)).sort()).not.toEqual(
      Object.values(SECRET_KEYS).sort(),
    );
  });

  test("the stack's Ingress routes to Services the chart renders, on the ports they expose, by the chart's own paths", () => {
    const config = loadConfig('local');
    const { values, synth } = stackOf(config);
    const docs = render(values);
    const [ingress] = Object.values(synth.resource.kubernetes_ingress_v1 as Record<string, any>);
    const routes = ingress.spec.rule[0].http.path;
    for (const route of routes) {
      const { name, port } = route.backend.service;
      expect(find(docs, 'Service', name).spec.ports.map((p: any) => p.port)).toContain(port.number);
    }
    // The chart's own Ingress (standalone installs) routes the same paths the same way.
    const chartIngress = find(render({ ...values, ingress: { enabled: true } }), 'Ingress', 'todo-chatbot');
    const chartRoutes = chartIngress.spec.rules[0].http.paths.map((p: any) => [p.path, p.backend.service.name]);
    expect(chartRoutes).toEqual(routes.map((r: any) => [r.path, r.backend.service.name]));
    expect(chartRoutes.map((r: string[]) => r[0])).toEqual([API_PATH, WEB_PATH]);
  });

  test('a release name at the limit (40) names every object in full, within the 63 characters Kubernetes allows', () => {
    const releaseName = 'r'.repeat(40);
    const { values, synth } = stackOf(loadConfig('local', { releaseName }));
    const docs = render(values);
    for (const d of docs) {
      expect(d.metadata.name.startsWith(releaseName)).toBe(true);
      expect(d.metadata.name.length).toBeLessThanOrEqual(63);
    }
    // A StatefulSet's pods carry controller-revision-hash = <name>-<10 characters>: a label value (63 at most).
    const sts = docs.find((d) => d.kind === 'StatefulSet')!;
    expect(sts.metadata.name.length + 11).toBeLessThanOrEqual(63);
    // The stack's own references (its Ingress, its DATABASE_URL host) find the chart's objects.
    find(docs, 'Service', new URL(stackDatabaseUrl(synth, 'x')).hostname);
    const [ingress] = Object.values(synth.resource.kubernetes_ingress_v1 as Record<string, any>);
    for (const route of ingress.spec.rule[0].http.path) find(docs, 'Service', route.backend.service.name);
    expect(() => loadConfig('local', { releaseName: 'r'.repeat(41) })).toThrow(/releaseName: must be at most 40/);
  });

  test("the frontend's container port is the one its nginx listens on (docker/nginx/default.conf)", () => {
    const { values } = stackOf(loadConfig('local'));
    const nginx = fs.readFileSync(path.join(ROOT, 'docker', 'nginx', 'default.conf'), 'utf8');
    const listen = Number(/^\s*listen\s+(\d+)\s*;/m.exec(nginx)?.[1]);
    const ports = containerOf(render(values), 'Deployment', 'todo-chatbot-frontend').ports;
    expect(ports).toEqual([expect.objectContaining({ name: 'http', containerPort: listen })]);
  });
});

/**
 * Each setting of stacks/config.ts, changed from its default, and where the
 * change shows: in the rendered chart when the stack passes it on, otherwise
 * in the synthesized stack. A new setting fails the completeness test until it
 * has a row here.
 */
type Effect = { overrides: unknown; environment?: string; check: (r: { docs: Doc[]; synth: any }) => void };
const only = (synth: any, type: string) => {
  const all = Object.values(synth.resource[type] ?? {}) as any[];
  expect(all).toHaveLength(1);
  return all[0];
};
const backendEnv = (docs: Doc[], name = 'todo-chatbot') => {
  const cm = find(docs, 'ConfigMap', `${name}-config`).data;
  return cm as Record<string, string>;
};
const EFFECTS: Record<string, Effect> = {
  stackName: {
    overrides: { stackName: 'todo-other' },
    check: ({ synth }) => expect(synth.terraform.backend.local.path).toMatch(/state\/todo-other\.tfstate$/),
  },
  namespace: {
    overrides: { namespace: 'todo-other' },
    check: ({ synth }) => {
      expect(only(synth, 'kubernetes_namespace_v1').metadata.name).toBe('todo-other');
      expect(only(synth, 'helm_release').namespace).toMatch(/kubernetes_namespace_v1\./);
    },
  },
  releaseName: {
    overrides: { releaseName: 'my-todo' },
    check: ({ docs, synth }) => {
      expect(only(synth, 'helm_release').name).toBe('my-todo');
      find(docs, 'Deployment', 'my-todo-backend');
    },
  },
  secretName: {
    overrides: { secretName: 'my-secrets' },
    check: ({ docs }) => expect(Object.keys(secretKeyRefs(docs, 'my-secrets'))).toContain('DATABASE_URL'),
  },
  'kube.configPaths': {
    overrides: { kube: { configPaths: ['/k/one', '/k/two'] } },
    check: ({ synth }) => expect(synth.provider.kubernetes[0].config_paths).toEqual(['/k/one', '/k/two']),
  },
  'kube.context': {
    overrides: { kube: { context: 'kind-dev' } },
    check: ({ synth }) => {
      expect(synth.provider.kubernetes[0].config_context).toBe('kind-dev');
      expect(synth.provider.helm[0].kubernetes.config_context).toBe('kind-dev');
    },
  },
  'ingress.host': {
    overrides: { ingress: { host: 'todo.example.org' } },
    check: ({ synth }) => {
      expect(only(synth, 'kubernetes_ingress_v1').spec.rule[0].host).toBe('todo.example.org');
      expect(synth.output.url.value).toBe('http://todo.example.org');
    },
  },
  'ingress.className': {
    overrides: { ingress: { className: 'traefik' } },
    check: ({ synth }) => expect(only(synth, 'kubernetes_ingress_v1').spec.ingress_class_name).toBe('traefik'),
  },
  'ingress.tlsSecretName': {
    overrides: { ingress: { tlsSecretName: 'todo-tls' } },
    check: ({ docs, synth }) => {
      expect(only(synth, 'kubernetes_ingress_v1').spec.tls).toEqual([
        { hosts: ['todo.local'], secret_name: 'todo-tls' },
      ]);
      expect(backendEnv(docs).COOKIE_SECURE).toBe('true');
    },
  },
  'ingress.controllerNamespace': {
    overrides: { ingress: { controllerNamespace: 'traefik-system' } },
    check: ({ docs }) => {
      const policy = find(docs, 'NetworkPolicy', 'todo-chatbot-frontend');
      expect(JSON.stringify(policy.spec.ingress)).toContain('"kubernetes.io/metadata.name":"traefik-system"');
    },
  },
  'frontend.replicas': {
    overrides: { frontend: { replicas: 3 } },
    check: ({ docs }) => expect(find(docs, 'Deployment', 'todo-chatbot-frontend').spec.replicas).toBe(3),
  },
  'frontend.resources': {
    overrides: { frontend: { resources: { limits: { cpu: '250m' } } } },
    check: ({ docs }) =>
      expect(containerOf(docs, 'Deployment', 'todo-chatbot-frontend').resources.limits.cpu).toBe('250m'),
  },
  'frontend.servicePort': {
    overrides: { frontend: { servicePort: 8081 } },
    check: ({ docs, synth }) => {
      expect(find(docs, 'Service', 'todo-chatbot-frontend').spec.ports[0].port).toBe(8081);
      expect(only(synth, 'kubernetes_ingress_v1').spec.rule[0].http.path[1].backend.service.port.number).toBe(8081);
    },
  },
  'backend.replicas': {
    overrides: { backend: { replicas: 4 } },
    check: ({ docs }) => expect(find(docs, 'Deployment', 'todo-chatbot-backend').spec.replicas).toBe(4),
  },
  'backend.resources': {
    overrides: { backend: { resources: { requests: { memory: '300Mi' } } } },
    check: ({ docs }) =>
      expect(containerOf(docs, 'Deployment', 'todo-chatbot-backend').resources.requests.memory).toBe('300Mi'),
  },
  'backend.servicePort': {
    overrides: { backend: { servicePort: 8001 } },
    check: ({ docs, synth }) => {
      expect(find(docs, 'Service', 'todo-chatbot-backend').spec.ports[0].port).toBe(8001);
      expect(only(synth, 'kubernetes_ingress_v1').spec.rule[0].http.path[0].backend.service.port.number).toBe(8001);
    },
  },
  'backend.logLevel': {
    overrides: { backend: { logLevel: 'debug' } },
    check: ({ docs }) => expect(backendEnv(docs).LOG_LEVEL).toBe('debug'),
  },
  'backend.llmBaseUrl': {
    overrides: { backend: { llmBaseUrl: 'http://ollama:11434/v1' } },
    check: ({ docs }) => expect(backendEnv(docs).LLM_BASE_URL).toBe('http://ollama:11434/v1'),
  },
  'backend.llmModel': {
    overrides: { backend: { llmModel: 'llama3.2' } },
    check: ({ docs }) => expect(backendEnv(docs).LLM_MODEL).toBe('llama3.2'),
  },
  'postgres.storageSize': {
    overrides: { postgres: { storageSize: '3Gi' } },
    check: ({ docs }) =>
      expect(
        find(docs, 'StatefulSet', 'todo-chatbot-postgresql').spec.volumeClaimTemplates[0].spec.resources.requests
          .storage,
      ).toBe('3Gi'),
  },
  'database.mode': {
    overrides: { database: { mode: 'external' } },
    check: ({ docs, synth }) => {
      expect(docs.filter((d) => d.kind === 'StatefulSet')).toEqual([]);
      expect(synth.variable.database_url).toMatchObject({ sensitive: true });
    },
  },
  'images.buildArgs': {
    overrides: { images: { buildArgs: { NODE_IMAGE: 'local/node:24' } } },
    check: ({ docs, synth }) => {
      const images = Object.values(synth.resource.docker_image) as any[];
      for (const image of images) expect(image.build.build_args).toEqual({ NODE_IMAGE: 'local/node:24' });
      // A new tag (the arguments are hashed in), so the pods run the new build.
      const backend = images.find((i) => String(i.name).startsWith('todo-backend:'));
      expect(containerOf(docs, 'Deployment', 'todo-chatbot-backend').image).toBe(backend.name);
    },
  },
  'images.keepLocally': {
    overrides: { images: { keepLocally: false } },
    check: ({ synth }) => {
      for (const image of Object.values(synth.resource.docker_image) as any[]) expect(image.keep_locally).toBe(false);
    },
  },
  'images.registry': {
    overrides: { images: { registry: 'registry.example.org/me' } },
    check: ({ docs }) => {
      const spec = find(docs, 'Deployment', 'todo-chatbot-backend').spec.template.spec;
      expect(spec.containers[0].image).toMatch(/^registry\.example\.org\/me\/todo-backend@sha256:[0-9a-f]{64}$/);
      expect(spec.imagePullSecrets).toEqual([{ name: 'todo-chatbot-registry' }]);
    },
  },
  'release.timeoutSeconds': {
    overrides: { release: { timeoutSeconds: 120 } },
    check: ({ synth }) => expect(only(synth, 'helm_release').timeout).toBe(120),
  },
  'release.maxHistory': {
    overrides: { release: { maxHistory: 3 } },
    check: ({ synth }) => expect(only(synth, 'helm_release').max_history).toBe(3),
  },
};

test('every setting of stacks/config.ts has an end-to-end check below (and every check a setting)', () => {
  expect(Object.keys(EFFECTS).sort()).toEqual(configSettings());
});

describeWithHelm('each setting shows where it should: the rendered chart, or the synthesized stack', () => {
  test.each(Object.entries(EFFECTS))('%s', (_setting, effect) => {
    const config = loadConfig(effect.environment ?? 'local', effect.overrides);
    const { values, synth } = stackOf(config);
    effect.check({ docs: render(values, config.namespace), synth });
  });
});
