import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from './stacks/config';
import { buildApp, resolveConfig } from './stacks/app';
import { PASSWORD_SECRET_KEYS } from './stacks/constructs/app-secrets';
import { localStateFile, stateBackendFromEnv } from './stacks/state-backend';

/** The folder holding cdktf.json, whether this runs from dist/ (bundle) or from source (ts-node). */
function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'cdktf.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`cdktf.json not found above ${start}`);
  }
}

try {
  if (process.argv.includes('--print-config')) {
    // For the shell scripts (deploy, doctor): the one source of the environment's settings.
    const { environment, config } = resolveConfig();
    // stateFile is null with Terraform Cloud or pg: no local state to back up, guard or recover.
    const backend = stateBackendFromEnv(process.env, config.stackName);
    const stateFile = backend.kind === 'local' ? localStateFile(config.stackName) : null;
    const pgSchemaName = backend.kind === 'pg' ? backend.pg.schemaName : null;
    const stateBackend = backend.kind;
    const passwordSecretKeys = PASSWORD_SECRET_KEYS;
    console.log(JSON.stringify({ environment, ...config, stateBackend, stateFile, pgSchemaName, passwordSecretKeys }));
  } else {
    buildApp({ projectRoot: findProjectRoot(__dirname) }).synth();
  }
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
