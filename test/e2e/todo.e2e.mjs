// Browser end-to-end test: a new user signs up, asks the assistant to add a
// task and to complete it, and still sees it completed after a reload.
//
// By default it starts the real backend (app/backend/dist/server.js, against
// DATABASE_URL) and serves the built frontend (app/frontend/dist) with /api
// forwarded to it. With E2E_BASE_URL set (e.g. http://todo.local) it only
// drives the browser against that running deployment; with E2E_API_URL set it
// serves the frontend but uses the backend already running at that URL.
//
// Run through test/infra/test-e2e.sh, which builds everything and provides a
// throwaway PostgreSQL. Screenshots and logs go to test-results/e2e/.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startFrontendServer } from './serve.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = resolve(process.env.E2E_RESULTS_DIR ?? join(ROOT, 'test-results/e2e'));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const STEP_TIMEOUT = Number(process.env.E2E_STEP_TIMEOUT_MS ?? 15_000);

mkdirSync(OUT, { recursive: true });

/** @type {{ url: string, close: () => Promise<void> } | undefined} */
let frontend;
/** @type {import('node:child_process').ChildProcess | undefined} */
let backend;
/** @type {import('playwright-core').BrowserContext | undefined} */
let context;
let profileDir = '';
let baseUrl = process.env.E2E_BASE_URL ?? '';

function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (s.address());
      s.close(() => res(port));
    });
  });
}

async function waitForReady(url, child, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`backend exited with code ${child.exitCode}; see ${OUT}/backend.log`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
      last = `${r.status} ${await r.text()}`;
    } catch (e) {
      last = String(e);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`backend not ready at ${url} after ${timeoutMs} ms (last: ${last}); see ${OUT}/backend.log`);
}

before(async () => {
  if (!baseUrl && process.env.E2E_API_URL) {
    frontend = await startFrontendServer({
      root: join(ROOT, 'app/frontend/dist'),
      apiTarget: process.env.E2E_API_URL,
      headers: imageHeaders(),
    });
    baseUrl = frontend.url;
  } else if (!baseUrl) {
    const databaseUrl = process.env.DATABASE_URL;
    assert.ok(databaseUrl, 'DATABASE_URL must be set (test/infra/test-e2e.sh provides a throwaway PostgreSQL)');
    const port = await freePort();
    const log = createWriteStream(join(OUT, 'backend.log'));
    backend = spawn(process.execPath, [join(ROOT, 'app/backend/dist/server.js')], {
      cwd: join(ROOT, 'app/backend'),
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: databaseUrl,
        AUTH_SECRET: randomBytes(32).toString('hex'),
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
        OPENAI_API_KEY: '', // the built-in engine: deterministic
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    backend.stdout?.pipe(log);
    backend.stderr?.pipe(log);
    await waitForReady(`http://127.0.0.1:${port}/readyz`, backend);
    frontend = await startFrontendServer({
      root: join(ROOT, 'app/frontend/dist'),
      apiTarget: `http://127.0.0.1:${port}`,
      headers: imageHeaders(),
    });
    baseUrl = frontend.url;
  }
  profileDir = mkdtempSync(join(tmpdir(), 'todo-e2e-chromium-'));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // E2E_RESOLVE="todo.local=127.0.0.1": reach a deployment's ingress host without touching /etc/hosts.
      ...(process.env.E2E_RESOLVE ? [`--host-resolver-rules=MAP ${process.env.E2E_RESOLVE.replace('=', ' ')}`] : []),
    ],
    viewport: { width: 1280, height: 800 },
  });
  context.setDefaultTimeout(STEP_TIMEOUT);
});

after(async () => {
  await context?.close().catch(() => {});
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  await frontend?.close();
  if (backend && backend.exitCode === null) {
    const exited = new Promise((r) => backend?.once('exit', r));
    backend.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (backend.exitCode === null) backend.kill('SIGKILL');
  }
});

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

/** Cumulative layout shift of the page so far (Chromium's layout-shift entries). */
function layoutShift(page) {
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        let sum = 0;
        new PerformanceObserver((list) => {
          for (const e of /** @type {any[]} */ (list.getEntries())) if (!e.hadRecentInput) sum += e.value;
        }).observe({ type: 'layout-shift', buffered: true });
        setTimeout(() => resolve(sum), 200);
      })
  );
}

/** WCAG 2.1 A/AA violations that axe-core finds in the page as it is now. */
async function axeViolations(page) {
  // Evaluated through the DevTools protocol: a <script> tag would be (rightly) blocked by the CSP.
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = /** @type {any} */ (window).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((/** @type {any} */ v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((/** @type {any} */ n) => n.target.join(' ')),
    }));
  });
}

