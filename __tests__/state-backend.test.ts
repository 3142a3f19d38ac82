import * as fs from 'fs';
import * as path from 'path';
import { buildApp } from '../stacks/app';
import { ConfigError } from '../stacks/config';
import { stateBackendFromEnv } from '../stacks/state-backend';
import { FIXTURE_PROJECT, makeTree, removeTree } from './fixture';

// The state backend setting: local (default), Terraform Cloud, or a shared
// PostgreSQL through Terraform's pg backend, whose connection string comes
// only from PG_CONN_STR and never reaches the synthesized files.
const CONN_STR = 'postgres://terraform:pg-conn-marker-7f3a@db.example.com:5432/todo_state?sslmode=require';

let projectRoot: string;
beforeEach(() => {
  projectRoot = makeTree(FIXTURE_PROJECT);
});
afterEach(() => removeTree(projectRoot));

function synthFiles(env: NodeJS.ProcessEnv): { json: any; files: Record<string, string> } {
  const outdir = path.join(projectRoot, 'cdktf.out');
  buildApp({ projectRoot, env, outdir }).synth();
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else files[path.relative(outdir, file)] = fs.readFileSync(file, 'utf8');
    }
  };
  walk(outdir);
  const stackFile = Object.keys(files).find((f) => f.endsWith('cdk.tf.json'))!;
  return { json: JSON.parse(files[stackFile]), files };
}

const problemOf = (env: NodeJS.ProcessEnv): string => {
  try {
    stateBackendFromEnv(env, 'todo-local');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('no error');
};

describe('stateBackendFromEnv', () => {
  test('local by default; Terraform Cloud from its two variables; pg with PG_CONN_STR', () => {
    expect(stateBackendFromEnv({}, 'todo-local')).toEqual({ kind: 'local' });
    expect(stateBackendFromEnv({ TODO_STATE_BACKEND: 'local' }, 'todo-local')).toEqual({ kind: 'local' });
    expect(stateBackendFromEnv({ TF_CLOUD_ORGANIZATION: 'acme', TF_WORKSPACE: 'w' }, 'todo-local')).toEqual({
      kind: 'cloud',
      cloud: { organization: 'acme', workspace: 'w', hostname: undefined },
    });
    expect(stateBackendFromEnv({ TODO_STATE_BACKEND: 'pg', PG_CONN_STR: CONN_STR }, 'todo-cluster')).toEqual({
      kind: 'pg',
      pg: { schemaName: 'todo_cluster' },
    });
  });

  test('pg without PG_CONN_STR names the variable and where it goes, and no value', () => {
    const message = problemOf({ TODO_STATE_BACKEND: 'pg' });
    expect(message).toContain('TODO_STATE_BACKEND: is pg, which needs PG_CONN_STR');
    expect(message).toContain('never written into the synthesized JSON');
    expect(problemOf({ TODO_STATE_BACKEND: 'pg', PG_CONN_STR: '  ' })).toContain('needs PG_CONN_STR');
  });

  test('an unknown backend, or two backends at once, is an error naming the setting', () => {
    expect(problemOf({ TODO_STATE_BACKEND: 's3' })).toContain(
      'TODO_STATE_BACKEND: must be local, pg or cloud (got "s3")',
    );
    expect(
      problemOf({ TODO_STATE_BACKEND: 'pg', PG_CONN_STR: CONN_STR, TF_CLOUD_ORGANIZATION: 'a', TF_WORKSPACE: 'w' }),
    ).toContain('is pg, but TF_CLOUD_ORGANIZATION and TF_WORKSPACE choose Terraform Cloud');
    expect(problemOf({ TODO_STATE_BACKEND: 'cloud' })).toContain('needs TF_CLOUD_ORGANIZATION and TF_WORKSPACE');
  });
});

describe('synthesized with the pg backend', () => {
  test('a pg backend block with the stack schema, no local state, and the connection string nowhere', () => {
    const { json, files } = synthFiles({ TODO_STATE_BACKEND: 'pg', PG_CONN_STR: CONN_STR });
    expect(json.terraform.backend).toEqual({ pg: { schema_name: 'todo_local' } });
    expect(json.terraform.cloud).toBeUndefined();
    expect(Object.keys(files).length).toBeGreaterThan(1); // the stack and its chart asset
    for (const [file, text] of Object.entries(files)) {
      expect({ file, leaks: text.includes('pg-conn-marker-7f3a') || text.includes('db.example.com') }).toEqual({
        file,
        leaks: false,
      });
    }
    // Only the local backend keeps state under the repository.
    expect(fs.existsSync(path.join(projectRoot, 'state'))).toBe(false);
  });

  test('the environment is an output of the stack, for the policies', () => {
    expect(synthFiles({}).json.output.environment).toEqual({ value: 'local' });
    expect(synthFiles({ TODO_ENV: 'cluster' }).json.output.environment).toEqual({ value: 'cluster' });
  });
});
