// Hostile requests (issue 19 §2): each gets a 400 (or 431) in the documented
// error shape, names what is wrong, and stores nothing; none is a 500.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import fc from 'fast-check';
import { buildApp } from '../../src/app.js';
import { TokenSigner } from '../../src/auth.js';
import { MAX_JSON_DEPTH } from '../../src/body.js';
import { createPool } from '../../src/db.js';
import { RETRY_AFTER_SECONDS } from '../../src/errors.js';
import { call, newUser, startApp, testConfig, type Running } from '../helpers/harness.js';

const MCP_ACCEPT = { accept: 'application/json, text/event-stream' };
/** A body sent as raw bytes, so that invalid UTF-8 reaches the server as it is. */
async function sendBytes(base: string, method: string, path: string, bytes: Buffer, headers: Record<string, string>) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: bytes,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}
/** `{"x":[[[…]]]}` nested `depth` deep. */
const nested = (depth: number) => `{"x":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
const isErrorShape = (body: unknown) =>
  typeof body === 'object' &&
  body !== null &&
  Object.keys(body).join() === 'error' &&
  typeof (body as { error: { code: unknown } }).error.code === 'string' &&
  typeof (body as { error: { message: unknown } }).error.message === 'string';

/** A raw HTTP exchange on a socket (what Node's parser refuses never reaches fetch's checks). */
function rawHttp(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(request));
    let out = '';
    socket.setEncoding('utf8').on('data', (d) => (out += d));
    socket.on('close', () => resolve(out));
    socket.on('error', reject);
  });
}

describe('hostile request bodies and requests', () => {
  let s: Running;
  let token: string;
  before(async () => {
    s = await startApp();
    token = (await newUser(s.url, 'bodies')).token;
  });
  after(async () => s.close());
  const auth = () => ({ authorization: `Bearer ${token}` });
  const titles = async () =>
    (await call(s.url, 'GET', '/api/tasks', { token })).body.tasks.map((t: { title: string }) => t.title);

  test('JSON nested 10,000 deep (20 KB, under the body limit) is a 400 on every route, signed in or not (was a 500)', async () => {
    const body = nested(10_000);
    assert.ok(body.length > 19_000 && body.length < 65_536, `${body.length} bytes`);
    for (const [path, headers] of [
      ['/api/auth/signin', {}],
      ['/api/auth/signup', {}],
      ['/api/tasks', auth()],
      ['/api/chat', auth()],
      ['/mcp', { ...auth(), ...MCP_ACCEPT }],
    ] as const) {
      const r = await sendBytes(s.url, 'POST', path, Buffer.from(body), headers);
      assert.equal(r.status, 400, `${path}: ${JSON.stringify(r.body)}`);
      assert.ok(isErrorShape(r.body), JSON.stringify(r.body));
      assert.equal(r.body.error.message, `The request body nests arrays and objects more than ${MAX_JSON_DEPTH} deep.`);
    }
    // The limit's edge: as deep as allowed gets past the parser (and is refused by the schema, not by depth).
    const atLimit = await sendBytes(s.url, 'POST', '/api/tasks', Buffer.from(nested(MAX_JSON_DEPTH)), auth());
    assert.equal(atLimit.status, 400);
    assert.doesNotMatch(atLimit.body.error.message, /nests/);
    // Brackets inside strings are text, not nesting.
    const text = await call(s.url, 'POST', '/api/tasks', { token, body: { title: `[{${'['.repeat(100)}` } });
    assert.equal(text.status, 201, JSON.stringify(text.body));
  });

  test('invalid UTF-8 (raw 0xFF 0xFE, the overlong 0xC0 0xAF) is a 400 naming the field, and nothing is stored (was stored as U+FFFD)', async () => {
    const before = await titles();
    const cases: [Buffer, string, string, Record<string, string>][] = [
      [Buffer.from([...Buffer.from('{"title":"a'), 0xff, 0xfe, ...Buffer.from('"}')]), '/api/tasks', 'title', auth()],
      [
        Buffer.concat([Buffer.from('{"title":"ok","description":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]),
        '/api/tasks',
        'description',
        auth(),
      ],
      [
        Buffer.concat([Buffer.from('{"message":"add '), Buffer.from([0xff]), Buffer.from('"}')]),
        '/api/chat',
        'message',
        auth(),
      ],
      [
        Buffer.concat([
          Buffer.from('{"email":"a@example.com","password":"'),
          Buffer.from([0xed, 0xa0, 0x80]),
          Buffer.from('xxxxxxxx"}'),
        ]),
        '/api/auth/signin',
        'password',
        {},
      ],
      [
        Buffer.concat([
          Buffer.from(
            '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"add_task","arguments":{"title":"',
          ),
          Buffer.from([0xc0, 0xaf]),
          Buffer.from('"}}}'),
        ]),
        '/mcp',
        'params.arguments.title',
        { ...auth(), ...MCP_ACCEPT },
      ],
    ];
    for (const [bytes, path, field, headers] of cases) {
      const r = await sendBytes(s.url, 'POST', path, bytes, headers);
      assert.equal(r.status, 400, `${path}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error.code, 'bad_request');
      assert.equal(r.body.error.message, `The field "${field}" is not valid UTF-8; send the text encoded as UTF-8.`);
    }
    // In a field name rather than a value: said so, in a sentence (was: The field "a field name in the body").
    for (const [bytes, where] of [
      [Buffer.from([...Buffer.from('{"title":"ok","a'), 0xff, ...Buffer.from('":1}')]), 'the body'],
      [Buffer.from([...Buffer.from('{"title":"ok","x":{"'), 0xff, ...Buffer.from('":1}}')]), '"x"'],
    ] as const) {
      const r = await sendBytes(s.url, 'POST', '/api/tasks', bytes, auth());
      assert.equal(r.status, 400);
      assert.equal(
        r.body.error.message,
        `A field name in ${where} is not valid UTF-8; send the text encoded as UTF-8.`,
      );
    }
    // Not JSON once decoded either: the body as a whole.
    const garbage = await sendBytes(s.url, 'POST', '/api/tasks', Buffer.from([0x7b, 0xff, 0x7d]), auth());
    assert.equal(garbage.status, 400);
    assert.match(garbage.body.error.message, /^The request body is not valid UTF-8/);
    assert.deepEqual(await titles(), before);
  });

  test('a body that is not a JSON object says so; an empty one says it is missing (was: "The body must be object.")', async () => {
    for (const raw of ['[]', 'null', '"str"', '42']) {
      const r = await call(s.url, 'POST', '/api/tasks', { token, raw });
      assert.equal(r.status, 400, raw);
      assert.deepEqual(r.body, { error: { code: 'bad_request', message: 'The request body must be a JSON object.' } });
    }
    const missing = 'The request body is missing or empty; send a JSON object.';
    for (const raw of ['', '  \n']) {
      const r = await call(s.url, 'POST', '/api/tasks', { token, raw });
      assert.equal(r.status, 400, JSON.stringify(raw));
      assert.equal(r.body.error.message, missing);
    }
    const none = await call(s.url, 'POST', '/api/tasks', { token });
    assert.equal(none.status, 400);
    assert.equal(none.body.error.message, missing);
  });

  test('a lone UTF-16 surrogate ("\\ud800") is a 400 naming the field, in values and in keys; a pair (an emoji) is fine', async () => {
    const before = await titles();
    for (const [raw, path, where, headers] of [
      ['{"title":"a\\ud800"}', '/api/tasks', '"title"', auth()],
      ['{"title":"ok","description":"\\udc00 trailing"}', '/api/tasks', '"description"', auth()],
      ['{"message":"add \\ud800"}', '/api/chat', '"message"', auth()],
      ['{"title":"ok","\\ud800":1}', '/api/tasks', 'A field name in the body', auth()],
      [
        '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"add_task","arguments":{"title":"\\ud83d"}}}',
        '/mcp',
        '"params.arguments.title"',
        { ...auth(), ...MCP_ACCEPT },
      ],
    ] as const) {
      const r = await sendBytes(s.url, 'POST', path, Buffer.from(raw), headers);
      assert.equal(r.status, 400, `${raw}: ${JSON.stringify(r.body)}`);
      assert.match(
        r.body.error.message,
        new RegExp(`${where.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*lone UTF-16 surrogate`),
      );
    }
    assert.deepEqual(await titles(), before);
    const emoji = await sendBytes(s.url, 'POST', '/api/tasks', Buffer.from('{"title":"milk \\ud83e\\udd5b"}'), auth());
    assert.equal(emoji.status, 201);
    assert.equal(emoji.body.title, 'milk 🥛');
  });

  test('a title of only invisible characters, or with control characters once trimmed, is a 400 naming title (REST, chat tools, MCP); trimmed line breaks are fine', async () => {
    const before = await titles();
    // combining marks alone (was: "\u0301\u0301" stored, shown as nothing) count as invisible too
    for (const title of ['\u200b', ' \u200b\u2060 ', '\ufeff', '\u00ad\u180e', '\u3164', '\u0301\u0301', '\u20dd']) {
      const r = await call(s.url, 'POST', '/api/tasks', { token, body: { title } });
      assert.equal(r.status, 400, JSON.stringify(title));
      assert.match(r.body.error.message, /^title must contain a visible character/);
    }
    for (const [title, code] of [
      ['a\u0007b', '0007'],
      ['buy\nmilk', '000A'],
      ['tab\there', '0009'],
      ['del\u007f', '007F'],
      ['c1\u0085x', '0085'],
      ['esc\u001b[31mred', '001B'],
    ]) {
      const r = await call(s.url, 'POST', '/api/tasks', { token, body: { title } });
      assert.equal(r.status, 400, JSON.stringify(title));
      assert.match(
        r.body.error.message,
        new RegExp(`^title must not contain control characters \\(found U\\+${code}\\)`),
      );
    }
    const target = await call(s.url, 'POST', '/api/tasks', { token, body: { title: '\n\t call alice \r\n' } });
    assert.equal(target.status, 201);
    assert.equal(target.body.title, 'call alice');
    const patched = await call(s.url, 'PATCH', `/api/tasks/${target.body.id}`, { token, body: { title: '\u200b' } });
    assert.equal(patched.status, 400);
    assert.match(patched.body.error.message, /^title must contain a visible character/);

    // The tools behind chat and MCP apply the same rule.
    const mcp = await call(s.url, 'POST', '/mcp', {
      token,
      headers: MCP_ACCEPT,
      body: {
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'add_task', arguments: { title: 'x\u0001y' } },
      },
    });
    assert.equal(mcp.status, 200);
    assert.equal(mcp.body.result.isError, true);
    assert.match(
      mcp.body.result.structuredContent.error.message,
      /title must not contain control characters \(found U\+0001\)/,
    );
    assert.deepEqual((await titles()).sort(), [...before, 'call alice'].sort());
  });

  test('duplicate keys in a JSON object: the last one wins, as the OpenAPI description says', async () => {
    const r = await sendBytes(s.url, 'POST', '/api/tasks', Buffer.from('{"title":"first","title":"last"}'), auth());
    assert.equal(r.status, 201);
    assert.equal(r.body.title, 'last');
    const doc = (await call(s.url, 'GET', '/api/openapi.json')).body;
    assert.match(doc.info.description, /Duplicate keys in an object: the last one wins/);
    assert.match(doc.info.description, /503.*Retry-After/);
    for (const [path, method] of [
      ['/api/tasks', 'post'],
      ['/api/chat', 'post'],
      ['/api/auth/signin', 'post'],
      ['/mcp', 'post'],
    ] as const)
      assert.ok(doc.paths[path][method].responses['503'], `${method} ${path} documents its 503`);
    assert.match(doc.info.description, new RegExp(`nest at most\\s+${MAX_JSON_DEPTH} deep`));
  });

  test('headers over 16 KB get 431 in the documented error shape (Node answers before Fastify), and the server goes on', async () => {
    const port = Number(new URL(s.url).port);
    const res = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port, path: '/healthz', headers: { 'x-big': 'a'.repeat(20_000) } },
        (r) => {
          let body = '';
          r.setEncoding('utf8').on('data', (d) => (body += d));
          r.on('end', () => resolve({ status: r.statusCode!, type: String(r.headers['content-type']), body }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    assert.equal(res.status, 431);
    assert.match(res.type, /^application\/json/);
    const body = JSON.parse(res.body);
    assert.ok(isErrorShape(body));
    assert.equal(body.error.code, 'headers_too_large');
    assert.equal((await call(s.url, 'GET', '/healthz')).status, 200);
  });

  test('a URL over 16 KB (was: 431 headers_too_large) gets 414 uri_too_long in the documented shape, and the server goes on', async () => {
    const port = Number(new URL(s.url).port);
    for (const length of [17_000, 100_000]) {
      const raw = await rawHttp(port, `GET /api/tasks?q=${'a'.repeat(length)} HTTP/1.1\r\nHost: x\r\n\r\n`);
      assert.match(raw, /^HTTP\/1\.1 414 URI Too Long\r\n/, raw.slice(0, 40));
      assert.match(raw, /content-type: application\/json/i);
      const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));
      assert.ok(isErrorShape(body));
      assert.equal(body.error.code, 'uri_too_long');
    }
    // long headers behind a short request line are still a 431
    const headers = await rawHttp(port, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(17_000)}\r\n\r\n`);
    assert.match(headers, /^HTTP\/1\.1 431 /);
    assert.equal((await call(s.url, 'GET', '/healthz')).status, 200);
  });

  test('a malformed request (bad Content-Length) and a URL with broken percent-encoding get a 400 in the documented shape', async () => {
    const port = Number(new URL(s.url).port);
    const raw = await rawHttp(port, 'POST /api/tasks HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n');
    assert.match(raw, /^HTTP\/1\.1 400 Bad Request\r\n/);
    assert.match(raw, /content-type: application\/json/i);
    const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));
    assert.deepEqual(body, { error: { code: 'bad_request', message: 'The request is not valid HTTP.' } });

    const url = await call(s.url, 'GET', '/api/tasks/%E0%A4%A', { token });
    assert.equal(url.status, 400);
    assert.ok(isErrorShape(url.body), JSON.stringify(url.body));
    assert.match(url.body.error.message, /percent-encoding/);
  });

  test('property: no body sent to the main routes, whatever its bytes or shape, is answered 5xx', async () => {
    const routes = [
      ['POST', '/api/auth/signin', {}],
      ['POST', '/api/tasks', auth()],
      ['PATCH', '/api/tasks/1', auth()],
      ['POST', '/api/chat', auth()],
      ['POST', '/mcp', { ...auth(), ...MCP_ACCEPT }],
    ] as const;
    const known = ['title', 'description', 'due_date', 'completed', 'message', 'email', 'password', 'time_zone'];
    const anyString = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: 'grapheme' }),
      fc.constantFrom('\u200b', '\u0000', '\ud800', 'x\u0007'),
    );
    const anyJson = fc.jsonValue({ maxDepth: 6 });
    // Objects with the routes' own field names, so that the bodies get past "unknown field" into the handlers.
    const plausible = fc.dictionary(fc.constantFrom(...known), fc.oneof(anyString, anyJson), { maxKeys: 4 });
    const mcpCall = fc.record({
      jsonrpc: fc.constant('2.0'),
      id: fc.integer({ min: 1, max: 1000 }),
      method: fc.constantFrom('tools/call', 'tools/list', 'initialize'),
      params: fc.record({
        name: fc.constantFrom('add_task', 'list_tasks', 'update_task', 'complete_task', 'delete_task', 'nope'),
        arguments: plausible,
      }),
    });
    const bytes = fc.oneof(
      plausible.map((v) => Buffer.from(JSON.stringify(v))),
      mcpCall.map((v) => Buffer.from(JSON.stringify(v))),
      anyJson.map((v) => Buffer.from(JSON.stringify(v) ?? '')),
      fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
      // valid JSON with a few bytes replaced: broken UTF-8 in the middle of strings
      fc
        .tuple(plausible, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0x80, max: 0xff })), { maxLength: 3 }))
        .map(([v, edits]) => {
          const b = Buffer.from(JSON.stringify(v));
          for (const [at, byte] of edits) if (b.length) b[at % b.length] = byte;
          return b;
        }),
      fc.integer({ min: 1, max: 20_000 }).map((d) => Buffer.from(nested(d))),
    );
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), bytes, async ([method, path, headers], body) => {
        runs++;
        const r = await s.app.inject({
          method,
          url: path,
          headers: { 'content-type': 'application/json', ...headers },
          payload: body,
        });
        assert.ok(
          r.statusCode < 500,
          `${method} ${path} ${JSON.stringify(body.toString('latin1'))} -> ${r.statusCode} ${r.body}`,
        );
        if (r.statusCode >= 400 && path !== '/mcp') assert.ok(isErrorShape(r.json()), r.body);
      }),
      { numRuns: 600, seed: 19 },
    );
    assert.equal(runs, 600);
  });
});

describe('the database unreachable', () => {
  test('every route that needs it answers 503 unavailable with Retry-After: REST, chat, MCP, sign-in; an MCP tool call says unavailable in its result; /readyz says why', async () => {
    // A pool pointed at a port nobody listens on: every connection is refused at once.
    const databaseUrl = 'postgres://nobody@127.0.0.1:1/none';
    const pool = createPool(databaseUrl);
    const config = testConfig(databaseUrl);
    const app = await buildApp({ config, pool });
    const token = new TokenSigner(config.authSecret).sign(1).token;
    try {
      for (const [method, url, payload, headers] of [
        ['POST', '/api/auth/signin', { email: 'a@example.com', password: 'correct horse battery' }, {}],
        ['POST', '/api/auth/signup', { email: 'b@example.com', password: 'correct horse battery' }, {}],
        ['GET', '/api/tasks', undefined, {}],
        ['POST', '/api/tasks', { title: 'milk' }, {}],
        ['POST', '/api/chat', { message: 'add milk' }, {}],
        ['GET', '/api/auth/me', undefined, {}],
        ['POST', '/mcp', { jsonrpc: '2.0', id: 1, method: 'tools/list' }, MCP_ACCEPT],
      ] as const) {
        const r = await app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}`, ...headers } });
        assert.equal(r.statusCode, 503, `${method} ${url}: ${r.body}`);
        assert.equal(r.headers['retry-after'], String(RETRY_AFTER_SECONDS));
        assert.equal(r.json().error.code, 'unavailable');
        assert.match(r.json().error.message, /database cannot be reached/);
      }
      // A session known without the database (as when the session cache has it): MCP's tool call then
      // meets the database itself, and says so in the tool result.
      app.deps.authenticate = async () => ({ id: 1, email: 'a@example.com', created_at: '2026-01-01T00:00:00.000Z' });
      const tool = await app.inject({
        method: 'POST',
        url: '/mcp',
        headers: { authorization: `Bearer ${token}`, ...MCP_ACCEPT },
        payload: {
          jsonrpc: '2.0',
          id: 2,
          method: 'tools/call',
          params: { name: 'add_task', arguments: { title: 'milk' } },
        },
      });
      assert.equal(tool.statusCode, 200, tool.body);
      assert.equal(tool.json().result.isError, true);
      assert.equal(tool.json().result.structuredContent.error.code, 'unavailable');
      const chat = await app.inject({
        method: 'POST',
        url: '/api/chat',
        headers: { authorization: `Bearer ${token}` },
        payload: { message: 'add milk' },
      });
      assert.equal(chat.statusCode, 503, chat.body);
      assert.equal(chat.headers['retry-after'], String(RETRY_AFTER_SECONDS));
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(ready.statusCode, 503);
      assert.match(ready.json().reason, /database unreachable/);
    } finally {
      await app.close();
      await pool.end();
    }
  });
});
