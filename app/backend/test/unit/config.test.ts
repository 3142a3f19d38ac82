import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config.js';

const ok = { DATABASE_URL: 'postgres://u:p@localhost:5432/db', AUTH_SECRET: 's'.repeat(32) };

test('defaults apply when only the required variables are set', () => {
  const c = loadConfig(ok);
  assert.equal(c.port, 8000);
  assert.equal(c.logLevel, 'info');
  assert.equal(c.openaiApiKey, undefined);
  assert.equal(c.llmModel, 'gpt-4o-mini');
  assert.deepEqual(c.trustedProxies, [], 'no proxy is trusted unless configured');
});

test('TRUSTED_PROXIES takes addresses and CIDR ranges, IPv4 and IPv6', () => {
  const c = loadConfig({ ...ok, TRUSTED_PROXIES: ' 10.0.0.0/8, 127.0.0.1,fd00::/8 ' });
  assert.deepEqual(c.trustedProxies, ['10.0.0.0/8', '127.0.0.1', 'fd00::/8']);
});

test('a missing or malformed variable is named in the error', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ AUTH_SECRET: ok.AUTH_SECRET }, /DATABASE_URL: is required/],
    [{ DATABASE_URL: ok.DATABASE_URL }, /AUTH_SECRET: is required/],
    [{ ...ok, AUTH_SECRET: 'short' }, /AUTH_SECRET: must be at least 32 characters/],
    [{ ...ok, DATABASE_URL: 'mysql://x' }, /DATABASE_URL: must be a postgres/],
    [{ ...ok, PORT: 'eighty' }, /PORT/],
    [{ ...ok, PORT: '70000' }, /PORT/],
    [{ ...ok, LOG_LEVEL: 'loud' }, /LOG_LEVEL: must be one of/],
    [{ ...ok, LLM_BASE_URL: 'not a url' }, /LLM_BASE_URL/],
    [
      { ...ok, TRUSTED_PROXIES: 'ingress-nginx' },
      /TRUSTED_PROXIES: must be a comma-separated list of IP addresses or CIDR ranges/,
    ],
    [{ ...ok, TRUSTED_PROXIES: '10.0.0.0/33' }, /TRUSTED_PROXIES/],
  ];
  for (const [env, re] of cases) {
    assert.throws(
      () => loadConfig(env),
      (e: unknown) => e instanceof ConfigError && re.test(e.message),
      JSON.stringify(env),
    );
  }
});

test('optional LLM settings are read', () => {
  const c = loadConfig({
    ...ok,
    OPENAI_API_KEY: 'k',
    LLM_BASE_URL: 'http://localhost:11434/v1',
    LLM_MODEL: 'llama3.1',
    PORT: '9000',
    LOG_LEVEL: 'DEBUG',
  });
  assert.equal(c.openaiApiKey, 'k');
  assert.equal(c.llmBaseUrl, 'http://localhost:11434/v1');
  assert.equal(c.llmModel, 'llama3.1');
  assert.equal(c.port, 9000);
  assert.equal(c.logLevel, 'debug');
});
