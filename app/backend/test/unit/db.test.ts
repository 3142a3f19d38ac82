import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDatabaseUnavailable } from '../../src/db.js';

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
