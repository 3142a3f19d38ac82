/**
 * The deployment configuration: one typed object per environment, validated
 * once at synth. Every rule names the field and the accepted form, so a bad
 * value fails before Terraform ever runs.
 */
import { z } from 'zod';
import { quantityToNumber } from './quantity';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const CPU_QUANTITY = /^([0-9]+m|[0-9]+(\.[0-9]{1,3})?)$/;
const MEMORY_QUANTITY = /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$/;
const BUILD_ARG_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// A Docker reference's registry part: host[:port], then lowercase path components (no scheme, no tag).
const REGISTRY = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;

/** Namespaces the cluster itself uses. */
export const SYSTEM_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/**
 * Fields that existed once and were removed: named with the reason instead of
 * "unknown field", so an old TODO_CONFIG file says what changed.
 */
const PATHS_REMOVED =
  'was removed: the app serves its API under /api and its pages under / (fixed in the frontend, its nginx and the backend routes); delete this field';
const REMOVED_FIELDS: Readonly<Record<string, string>> = {
  'ingress.apiPath': PATHS_REMOVED,
  'ingress.webPath': PATHS_REMOVED,
};

// One message per mistake: the most specific that applies.
const registry = z.string().superRefine((r, ctx) => {
  const problem = /^[a-z]+:\/\//i.test(r)
    ? 'must be a registry host and path without a scheme, such as registry.example.com/team (no https://)'
    : r !== r.toLowerCase()
      ? 'must be lowercase: Docker repository names cannot hold capitals'
      : !REGISTRY.test(r)
        ? 'must be a registry host[:port] and an optional path, such as registry.example.com/team or 10.0.0.5:5000/todo (no tag, no trailing "/")'
        : undefined;
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const dnsLabel = (what: string, max = 63) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `is required: ${what}` : `must be ${what}`) })
    .max(max, `must be at most ${max} characters: ${what}`)
    .regex(DNS_LABEL, `must be ${what}`);

const hostname = z
  .string()
  .max(253, 'must be at most 253 characters')
  .regex(
    DNS_SUBDOMAIN,
    'must be a lowercase DNS name such as todo.local (letters, digits, "-" and "."; no "_", no scheme, no port)',
  )
  .refine(
    (h) => h.split('.').every((label) => label.length <= 63),
    'each dot-separated part must be at most 63 characters',
  );

const cpu = z.string().regex(CPU_QUANTITY, 'must be a Kubernetes CPU quantity such as 100m, 0.5 or 2');
const memory = z.string().regex(MEMORY_QUANTITY, 'must be a Kubernetes memory quantity such as 128Mi, 1Gi or 500M');

const computeResources = z.object({ cpu, memory }).strict();

const resources = z
  .object({ requests: computeResources, limits: computeResources })
  .strict()
  .superRefine((r, ctx) => {
    for (const kind of ['cpu', 'memory'] as const) {
      if (quantityToNumber(r.requests[kind]) > quantityToNumber(r.limits[kind])) {
        ctx.addIssue({
          code: 'custom',
          path: ['requests', kind],
          message: `must not exceed limits.${kind} (${r.limits[kind]})`,
        });
      }
    }
  });

// The chart's schema allows 0 to 50 (__tests__/config.test.ts holds them together);
// a deployment of the stack runs at least one pod of each.
const REPLICAS = 'must be a whole number from 1 to 50';
const replicas = z.number({ error: REPLICAS }).int(REPLICAS).min(1, REPLICAS).max(50, REPLICAS);

const port = z
  .number({ error: 'must be a whole number from 1 to 65535' })
  .int('must be a whole number from 1 to 65535')
  .min(1, 'must be a whole number from 1 to 65535')
  .max(65535, 'must be a whole number from 1 to 65535');

const serviceConfig = z
  .object({
    replicas,
    resources,
    servicePort: port,
  })
  .strict();

