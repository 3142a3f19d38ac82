import 'cdktf/lib/testing/adapters/jest';
import { Image } from '@cdktf/provider-docker/lib/image';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { Release } from '@cdktf/provider-helm/lib/release';
import { IngressV1 } from '@cdktf/provider-kubernetes/lib/ingress-v1';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Password } from '@cdktf/provider-random/lib/password';
import { Testing } from 'cdktf';
import * as path from 'path';
import { EnvironmentConfig } from '../stacks/config';
import { PASSWORD_SECRET_KEYS } from '../stacks/constructs/app-secrets';
import { loadConfig } from '../stacks/environments';
import { TerraformCloudSettings } from '../stacks/state-backend';
import { TodoStack } from '../stacks/todo-stack';
import { FIXTURE_PROJECT, makeTree, removeTree, writeFiles } from './fixture';

// A synthesized stack as plain JSON.
type Synthesized = {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  output: Record<string, { value: unknown; sensitive?: boolean }>;
  variable: Record<
    string,
    { sensitive?: boolean; default?: string; validation?: { condition: string; error_message: string }[] }
  >;
  terraform: { backend?: Record<string, unknown>; cloud?: Record<string, unknown> };
  provider: Record<string, unknown[]>;
};

let projectRoot: string;
beforeEach(() => {
  projectRoot = makeTree(FIXTURE_PROJECT);
});
afterEach(() => removeTree(projectRoot));

function synthStack(overrides: unknown = {}, cloud?: TerraformCloudSettings): string {
  const config: EnvironmentConfig = loadConfig('local', overrides);
  const app = Testing.app({ outdir: path.join(projectRoot, 'cdktf.out') });
  const stack = new TodoStack(app, config.stackName, { config, projectRoot, cloud });
  return Testing.synth(stack);
}

const parse = (synth: string) => JSON.parse(synth) as Synthesized;
const onlyResource = (synth: string, type: string): Record<string, any> => {
  const resources = Object.values(parse(synth).resource[type] ?? {});
  expect(resources).toHaveLength(1);
  return resources[0] as Record<string, any>;
};
const imagesByName = (synth: string): Record<string, any> => {
  const images = Object.values(parse(synth).resource.docker_image) as Record<string, any>[];
  return Object.fromEntries(images.map((i) => [String(i.name).replace(/:[^:/]+$/, ''), i])); // repository, without the tag
};
const releaseValues = (synth: string): string => onlyResource(synth, 'helm_release').values[0];

describe('images', () => {
  test('one docker_image per service, built from its Dockerfile with the repository root as context', () => {
    const synth = synthStack();
    expect(synth).toHaveResourceWithProperties(Image, {
      keep_locally: true,
      build: expect.objectContaining({ context: '../../..', dockerfile: 'docker/backend.Dockerfile' }),
    });
    expect(synth).toHaveResourceWithProperties(Image, {
      build: expect.objectContaining({ context: '../../..', dockerfile: 'docker/frontend.Dockerfile' }),
    });
    expect(Object.keys(imagesByName(synth)).sort()).toEqual(['todo-backend', 'todo-frontend']);
  });

  test('the tag is the content hash, which is also the replacement trigger', () => {
    const backend = imagesByName(synthStack())['todo-backend'];
    const tag = String(backend.name).split(':')[1];
    expect(tag).toMatch(/^[0-9a-f]{16}$/);
    expect(backend.triggers.content_hash.startsWith(tag)).toBe(true);
  });

  test('synthesizing unchanged code twice gives identical image resources, so Terraform plans no build (deploy scenario 2 checks the build)', () => {
    expect(imagesByName(synthStack())).toEqual(imagesByName(synthStack()));
  });

  test('a backend change retags only the backend image and changes only its image in the release values', () => {
    const before = synthStack();
    writeFiles(projectRoot, { 'app/backend/src/server.ts': 'export const port = 9000;\n' });
    const after = synthStack();
    expect(imagesByName(after)['todo-backend'].name).not.toEqual(imagesByName(before)['todo-backend'].name);
    expect(imagesByName(after)['todo-frontend']).toEqual(imagesByName(before)['todo-frontend']);
    const backendTag = (s: string) => String(imagesByName(s)['todo-backend'].name).split(':')[1];
    expect(releaseValues(after).replace(backendTag(after), 'TAG')).toEqual(
      releaseValues(before).replace(backendTag(before), 'TAG'),
    );
  });

  test('build arguments from the config reach the build and the tag', () => {
    const plain = imagesByName(synthStack())['todo-backend'];
    const withArgs = imagesByName(synthStack({ images: { buildArgs: { NODE_IMAGE: 'todo-local/node:20' } } }))[
      'todo-backend'
    ];
    expect(withArgs.build.build_args).toEqual({ NODE_IMAGE: 'todo-local/node:20' });
    expect(withArgs.name).not.toEqual(plain.name);
  });
});

