// TLS end to end on the real node: `ingress.tlsSecretName` serves the app over
// HTTPS with the certificate of that Secret, and the session cookie becomes
// Secure (the stack tells the chart, whose ConfigMap sets COOKIE_SECURE for
// the backend); without TLS the cookie is not Secure (a browser would drop a
// Secure cookie on http://). Deploys what it needs, and leaves the plain
// deployment the other suites expect.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  HOST,
  INGRESS,
  NS,
  RELEASE,
  WORKDIR,
  deploy,
  eventually,
  kubectl,
  kubectlJson,
  step,
  viaIngress,
} from './harness.mjs';

const HTTPS_PORT = Number(process.env.TODO_NODE_HTTPS_PORT || 443);
const TLS_SECRET = 'todo-tls';
const cookieSecure = () => kubectlJson('-n', NS, 'get', 'configmap', `${RELEASE}-config`).data.COOKIE_SECURE;
const sessionCookie = (res) => (res.headers['set-cookie'] ?? []).find((c) => /^[^=]+=/.test(c) && /HttpOnly/i.test(c));
const credentials = () => ({
  email: `tls-${Math.random().toString(36).slice(2, 10)}@example.com`,
  password: 'correct horse battery',
});

// A certificate for todo.local only this test trusts.
const dir = mkdtempSync(join(tmpdir(), 'tls-test-'));
const [key, cert] = [join(dir, 'tls.key'), join(dir, 'tls.crt')];
execFileSync(
  'openssl',
  [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    `/CN=${HOST}`,
    '-addext',
    `subjectAltName=DNS:${HOST}`,
    '-keyout',
    key,
    '-out',
    cert,
  ],
  { stdio: 'ignore' },
);

/** One HTTPS request to the ingress controller for todo.local, trusting only the test's certificate. */
function viaHttps(method, path, body) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = https.request(
      {
        host: INGRESS.hostname,
        port: HTTPS_PORT,
        servername: HOST,
        ca: readFileSync(cert),
        method,
        path,
        timeout: 10_000,
        headers: { host: HOST, ...(payload ? { 'content-type': 'application/json' } : {}) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in 10 s`)));
    req.on('error', reject);
    req.end(payload);
  });
}

const tlsConfig = () => {
  const file = join(WORKDIR, 'tls.json');
  writeFileSync(file, JSON.stringify({ ingress: { tlsSecretName: TLS_SECRET } }));
  return { TODO_CONFIG: file };
};

step('T1. over plain HTTP (the local default) the session cookie is not Secure', async () => {
  deploy({ label: 'deploy (plain HTTP)' });
  assert.equal(cookieSecure(), 'false');
  const res = await eventually('a sign-up through the ingress', async () => {
    const r = await viaIngress('POST', '/api/auth/signup', { body: credentials() });
    return r.status === 201 && r;
  });
  const cookie = sessionCookie(res);
  assert.ok(cookie, `no session cookie: ${JSON.stringify(res.headers['set-cookie'])}`);
  assert.doesNotMatch(cookie, /;\s*Secure/i);
});

step(
  'T2. with ingress.tlsSecretName the app answers over HTTPS with that certificate, and the cookie is Secure',
  async () => {
    kubectl('-n', NS, 'delete', 'secret', TLS_SECRET, '--ignore-not-found');
    kubectl('-n', NS, 'create', 'secret', 'tls', TLS_SECRET, `--cert=${cert}`, `--key=${key}`);
    const result = deploy({ env: tlsConfig(), label: 'deploy (TLS)' });
    assert.match(result.output, /https:\/\/todo\.local/, 'the deploy prints the https URL');
    assert.equal(cookieSecure(), 'true');
    // The certificate check passes only when the controller serves the Secret's certificate.
    const res = await eventually('a sign-up over HTTPS with the new backend', async () => {
      const r = await viaHttps('POST', '/api/auth/signup', credentials());
      return r.status === 201 && /;\s*Secure/i.test(sessionCookie(r) ?? '') && r;
    });
    assert.match(sessionCookie(res), /;\s*Secure/i);
    const page = await viaHttps('GET', '/');
    assert.equal(page.status, 200);
  },
);

step('T3. back to plain HTTP: the cookie is not Secure again (the other suites expect this deployment)', async () => {
  deploy({ label: 'deploy (plain HTTP again)' });
  kubectl('-n', NS, 'delete', 'secret', TLS_SECRET, '--ignore-not-found');
  assert.equal(cookieSecure(), 'false');
  await eventually('a non-Secure session cookie over HTTP', async () => {
    const r = await viaIngress('POST', '/api/auth/signup', { body: credentials() });
    return r.status === 201 && !/;\s*Secure/i.test(sessionCookie(r) ?? 'Secure');
  });
});
