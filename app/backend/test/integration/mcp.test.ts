import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { call, newUser, startApp, type Running } from '../helpers/harness.js';

async function connect(base: string, token?: string): Promise<Client> {
  const client = new Client({ name: 'mcp-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL('/mcp', base), {
    requestInit: token ? { headers: { authorization: `Bearer ${token}` } } : {},
  });
  await client.connect(transport);
  return client;
}

type ToolResult = { isError?: boolean; structuredContent?: any; content: { type: string; text: string }[] };

describe('MCP over Streamable HTTP', () => {
  let s: Running;
  before(async () => {
    s = await startApp();
  });
  after(async () => s.close());

  test('lists the six task tools with JSON schemas', async () => {
    const u = await newUser(s.url, 'mcp');
    const client = await connect(s.url, u.token);
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), [
      'add_task',
      'complete_task',
      'delete_task',
      'list_tasks',
      'restore_task',
      'update_task',
    ]);
    const add = tools.find((t) => t.name === 'add_task')!;
    assert.equal(add.inputSchema.type, 'object');
    assert.deepEqual(add.inputSchema.required, ['title']);
    await client.close();
  });

  test("tools act on the token's user only; another user's task is not found", async () => {
    const alice = await newUser(s.url, 'alice');
    const bob = await newUser(s.url, 'bob');
    const a = await connect(s.url, alice.token);
    const b = await connect(s.url, bob.token);

    const added = (await a.callTool({
      name: 'add_task',
      arguments: { title: 'from mcp', due_date: '2026-12-24' },
    })) as ToolResult;
    assert.equal(added.isError, false);
    const task = added.structuredContent.task;
    assert.equal(task.title, 'from mcp');
    assert.deepEqual(JSON.parse(added.content[0]!.text), added.structuredContent);
    const rest = await call(s.url, 'GET', `/api/tasks/${task.id}`, { token: alice.token });
    assert.equal(rest.body.due_date, '2026-12-24');

    const listA = (await a.callTool({ name: 'list_tasks', arguments: {} })) as ToolResult;
    assert.deepEqual(
      listA.structuredContent.tasks.map((t: { id: number }) => t.id),
      [task.id],
    );
    const listB = (await b.callTool({ name: 'list_tasks', arguments: { status: 'all' } })) as ToolResult;
    assert.deepEqual(listB.structuredContent.tasks, []);

    for (const [name, args] of [
      ['complete_task', { task_id: task.id }],
      ['update_task', { task_id: task.id, title: 'pwned' }],
      ['delete_task', { task_id: task.id }],
    ] as const) {
      const r = (await b.callTool({ name, arguments: args })) as ToolResult;
      assert.equal(r.isError, true, name);
      assert.equal(r.structuredContent.error.code, 'not_found', name);
    }
    const after = await call(s.url, 'GET', `/api/tasks/${task.id}`, { token: alice.token });
    assert.equal(after.body.title, 'from mcp');
    assert.equal(after.body.completed, false);

    const done = (await a.callTool({ name: 'complete_task', arguments: { task_id: task.id } })) as ToolResult;
    assert.equal(done.structuredContent.task.completed, true);
    const del = (await a.callTool({ name: 'delete_task', arguments: { task_id: task.id } })) as ToolResult;
    assert.equal(del.structuredContent.deleted, true);
    assert.equal((await call(s.url, 'GET', `/api/tasks/${task.id}`, { token: alice.token })).status, 404);
    await a.close();
    await b.close();
  });

  test('invalid tool arguments are a tool error, not a crash', async () => {
    const u = await newUser(s.url, 'mcpbad');
    const c = await connect(s.url, u.token);
    const r = (await c.callTool({ name: 'add_task', arguments: { title: '', owner: 1 } })) as ToolResult;
    assert.equal(r.isError, true);
    assert.equal(r.structuredContent.error.code, 'invalid_arguments');
    const wrongType = (await c.callTool({ name: 'complete_task', arguments: { task_id: 'one' } })) as ToolResult;
    assert.equal(wrongType.isError, true);
    // Both were 500s whose raw database text reached the client (issue 7).
    const nul = (await c.callTool({ name: 'add_task', arguments: { title: 'a\u0000' } })) as ToolResult;
    assert.equal(nul.isError, true);
    assert.match(nul.structuredContent.error.message, /title must not contain the NUL character/);
    const year0 = (await c.callTool({
      name: 'add_task',
      arguments: { title: 'ok', due_date: '0000-01-01' },
    })) as ToolResult;
    assert.equal(year0.isError, true);
    assert.match(year0.structuredContent.error.message, /due_date must be a date from 1900-01-01 to 9999-12-31/);
    const search = (await c.callTool({ name: 'list_tasks', arguments: { query: 'x\u0000' } })) as ToolResult;
    assert.equal(search.isError, true);
    const list = await call(s.url, 'GET', '/api/tasks', { token: u.token });
    assert.deepEqual(list.body.tasks, []);
    await c.close();
  });

  test('without a valid bearer token the MCP endpoint answers 401', async () => {
    await assert.rejects(connect(s.url), /401|nauthorized/);
    await assert.rejects(connect(s.url, 'forged.token'), /401|nauthorized/);
    const get = await call(s.url, 'GET', '/mcp');
    assert.equal(get.status, 405);
  });

  test('a POST whose Accept lacks application/json and text/event-stream is a 400 that names the header', async () => {
    const u = await newUser(s.url, 'mcp-accept');
    const r = await call(s.url, 'POST', '/mcp', {
      token: u.token,
      body: { jsonrpc: '2.0', id: 1, method: 'tools/list' },
    });
    assert.equal(r.status, 400);
    assert.equal(r.body.error.message, 'The Accept header must list both application/json and text/event-stream.');
    const wrong = await call(s.url, 'POST', '/mcp', {
      token: u.token,
      headers: { accept: 'text/html' },
      body: { jsonrpc: '2.0', id: 1, method: 'tools/list' },
    });
    assert.equal(wrong.status, 400);
    assert.match(wrong.body.error.message, /Accept header must list both/);
  });
});
