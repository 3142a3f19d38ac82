import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { setTimeout } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createPool, migrate, type Pool } from '../../src/db.js';
import type { Engine } from '../../src/agent/engine.js';
import { localDate } from '../../src/tasks.js';

export const ADMIN_URL = process.env.DATABASE_URL;
if (!ADMIN_URL) {
  throw new Error(
    'DATABASE_URL is not set: run integration tests through test/infra/pg-test.sh (npm run test:integration)',
  );
}

/** A fresh database on the test server (one per test file keeps files independent). */
export async function createDatabase(): Promise<string> {
  const name = `t_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

export function testConfig(databaseUrl: string, overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: 'test-secret-test-secret-test-secret!',
      LOG_LEVEL: 'silent',
    }),
    authRateLimitPerMinute: 10_000,
    ...overrides,
  };
}

/** The instant the app under test believes it is: 30 s before a local midnight, so date logic that
 *  mixes the test's clock with the real one would fail at once. */
export const TEST_NOW = new Date(2026, 10, 24, 23, 59, 30);
/** TEST_NOW shifted by whole days, as a local "YYYY-MM-DD". */
export const testDay = (offsetDays = 0): string =>
  localDate(new Date(TEST_NOW.getFullYear(), TEST_NOW.getMonth(), TEST_NOW.getDate() + offsetDays));

export interface Running {
  app: FastifyInstance;
  pool: Pool;
  url: string;
  databaseUrl: string;
  close: () => Promise<void>;
}

/** Builds the app against a database (migrated) and listens on a free port. */
export async function startApp(
  opts: {
    databaseUrl?: string;
    config?: Partial<Config>;
    engine?: Engine;
    logStream?: NodeJS.WritableStream;
    clock?: () => Date;
  } = {},
): Promise<Running> {
  const databaseUrl = opts.databaseUrl ?? (await createDatabase());
  const pool = createPool(databaseUrl);
  await migrate(pool);
  const app = await buildApp({
    config: testConfig(databaseUrl, opts.config),
    pool,
    engine: opts.engine,
    logStream: opts.logStream,
    clock: opts.clock ?? (() => TEST_NOW),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  return {
    app,
    pool,
    databaseUrl,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await pool.end();
    },
  };
}

export interface Res<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** Small JSON client. `token` adds Authorization: Bearer. `raw` sends the body string as is. */
export async function call<T = any>(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Res<T>> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.raw !== undefined) {
    body = opts.raw;
    headers['content-type'] ??= 'application/json';
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(base + path, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

let counter = 0;
/** Signs up a new user; returns its token and id. */
export async function newUser(
  base: string,
  prefix = 'user',
): Promise<{ token: string; id: number; email: string; password: string }> {
  const email = `${prefix}${++counter}-${crypto.randomBytes(3).toString('hex')}@example.com`;
  const password = 'correct horse battery';
  const r = await call(base, 'POST', '/api/auth/signup', { body: { email, password } });
  if (r.status !== 201) throw new Error(`signup failed: ${r.status} ${JSON.stringify(r.body)}`);
  return { token: r.body.token, id: r.body.user.id, email, password };
}

export const BACKEND_DIR = path.join(__dirname, '..', '..');

export interface ServerProcess {
  child: ChildProcess;
  /** what the process printed (stdout and stderr; the last 256 KB) */
  out: () => string;
  exited: Promise<number | null>;
}

/** The real server (src/server.ts) as a child process, so that an exit is observable. */
export function spawnServer(env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: BACKEND_DIR,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer) => {
    out += d;
    if (out.length > 512 * 1024) out = out.slice(-256 * 1024);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, out: () => out, exited };
}

/** The address a server started with PORT=0 (the kernel picks the port) logged once it listened. */
export async function listeningUrl(p: { out: () => string }, ms = 20_000): Promise<string> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(p.out());
    if (m) return m[1]!;
    await setTimeout(50);
  }
  throw new Error(`server did not listen: ${p.out().slice(-500)}`);
}

export async function waitReady(url: string, ms = 20_000): Promise<void> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) return;
    } catch {
      /* not yet */
    }
    await setTimeout(100);
  }
  throw new Error('server did not become ready');
}