/** Polls `fn` until it returns true, or fails with `what`. */
async function until(what, fn, timeoutMs = STEP_TIMEOUT) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await fn().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('sign up, add a task and complete it by chat, and still see it after a reload', async (t) => {
  assert.ok(context);
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => {
    // The expected 401 of GET /api/auth/me before sign-up is logged by Chromium as a failed resource.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
      pageErrors.push(`console: ${m.text()}`);
  });

  {
    const email = `e2e-${Date.now()}-${randomBytes(3).toString('hex')}@example.com`;
    const password = 'e2e-password-123';
    const task = page.getByRole('checkbox', { name: /buy milk/i });
    const chatInput = page.getByLabel('Message to the assistant');
    // The steps build on each other: after a failure, the rest are skipped.
    let broken = false;
    const step = (name, fn) =>
      t.test(name, async (st) => {
        if (broken) return st.skip('an earlier step failed');
        try {
          await fn();
        } catch (e) {
          broken = true;
          await page.screenshot({ path: join(OUT, 'failure.png'), fullPage: true }).catch(() => {});
          throw e;
        }
      });

    await step('sign up', async () => {
      await page.goto(baseUrl);
      await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
      await page.getByRole('button', { name: 'Create an account' }).click();
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.screenshot({ path: join(OUT, 'signup.png') });
      assert.deepEqual(await axeViolations(page), [], 'sign-up form: no WCAG A/AA violations (axe-core)');
      await page.getByRole('button', { name: 'Sign up' }).click();
      await page.getByRole('heading', { name: 'Assistant', exact: true }).waitFor();
      await page.getByText(email).waitFor();
      await page.getByText(/No tasks yet/).waitFor();
    });

    await step('"add buy milk tomorrow" puts the task in the list', async () => {
      // Hold this one reply back a little, to see the pending indicator.
      let release = () => {};
      const held = new Promise((r) => (release = () => r(undefined)));
      await page.route(
        '**/api/chat',
        async (route) => {
          await held;
          await route.continue();
        },
        { times: 1 }
      );
      await chatInput.fill('add buy milk tomorrow');
      await chatInput.press('Enter');
      await page.getByRole('log').getByLabel('Assistant is typing').waitFor();
      assert.equal(await page.getByRole('button', { name: 'Sending…' }).isDisabled(), true);
      await page.screenshot({ path: join(OUT, 'pending.png') });
      release();
      await task.waitFor();
      await page.getByRole('log').getByLabel('Assistant is typing').waitFor({ state: 'detached' });
      assert.equal(await task.isChecked(), false, 'a new task is open');
      const item = page.locator('li.task', { has: task });
      await item.getByText('Due tomorrow').waitFor();
      const reply = page.getByRole('log').locator('li.msg.assistant').last();
      await reply.waitFor();
    });

    await step('"mark it done" completes it', async () => {
      await chatInput.fill('mark it done');
      await chatInput.press('Enter');
      await until('the task is shown completed', () => task.isChecked());
      assert.match((await page.locator('li.task', { has: task }).getAttribute('data-completed')) ?? '', /true/);
    });

    await step('after a reload the task is still there, still completed', async () => {
      await page.reload();
      await page.getByRole('heading', { name: 'Assistant', exact: true }).waitFor();
      await task.waitFor();
      assert.equal(await task.isChecked(), true, 'the completed state survived the reload');
      assert.equal(await page.getByRole('checkbox', { name: /buy milk/i }).count(), 1, 'exactly one such task');
      // The conversation is reloaded from the server too.
      await page.getByRole('log').getByText('mark it done').waitFor();
      await page.screenshot({ path: join(OUT, 'todo-desktop.png'), fullPage: true });
      const cls = await layoutShift(page);
      console.log(`layout shift after reload (desktop): ${cls.toFixed(4)}`);
      assert.ok(cls < 0.05, `no layout jumps while the page loads (cumulative layout shift ${cls.toFixed(3)})`);
      assert.deepEqual(await axeViolations(page), [], 'workspace: no WCAG A/AA violations (axe-core)');
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.screenshot({ path: join(OUT, 'todo-dark.png'), fullPage: true });
      assert.deepEqual(await axeViolations(page), [], 'workspace, dark scheme: no WCAG A/AA violations (axe-core)');
      await page.emulateMedia({ colorScheme: 'light' });
    });

    await step('tasks can be added, edited and deleted directly, by keyboard', async () => {
      await page.getByLabel('New task').focus();
      await page.keyboard.type('call mom');
      await page.keyboard.press('Enter');
      const callMom = page.getByRole('checkbox', { name: 'call mom', exact: true });
      await callMom.waitFor();
      await page.getByRole('button', { name: 'Edit “call mom”' }).focus();
      await page.keyboard.press('Enter');
      await page.getByLabel('Title').waitFor();
      assert.deepEqual(await axeViolations(page), [], 'task editor: no WCAG A/AA violations (axe-core)');
      await page.keyboard.press('End');
      await page.keyboard.type(' tonight');
      await page.keyboard.press('Enter');
      const renamed = page.getByRole('checkbox', { name: 'call mom tonight' });
      await renamed.waitFor();
      await page.getByRole('button', { name: 'Delete “call mom tonight”' }).focus();
      await page.keyboard.press('Enter');
      await renamed.waitFor({ state: 'detached' });
      await page.reload();
      await task.waitFor();
      assert.equal(await renamed.count(), 0, 'the deleted task stays deleted');
    });

    await step('sign out and sign in again: the same tasks', async () => {
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await task.waitFor();
      assert.equal(await task.isChecked(), true);
    });

    const tasksTab = page.getByRole('tab', { name: /^Tasks/ });

    await step('usable at phone width', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      // Below 800 px the panels are tabs, the chat shown first.
      await page.getByRole('tab', { name: 'Chat', selected: true }).waitFor();
      await page.reload();
      await page.getByRole('tab', { name: 'Chat', selected: true }).waitFor();
      await page.getByRole('log').getByText('mark it done').waitFor();
      assert.equal(await task.isVisible(), false, 'the task list waits behind its tab');
      const cls = await layoutShift(page);
      console.log(`layout shift after reload (phone): ${cls.toFixed(4)}`);
      assert.ok(
        cls < 0.05,
        `no layout jumps while the page loads at phone width (cumulative layout shift ${cls.toFixed(3)})`
      );
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `no horizontal scrolling at 390 px (overflow ${overflow} px)`);
      await page.screenshot({ path: join(OUT, 'todo-phone.png'), fullPage: true });
      assert.deepEqual(await axeViolations(page), [], 'phone width: no WCAG A/AA violations (axe-core)');
      await tasksTab.click();
      await task.waitFor();
      assert.equal(await task.isChecked(), true, 'the Tasks tab shows the list');
      await page.getByRole('tab', { name: 'Chat' }).click();
    });

    await step('phone: a chat change badges the Tasks tab; a delete can be undone from the toast', async () => {
      const bank = page.getByRole('checkbox', { name: 'call the bank', exact: true });
      await chatInput.fill('add call the bank');
      await chatInput.press('Enter');
      await page.getByRole('log').getByText('add call the bank').waitFor();
      await page.getByRole('tab', { name: 'Tasks, 1 change' }).waitFor();
      await page.getByRole('log').getByLabel('Assistant is typing').waitFor({ state: 'detached' });
      await page.screenshot({ path: join(OUT, 'phone-after-chat.png') });
      await tasksTab.click();
      await bank.waitFor();
      assert.equal(await tasksTab.getAttribute('aria-selected'), 'true');
      assert.equal(await page.getByRole('tab', { name: 'Tasks', exact: true }).count(), 1, 'opening Tasks clears the badge');

      await page.getByRole('button', { name: 'Delete “call the bank”' }).click();
      await bank.waitFor({ state: 'detached' });
      const toast = page.getByRole('status').filter({ hasText: 'Deleted “call the bank”.' });
      await toast.waitFor();
      const undo = toast.getByRole('button', { name: 'Undo' });
      assert.equal(await undo.isVisible(), true, 'the toast offers Undo');
      assert.equal(await toast.getByRole('button', { name: 'Close' }).isVisible(), true, 'and can be closed');
      assert.equal(
        await page.evaluate(() => document.activeElement?.closest('.toast') != null),
        false,
        'the toast does not take focus'
      );
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `no horizontal scrolling with the toast (overflow ${overflow} px)`);
      await page.mouse.move(195, 700); // off the next task's Delete button (no hover look in the picture)
      await page.screenshot({ path: join(OUT, 'undo-toast.png') });
      assert.deepEqual(await axeViolations(page), [], 'phone tabs with the undo toast: no WCAG A/AA violations (axe-core)');

      await undo.click();
      await bank.waitFor();
      await toast.waitFor({ state: 'detached' });
      assert.equal(await bank.isChecked(), false, 'restored as it was: open');
      await page.reload();
      await tasksTab.click();
      await bank.waitFor();
    });

    assert.deepEqual(pageErrors, [], 'no errors in the page');
  }
});
