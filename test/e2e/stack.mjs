// The app as the browser test sees it, started by Playwright's `webServer`:
// the real backend (app/backend/dist/server.js, against DATABASE_URL, on a
// port the kernel picks) behind serve.mjs, which serves the built frontend
// with the frontend image's security headers and forwards /api like the
// Ingress. With E2E_API_URL set, the backend already running there is used.
//
//   E2E_PORT=4780 DATABASE_URL=postgres://… node stack.mjs
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { E2E_PORT, OUT, ROOT } from './paths.mjs';
import { startFrontendServer } from './serve.mjs';

/**
 * The security headers of the frontend image (docker/nginx/security-headers.conf),
 * so that the test fails if the UI breaks the image's Content-Security-Policy.
 */
function imageHeaders() {
  const file = join(ROOT, 'docker/nginx/security-headers.conf');
  if (!existsSync(file)) return {};
  /** @type {Record<string, string>} */
  const headers = {};
  for (const m of readFileSync(file, 'utf8').matchAll(/^\s*add_header\s+(\S+)\s+"([^"]*)"/gm)) headers[m[1]] = m[2];
  return headers;
}

/** Starts the backend with PORT=0 and resolves with the address it logs once it listens. */
function startBackend() {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl)
    throw new Error('DATABASE_URL must be set (test/infra/test-e2e.sh provides a throwaway PostgreSQL)');
  const log = createWriteStream(join(OUT, 'backend.log'));
  const child = spawn(process.execPath, [join(ROOT, 'app/backend/dist/server.js')], {
    cwd: join(ROOT, 'app/backend'),
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      OPENAI_API_KEY: '', // the built-in engine: deterministic
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m) resolve({ child, url: m[1] });
    });
    child.once('exit', (code) => reject(new Error(`backend exited with code ${code}; see ${OUT}/backend.log`)));
  });
}

mkdirSync(OUT, { recursive: true });
const backend = process.env.E2E_API_URL ? undefined : await startBackend();
const frontend = await startFrontendServer({
  root: join(ROOT, 'app/frontend/dist'),
  apiTarget: process.env.E2E_API_URL ?? backend.url,
  port: E2E_PORT,
  headers: imageHeaders(),
});
console.log(`e2e stack at ${frontend.url} (API ${process.env.E2E_API_URL ?? backend.url})`);

async function stop() {
  await frontend.close();
  if (backend && backend.child.exitCode === null) {
    const exited = new Promise((r) => backend.child.once('exit', r));
    backend.child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    backend.child.kill('SIGKILL');
  }
  process.exit(0);
}
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
