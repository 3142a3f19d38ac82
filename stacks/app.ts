import { App } from 'cdktf';
import { ConfigError, type EnvironmentConfig } from './config';
import { DEFAULT_ENVIRONMENT, loadConfig, overridesFromEnv } from './environments';
import * as path from 'path';
import { protectLocalStateDir, protectOutdir, stateBackendFromEnv } from './state-backend';
import { TodoStack } from './todo-stack';

export interface BuildAppOptions {
  readonly projectRoot: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly outdir?: string;
}

/** The selected environment's name (TODO_ENV, default `local`) and its validated config, overrides applied. */
export function resolveConfig(env: NodeJS.ProcessEnv = process.env): {
  environment: string;
  config: EnvironmentConfig;
} {
  const environment = env.TODO_ENV || DEFAULT_ENVIRONMENT;
  try {
    const config = loadConfig(environment, overridesFromEnv(env));
    stateBackendFromEnv(env, config.stackName); // a half-set state backend is a config error for the scripts too
    return { environment, config };
  } catch (error) {
    // The variables' own checks do not know the environment's name; the user should read it.
    if (error instanceof ConfigError && error.environment === '(environment)') {
      throw new ConfigError(environment, error.problems);
    }
    throw error;
  }
}

/** The CDKTF app: one stack for the selected environment. */
export function buildApp(options: BuildAppOptions): App {
  const env = options.env ?? process.env;
  const { environment, config } = resolveConfig(env);
  const backend = stateBackendFromEnv(env, config.stackName);
  if (backend.kind === 'local') protectLocalStateDir(path.join(options.projectRoot, 'state'));
  const app = new App(options.outdir ? { outdir: options.outdir } : undefined);
  // Terraform writes its plan files (which hold the secrets, as the state does) into the stack folders.
  protectOutdir(app.outdir);
  new TodoStack(app, config.stackName, {
    config,
    environment,
    projectRoot: options.projectRoot,
    cloud: backend.kind === 'cloud' ? backend.cloud : undefined,
    pg: backend.kind === 'pg' ? backend.pg : undefined,
  });
  return app;
}
