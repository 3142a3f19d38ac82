import { App } from 'cdktf';
import { DEFAULT_ENVIRONMENT, loadConfig, overridesFromEnv } from './environments';
import { cloudSettingsFromEnv } from './state-backend';
import { TodoStack } from './todo-stack';

export interface BuildAppOptions {
  readonly projectRoot: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly outdir?: string;
}

/** The CDKTF app: one stack for the selected environment (TODO_ENV, default `local`). */
export function buildApp(options: BuildAppOptions): App {
  const env = options.env ?? process.env;
  const environment = env.TODO_ENV || DEFAULT_ENVIRONMENT;
  const config = loadConfig(environment, overridesFromEnv(env));
  const app = new App(options.outdir ? { outdir: options.outdir } : undefined);
  new TodoStack(app, config.stackName, { config, projectRoot: options.projectRoot, cloud: cloudSettingsFromEnv(env) });
  return app;
}
