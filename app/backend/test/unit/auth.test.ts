import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenSigner, hashPassword, verifyPassword } from '../../src/auth.js';

test('passwords are hashed with scrypt and a random salt, and verified', async () => {
  const a = await hashPassword('correct horse');
  const b = await hashPassword('correct horse');
  assert.match(a, /^scrypt\$16384\$8\$5\$/);
  assert.notEqual(a, b);
  assert.ok(!a.includes('correct horse'));
  assert.equal(await verifyPassword('correct horse', a), true);
  assert.equal(await verifyPassword('correct horsf', a), false);
  assert.equal(await verifyPassword('x', 'not-a-hash'), false);
});

test('session tokens verify only with the same secret, unmodified and unexpired', () => {
  const s = new TokenSigner('a'.repeat(32));
  const { token, payload } = s.sign(42);
  assert.deepEqual(s.verify(token), payload);
  assert.equal(new TokenSigner('b'.repeat(32)).verify(token), null);
  const [body, sig] = token.split('.') as [string, string];
  const forged = Buffer.from(JSON.stringify({ ...payload, sub: 43 })).toString('base64url');
  assert.equal(s.verify(`${forged}.${sig}`), null);
  assert.equal(s.verify(`${body}.`), null);
  assert.equal(s.verify('garbage'), null);
  assert.equal(s.verify(token, (payload.exp + 1) * 1000), null);
});
