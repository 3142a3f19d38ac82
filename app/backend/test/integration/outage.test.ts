// The database crashes under load (pg_ctl stop -m immediate), ten times in a
// row, and comes back; then three administrator's stops (-m fast: sessions are
// ended with an error first). The server runs as a real child process, so that an
// exit is seen; PostgreSQL runs with fsync on (a cluster of its own: the shared
// one is fsync off, and is not to be crashed under the other tests).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { setTimeout } from 'node:timers/promises';
import { promisify } from 'node:util';
import pg from 'pg';
import { BACKEND_DIR, listeningUrl, newUser, spawnServer, waitReady, type ServerProcess } from '../helpers/harness.js';

const PG_TEST = path.join(BACKEND_DIR, '..', '..', 'test', 'infra', 'pg-test.sh');
const REPETITIONS = 10;
/** ten abrupt stops, then three graceful ones */
const STOPS = [...Array<string>(REPETITIONS).fill('immediate'), 'fast', 'fast', 'fast'];
const CLIENTS = 6;
const exec = promisify(execFile);
/** pg-test.sh start|crash|restart|stop on the durable cluster; async, so the load keeps running meanwhile. */
const pgTest = (...args: string[]) =>
  exec('bash', [PG_TEST, ...args], { env: { ...process.env, PGTEST_DURABLE: '1', PGTEST_PORT: '' } });

interface Seen {
  statuses: Map<number, number>;
  /** requests that got no HTTP answer at all (connection refused or reset: the process is gone) */
  noAnswer: string[];
  /** 503s without Retry-After or without the documented body */
  bad503: string[];
  /** titles of tasks whose creation was answered 2xx (POST /api/tasks, or add_task in a 200 chat turn) */
  written: Set<string>;
  /** conversations of chat turns answered 200 */
  conversations: Set<number>;
}

async function request(base: string, token: string, method: string, url: string, body?: unknown) {
  const res = await fetch(base + url, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : null };
}

/** One client: GET /api/tasks, POST /api/tasks, POST /api/chat in turn, until stopped. */
async function client(base: string, token: string, n: number, seen: Seen, running: () => boolean): Promise<void> {
  for (let i = 0; running(); i++) {
    const kind = i % 3;
    const title = `c${n} task ${i}`;
    try {
      const res =
        kind === 0
          ? await request(base, token, 'GET', '/api/tasks?status=open')
          : kind === 1
            ? await request(base, token, 'POST', '/api/tasks', { title })
            : await request(base, token, 'POST', '/api/chat', { message: `add c${n} chat ${i}` });
      seen.statuses.set(res.status, (seen.statuses.get(res.status) ?? 0) + 1);
      if (res.status === 503) {
        const retryAfter = Number(res.headers.get('retry-after'));
        if (!(retryAfter > 0) || res.json?.error?.code !== 'unavailable' || typeof res.json.error.message !== 'string')
          seen.bad503.push(`${res.headers.get('retry-after')} ${JSON.stringify(res.json)}`);
      }
      if (kind === 1 && res.status === 201) seen.written.add(title);
      if (kind === 2 && res.status === 200) {
        seen.conversations.add(res.json.conversation_id);
        for (const call of res.json.tool_calls) if (call.result?.task?.title) seen.written.add(call.result.task.title);
      }
    } catch (err) {
      seen.noAnswer.push(String((err as Error).cause ?? err));
    }
    await setTimeout(5); // about 6 x 100 requests/s at most: a load, not a flood, on the CI's 2 cores
  }
}

