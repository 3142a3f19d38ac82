import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, newUser, startApp, type Running } from '../helpers/harness.js';

describe('auth', () => {
  let s: Running;
  before(async () => {
    s = await startApp({ config: { signinMaxFailures: 5 } });
  });
  after(async () => s.close());

  test('sign-up returns the user and a token, and sets an HttpOnly SameSite=Lax cookie', async () => {
    const r = await call(s.url, 'POST', '/api/auth/signup', {
      body: { email: 'Alice@Example.com', password: 'secret-pass' },
    });
    assert.equal(r.status, 201);
    assert.equal(r.body.user.email, 'alice@example.com');
    assert.equal(typeof r.body.user.id, 'number');
    assert.equal(typeof r.body.token, 'string');
    const cookie = r.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^todo_session=/);
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
    assert.match(cookie, /Path=\//);
  });

  test('the same e-mail (any case) cannot sign up twice', async () => {
    await call(s.url, 'POST', '/api/auth/signup', { body: { email: 'bob@example.com', password: 'secret-pass' } });
    const r = await call(s.url, 'POST', '/api/auth/signup', {
      body: { email: 'BOB@example.com', password: 'other-pass' },
    });
    assert.equal(r.status, 409);
    assert.equal(r.body.error.code, 'conflict');
  });

  test('sign-in works with bearer token and with the cookie; me returns the user', async () => {
    await call(s.url, 'POST', '/api/auth/signup', { body: { email: 'carol@example.com', password: 'secret-pass' } });
    const r = await call(s.url, 'POST', '/api/auth/signin', {
      body: { email: 'CAROL@example.com', password: 'secret-pass' },
    });
    assert.equal(r.status, 200);
    const me = await call(s.url, 'GET', '/api/auth/me', { token: r.body.token });
    assert.equal(me.status, 200);
    assert.equal(me.body.user.email, 'carol@example.com');
    const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0]!;
    const viaCookie = await call(s.url, 'GET', '/api/auth/me', { headers: { cookie } });
    assert.equal(viaCookie.status, 200);
    assert.equal(viaCookie.body.user.id, me.body.user.id);
  });

  test('no, a forged or a garbage token is 401 with the error shape', async () => {
    for (const token of [undefined, 'garbage', 'eyJzdWIiOjF9.AAAA']) {
      const r = await call(s.url, 'GET', '/api/tasks', { token });
      assert.equal(r.status, 401);
      assert.equal(r.body.error.code, 'unauthorized');
      assert.equal(typeof r.body.error.message, 'string');
    }
  });

  test('sign-out revokes the token and clears the cookie', async () => {
    const u = await newUser(s.url);
    const out = await call(s.url, 'POST', '/api/auth/signout', { token: u.token });
    assert.equal(out.status, 204);
    assert.match(out.headers.get('set-cookie') ?? '', /todo_session=;/);
    const me = await call(s.url, 'GET', '/api/auth/me', { token: u.token });
    assert.equal(me.status, 401);
    // signing out again, or with a JSON content type and no body, is fine
    const again = await call(s.url, 'POST', '/api/auth/signout', { token: u.token, raw: '' });
    assert.equal(again.status, 204);
    assert.equal((await call(s.url, 'POST', '/api/auth/signout', { token: u.token, body: {} })).status, 204);
  });

  test('sign-out with a field in the body (was: 204) is a 400 naming it, and the session stays', async () => {
    const u = await newUser(s.url);
    for (const [raw, message] of [
      ['{"x":1}', 'Unknown field "x" in body.'],
      ['[]', 'The request body must be empty or {}.'],
      ['null', 'The request body must be empty or {}.'],
    ]) {
      const r = await call(s.url, 'POST', '/api/auth/signout', { token: u.token, raw });
      assert.equal(r.status, 400, raw);
      assert.deepEqual(r.body, { error: { code: 'bad_request', message } });
      assert.equal(r.headers.get('set-cookie'), null, 'the cookie is not cleared');
    }
    assert.equal((await call(s.url, 'GET', '/api/auth/me', { token: u.token })).status, 200);
  });

  test('a JSON body with __proto__ is rejected', async () => {
    const r = await call(s.url, 'POST', '/api/auth/signup', {
      raw: '{"email":"p@example.com","password":"secret-pass","__proto__":{"admin":true}}',
    });
    assert.equal(r.status, 400);
  });

  test('wrong password is 401; after 5 failures even the right password is refused with 429', async () => {
    const u = await newUser(s.url);
    const bad = await call(s.url, 'POST', '/api/auth/signin', { body: { email: u.email, password: 'wrong-password' } });
    assert.equal(bad.status, 401);
    assert.equal(bad.body.error.message, 'Wrong email or password.');
    for (let i = 0; i < 4; i++)
      await call(s.url, 'POST', '/api/auth/signin', { body: { email: u.email, password: 'wrong-password' } });
    const locked = await call(s.url, 'POST', '/api/auth/signin', { body: { email: u.email, password: u.password } });
    assert.equal(locked.status, 429);
    assert.equal(locked.body.error.code, 'too_many_requests');
    // Retry-After is the lockout's real remainder (15 minutes from the first failure, a few seconds ago),
    // agreeing with the message; the per-IP limiter's x-ratelimit-reset (seconds to its next minute) is not sent.
    const retryAfter = Number(locked.headers.get('retry-after'));
    assert.ok(
      Number.isInteger(retryAfter) && retryAfter > 14 * 60 && retryAfter <= 15 * 60,
      `Retry-After ${retryAfter}`,
    );
    assert.match(locked.body.error.message, /Try again in 15 minutes\./);
    for (const h of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'])
      assert.equal(locked.headers.get(h), null, h);
    // a wrong password (not locked) still carries the limiter's headers
    assert.notEqual(bad.headers.get('x-ratelimit-remaining'), null);
    // another account is not affected
    const v = await newUser(s.url);
    const ok = await call(s.url, 'POST', '/api/auth/signin', { body: { email: v.email, password: v.password } });
    assert.equal(ok.status, 200);
  });

  test('unknown e-mail is the same 401 as a wrong password', async () => {
    const r = await call(s.url, 'POST', '/api/auth/signin', {
      body: { email: 'nobody@example.com', password: 'whatever-pass' },
    });
    assert.equal(r.status, 401);
    assert.equal(r.body.error.message, 'Wrong email or password.');
  });

  test('invalid sign-up input is 400 and names the problem', async () => {
    const cases: [unknown, RegExp][] = [
      [{ email: 'not-an-email', password: 'secret-pass' }, /email/],
      [{ email: 'd@example.com', password: 'short' }, /password/],
      [{ email: 'd@example.com' }, /password/],
      [{ email: 'd@example.com', password: 'secret-pass', admin: true }, /Unknown field "admin"/],
      [{ email: 'd@example.com', password: 12345678 }, /password/],
      [['d@example.com'], /object/],
    ];
    for (const [body, re] of cases) {
      const r = await call(s.url, 'POST', '/api/auth/signup', { body });
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.body.error.code, 'bad_request');
      assert.match(r.body.error.message, re);
    }
  });
});

