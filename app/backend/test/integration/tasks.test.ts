import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, newUser, startApp, testDay, type Running } from '../helpers/harness.js';

describe('tasks REST API', () => {
  let s: Running;
  let alice: { token: string };
  let bob: { token: string };
  before(async () => {
    s = await startApp();
    alice = await newUser(s.url, 'alice');
    bob = await newUser(s.url, 'bob');
  });
  after(async () => s.close());

  const post = (token: string, body: unknown) => call(s.url, 'POST', '/api/tasks', { token, body });

  test('create, get, update, complete, reopen and delete a task', async () => {
    const c = await post(alice.token, { title: '  buy milk  ', description: '2 litres', due_date: '2026-12-01' });
    assert.equal(c.status, 201);
    const t = c.body;
    assert.deepEqual(Object.keys(t).sort(), [
      'completed',
      'created_at',
      'description',
      'due_date',
      'id',
      'title',
      'updated_at',
    ]);
    assert.equal(t.title, 'buy milk');
    assert.equal(t.description, '2 litres');
    assert.equal(t.completed, false);
    assert.equal(t.due_date, '2026-12-01');
    assert.ok(!Number.isNaN(Date.parse(t.created_at)));

    const g = await call(s.url, 'GET', `/api/tasks/${t.id}`, { token: alice.token });
    assert.deepEqual(g.body, t);

    const u = await call(s.url, 'PATCH', `/api/tasks/${t.id}`, {
      token: alice.token,
      body: { title: 'buy oat milk', due_date: null },
    });
    assert.equal(u.status, 200);
    assert.equal(u.body.title, 'buy oat milk');
    assert.equal(u.body.due_date, null);
    assert.equal(u.body.description, '2 litres');
    assert.ok(Date.parse(u.body.updated_at) >= Date.parse(t.updated_at));

    const done = await call(s.url, 'PATCH', `/api/tasks/${t.id}`, { token: alice.token, body: { completed: true } });
    assert.equal(done.body.completed, true);
    const reopened = await call(s.url, 'PATCH', `/api/tasks/${t.id}`, {
      token: alice.token,
      body: { completed: false },
    });
    assert.equal(reopened.body.completed, false);

    const d = await call(s.url, 'DELETE', `/api/tasks/${t.id}`, { token: alice.token });
    assert.equal(d.status, 204);
    const gone = await call(s.url, 'GET', `/api/tasks/${t.id}`, { token: alice.token });
    assert.equal(gone.status, 404);
    assert.equal(gone.body.error.code, 'not_found');
  });

  test('list filters by status, search text and due date', async () => {
    const u = await newUser(s.url, 'filter');
    const today = testDay(0);
    const yesterday = testDay(-1);
    const a = (await post(u.token, { title: 'write report', description: 'quarterly numbers' })).body;
    const b = (await post(u.token, { title: 'water plants', due_date: today })).body;
    const c = (await post(u.token, { title: 'pay 100% of rent_due', due_date: yesterday })).body;
    await call(s.url, 'PATCH', `/api/tasks/${a.id}`, { token: u.token, body: { completed: true } });
    const ids = async (qs: string) =>
      ((await call(s.url, 'GET', `/api/tasks${qs}`, { token: u.token })).body.tasks as { id: number }[])
        .map((t) => t.id)
        .sort();
    assert.deepEqual(await ids(''), [a.id, b.id, c.id].sort());
    assert.deepEqual(await ids('?status=all'), [a.id, b.id, c.id].sort());
    assert.deepEqual(await ids('?status=open'), [b.id, c.id].sort());
    assert.deepEqual(await ids('?status=done'), [a.id]);
    assert.deepEqual(await ids('?q=QUARTERLY'), [a.id]);
    assert.deepEqual(await ids('?q=plant'), [b.id]);
    assert.deepEqual(await ids('?q=100%25'), [c.id]); // "%" is matched literally
    assert.deepEqual(await ids('?q=_'), [c.id]); // and so is "_"
    assert.deepEqual(await ids('?due=today'), [b.id]);
    assert.deepEqual(await ids('?due=overdue'), [c.id]);
    assert.deepEqual(await ids('?status=open&due=upcoming'), [b.id]);
    const bad = await call(s.url, 'GET', '/api/tasks?status=maybe', { token: u.token });
    assert.equal(bad.status, 400);
    const unknown = await call(s.url, 'GET', '/api/tasks?sort=title', { token: u.token });
    assert.equal(unknown.status, 400);
  });

  test('each user numbers their own tasks from 1, and a number is never reused', async () => {
    const a = await newUser(s.url, 'numbers');
    const b = await newUser(s.url, 'numbers');
    assert.equal((await post(a.token, { title: 'a one' })).body.id, 1);
    assert.equal((await post(a.token, { title: 'a two' })).body.id, 2);
    // b's first task is #1 too: nothing tells b how many tasks anyone else has
    assert.equal((await post(b.token, { title: 'b one' })).body.id, 1);
    assert.equal((await call(s.url, 'GET', '/api/tasks/1', { token: b.token })).body.title, 'b one');
    assert.equal((await call(s.url, 'GET', '/api/tasks/1', { token: a.token })).body.title, 'a one');
    assert.equal((await call(s.url, 'DELETE', '/api/tasks/2', { token: a.token })).status, 204);
    assert.equal((await post(a.token, { title: 'a three' })).body.id, 3);
    // concurrent creates of one user get distinct numbers
    const many = await Promise.all(Array.from({ length: 8 }, (_, i) => post(b.token, { title: `b burst ${i}` })));
    assert.deepEqual(
      many.map((r) => r.body.id).sort((x, y) => x - y),
      [2, 3, 4, 5, 6, 7, 8, 9],
    );
  });

  test('a deleted task can be restored for 24 hours, by its owner only, then it is gone for good', async () => {
    const u = await newUser(s.url, 'trash');
    const t = (await post(u.token, { title: 'renew passport', due_date: '2026-12-01' })).body;
    assert.equal((await call(s.url, 'DELETE', `/api/tasks/${t.id}`, { token: u.token })).status, 204);
    assert.equal((await call(s.url, 'GET', `/api/tasks/${t.id}`, { token: u.token })).status, 404);
    assert.equal(
      (await call(s.url, 'PATCH', `/api/tasks/${t.id}`, { token: u.token, body: { completed: true } })).status,
      404,
    );
    assert.equal((await call(s.url, 'POST', `/api/tasks/${t.id}/restore`, { token: bob.token })).status, 404);

    const r = await call(s.url, 'POST', `/api/tasks/${t.id}/restore`, { token: u.token });
    assert.equal(r.status, 200);
    assert.deepEqual([r.body.id, r.body.title, r.body.due_date], [t.id, 'renew passport', '2026-12-01']);
    assert.equal((await call(s.url, 'GET', '/api/tasks', { token: u.token })).body.tasks.length, 1);
    const again = await call(s.url, 'POST', `/api/tasks/${t.id}/restore`, { token: u.token });
    assert.equal(again.status, 404);
    assert.match(again.body.error.message, /not in the trash/);

    // a day later: not restorable, and the next delete (anyone's) purges it from the database
    await call(s.url, 'DELETE', `/api/tasks/${t.id}`, { token: u.token });
    await s.pool.query(`UPDATE tasks SET deleted_at = now() - interval '25 hours' WHERE user_id = $1`, [u.id]);
    assert.equal((await call(s.url, 'POST', `/api/tasks/${t.id}/restore`, { token: u.token })).status, 404);
    const other = (await post(bob.token, { title: 'bob chore' })).body;
    await call(s.url, 'DELETE', `/api/tasks/${other.id}`, { token: bob.token });
    const left = await s.pool.query('SELECT count(*)::int AS n FROM tasks WHERE user_id = $1', [u.id]);
    assert.equal(left.rows[0].n, 0);
  });

  test("another user's task is 404 for get, update and delete, and never listed", async () => {
    const t = (await post(alice.token, { title: 'alice secret' })).body;
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { completed: true }],
      ['DELETE', undefined],
    ] as const) {
      const r = await call(s.url, method, `/api/tasks/${t.id}`, { token: bob.token, body });
      assert.equal(r.status, 404, method);
      assert.equal(r.body.error.code, 'not_found');
    }
    const list = await call(s.url, 'GET', '/api/tasks?q=alice', { token: bob.token });
    assert.deepEqual(list.body.tasks, []);
    const still = await call(s.url, 'GET', `/api/tasks/${t.id}`, { token: alice.token });
    assert.equal(still.body.completed, false);
    // a non-existent id looks the same
    const missing = await call(s.url, 'GET', '/api/tasks/999999999', { token: bob.token });
    assert.equal((await call(s.url, 'POST', `/api/tasks/${t.id}/restore`, { token: bob.token })).status, 404);
    assert.deepEqual(missing.body, (await call(s.url, 'GET', `/api/tasks/${t.id}`, { token: bob.token })).body);
  });

  test('bad input is a 400 with a readable message and nothing is stored', async () => {
    const u = await newUser(s.url, 'bad');
    const cases: [unknown, RegExp][] = [
      [{}, /Missing field "title"/],
      [{ title: '' }, /title/],
      [{ title: '    ' }, /title must contain a visible character/],
      [{ title: 'x'.repeat(201) }, /title/],
      [{ title: 42 }, /title/],
      [{ title: ['a'] }, /title/],
      [{ title: 'ok', completed: 'yes' }, /Unknown field "completed"|completed/],
      [{ title: 'ok', owner_id: 1 }, /Unknown field "owner_id"/],
      [{ title: 'ok', description: 'd'.repeat(2001) }, /description/],
      [{ title: 'ok', due_date: 'tomorrow' }, /due_date/],
      [{ title: 'ok', due_date: '2026-02-30' }, /due_date/],
      [{ title: 'ok', due_date: 20261201 }, /due_date/],
      // Reproductions from the outside test (issue 7): each was a 500.
      [{ title: 'a\u0000' }, /title contains the NUL character \(U\+0000\)/],
      [{ title: 'ok', description: 'x\u0000y' }, /description contains the NUL character/],
      [{ title: 'ok', due_date: '0000-01-01' }, /due_date must be a date from 1900-01-01 to 9999-12-31/],
      [{ title: 'ok', due_date: '1899-12-31' }, /due_date must be a date from 1900-01-01/],
      [null, /object|body/i],
      ['just a string', /object|body/i],
    ];
    for (const [body, re] of cases) {
      const r = await post(u.token, body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.body.error.code, 'bad_request');
      assert.match(r.body.error.message, re, JSON.stringify(body));
    }
    const patchCases: unknown[] = [{}, { completed: 'true' }, { title: null }, { id: 5 }, { user_id: 2 }];
    const t = (await post(u.token, { title: 'target' })).body;
    for (const body of patchCases) {
      const r = await call(s.url, 'PATCH', `/api/tasks/${t.id}`, { token: u.token, body });
      assert.equal(r.status, 400, JSON.stringify(body));
    }
    for (const body of [{ title: 'n\u0000' }, { description: '\u0000' }, { due_date: '0000-01-01' }]) {
      const r = await call(s.url, 'PATCH', `/api/tasks/${t.id}`, { token: u.token, body });
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.doesNotMatch(r.body.error.message, /invalid byte sequence|out of range|22021|22008/);
    }
    const search = await call(s.url, 'GET', `/api/tasks?q=${encodeURIComponent('milk\u0000')}`, { token: u.token });
    assert.equal(search.status, 400);
    assert.match(search.body.error.message, /q contains the NUL character/);
    for (const id of ['abc', '0', '-1', '1.5', '99999999999999999999']) {
      const r = await call(s.url, 'GET', `/api/tasks/${id}`, { token: u.token });
      assert.equal(r.status, 400, id);
    }
    const list = await call(s.url, 'GET', '/api/tasks', { token: u.token });
    assert.deepEqual(
      list.body.tasks.map((x: { title: string }) => x.title),
      ['target'],
    );
  });

  test('malformed JSON, wrong content type and oversized bodies are rejected; the server keeps serving', async () => {
    const u = await newUser(s.url, 'malformed');
    const broken = await call(s.url, 'POST', '/api/tasks', { token: u.token, raw: '{"title": "a",' });
    assert.equal(broken.status, 400);
    assert.equal(broken.body.error.message, 'The request body is not valid JSON.');
    const text = await call(s.url, 'POST', '/api/tasks', {
      token: u.token,
      raw: 'title=a',
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(text.status, 415);
    assert.equal(text.body.error.code, 'unsupported_media_type');
    const huge = await call(s.url, 'POST', '/api/tasks', {
      token: u.token,
      body: { title: 'a', description: 'x'.repeat(100_000) },
    });
    assert.equal(huge.status, 413);
    assert.equal(huge.body.error.code, 'payload_too_large');
    const ok = await post(u.token, { title: 'still alive' });
    assert.equal(ok.status, 201);
  });

  test('SQL metacharacters are stored and returned literally', async () => {
    const u = await newUser(s.url, 'sql');
    const titles = ["Robert'); DROP TABLE tasks;--", "' OR '1'='1", 'a\\b"c`d$1;', '💡 unicode ✓'];
    for (const title of titles) {
      const r = await post(u.token, { title, description: "'; DELETE FROM users; --" });
      assert.equal(r.status, 201);
      assert.equal(r.body.title, title);
    }
    const list = await call(s.url, 'GET', `/api/tasks?q=${encodeURIComponent("' OR '1'='1")}`, { token: u.token });
    assert.deepEqual(
      list.body.tasks.map((t: { title: string }) => t.title),
      ["' OR '1'='1"],
    );
    const all = await call(s.url, 'GET', '/api/tasks', { token: u.token });
    assert.equal(all.body.tasks.length, titles.length);
    const others = await call(s.url, 'GET', '/api/tasks', { token: alice.token });
    assert.equal(others.status, 200);
  });

  test('unknown routes are 404 in the error shape; the OpenAPI document lists the API', async () => {
    const r = await call(s.url, 'GET', '/api/nope');
    assert.equal(r.status, 404);
    assert.equal(r.body.error.code, 'not_found');
    const doc = await call(s.url, 'GET', '/api/openapi.json');
    assert.equal(doc.status, 200);
    assert.match(doc.body.openapi, /^3\./);
    for (const p of [
      '/api/auth/signup',
      '/api/auth/signin',
      '/api/auth/signout',
      '/api/auth/me',
      '/api/tasks',
      '/api/tasks/{id}',
      '/api/chat',
      '/api/conversations',
      '/api/conversations/{id}/messages',
      '/mcp',
    ]) {
      assert.ok(doc.body.paths[p], `missing ${p}`);
    }
    assert.ok(doc.body.paths['/api/tasks'].post.requestBody);
    assert.deepEqual(Object.keys(doc.body.components.schemas.Task.properties).sort(), [
      'completed',
      'created_at',
      'description',
      'due_date',
      'id',
      'title',
      'updated_at',
    ]);
    assert.equal(
      doc.body.paths['/api/tasks/{id}'].get.responses['404'].content['application/json'].schema.$ref,
      '#/components/schemas/Error',
    );
    assert.equal(
      doc.body.paths['/api/tasks/{id}'].patch.requestBody.content['application/json'].schema.additionalProperties,
      false,
    );
    // Exactly what the server does: public routes need no credentials, sign-out takes no body, /mcp's answers.
    const paths = doc.body.paths;
    for (const [p, m] of [
      ['/healthz', 'get'],
      ['/readyz', 'get'],
      ['/api/auth/signup', 'post'],
      ['/api/auth/signin', 'post'],
      ['/api/auth/signout', 'post'],
      ['/api/auth/session', 'get'],
    ] as const) {
      assert.deepEqual(paths[p][m].security, [], `${m} ${p} is public`);
    }
    for (const [p, m] of [
      ['/api/auth/me', 'get'],
      ['/api/tasks', 'post'],
      ['/api/chat', 'post'],
      ['/mcp', 'post'],
    ] as const) {
      assert.equal(paths[p][m].security, undefined, `${m} ${p} needs the document's default security`);
    }
    assert.deepEqual(doc.body.security, [{ bearer: [] }, { cookie: [] }]);
    assert.equal(paths['/api/auth/signout'].post.requestBody, undefined);
    assert.deepEqual(Object.keys(paths['/mcp'].post.responses).sort(), ['200', '202', '400', '401', '503']);
    assert.deepEqual(Object.keys(paths['/mcp']), ['post'], 'GET and DELETE /mcp only answer 405: not operations');
    // What the server refuses, the schema says: no U+0000 in any text it stores or searches.
    assert.match(
      paths['/api/tasks'].post.requestBody.content['application/json'].schema.properties.title.pattern,
      /\\u0000/,
    );
    assert.match(
      paths['/api/tasks'].get.parameters.find((p: { name: string }) => p.name === 'q').schema.pattern,
      /\\u0000/,
    );
  });

  test('GET /api/auth/session answers 200 either way: the user, or null when signed out (a page load logs no 401)', async () => {
    const out = await call(s.url, 'GET', '/api/auth/session');
    assert.equal(out.status, 200);
    assert.deepEqual(out.body, { user: null });
    const forged = await call(s.url, 'GET', '/api/auth/session', { token: 'forged.token' });
    assert.deepEqual(forged.body, { user: null });
    const me = await call(s.url, 'GET', '/api/auth/me', { token: alice.token });
    const session = await call(s.url, 'GET', '/api/auth/session', { token: alice.token });
    assert.equal(session.status, 200);
    assert.deepEqual(session.body, me.body);
  });

  test("validation errors are sentences for people, not the validator's wording", async () => {
    const cases: [string, string, unknown, RegExp][] = [
      [
        'POST',
        '/api/auth/signup',
        { email: 'short@example.com', password: 'abc' },
        /^password must be at least 8 characters long\.$/,
      ],
      ['POST', '/api/tasks', { title: 'x'.repeat(201) }, /^title must be at most 200 characters long\.$/],
      ['POST', '/api/tasks', { title: 42 }, /^title must be a string\.$/],
      ['GET', '/api/tasks?status=bogus', undefined, /^status must be one of: all, open, done\.$/],
      ['POST', '/api/chat', { message: 'hi', conversation_id: 0 }, /^conversation_id must be 1 or more\.$/],
      ['POST', '/api/chat', { message: 'hi', conversation_id: 1.5 }, /^conversation_id must be a whole number\.$/],
    ];
    for (const [method, path, body, expected] of cases) {
      const r = await call(s.url, method, path, { token: alice.token, body });
      assert.equal(r.status, 400, `${method} ${path}`);
      assert.match(r.body.error.message, expected, `${method} ${path}`);
      assert.doesNotMatch(r.body.error.message, /must NOT|must be equal to|fewer than|more than/);
    }
  });

  test('an unknown method on a known path is a 405 with Allow; an unknown path stays a 404', async () => {
    // node:http, not fetch: fetch refuses to send TRACE.
    const raw = (method: string, path: string) =>
      new Promise<{ status: number; allow?: string; body: any }>((resolve, reject) => {
        const req = http.request(new URL(path, s.url), { method }, (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (d) => (text += d));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, allow: res.headers.allow, body: text ? JSON.parse(text) : null }),
          );
        });
        req.on('error', reject);
        req.end();
      });
    for (const [method, path, allow] of [
      ['PUT', '/api/tasks', 'GET, HEAD, POST'],
      ['TRACE', '/api/tasks', 'GET, HEAD, POST'],
      ['POST', '/api/tasks/12', 'DELETE, GET, HEAD, PATCH'],
      ['DELETE', '/healthz', 'GET, HEAD'],
    ] as const) {
      const r = await raw(method, path);
      assert.equal(r.status, 405, `${method} ${path}`);
      assert.equal(r.allow, allow, `${method} ${path}`);
      assert.equal(r.body.error.code, 'method_not_allowed');
    }
    // A method with a body and no Content-Type fails body parsing before routing: still a 405.
    const query = await raw('QUERY', '/api/auth/me');
    assert.equal(query.status, 405);
    assert.equal(query.allow, 'GET, HEAD');
    assert.equal((await call(s.url, 'PUT', '/api/nope')).status, 404);
    assert.equal((await call(s.url, 'GET', '/api/tasks/12/extra')).status, 404);
  });
});
