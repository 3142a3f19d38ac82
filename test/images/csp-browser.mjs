// Loads the frontend container's page in headless Chromium and reports whether
// the SPA renders under the image's real headers (CSP included): exits 0 when
// #root has content and Chromium logged no CSP violation, 1 otherwise, and 77
// when no browser is available (the caller reports a skip, not a pass).
//
//   node test/images/csp-browser.mjs http://127.0.0.1:PORT/
//
// @playwright/test comes from test/e2e/node_modules (the browser test's own
// dependency); Chromium from CHROMIUM_PATH or /usr/bin/chromium.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const url = process.argv[2];
if (!url) {
  console.error('usage: csp-browser.mjs URL');
  process.exit(2);
}
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
let chromium;
try {
  const e2e = fileURLToPath(new URL('../e2e/package.json', import.meta.url));
  ({ chromium } = createRequire(e2e)('@playwright/test'));
} catch {
  console.error('@playwright/test not installed (npm ci in test/e2e)');
  process.exit(77);
}
if (!existsSync(executablePath)) {
  console.error(`no Chromium at ${executablePath}`);
  process.exit(77);
}

const profile = mkdtempSync(join(tmpdir(), 'csp-browser-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const violations = [];
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  const res = await page.goto(url, { waitUntil: 'networkidle', timeout: 30_000 });
  const csp = res?.headers()['content-security-policy'] ?? '';
  await page
    .waitForFunction(() => (document.getElementById('root')?.children.length ?? 0) > 0, null, { timeout: 15_000 })
    .catch(() => undefined);
  const rendered = await page.evaluate(() => document.getElementById('root')?.children.length ?? 0);
  console.log(JSON.stringify({ status: res?.status(), csp: Boolean(csp), rendered, violations }));
  process.exitCode = res?.status() === 200 && csp && rendered > 0 && violations.length === 0 ? 0 : 1;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
