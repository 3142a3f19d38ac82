import * as fs from 'fs';
import * as path from 'path';
import { CloudBackend, LocalBackend, NamedCloudWorkspace, PgBackend, PgBackendConfig, TerraformStack } from 'cdktf';
import { ConfigError } from './config';

export interface TerraformCloudSettings {
  readonly organization: string;
  readonly workspace: string;
  /** Defaults to app.terraform.io. */
  readonly hostname?: string;
}

/**
 * Terraform's `pg` backend: state in a PostgreSQL database a team shares,
 * locked with advisory locks. The connection string (it holds a password)
 * comes only from PG_CONN_STR, which Terraform reads itself.
 */
export interface PgStateSettings {
  /** The schema holding this stack's state (one per stack, so environments never share a state). */
  readonly schemaName: string;
}

/** Where a stack's state lives: the `kind` is what `--print-config` reports as stateBackend. */
export type StateBackendSettings =
  | { readonly kind: 'local' }
  | { readonly kind: 'cloud'; readonly cloud: TerraformCloudSettings }
  | { readonly kind: 'pg'; readonly pg: PgStateSettings };

export interface StateBackendProps {
  readonly cloud?: TerraformCloudSettings;
  readonly pg?: PgStateSettings;
  /** Local state file, relative to the stack's working directory. */
  readonly localStatePath: string;
}

/** The local state file of a stack, relative to the project root (the scripts read it from `--print-config`). */
export function localStateFile(stackName: string): string {
  return path.join('state', `${stackName}.tfstate`);
}

/** Local state (one git-ignored file per stack) unless Terraform Cloud or PostgreSQL is configured. */
export function configureStateBackend(stack: TerraformStack, props: StateBackendProps): void {
  if (props.pg) {
    // No conn_str: Terraform takes it from PG_CONN_STR, so the password never reaches the synthesized JSON.
    const pg: Omit<PgBackendConfig, 'connStr'> = { schemaName: props.pg.schemaName };
    new PgBackend(stack, pg as PgBackendConfig);
  } else if (props.cloud) {
    new CloudBackend(stack, {
      organization: props.cloud.organization,
      hostname: props.cloud.hostname,
      workspaces: new NamedCloudWorkspace(props.cloud.workspace),
    });
  } else {
    new LocalBackend(stack, { path: props.localStatePath });
  }
}

/** Terraform Cloud settings from TF_CLOUD_ORGANIZATION + TF_WORKSPACE (Terraform's own variable names). */
export function cloudSettingsFromEnv(env: NodeJS.ProcessEnv): TerraformCloudSettings | undefined {
  const organization = env.TF_CLOUD_ORGANIZATION?.trim();
  const workspace = env.TF_WORKSPACE?.trim();
  if (!organization && !workspace) return undefined;
  if (!organization || !workspace) {
    throw new ConfigError('(environment)', [
      `Terraform Cloud needs both TF_CLOUD_ORGANIZATION and TF_WORKSPACE; only ${organization ? 'TF_CLOUD_ORGANIZATION' : 'TF_WORKSPACE'} is set. Set both, or neither for the local state file.`,
    ]);
  }
  return { organization, workspace, hostname: env.TF_CLOUD_HOSTNAME?.trim() || undefined };
}

/** The pg backend's schema for a stack: its name with "_" for "-" (todo-local -> todo_local). */
export function pgSchemaName(stackName: string): string {
  return stackName.replace(/-/g, '_');
}

/**
 * The state backend from the environment: TODO_STATE_BACKEND (`local`, the
 * default; `pg`, which needs PG_CONN_STR; `cloud`), or Terraform Cloud when
 * TF_CLOUD_ORGANIZATION + TF_WORKSPACE are set and TODO_STATE_BACKEND is not.
 */
export function stateBackendFromEnv(env: NodeJS.ProcessEnv, stackName: string): StateBackendSettings {
  const chosen = env.TODO_STATE_BACKEND?.trim() ?? '';
  const cloud = cloudSettingsFromEnv(env);
  const problem = (message: string) => new ConfigError('(environment)', [`TODO_STATE_BACKEND: ${message}`]);
  if (!['', 'local', 'cloud', 'pg'].includes(chosen)) {
    throw problem(`must be local, pg or cloud (got ${JSON.stringify(chosen)})`);
  }
  if (cloud && (chosen === 'local' || chosen === 'pg')) {
    throw problem(
      `is ${chosen}, but TF_CLOUD_ORGANIZATION and TF_WORKSPACE choose Terraform Cloud: unset one or the other`,
    );
  }
  if (chosen === 'cloud' && !cloud) {
    throw problem('is cloud, which needs TF_CLOUD_ORGANIZATION and TF_WORKSPACE (neither is set)');
  }
  if (chosen === 'pg') {
    if (!env.PG_CONN_STR?.trim()) {
      throw problem(
        'is pg, which needs PG_CONN_STR: the PostgreSQL connection string, e.g. postgres://terraform@db.example.com/todo_state?sslmode=require (Terraform reads it from the environment; it is never written into the synthesized JSON)',
      );
    }
    return { kind: 'pg', pg: { schemaName: pgSchemaName(stackName) } };
  }
  return cloud ? { kind: 'cloud', cloud } : { kind: 'local' };
}

/**
 * The cdktf CLI's `deploy` and `diff` leave Terraform's plan file in each stack
 * folder (and `npm run plan` writes saved plans under plans/), with every value of the plan in plaintext: the synthesized output
 * is readable by its owner only. (The JSON itself holds no secret.)
 */
export function protectOutdir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
}

/**
 * Local state holds every secret in plaintext (generated passwords, the
 * Secret's data, TF_VAR_* values): keep its folder and files readable by the
 * owner only. Terraform writes new files with the process umask, so the
 * folder's mode is what protects them.
 */
export function protectLocalStateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    if (fs.statSync(file).isFile()) fs.chmodSync(file, 0o600);
  }
}
