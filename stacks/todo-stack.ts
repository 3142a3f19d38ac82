import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { App, Fn, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import * as path from 'path';
import { ImageValues } from './chart-values';
import { EnvironmentConfig } from './config';
import { hashDirectory } from './content-hash';
import { AppImage } from './constructs/app-image';
import { AppIngress } from './constructs/app-ingress';
import { AppRelease } from './constructs/app-release';
import { AppNamespace } from './constructs/app-namespace';
import { AppSecrets } from './constructs/app-secrets';
import { RegistryAccess } from './constructs/registry-access';
import { IN_CLUSTER_DATABASE, inClusterDatabaseHost } from './in-cluster-database';
import { configureStateBackend, localStateFile, PgStateSettings, TerraformCloudSettings } from './state-backend';

export interface TodoStackProps {
  readonly config: EnvironmentConfig;
  /** The repository root: build context, chart and state folder are found from it. */
  readonly projectRoot: string;
  /** Terraform Cloud instead of the local state file, when set. */
  readonly cloud?: TerraformCloudSettings;
  /** A shared PostgreSQL (Terraform's pg backend) instead of the local state file, when set. */
  readonly pg?: PgStateSettings;
  /** The environment's name (stacks/environments.ts), the `environment` output that policies read. Default: none. */
  readonly environment?: string;
}

const CHART_DIR = path.join('helm', 'todo-chatbot');

/** Unique tags (and digests when pushed) make `IfNotPresent` safe: a new build is a new reference. */
function imageValues(image: AppImage): ImageValues {
  return {
    repository: image.repository,
    tag: image.tag,
    ...(image.digest ? { digest: image.digest } : {}),
    pullPolicy: 'IfNotPresent',
  };
}

/**
 * Everything the Todo AI Chatbot needs in one cluster: images, namespace and
 * secret, the Helm release, and the Ingress.
 */
export class TodoStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: TodoStackProps) {
    super(scope, id);
    const { config, projectRoot } = props;
    // Terraform runs in <outdir>/stacks/<stack>; relative paths keep the JSON free of this machine's paths.
    const stackDir = path.resolve(App.of(this).outdir, 'stacks', config.stackName);
    const fromStackDir = (target: string) => path.relative(stackDir, target).split(path.sep).join('/') || '.';

    configureStateBackend(this, {
      cloud: props.cloud,
      pg: props.pg,
      localStatePath: fromStackDir(path.join(projectRoot, localStateFile(config.stackName))),
    });

    // Explicit kubeconfig path and context: the providers must never fall back to localhost.
    // `~` is expanded by Terraform (pathexpand) on the machine that runs it, not baked in at synth.
    const configPaths = config.kube.configPaths.map((p) => (p.startsWith('~') ? Fn.pathexpand(p) : p));
    const kubeconfig = { configPaths, configContext: config.kube.context };
    new KubernetesProvider(this, 'kubernetes', kubeconfig);
    new HelmProvider(this, 'helm', { kubernetes: kubeconfig });
    new RandomProvider(this, 'random', {});

    const labels = { 'app.kubernetes.io/part-of': 'todo-chatbot', 'app.kubernetes.io/managed-by': 'cdktf' };
    const fullname = config.releaseName;
    const namespace = new AppNamespace(this, 'app-namespace', { name: config.namespace, labels });

    const registry = config.images.registry;
    const registryAccess = registry
      ? new RegistryAccess(this, 'registry', {
          registry,
          namespace: namespace.name,
          pullSecretName: `${fullname}-registry`,
          labels,
        })
      : undefined;
    new DockerProvider(this, 'docker', registryAccess ? { registryAuth: [registryAccess.providerAuth] } : {});

    const imageProps = {
      contextDir: projectRoot,
      contextPathForTerraform: fromStackDir(projectRoot),
      buildArgs: config.images.buildArgs,
      keepLocally: config.images.keepLocally,
      registry: registry && registryAccess ? { name: registry, auth: registryAccess.pushAuth } : undefined,
    };
    const frontendImage = new AppImage(this, 'frontend-image', {
      ...imageProps,
      repository: 'todo-frontend',
      dockerfile: 'docker/frontend.Dockerfile',
    });
    const backendImage = new AppImage(this, 'backend-image', {
      ...imageProps,
      repository: 'todo-backend',
      dockerfile: 'docker/backend.Dockerfile',
    });

    const secrets = new AppSecrets(this, 'secrets', {
      namespace: namespace.name,
      secretName: config.secretName,
      labels,
      database:
        config.database.mode === 'in-cluster'
          ? { mode: 'in-cluster', host: inClusterDatabaseHost(fullname), ...IN_CLUSTER_DATABASE }
          : { mode: 'external' },
    });

    const chartDir = path.join(projectRoot, CHART_DIR);
    const release = new AppRelease(this, 'release', {
      releaseName: config.releaseName,
      namespace: namespace.name,
      chartDir,
      timeoutSeconds: config.release.timeoutSeconds,
      maxHistory: config.release.maxHistory,
      dependsOn: [frontendImage.build, backendImage.build],
      values: {
        fullnameOverride: fullname,
        chartChecksum: hashDirectory(chartDir),
        secretChecksum: secrets.dataChecksum,
        existingSecret: secrets.secretName,
        ...(registryAccess ? { imagePullSecrets: [{ name: registryAccess.pullSecretName }] } : {}),
        frontend: {
          replicaCount: config.frontend.replicas,
          image: imageValues(frontendImage),
          resources: config.frontend.resources,
          service: { port: config.frontend.servicePort },
        },
        backend: {
          replicaCount: config.backend.replicas,
          image: imageValues(backendImage),
          resources: config.backend.resources,
          service: { port: config.backend.servicePort },
          logLevel: config.backend.logLevel,
          llm: { baseUrl: config.backend.llmBaseUrl, model: config.backend.llmModel },
        },
        postgresql: {
          enabled: secrets.useInClusterDatabase,
          auth: { username: IN_CLUSTER_DATABASE.user, database: IN_CLUSTER_DATABASE.database },
          persistence: { size: config.postgres.storageSize },
        },
        networkPolicy: { ingressControllerNamespace: config.ingress.controllerNamespace },
        // The stack owns the Ingress; the chart still learns whether it serves HTTPS (Secure cookies).
        ingress: { enabled: false, tls: { enabled: config.ingress.tlsSecretName !== undefined } },
      },
    });

    const ingress = new AppIngress(this, 'ingress', {
      name: fullname,
      namespace: namespace.name,
      host: config.ingress.host,
      className: config.ingress.className,
      api: { serviceName: `${fullname}-backend`, servicePort: config.backend.servicePort },
      web: { serviceName: `${fullname}-frontend`, servicePort: config.frontend.servicePort },
      tlsSecretName: config.ingress.tlsSecretName,
      labels,
    });

    new TerraformOutput(this, 'url', { value: ingress.url, description: 'Where the app answers' });
    if (props.environment) {
      // policies/ read it from the plan (image digests are required in `cluster`).
      new TerraformOutput(this, 'environment', { value: props.environment });
    }
    new TerraformOutput(this, 'namespace', { value: namespace.name });
    new TerraformOutput(this, 'frontend_image', { value: frontendImage.imageRef });
    new TerraformOutput(this, 'backend_image', { value: backendImage.imageRef });
    new TerraformOutput(this, 'release_name', { value: release.releaseName });
    new TerraformOutput(this, 'release_revision', { value: release.revision });
  }
}