describe('secrets', () => {
  test('an upgrade from the landed version moves the namespace in state instead of destroying it (and the app in it)', () => {
    const synth = parse(synthStack()) as Synthesized & { moved?: { from: string; to: string }[] };
    const [address] = Object.keys(synth.resource.kubernetes_namespace_v1 ?? {});
    // The address the namespace had in state when it belonged to the secrets construct.
    expect(synth.moved).toEqual([
      { from: 'kubernetes_namespace_v1.secrets_namespace_EF3CF989', to: `kubernetes_namespace_v1.${address}` },
    ]);
  });

  test('the namespace enforces Pod Security "restricted", so a pod that is not admissible never starts', () => {
    expect(synthStack()).toHaveResourceWithProperties(NamespaceV1, {
      metadata: expect.objectContaining({
        labels: expect.objectContaining({ 'pod-security.kubernetes.io/enforce': 'restricted' }),
      }),
    });
  });

  test('a namespace, two random passwords and one secret with the contract keys', () => {
    const synth = synthStack();
    expect(synth).toHaveResourceWithProperties(NamespaceV1, { metadata: expect.objectContaining({ name: 'todo' }) });
    expect(synth).toHaveResourceWithProperties(Password, { length: 32, special: false });
    expect(synth).toHaveResourceWithProperties(Password, { length: 64, special: false });
    const secret = onlyResource(synth, 'kubernetes_secret_v1');
    expect(secret.metadata.name).toBe('todo-chatbot-secrets');
    expect(secret.metadata.namespace).toMatch(/^\$\{kubernetes_namespace_v1\..+\.metadata\[0\]\.name\}$/);
    expect(secret.type).toBe('Opaque');
    for (const key of ['POSTGRES_PASSWORD', 'AUTH_SECRET', 'DATABASE_URL', 'OPENAI_API_KEY'])
      expect(secret.data).toContain(`"${key}"`);
    expect(secret.data).toContain('random_password.');
    // The password URL-encoded into the in-cluster URL (the chart-render test holds the URL to the chart's).
    expect(secret.data).toMatch(
      /"DATABASE_URL" = replace\("postgres:\/\/todo:\{password\}@todo-chatbot-postgresql-primary:5432\/todo", "\{password\}", urlencode\(random_password\.\w+database_password\w+\.result\)\)/,
    );
  });

  test('a generated password never rotates because its settings changed or it was imported (state recovery)', () => {
    const passwords = Object.entries(parse(synthStack()).resource.random_password) as [string, Record<string, any>][];
    expect(passwords).toHaveLength(2);
    for (const [logicalId, password] of passwords) {
      expect(password.lifecycle.ignore_changes).toEqual(
        expect.arrayContaining(['length', 'special', 'upper', 'lower', 'numeric']),
      );
      // Recovery finds each password's Secret key by its construct id.
      expect(Object.keys(PASSWORD_SECRET_KEYS).filter((id) => logicalId.includes(`_${id}_`))).toHaveLength(1);
    }
  });

  test('the OpenAI key is a sensitive variable defaulting to empty (the built-in engine answers)', () => {
    const variables = parse(synthStack()).variable;
    expect(variables.openai_api_key).toMatchObject({ sensitive: true, default: '', type: 'string' });
  });

  test('database mode in-cluster: the chart runs PostgreSQL, and no database URL variable exists that could switch it', () => {
    const synth = synthStack();
    expect(parse(synth).variable.database_url).toBeUndefined();
    expect(onlyResource(synth, 'helm_release').values[0]).toContain('"postgresql" = {"enabled" = true');
  });

  test('database mode external: PostgreSQL off, and the required URL variable is validated before anything changes', () => {
    const synth = synthStack({ database: { mode: 'external' } });
    const variable = parse(synth).variable.database_url;
    expect(variable).toMatchObject({ sensitive: true, type: 'string' });
    expect(variable.validation?.[0]?.error_message).toMatch(/TF_VAR_database_url/);
    expect(onlyResource(synth, 'helm_release').values[0]).toContain('"postgresql" = {"enabled" = false');
  });

  test('Helm values reference no secret: no password, no sensitive variable', () => {
    const values = releaseValues(synthStack());
    // Secret-derived inputs reach Helm only as a digest (secretChecksum): strip it and nothing secret is left.
    const withoutDigest = values.replace(
      /"secretChecksum" = nonsensitive\(sha256\(jsonencode\(.*?\)\)\)\), "existingSecret"/,
      '"existingSecret"',
    );
    expect(withoutDigest).not.toEqual(values);
    expect(withoutDigest).not.toMatch(/random_password\./);
    expect(withoutDigest).not.toMatch(/var\.openai_api_key/);
    expect(withoutDigest).not.toMatch(/var\.database_url/);
  });
});

