import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import pg from 'pg';
import { isDatabaseUnavailable, isPermanentDatabaseError, logIdleErrors } from '../../src/db.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

test('isDatabaseUnavailable: a database that is away is a 503; a fault of the query or the code stays a 500', () => {
  for (const err of [
    withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
    withCode('getaddrinfo ENOTFOUND todo-chatbot-postgresql', 'ENOTFOUND'),
    withCode('getaddrinfo EAI_AGAIN todo-chatbot-postgresql', 'EAI_AGAIN'),
    withCode('read ECONNRESET', 'ECONNRESET'),
    withCode('terminating connection due to administrator command', '57P01'),
    withCode('the database system is starting up', '57P03'),
    withCode('sorry, too many clients already', '53300'),
    withCode('connection failure', '08006'),
    new Error('Connection terminated unexpectedly'),
    new Error('Client has encountered a connection error and is not queryable'),
    new Error('timeout exceeded when trying to connect'),
    new AggregateError([withCode('x', 'ECONNREFUSED'), withCode('y', 'ECONNREFUSED')], 'all refused'),
  ])
    assert.equal(isDatabaseUnavailable(err), true, err.message);
  for (const err of [
    withCode('duplicate key value violates unique constraint', '23505'),
    withCode('syntax error at or near "SELEC"', '42601'),
    withCode('invalid input syntax for type integer', '22P02'),
    new TypeError("Cannot read properties of undefined (reading 'id')"),
    new AggregateError([withCode('x', 'ECONNREFUSED'), new Error('other')], 'mixed'),
    'Connection terminated',
    null,
  ])
    assert.equal(isDatabaseUnavailable(err), false, String(err));
});

test('isPermanentDatabaseError: a missing database, a refused login or a failed migration is not retried; an outage is', () => {
  for (const err of [
    withCode('database "nodb" does not exist', '3D000'),
    withCode('password authentication failed for user "todo"', '28P01'),
    withCode('role "nobody" does not exist', '28000'),
    withCode('permission denied for schema public', '42501'),
    new Error('migration 0001_init.sql failed: syntax error'),
  ])
    assert.equal(isPermanentDatabaseError(err), true, err.message);
  for (const err of [
    withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
    withCode('getaddrinfo ENOTFOUND todo-chatbot-postgresql', 'ENOTFOUND'),
    withCode('the database system is starting up', '57P03'),
    new Error('Connection terminated unexpectedly'),
    null,
  ])
    assert.equal(isPermanentDatabaseError(err), false, String(err));
});

test("an idle connection's error is logged as its message and code, without the pg client, its connection parameters or cancel key", async () => {
  const lines: string[] = [];
  const app = Fastify({ logger: { level: 'info', stream: { write: (s: string) => lines.push(s) } } });
  const pool = new pg.Pool({ connectionString: 'postgres://todo:pw-not-logged@127.0.0.1:1/todo' });
  try {
    logIdleErrors(pool, app.log);
    // what pg-pool emits when PostgreSQL stops under an idle client: the error, with the client attached
    const client = {
      connectionParameters: {
        user: 'todo',
        database: 'todo',
        host: '127.0.0.1',
        port: 5432,
        password: 'pw-not-logged',
      },
      processID: 4242,
      secretKey: 987654321,
    };
    const err = Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
      client,
    });
    pool.emit('error', err, client);
    assert.equal(lines.length, 1);
    const line = JSON.parse(lines[0]!);
    assert.equal(line.msg, 'idle database connection failed');
    assert.deepEqual(line.error, { message: 'terminating connection due to administrator command', code: '57P01' });
    for (const leak of ['secretKey', '987654321', 'connectionParameters', 'processID', 'pw-not-logged', '"type"'])
      assert.ok(!lines[0]!.includes(leak), `${leak} in ${lines[0]}`);
  } finally {
    await pool.end();
    await app.close();
  }
});