describe('auth rate limit per client', () => {
  test('more auth requests than the per-minute limit get 429', async () => {
    const s = await startApp({ config: { authRateLimitPerMinute: 3 } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await call(s.url, 'POST', '/api/auth/signin', {
          body: { email: `x${i}@example.com`, password: 'whatever-pass' },
        });
        codes.push(r.status);
        if (r.status === 429) assert.equal(r.body.error.code, 'too_many_requests');
      }
      assert.deepEqual(codes, [401, 401, 401, 429, 429]);
    } finally {
      await s.close();
    }
  });

  const signinFrom = (url: string, forwardedFor: string, i: number) =>
    call(url, 'POST', '/api/auth/signin', {
      body: { email: `xff${i}@example.com`, password: 'whatever-pass' },
      headers: { 'x-forwarded-for': forwardedFor },
    });

  test('a made-up X-Forwarded-For from a client does not get around the limit (was: 34 attempts, no 429)', async () => {
    const s = await startApp({ config: { authRateLimitPerMinute: 3 } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await signinFrom(s.url, `203.0.113.${i}`, i)).status);
      assert.deepEqual(codes, [401, 401, 401, 429, 429]);
    } finally {
      await s.close();
    }
  });

  test('from a trusted proxy (the ingress controller), X-Forwarded-For names the client the limit counts', async () => {
    const s = await startApp({ config: { authRateLimitPerMinute: 3, trustedProxies: ['127.0.0.1'] } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await signinFrom(s.url, `203.0.113.${i}`, i)).status);
      assert.deepEqual(codes, [401, 401, 401, 401, 401], 'five clients, one attempt each');
      for (let i = 0; i < 3; i++) await signinFrom(s.url, '198.51.100.7', 10 + i);
      assert.equal((await signinFrom(s.url, '198.51.100.7', 20)).status, 429, 'one client over its limit');
    } finally {
      await s.close();
    }
  });
});