describe('registry (images.registry)', () => {
  const REGISTRY = { images: { registry: 'registry.example.com:5000/team' } };

  test('without a registry (Minikube) nothing of it is in the stack: no push, no pull Secret, no registry auth, images by tag', () => {
    const synth = synthStack();
    const json = parse(synth);
    expect(json.resource.docker_registry_image).toBeUndefined();
    expect(Object.keys(json.resource.kubernetes_secret_v1)).toHaveLength(1);
    expect(json.variable.registry_username).toBeUndefined();
    expect(JSON.stringify(json.provider.docker)).not.toContain('registry_auth');
    expect(releaseValues(synth)).not.toMatch(/digest|imagePullSecrets/);
  });

  test('each image is built under the registry name, pushed by docker_registry_image (kept remotely), and given to the chart by digest', () => {
    const synth = synthStack(REGISTRY);
    const images = imagesByName(synth);
    expect(Object.keys(images).sort()).toEqual([
      'registry.example.com:5000/team/todo-backend',
      'registry.example.com:5000/team/todo-frontend',
    ]);
    const pushes = Object.entries(parse(synth).resource.docker_registry_image) as [string, Record<string, any>][];
    expect(pushes).toHaveLength(2);
    for (const [, push] of pushes) {
      expect(push.keep_remotely).toBe(true);
      // The push's name is the built image's name: a new tag is a new push, an unchanged one none.
      expect(push.name).toMatch(/^\$\{docker_image\.[\w-]+\.name\}$/);
      // Its own credentials, kept in its state: it can be refreshed after the registry leaves the config.
      expect(push.auth_config).toEqual({
        address: 'registry.example.com:5000',
        username: '${var.registry_username}',
        password: '${var.registry_password}',
      });
    }
    const values = releaseValues(synth);
    for (const [id] of pushes) expect(values).toContain(`"digest" = docker_registry_image.${id}.sha256_digest`);
    expect(values).toContain('"repository" = "registry.example.com:5000/team/todo-backend"');
  });

  test('credentials: sensitive variables, used by the docker provider for the registry host and by a dockerconfigjson pull Secret the chart names', () => {
    const synth = synthStack(REGISTRY);
    const json = parse(synth);
    for (const name of ['registry_username', 'registry_password'])
      expect(json.variable[name]).toMatchObject({ sensitive: true, default: '' });
    const auth = (json.provider.docker[0] as any).registry_auth[0];
    expect(auth).toMatchObject({
      address: 'registry.example.com:5000',
      username: '${var.registry_username}',
      password: '${var.registry_password}',
    });
    expect(auth.auth_disabled).toMatch(/length\(var\.registry_username\) < 1/);
    const pull = Object.values(json.resource.kubernetes_secret_v1).find(
      (x: any) => x.type === 'kubernetes.io/dockerconfigjson',
    ) as any;
    expect(pull.metadata.name).toBe('todo-chatbot-registry');
    expect(pull.data['.dockerconfigjson']).toContain('registry.example.com:5000');
    const values = releaseValues(synth);
    expect(values).toMatch(/"imagePullSecrets" = \[\{"name" = kubernetes_secret_v1\.[\w-]+\.metadata\[0\]\.name\}\]/);
    expect(values).not.toMatch(/var\.registry_/);
  });
});

