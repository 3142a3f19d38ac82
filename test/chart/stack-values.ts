/**
 * The values the CDKTF stack really sends the chart, for the chart's tests:
 * synthesized from stacks/ (the stack's helm_release values), never copied
 * into a file that could drift. The few values Terraform computes at apply
 * time get examples: a pushed image's digest and the Secret's checksum.
 *
 *   node <bundle of this file> <out-dir>   (test/infra/test-chart.sh bundles it with esbuild)
 *
 * writes <variant>.yaml for each STACK_VARIANTS entry; the jest tests import
 * synthesizeStack() directly.
 */
import { App, DefaultTokenResolver, StringConcat, TerraformStack, Tokenization } from 'cdktf';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import type { EnvironmentConfig } from '../../stacks/config';
import { AppRelease } from '../../stacks/constructs/app-release';
import { loadConfig } from '../../stacks/environments';
import { TodoStack } from '../../stacks/todo-stack';

/** The deployments the stack makes, as the chart tests render them. */
export const STACK_VARIANTS: Readonly<Record<string, { environment: string; overrides: unknown; about: string }>> = {
  stack: { environment: 'local', overrides: {}, about: 'the local environment (Minikube)' },
  'stack-cluster': {
    environment: 'cluster',
    overrides: {},
    about: 'the cluster environment: TLS, two replicas of each service, images from a registry by digest',
  },
  'stack-external-db': {
    environment: 'local',
    overrides: { database: { mode: 'external' } },
    about: 'database.mode external (TF_VAR_database_url): no PostgreSQL in the chart',
  },
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * A Terraform expression in the values, as the chart sees it after apply:
 * a Secret's name is its configured name; a digest and the Secret checksum
 * are only known at apply, so they get a stable example of the right form.
 * Any other expression is an error: a new computed value needs a decision here.
 */
function applyTimeValue(expression: string, at: string, synthesized: any): Json {
  const secretName = /^\$\{kubernetes_secret_v1\.([\w-]+)\.metadata\[0\]\.name\}$/.exec(expression);
  if (secretName) return synthesized.resource.kubernetes_secret_v1[secretName[1]].metadata.name;
  if (/^\$\{docker_registry_image\.[\w-]+\.sha256_digest\}$/.test(expression)) return `sha256:${sha256(expression)}`;
  if (at === 'secretChecksum') return sha256(expression);
  throw new Error(`stack-values: no example for the Terraform expression at ${at}: ${expression}`);
}

function substitute(value: Json, at: string, synthesized: any): Json {
  if (typeof value === 'string' && value.includes('${')) return applyTimeValue(value, at, synthesized);
  if (Array.isArray(value)) return value.map((v, i) => substitute(v, `${at}[${i}]`, synthesized));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, substitute(v, at ? `${at}.${k}` : k, synthesized)]),
    );
  }
  return value;
}

/** The stack for `config`: the chart values it sends (apply-time values filled in) and its synthesized JSON. */
export function synthesizeStack(
  config: EnvironmentConfig,
  projectRoot: string,
  outdir: string,
): { values: Record<string, Json>; synthesized: any } {
  const app = new App({ outdir });
  const stack: TerraformStack = new TodoStack(app, config.stackName, { config, projectRoot });
  const release = stack.node.findAll().find((c): c is AppRelease => c instanceof AppRelease);
  if (!release) throw new Error('stack-values: the stack has no AppRelease');
  const synthesized = stack.toTerraform();
  // As synth renders them: each token becomes its Terraform expression ("${…}").
  const resolved = Tokenization.resolve(release.values, {
    scope: stack,
    resolver: new DefaultTokenResolver(new StringConcat()),
  }) as Json;
  return { values: substitute(resolved, '', synthesized) as Record<string, Json>, synthesized };
}

/** The validated config of a variant. */
export function variantConfig(name: string): EnvironmentConfig {
  const variant = STACK_VARIANTS[name];
  return loadConfig(variant.environment, variant.overrides);
}

if (require.main === module) {
  const [outDir] = process.argv.slice(2);
  if (!outDir) {
    console.error('usage: stack-values <out-dir>');
    process.exit(2);
  }
  const projectRoot = path.resolve(__dirname, '..', '..');
  // The bundle runs from a temporary folder: the repository is found from the working directory.
  const root = fs.existsSync(path.join(process.cwd(), 'stacks')) ? process.cwd() : projectRoot;
  fs.mkdirSync(outDir, { recursive: true });
  for (const [name, variant] of Object.entries(STACK_VARIANTS)) {
    const { values } = synthesizeStack(variantConfig(name), root, path.join(outDir, `${name}.cdktf.out`));
    fs.writeFileSync(
      path.join(outDir, `${name}.yaml`),
      `# What the CDKTF stack sends the chart: ${variant.about}.\n# Synthesized by test/chart/stack-values.ts.\n${stringify(values)}`,
    );
    console.log(`${name}.yaml`);
  }
}
