/**
 * The environments this app deploys to, and the few environment variables
 * that adjust them. Everything is validated by `validateConfig`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, EnvironmentConfig, validateConfig } from './config';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** Minikube on a developer's machine: the default. */
const local: EnvironmentConfig = {
  stackName: 'todo-local',
  namespace: 'todo',
  releaseName: 'todo-chatbot',
  secretName: 'todo-chatbot-secrets',
  kube: { configPaths: ['~/.kube/config'], context: 'minikube' },
  ingress: {
    host: 'todo.local',
    className: 'nginx',
    controllerNamespace: 'ingress-nginx',
  },
  frontend: {
    replicas: 1,
    servicePort: 8080,
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '200m', memory: '256Mi' } },
  },
  backend: {
    replicas: 1,
    servicePort: 8000,
    resources: { requests: { cpu: '150m', memory: '256Mi' }, limits: { cpu: '300m', memory: '512Mi' } },
    logLevel: 'info',
    llmBaseUrl: '',
    llmModel: '',
  },
  postgres: { storageSize: '1Gi' },
  database: { mode: 'in-cluster' },
  images: { buildArgs: {}, keepLocally: true },
  release: { timeoutSeconds: 600, maxHistory: 10 },
};

/**
 * Any other cluster in your kubeconfig (select with TODO_ENV=cluster and
 * KUBE_CONTEXT): two replicas of each service (so the chart adds
 * PodDisruptionBudgets), more room for the backend, TLS from a Secret you
 * create in the namespace, images pushed to a registry (TODO_REGISTRY) and
 * pulled by digest, and its own stack and state file.
 */
const cluster: EnvironmentConfig = {
  ...local,
  stackName: 'todo-cluster',
  kube: { configPaths: ['~/.kube/config'], context: 'default' },
  ingress: { ...local.ingress, host: 'todo.example.com', tlsSecretName: 'todo-tls' },
  frontend: { ...local.frontend, replicas: 2 },
  backend: {
    ...local.backend,
    replicas: 2,
    resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
  },
  postgres: { storageSize: '5Gi' },
  // Its nodes do not share your Docker engine: images go through a registry (TODO_REGISTRY).
  images: { ...local.images, registry: 'registry.example.com/todo' },
};

export const ENVIRONMENTS: Readonly<Record<string, EnvironmentConfig>> = { local, cluster };
export const DEFAULT_ENVIRONMENT = 'local';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep merge of plain objects; arrays and scalars in `override` replace; a key set to `undefined` is removed. */
export function deepMerge<T>(base: T, override: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(override)) return (override === undefined ? base : override) as T;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) delete merged[key];
    else merged[key] = key in merged ? deepMerge(merged[key], value) : value;
  }
  return merged as T;
}

/** Parses "NAME=value,NAME2=value2" as used by TODO_BUILD_ARGS. */
export function parseBuildArgs(spec: string): Record<string, string> {
  const args: Record<string, string> = {};
  for (const pair of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new ConfigError('(environment)', [`TODO_BUILD_ARGS: "${pair}" must have the form NAME=value`]);
    args[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return args;
}

/** The variables overridesFromEnv reads that mean nothing when empty. */
const NON_EMPTY_VARIABLES = ['TODO_CONFIG', 'KUBE_CONTEXT', 'TODO_HOST', 'TODO_NAMESPACE', 'TODO_REGISTRY'] as const;

/** The overrides in the JSON file TODO_CONFIG names: one object, like an environment in this file. */
function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError('(environment)', [`TODO_CONFIG: cannot read ${file}: ${(e as Error).message}`]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ConfigError('(environment)', [`TODO_CONFIG: ${file} is not valid JSON: ${(e as Error).message}`]);
  }
  if (!isPlainObject(parsed)) {
    const got = parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : `a ${typeof parsed}`;
    throw new ConfigError('(environment)', [
      `TODO_CONFIG: ${file} must hold one JSON object such as {"backend": {"replicas": 2}} (got ${got})`,
    ]);
  }
  return parsed;
}

/**
 * Overrides read from the process environment. Only a handful on purpose:
 * anything else goes into a JSON file named by TODO_CONFIG.
 */
export function overridesFromEnv(env: NodeJS.ProcessEnv): DeepPartial<EnvironmentConfig> {
  // Set but empty is a mistake (a typo'd export, an unset shell variable), not "use the default".
  const empty = NON_EMPTY_VARIABLES.filter((name) => env[name] === '');
  if (empty.length) {
    throw new ConfigError(
      '(environment)',
      empty.map((name) => `${name}: is set but empty; give it a value or unset it (unset ${name}) for the default`),
    );
  }
  const overrides: DeepPartial<EnvironmentConfig> = {};
  if (env.TODO_CONFIG) Object.assign(overrides, readConfigFile(env.TODO_CONFIG));
  const kube: DeepPartial<EnvironmentConfig['kube']> = {};
  // Relative paths are the caller's (the shell's current folder), not Terraform's stack folder.
  if (env.KUBECONFIG)
    kube.configPaths = env.KUBECONFIG.split(':')
      .filter(Boolean)
      .map((p) => (p.startsWith('~') ? p : path.resolve(p)));
  if (env.KUBE_CONTEXT) kube.context = env.KUBE_CONTEXT;
  if (Object.keys(kube).length) overrides.kube = deepMerge(overrides.kube ?? {}, kube);
  if (env.TODO_HOST) overrides.ingress = deepMerge(overrides.ingress ?? {}, { host: env.TODO_HOST });
  if (env.TODO_NAMESPACE) overrides.namespace = env.TODO_NAMESPACE;
  // "none": no registry, even where the environment names one (a cluster that shares your Docker engine).
  if (env.TODO_REGISTRY) {
    // Spread, not deepMerge: an explicit `undefined` must reach loadConfig's merge, which removes the key.
    overrides.images = { ...overrides.images, registry: env.TODO_REGISTRY === 'none' ? undefined : env.TODO_REGISTRY };
  }
  if (env.TODO_BUILD_ARGS) {
    overrides.images = deepMerge(overrides.images ?? {}, { buildArgs: parseBuildArgs(env.TODO_BUILD_ARGS) });
  }
  return overrides;
}

/** The validated config of one environment, with overrides applied. */
export function loadConfig(environment: string, overrides: unknown = {}): EnvironmentConfig {
  const base = ENVIRONMENTS[environment];
  if (!base) {
    throw new ConfigError(environment, [
      `unknown environment; known: ${Object.keys(ENVIRONMENTS).join(', ')} (set TODO_ENV to one of them)`,
    ]);
  }
  return validateConfig(environment, deepMerge(base, overrides));
}