export const environmentConfigSchema = z
  .object({
    /** Terraform stack name; becomes the folder under cdktf.out/stacks and the state file name. */
    stackName: dnsLabel('a lowercase name of letters, digits and "-" (e.g. todo-local)'),
    // The stack creates the namespace and `npm run destroy` deletes it: never one the cluster itself needs.
    namespace: dnsLabel(
      'a Kubernetes namespace: lowercase letters, digits and "-", at most 63 characters (e.g. todo)',
    ).refine(
      (n) => !SYSTEM_NAMESPACES.includes(n),
      `must be a namespace of its own, not one of the cluster's (${SYSTEM_NAMESPACES.join(', ')}): the stack creates it and npm run destroy deletes it`,
    ),
    /** Helm release name; also the prefix of every object the chart creates. */
    // 40, as the chart's fullnameOverride: longer names would only fail in `helm install`.
    releaseName: dnsLabel('a Helm release name: lowercase letters, digits and "-"', 40),
    secretName: z
      .string()
      .max(253)
      .regex(DNS_SUBDOMAIN, 'must be a Kubernetes object name such as todo-chatbot-secrets'),
    kube: z
      .object({
        /** Kubeconfig files, in KUBECONFIG order. */
        configPaths: z.array(z.string().min(1, 'must not be empty')).min(1, 'must name at least one kubeconfig file'),
        context: z
          .string()
          .min(1, 'must name a kubeconfig context such as minikube')
          .regex(/^\S+$/, 'must be a kubeconfig context name without spaces'),
      })
      .strict(),
    ingress: z
      .object({
        host: hostname,
        className: dnsLabel('an IngressClass name such as nginx'),
        tlsSecretName: z
          .string()
          .regex(DNS_SUBDOMAIN, 'must be the name of a kubernetes.io/tls Secret such as todo-tls')
          .optional(),
        /** Namespace of the ingress controller, allowed through the NetworkPolicies. */
        controllerNamespace: dnsLabel('a Kubernetes namespace such as ingress-nginx'),
      })
      .strict(),
    frontend: serviceConfig,
    backend: serviceConfig.extend({
      logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace'], {
        error: 'must be one of fatal, error, warn, info, debug, trace',
      }),
      llmBaseUrl: z.union([
        z.literal(''),
        z
          .string()
          .regex(/^https?:\/\/[^\s/]+(\/\S*)?$/, 'must be an http(s) URL such as http://ollama:11434/v1, or empty'),
      ]),
      llmModel: z
        .string()
        .max(200)
        .regex(/^[^\s]*$/, 'must be a model name without spaces, or empty'),
    }),
    postgres: z
      .object({
        // A unit is required, as the chart's schema requires it.
        storageSize: z
          .string()
          .regex(/^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti)$/, 'must be a volume size with a unit, such as 1Gi or 500Mi'),
      })
      .strict(),
    /**
     * Where the data lives: `in-cluster` (the chart's PostgreSQL) or `external`
     * (TF_VAR_database_url, e.g. Neon). Explicit, so that forgetting the
     * variable fails the plan instead of quietly switching databases.
     */
    database: z
      .object({
        mode: z.enum(['in-cluster', 'external'], {
          error: 'must be "in-cluster" (PostgreSQL in the chart) or "external" (TF_VAR_database_url)',
        }),
      })
      .strict(),
    images: z
      .object({
        /** Extra `docker build --build-arg`s, e.g. another base image. */
        buildArgs: z.record(
          z.string().regex(BUILD_ARG_NAME),
          z.string().min(1, 'build argument values must not be empty'),
          // zod 4 reports a bad key as "invalid_key" on the record, not with the key schema's message.
          {
            error: (issue) =>
              issue.code === 'invalid_key' ? 'build argument names must be letters, digits and "_"' : undefined,
          },
        ),
        /** Keep superseded images in the Docker cache (fast rollback; a running pod never loses its image). */
        keepLocally: z.boolean(),
        /**
         * Push the images here and deploy them by digest, with Terraform-managed
         * pull credentials (TF_VAR_registry_username/_password). Unset: the
         * cluster sees the engine the images are built in (Minikube).
         */
        registry: registry.optional(),
      })
      .strict(),
    release: z
      .object({
        timeoutSeconds: z
          .number()
          .int('must be a whole number of seconds from 30 to 3600')
          .min(30, 'must be a whole number of seconds from 30 to 3600')
          .max(3600, 'must be a whole number of seconds from 30 to 3600'),
        maxHistory: z.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100'),
      })
      .strict(),
  })
  .strict();

export type EnvironmentConfig = z.infer<typeof environmentConfigSchema>;

/** Thrown for any invalid configuration; the message lists every problem. */
export class ConfigError extends Error {
  constructor(
    readonly environment: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid configuration for environment "${environment}":\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function describeValue(input: unknown, path: (string | number)[]): string {
  let value: unknown = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return '';
    value = (value as Record<string | number, unknown>)[key];
  }
  if (value === undefined) return ' (missing)';
  // Build arguments may carry tokens: name the field, never echo its value.
  if (path[0] === 'images' && path[1] === 'buildArgs') return '';
  return ` (got ${JSON.stringify(value)})`;
}

const EXPECTED_TYPES: Readonly<Record<string, string>> = {
  object: 'a JSON object ({...})',
  array: 'a list, such as ["a", "b"]',
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
};

/** zod's own wording for a wrong type ("Invalid input: expected object, received null") said as this file says it. */
function plainMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.message.startsWith('Invalid input')) {
    return `must be ${EXPECTED_TYPES[issue.expected] ?? issue.expected}`;
  }
  return issue.message;
}

/** Validates a whole environment config; returns it typed or throws ConfigError. */
export function validateConfig(environment: string, input: unknown): EnvironmentConfig {
  const result = environmentConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.flatMap((issue) => {
    const path = issue.path.map(String); // zod 4 paths may hold symbols; ours never do
    const field = path.join('.') || '(root)';
    if (issue.code === 'unrecognized_keys') {
      const at = (key: string) => [...path, key].join('.');
      const unknown = issue.keys.filter((k) => !REMOVED_FIELDS[at(k)]);
      return [
        ...issue.keys.filter((k) => REMOVED_FIELDS[at(k)]).map((k) => `${at(k)}: ${REMOVED_FIELDS[at(k)]}`),
        ...(unknown.length
          ? [
              `${field === '(root)' ? '' : `${field}: `}unknown field(s) ${unknown.map((k) => `"${k}"`).join(', ')}; check the spelling against stacks/environments.ts`,
            ]
          : []),
      ];
    }
    return [`${field}: ${plainMessage(issue)}${describeValue(input, path)}`];
  });
  throw new ConfigError(environment, problems);
}
