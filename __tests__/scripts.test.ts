import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { ENVIRONMENTS, loadConfig } from '../stacks/environments';

// The shell scripts take every fact from the TypeScript config (scripts/lib/config.sh);
// here the preflight runs for real against each environment, with no cluster to reach.
const projectRoot = path.resolve(__dirname, '..');
let emptyKubeconfig: string;

beforeAll(() => {
  emptyKubeconfig = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'todo-doctor-')), 'config');
  fs.writeFileSync(emptyKubeconfig, 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n');
});

function doctor(env: Record<string, string>): { status: number | null; output: string } {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(TODO_|KUBE_CONTEXT$|KUBECONFIG$|TF_VAR_|TF_CLOUD_|TF_WORKSPACE$)/.test(k),
    ),
  );
  const r = spawnSync('bash', ['scripts/doctor.sh'], {
    cwd: projectRoot,
    env: { ...clean, KUBECONFIG: emptyKubeconfig, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('preflight (scripts/doctor.sh) reads the environment from the config', () => {
  test.each(Object.keys(ENVIRONMENTS))(
    'environment %s: names its own context and host, and looks for that context',
    (name) => {
      const config = loadConfig(name);
      const { status, output } = doctor({ TODO_ENV: name });
      expect(output).toContain(
        `Preflight for environment "${name}": context "${config.kube.context}", host "${config.ingress.host}"`,
      );
      // No cluster here: the check fails on this environment's context, not on another one's.
      expect(status).not.toBe(0);
      expect(output).toContain(`kube context "${config.kube.context}" not found`);
    },
    60_000,
  );

  test('with images.registry the preflight checks that registry (cluster names one; TODO_REGISTRY overrides it)', () => {
    expect(doctor({ TODO_ENV: 'cluster' }).output).toMatch(
      /registry registry\.example\.com does not answer at https:\/\/registry\.example\.com\/v2\//,
    );
    const other = doctor({
      TODO_ENV: 'cluster',
      TODO_REGISTRY: 'registry.invalid:5000/team',
      TF_VAR_registry_username: 'robot',
    });
    expect(other.output).toContain(
      'registry registry.invalid:5000: TF_VAR_registry_password is not set (images.registry needs both or neither)',
    );
    expect(doctor({}).output).not.toMatch(/registry/);
  }, 60_000);

  test('KUBE_CONTEXT and TODO_HOST override the environment, as they do for the stack', () => {
    const { output } = doctor({ TODO_ENV: 'cluster', KUBE_CONTEXT: 'prod-eu', TODO_HOST: 'todo.example.org' });
    expect(output).toContain('context "prod-eu", host "todo.example.org"');
  }, 60_000);

  test('an invalid config stops the preflight with the config error', () => {
    const { status, output } = doctor({ TODO_ENV: 'staging' });
    expect(status).toBe(1);
    expect(output).toMatch(/unknown environment; known: local, cluster/);
  }, 60_000);

  test('half a Terraform Cloud setting is a clear config error, not a stack trace', () => {
    const { status, output } = doctor({ TF_CLOUD_ORGANIZATION: 'acme' });
    expect(status).toBe(1);
    expect(output).toContain(
      'Terraform Cloud needs both TF_CLOUD_ORGANIZATION and TF_WORKSPACE; only TF_CLOUD_ORGANIZATION is set',
    );
    expect(output.length).toBeLessThan(2000);
  }, 60_000);

  test('TF_VAR_database_url with database mode in-cluster is called out, since it is ignored', () => {
    const { output } = doctor({ TF_VAR_database_url: 'postgres://u:p@h/db' });
    expect(output).toMatch(/TF_VAR_database_url is set, but the environment's database\.mode is "in-cluster"/);
    expect(output).not.toContain('postgres://u:p@h/db');
  }, 60_000);

  test('an external database URL that is not postgres:// fails, without printing it', () => {
    const config = path.join(path.dirname(emptyKubeconfig), 'external.json');
    fs.writeFileSync(config, '{"database": {"mode": "external"}}');
    const { status, output } = doctor({ TODO_CONFIG: config, TF_VAR_database_url: 'mysql://u:SECRET@h/db' });
    expect(status).toBe(1);
    expect(output).toMatch(/TF_VAR_database_url is not a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(output).not.toContain('SECRET');
  }, 60_000);

  test('the PostgreSQL state backend: its address is checked, its password never printed', async () => {
    const server = net.createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const up = doctor({ TODO_STATE_BACKEND: 'pg', PG_CONN_STR: `postgres://tf:SECRET@127.0.0.1:${port}/state` });
      expect(up.output).toContain(`state backend: PostgreSQL at 127.0.0.1:${port} accepts connections`);
      expect(up.output).not.toContain('SECRET');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    const down = doctor({ TODO_STATE_BACKEND: 'pg', PG_CONN_STR: `postgres://tf:SECRET@127.0.0.1:${port}/state` });
    expect(down.status).toBe(1);
    expect(down.output).toContain(`state backend: PostgreSQL at 127.0.0.1:${port} does not accept connections`);
    expect(down.output).not.toContain('SECRET');
  }, 60_000);
});