describe('release', () => {
  test('helm_release of the local chart with atomic, wait, cleanup_on_fail and a timeout', () => {
    const synth = synthStack({ release: { timeoutSeconds: 120 } });
    expect(synth).toHaveResourceWithProperties(Release, {
      name: 'todo-chatbot',
      atomic: true,
      wait: true,
      cleanup_on_fail: true,
      timeout: 120,
      max_history: 10,
    });
    const release = onlyResource(synth, 'helm_release');
    expect(release.chart).toMatch(/^assets\/release_chart_[0-9A-F]+\/[0-9A-F]+$/);
    expect(release.namespace).toMatch(/kubernetes_namespace_v1\./);
    expect(release.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^docker_image\./)]));
  });

  test('typed values: image refs, existingSecret, resources, replicas, chart checksum, ingress off', () => {
    const values = releaseValues(synthStack({ backend: { replicas: 3 } }));
    const backendTag = String(imagesByName(synthStack({ backend: { replicas: 3 } }))['todo-backend'].name).split(
      ':',
    )[1];
    expect(values).toContain(`"repository" = "todo-backend", "tag" = "${backendTag}", "pullPolicy" = "IfNotPresent"`);
    expect(values).toMatch(/"existingSecret" = kubernetes_secret_v1\..+\.metadata\[0\]\.name/);
    expect(values).toMatch(/"secretChecksum" = nonsensitive\(sha256\(jsonencode\(merge\(/);
    expect(values).toContain('"fullnameOverride" = "todo-chatbot"');
    expect(values).toContain('"replicaCount" = 3');
    expect(values).toContain(
      '"requests" = {"cpu" = "150m", "memory" = "256Mi"}, "limits" = {"cpu" = "300m", "memory" = "512Mi"}',
    );
    expect(values).toContain(
      '"requests" = {"cpu" = "100m", "memory" = "128Mi"}, "limits" = {"cpu" = "200m", "memory" = "256Mi"}',
    );
    expect(values).toMatch(/"chartChecksum" = "[0-9a-f]{64}"/);
    expect(values).toContain('"ingress" = {"enabled" = false, "tls" = {"enabled" = false}}');
    expect(values).toContain('"auth" = {"username" = "todo", "database" = "todo"}');
  });

  test('TLS on the Ingress tells the chart the app is served over HTTPS (its ConfigMap then sets COOKIE_SECURE=true)', () => {
    const values = releaseValues(synthStack({ ingress: { tlsSecretName: 'todo-tls' } }));
    expect(values).toContain('"ingress" = {"enabled" = false, "tls" = {"enabled" = true}}');
  });

  test('a chart edit changes the release inputs (checksum value and chart asset)', () => {
    const before = onlyResource(synthStack(), 'helm_release');
    writeFiles(projectRoot, { 'helm/todo-chatbot/templates/configmap.yaml': 'kind: ConfigMap\n# edited\n' });
    const after = onlyResource(synthStack(), 'helm_release');
    expect(after.values[0]).not.toEqual(before.values[0]);
    expect(after.chart).not.toEqual(before.chart);
  });
});

describe('ingress', () => {
  test('host todo.local, class nginx, /api to the backend and / to the frontend', () => {
    const synth = synthStack();
    expect(synth).toHaveResource(IngressV1);
    const ingress = onlyResource(synth, 'kubernetes_ingress_v1');
    expect(ingress.spec.ingress_class_name).toBe('nginx');
    expect(ingress.spec.rule).toEqual([
      {
        host: 'todo.local',
        http: {
          path: [
            {
              path: '/api',
              path_type: 'Prefix',
              backend: { service: { name: 'todo-chatbot-backend', port: { number: 8000 } } },
            },
            {
              path: '/',
              path_type: 'Prefix',
              backend: { service: { name: 'todo-chatbot-frontend', port: { number: 8080 } } },
            },
          ],
        },
      },
    ]);
    expect(ingress.spec.tls).toBeUndefined();
    expect(parse(synth).output.url.value).toBe('http://todo.local');
  });

  test('TLS with a given secret and another host', () => {
    const synth = synthStack({ ingress: { host: 'todo.example.com', tlsSecretName: 'todo-tls' } });
    const ingress = onlyResource(synth, 'kubernetes_ingress_v1');
    expect(ingress.spec.tls).toEqual([{ hosts: ['todo.example.com'], secret_name: 'todo-tls' }]);
    expect(parse(synth).output.url.value).toBe('https://todo.example.com');
  });
});

describe('providers, state and outputs', () => {
  test('kubernetes and helm use the kubeconfig path and context explicitly (no localhost fallback)', () => {
    const synth = synthStack({ kube: { configPaths: ['/home/u/.kube/config'], context: 'minikube' } });
    expect(synth).toHaveProviderWithProperties(KubernetesProvider, {
      config_paths: ['/home/u/.kube/config'],
      config_context: 'minikube',
    });
    expect(synth).toHaveProviderWithProperties(HelmProvider, {
      kubernetes: { config_paths: ['/home/u/.kube/config'], config_context: 'minikube' },
    });
    expect(synth).toHaveProvider(DockerProvider);
  });

  test('the default kubeconfig path is expanded by Terraform, not at synth', () => {
    const synth = synthStack();
    expect(synth).toHaveProviderWithProperties(KubernetesProvider, {
      config_paths: ['${pathexpand("~/.kube/config")}'],
      config_context: 'minikube',
    });
  });

  test('local state: one file per stack in the git-ignored state/ folder', () => {
    const terraform = parse(synthStack()).terraform;
    expect(terraform.backend).toEqual({ local: { path: '../../../state/todo-local.tfstate' } });
    expect(terraform.cloud).toBeUndefined();
  });

  test('Terraform Cloud variant: a cloud block with organization and workspace, no local backend', () => {
    const terraform = parse(synthStack({}, { organization: 'acme', workspace: 'todo-prod' })).terraform;
    expect(terraform.backend).toBeUndefined();
    expect(terraform.cloud).toEqual({ organization: 'acme', workspaces: { name: 'todo-prod' } });
  });

  test('outputs: URL, namespace, image refs, release name and revision', () => {
    const outputs = parse(synthStack()).output;
    expect(Object.keys(outputs).sort()).toEqual([
      'backend_image',
      'frontend_image',
      'namespace',
      'release_name',
      'release_revision',
      'url',
    ]);
    expect(outputs.release_revision.value).toMatch(/helm_release\..+\.metadata\.revision/);
    expect(outputs.backend_image.value).toMatch(/docker_image\..+\.name/);
  });
});
