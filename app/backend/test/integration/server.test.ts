import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDatabase, call, listeningUrl, spawnServer, waitReady } from '../helpers/harness.js';
import { createPool, migrate, migrationFiles, MIGRATIONS_DIR } from '../../src/db.js';
import { TaskStore } from '../../src/tasks.js';

const SECRET = 'process-test-secret-0123456789abcdef';

describe('server process', () => {
  test('a missing or malformed variable stops the process with a message naming it', async () => {
    const a = spawnServer({ DATABASE_URL: 'postgres://x@127.0.0.1:1/x' });
    assert.equal(await a.exited, 1);
    assert.match(a.out(), /AUTH_SECRET: is required/);
    const b = spawnServer({ DATABASE_URL: 'postgres://x@127.0.0.1:1/x', AUTH_SECRET: SECRET, PORT: 'abc' });
    assert.equal(await b.exited, 1);
    assert.match(b.out(), /PORT/);
  });

  test('a database that does not exist or a role that does not exist stops the process at once, with the reason, not retried', async () => {
    const base = new URL(await createDatabase());
    const noDb = new URL(base);
    noDb.pathname = '/nodb';
    const noRole = new URL(base);
    noRole.username = 'nobody';
    for (const [url, reason] of [
      [noDb, /database "nodb" does not exist/],
      [noRole, /role "nobody" does not exist/],
    ] as const) {
      const p = spawnServer({ DATABASE_URL: url.toString(), AUTH_SECRET: SECRET, PORT: '0', HOST: '127.0.0.1' });
      assert.equal(await p.exited, 1);
      // the first attempt fails, and there is no second one (a retry is announced before its 2 s wait)
      assert.doesNotMatch(p.out(), /database not ready, retrying/);
      const fatal = p
        .out()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
        .find((l) => l.level === 60);
      assert.ok(fatal, p.out());
      assert.match(fatal.error.message, reason);
      assert.match(fatal.msg, /could not migrate the database: .* \(not retried: check DATABASE_URL/);
      assert.equal(fatal.err, undefined, 'no {"type":"Object","stack":""} dressing');
      assert.match(fatal.error.code, /^(3D000|28000)$/);
    }
  });

  test('starts, migrates, serves, logs JSON with request ids and no secrets, and stops on SIGTERM within 10 s', async () => {
    const databaseUrl = await createDatabase();
    const p = spawnServer({
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: SECRET,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'debug',
    });
    try {
      const url = await listeningUrl(p);
      await waitReady(url);
      assert.equal((await call(url, 'GET', '/healthz')).body.status, 'ok');
      const password = 'hunter2-very-secret';
      const su = await call(url, 'POST', '/api/auth/signup', {
        body: { email: 'log@example.com', password },
        headers: { 'x-request-id': 'req-abc-123' },
      });
      assert.equal(su.status, 201);
      assert.equal(su.headers.get('x-request-id'), 'req-abc-123');
      const token = su.body.token as string;
      await call(url, 'GET', '/api/tasks', { token, headers: { cookie: `todo_session=${token}` } });

      // a slow in-flight request is finished before the process exits
      const inflight = call(url, 'POST', '/api/auth/signin', { body: { email: 'log@example.com', password } });
      await new Promise((r) => setTimeout(r, 20));
      const t0 = Date.now();
      p.child.kill('SIGTERM');
      const code = await p.exited;
      const elapsed = Date.now() - t0;
      assert.equal(code, 0, p.out().split('\n').slice(-6).join('\n'));
      assert.ok(elapsed < 10_000, `took ${elapsed} ms`);
      assert.equal((await inflight).status, 200);

      const lines = p.out().trim().split('\n');
      for (const l of lines) assert.doesNotThrow(() => JSON.parse(l), `not JSON: ${l}`);
      assert.ok(lines.some((l) => JSON.parse(l).reqId === 'req-abc-123'));
      assert.ok(lines.some((l) => /shutdown complete/.test(l)));
      assert.ok(!p.out().includes(password), 'password in logs');
      assert.ok(!p.out().includes(token), 'token in logs');
      assert.ok(!p.out().includes(SECRET), 'secret in logs');
    } finally {
      p.child.kill('SIGKILL');
    }
  });

  test('with SHUTDOWN_DRAIN_MS, a SIGTERMed server says unready but still serves every request until the drain ends', async () => {
    const databaseUrl = await createDatabase();
    const p = spawnServer({
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: SECRET,
      PORT: '0',
      HOST: '127.0.0.1',
      SHUTDOWN_DRAIN_MS: '1500',
    });
    try {
      const url = await listeningUrl(p);
      await waitReady(url);
      const t0 = Date.now();
      p.child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      assert.equal((await call(url, 'GET', '/readyz')).status, 503, 'unready while draining');
      const during = await call(url, 'GET', '/healthz');
      assert.equal(during.status, 200, 'still serving while draining');
      assert.equal(
        during.headers.get('connection'),
        'close',
        'and closing connections, so clients reconnect elsewhere',
      );
      const code = await p.exited;
      const elapsed = Date.now() - t0;
      assert.equal(code, 0);
      assert.ok(elapsed >= 1500, `exited after ${elapsed} ms, before the drain ended`);
    } finally {
      p.child.kill('SIGKILL');
    }
  });

  test('two replicas migrating at once apply each migration exactly once', async () => {
    const databaseUrl = await createDatabase();
    const pools = [createPool(databaseUrl, 2), createPool(databaseUrl, 2), createPool(databaseUrl, 2)];
    try {
      const results = await Promise.all(pools.map((p) => migrate(p)));
      const applied = results.flat();
      assert.deepEqual(applied, migrationFiles());
      const rows = await pools[0]!.query('SELECT version FROM schema_migrations');
      assert.equal(rows.rowCount, migrationFiles().length);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  test('an existing database gets per-user task numbers in creation order, and new tasks continue from them', async () => {
    const databaseUrl = await createDatabase();
    const pool = createPool(databaseUrl, 2);
    const initOnly = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
    try {
      fs.copyFileSync(path.join(MIGRATIONS_DIR, '0001_init.sql'), path.join(initOnly, '0001_init.sql'));
      await migrate(pool, initOnly);
      const users = await pool.query<{ id: number }>(
        "INSERT INTO users (email, password_hash) VALUES ('a@x', 'h'), ('b@x', 'h') RETURNING id",
      );
      const [a, b] = users.rows.map((r) => r.id);
      // interleaved global ids: a 1, b 2, a 3, b 4, a 5
      for (const [owner, title] of [
        [a, 'a1'],
        [b, 'b1'],
        [a, 'a2'],
        [b, 'b2'],
        [a, 'a3'],
      ] as const) {
        await pool.query('INSERT INTO tasks (user_id, title) VALUES ($1, $2)', [owner, title]);
      }
      await migrate(pool);
      const rows = await pool.query('SELECT user_id, number, title FROM tasks ORDER BY user_id, number');
      assert.deepEqual(
        rows.rows.map((r) => [r.user_id === a ? 'a' : 'b', r.number, r.title]),
        [
          ['a', 1, 'a1'],
          ['a', 2, 'a2'],
          ['a', 3, 'a3'],
          ['b', 1, 'b1'],
          ['b', 2, 'b2'],
        ],
      );
      const next = await new TaskStore(pool).create(a!, { title: 'a4' });
      assert.equal(next.id, 4);
    } finally {
      fs.rmSync(initOnly, { recursive: true, force: true });
      await pool.end();
    }
  });

  test('readyz is 503 until the schema is migrated', async () => {
    const databaseUrl = await createDatabase();
    const { buildApp } = await import('../../src/app.js');
    const { testConfig } = await import('../helpers/harness.js');
    const pool = createPool(databaseUrl);
    const app = await buildApp({ config: testConfig(databaseUrl), pool });
    try {
      const before = await app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(before.statusCode, 503);
      assert.match(before.json().reason, /migrations not applied/);
      await migrate(pool);
      const after = await app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(after.statusCode, 200);
    } finally {
      await app.close();
      await pool.end();
    }
  });
});
