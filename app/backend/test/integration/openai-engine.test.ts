import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { OpenAIEngine } from '../../src/agent/openai.js';
import { call, newUser, startApp, type Running } from '../helpers/harness.js';

/**
 * A minimal OpenAI-compatible server: first answer is a tool call (add_task
 * with arguments taken from the user's message), the second a text reply.
 */
function fakeModel(): Promise<{ url: string; requests: any[]; close: () => Promise<void> }> {
  const requests: any[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const json = JSON.parse(body);
      requests.push({ path: req.url, auth: req.headers.authorization, body: json });
      const last = json.messages[json.messages.length - 1];
      const message =
        last.role === 'tool'
          ? { role: 'assistant', content: `Added it: ${JSON.parse(last.content).task.title}.` }
          : {
              role: 'assistant',
              content: null,
              tool_calls: [
                {
                  id: 'call_1',
                  type: 'function',
                  function: {
                    name: 'add_task',
                    arguments: JSON.stringify({ title: String(last.content).replace(/^add /, '') }),
                  },
                },
              ],
            };
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          id: 'x',
          object: 'chat.completion',
          created: 0,
          model: json.model,
          choices: [{ index: 0, message, finish_reason: message.tool_calls ? 'tool_calls' : 'stop' }],
        }),
      );
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
        requests,
        close: () => new Promise((r) => server.close(() => r())),
      }),
    ),
  );
}

describe('OpenAI-compatible engine', () => {
  let model: Awaited<ReturnType<typeof fakeModel>>;
  let s: Running;
  before(async () => {
    model = await fakeModel();
    s = await startApp({
      config: { openaiApiKey: 'sk-test', llmBaseUrl: model.url, llmModel: 'test-model', llmTimeoutMs: 2000 },
    });
  });
  after(async () => {
    await s.close();
    await model.close();
  });

  test('is chosen when OPENAI_API_KEY is set and runs the shared tools for the user', async () => {
    assert.equal(s.app.deps.engine.name, 'openai');
    const u = await newUser(s.url, 'llm');
    const r = await call(s.url, 'POST', '/api/chat', { token: u.token, body: { message: 'add water the plants' } });
    assert.equal(r.status, 200);
    assert.equal(r.body.reply, 'Added it: water the plants.');
    assert.deepEqual(
      r.body.tool_calls.map((c: { name: string }) => c.name),
      ['add_task'],
    );
    const tasks = await call(s.url, 'GET', '/api/tasks', { token: u.token });
    assert.deepEqual(
      tasks.body.tasks.map((t: { title: string }) => t.title),
      ['water the plants'],
    );

    const first = model.requests[0];
    assert.equal(first.path, '/v1/chat/completions');
    assert.equal(first.auth, 'Bearer sk-test');
    assert.equal(first.body.model, 'test-model');
    assert.deepEqual(first.body.tools.map((t: any) => t.function.name).sort(), [
      'add_task',
      'complete_task',
      'delete_task',
      'list_tasks',
      'restore_task',
      'update_task',
    ]);
    assert.equal(first.body.tools[0].function.parameters.type, 'object');
  });

  test('an unreachable model gives a clear reply instead of an error', async () => {
    const engine = new OpenAIEngine({ apiKey: 'k', baseURL: 'http://127.0.0.1:9/v1', model: 'm', timeoutMs: 1000 });
    const down = await startApp({ engine });
    try {
      const u = await newUser(down.url, 'down');
      const t0 = Date.now();
      const r = await call(down.url, 'POST', '/api/chat', { token: u.token, body: { message: 'add something' } });
      assert.equal(r.status, 200);
      assert.match(r.body.reply, /can't reach the language model/);
      assert.deepEqual(r.body.tool_calls, []);
      assert.ok(Date.now() - t0 < 10_000);
    } finally {
      await down.close();
    }
  });

  test('a model that does not answer in time gives a time-out reply', async () => {
    const silent = http.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as AddressInfo).port;
    const engine = new OpenAIEngine({
      apiKey: 'k',
      baseURL: `http://127.0.0.1:${port}/v1`,
      model: 'm',
      timeoutMs: 300,
    });
    const slow = await startApp({ engine });
    try {
      const u = await newUser(slow.url, 'slow');
      const r = await call(slow.url, 'POST', '/api/chat', { token: u.token, body: { message: 'add something' } });
      assert.equal(r.status, 200);
      assert.match(r.body.reply, /took too long/);
    } finally {
      await slow.close();
      silent.closeAllConnections();
      await new Promise((r) => silent.close(() => r(undefined)));
    }
  });
});
