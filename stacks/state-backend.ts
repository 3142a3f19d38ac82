import * as fs from 'fs';
import * as path from 'path';
import { CloudBackend, LocalBackend, NamedCloudWorkspace, TerraformStack } from 'cdktf';
import { ConfigError } from './config';

export interface TerraformCloudSettings {
  readonly organization: string;
  readonly workspace: string;
  /** Defaults to app.terraform.io. */
  readonly hostname?: string;
}

export interface StateBackendProps {
  readonly cloud?: TerraformCloudSettings;
  /** Local state file, relative to the stack's working directory. */
  readonly localStatePath: string;
}

/** The local state file of a stack, relative to the project root (the scripts read it from `--print-config`). */
export function localStateFile(stackName: string): string {
  return path.join('state', `${stackName}.tfstate`);
}

/** Local state (one git-ignored file per stack) unless Terraform Cloud is configured. */
export function configureStateBackend(stack: TerraformStack, props: StateBackendProps): void {
  if (props.cloud) {
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

/**
 * `cdktf deploy` and `cdktf diff` leave Terraform's plan file in each stack
 * folder, with every value of the plan in plaintext: the synthesized output
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