describe('a database crash under load', () => {
  let dir = '';
  let databaseUrl = '';
  let server: ServerProcess | undefined;

  before(async () => {
    const { stdout } = await pgTest('start');
    dir = /PGTEST_DIR=(\S+)/.exec(stdout)![1]!;
    databaseUrl = /DATABASE_URL=(\S+)/.exec(stdout)![1]!;
  });
  after(async () => {
    server?.child.kill('SIGKILL');
    if (dir) await pgTest('stop', dir);
  });

  test(`${REPETITIONS} immediate stops (and 3 fast ones) of PostgreSQL under load: the process never exits, no 500, 503 + Retry-After meanwhile, every 2xx write kept, serving again within 1 s`, async () => {
    server = spawnServer({
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: 'outage-test-secret-0123456789abcdef',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info', // "Server listening at" gives the port
    });
    let exitedWith: string | null = null;
    void server.exited.then((code) => (exitedWith = `exit code ${code}`));
    const url = await listeningUrl(server);
    await waitReady(url);
    const users = await Promise.all(Array.from({ length: CLIENTS }, (_, n) => newUser(url, `outage${n}`)));

    const seen: Seen = {
      statuses: new Map(),
      noAnswer: [],
      bad503: [],
      written: new Set(),
      conversations: new Set(),
    };
    let loading = true;
    const clients = users.map((u, n) => client(url, u.token, n, seen, () => loading));
    const recoveries: number[] = [];
    const outage503s: number[] = [];
    try {
      for (const [i, mode] of STOPS.entries()) {
        const rep = `${i + 1} (-m ${mode})`;
        await setTimeout(500); // writes in flight when the crash comes
        const before503 = seen.statuses.get(503) ?? 0;
        await pgTest('crash', dir, mode);
        await setTimeout(400); // the load meets a database that is gone
        await pgTest('restart', dir); // returns once PostgreSQL accepts connections (crash recovery done)
        const back = performance.now();
        let served = false;
        while (!served && performance.now() - back < 10_000) {
          served = (await request(url, users[0]!.token, 'GET', '/api/tasks').catch(() => null))?.status === 200;
          if (!served) await setTimeout(20);
        }
        recoveries.push(Math.round(performance.now() - back));
        outage503s.push((seen.statuses.get(503) ?? 0) - before503);
        assert.equal(exitedWith, null, `the server exited in repetition ${rep}: ${server.out().slice(-2000)}`);
      }
      await setTimeout(300);
    } finally {
      loading = false;
      await Promise.all(clients);
    }
    const statuses = Object.fromEntries(seen.statuses);
    console.log(
      `  ${STOPS.length} stops (${REPETITIONS} immediate, then fast): statuses ${JSON.stringify(statuses)}, 503s per outage ${outage503s.join(' ')}, ` +
        `serving again after ${recoveries.join(' ')} ms, ${seen.written.size} writes answered 2xx`,
    );

    assert.equal(exitedWith, null, 'the server process exited');
    assert.deepEqual(seen.noAnswer, [], 'requests got no HTTP answer');
    assert.equal(statuses[500], undefined, `${statuses[500]} answers were 500: ${server.out().slice(-3000)}`);
    assert.deepEqual(
      Object.keys(statuses)
        .map(Number)
        .filter((s) => ![200, 201, 503].includes(s)),
      [],
      `unexpected statuses: ${JSON.stringify(statuses)}`,
    );
    assert.deepEqual(seen.bad503, [], '503s without Retry-After or the documented error body');
    assert.ok(
      outage503s.every((n) => n > 0),
      `every outage must be seen as 503s (per outage: ${outage503s.join(' ')})`,
    );
    assert.ok(
      recoveries.every((ms) => ms < 1000),
      `serving again more than 1 s after the database returned: ${recoveries.join(' ')} ms`,
    );

    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      assert.equal((await db.query('SHOW fsync')).rows[0].fsync, 'on', 'the cluster must be durable for this test');
      const stored = new Set((await db.query<{ title: string }>('SELECT title FROM tasks')).rows.map((r) => r.title));
      const lost = [...seen.written].filter((t) => !stored.has(t));
      assert.deepEqual(lost, [], `${lost.length} of ${seen.written.size} writes answered 2xx are missing`);
      // A chat turn is one transaction: a conversation holds its user's message and the reply, or does not exist.
      const halves = await db.query(
        `SELECT c.id, count(m.id)::int AS messages FROM conversations c LEFT JOIN messages m ON m.conversation_id = c.id
          GROUP BY c.id HAVING count(m.id) <> 2`,
      );
      assert.deepEqual(halves.rows, [], 'conversations half written');
      // ... and a task a chat turn added exists only with that turn's messages.
      const orphans = await db.query(
        `SELECT t.title FROM tasks t WHERE t.title LIKE 'c% chat %'
            AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.role = 'user' AND m.content = 'add ' || t.title)`,
      );
      assert.deepEqual(orphans.rows, [], 'tasks added by a chat turn whose messages were not stored');
      assert.ok(
        [...seen.written].some((t) => / chat /.test(t)),
        'no chat turn added a task: the check above saw nothing',
      );
      const kept = (await db.query<{ id: number }>('SELECT id FROM conversations')).rows.map((r) => r.id);
      const missing = [...seen.conversations].filter((id) => !kept.includes(id));
      assert.deepEqual(missing, [], 'conversations answered 200 are missing');
    } finally {
      await db.end();
    }

    server.child.kill('SIGTERM');
    assert.equal(await server.exited, 0, 'and it still shuts down cleanly');
    // the lost connections were logged by message and code, never with the pg client's parameters or cancel key
    assert.doesNotMatch(server.out(), /secretKey|connectionParameters|processID/);
    const unavailable = server
      .out()
      .split('\n')
      .filter((l) => l.includes('"database unavailable"'))
      .flatMap((l) => {
        try {
          return [JSON.parse(l)];
        } catch {
          return []; // out() keeps the last 256 KB: its first line may start mid-line
        }
      });
    assert.ok(unavailable.length > 0, 'no "database unavailable" line: the check below saw nothing');
    for (const l of unavailable) {
      assert.equal(typeof l.error.message, 'string');
      assert.equal(l.err, undefined, 'no {"type":"Object","stack":""} dressing');
    }
  });
});
