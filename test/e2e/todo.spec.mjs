// Browser end-to-end test on @playwright/test: a new user signs up, asks the
// assistant to add a task and to complete it, still sees it after a reload,
// edits by keyboard, and on a phone sees the chat's effect and undoes a delete.
// The tests run in order on one page (one user); after a failure the rest are
// skipped. Screenshots, traces and the backend's log: test-results/e2e/.
// Run through test/infra/test-e2e.sh (builds, throwaway PostgreSQL).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { OUT } from './paths.mjs';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

test.describe.configure({ mode: 'serial' });

/** @type {import('@playwright/test').Page} */
let page;
/** Uncaught errors and console errors of the page: the last test requires none. */
const pageErrors = [];
const email = `e2e-${Date.now()}-${randomBytes(3).toString('hex')}@example.com`;
const password = 'e2e-password-123';
const shot = (name, fullPage = false) => page.screenshot({ path: join(OUT, name), fullPage });

test.beforeAll(async ({ browser }, testInfo) => {
  const { baseURL, viewport } = testInfo.project.use;
  page = await browser.newPage({ baseURL, viewport });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
  });
});

test.afterAll(async () => {
  await page?.close();
});

const task = () => page.getByRole('checkbox', { name: /buy milk/i });
const chatInput = () => page.getByLabel('Message to the assistant');
const typing = () => page.getByRole('log').getByLabel('Assistant is typing');
const tasksTab = () => page.getByRole('tab', { name: /^Tasks/ });

test('sign up', async () => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Sign in', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Create an account' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await shot('signup.png');
  expect(await axeViolations(page), 'sign-up form: no WCAG A/AA violations (axe-core)').toEqual([]);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByRole('heading', { name: 'Assistant', exact: true })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
  await expect(page.getByText(/No tasks yet/)).toBeVisible();
});

test('"add buy milk tomorrow" puts the task in the list', async () => {
  // Hold this one reply back a little, to see the pending indicator.
  let release = () => {};
  const held = new Promise((r) => (release = () => r(undefined)));
  await page.route(
    '**/api/chat',
    async (route) => {
      await held;
      await route.continue();
    },
    { times: 1 },
  );
  await chatInput().fill('add buy milk tomorrow');
  await chatInput().press('Enter');
  await expect(typing()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sending…' })).toBeDisabled();
  await shot('pending.png');
  release();
  await expect(task()).toBeVisible();
  await expect(typing()).toHaveCount(0);
  await expect(task(), 'a new task is open').not.toBeChecked();
  await expect(page.locator('li.task', { has: task() }).getByText('Due tomorrow')).toBeVisible();
  await expect(page.getByRole('log').locator('li.msg.assistant').last()).toBeVisible();
});

test('"mark it done" completes it', async () => {
  await chatInput().fill('mark it done');
  await chatInput().press('Enter');
  await expect(task()).toBeChecked();
  await expect(page.locator('li.task', { has: task() })).toHaveAttribute('data-completed', /true/);
});

test('after a reload the task is still there, still completed', async () => {
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Assistant', exact: true })).toBeVisible();
  await expect(task(), 'the completed state survived the reload').toBeChecked();
  await expect(task(), 'exactly one such task').toHaveCount(1);
  // The conversation is reloaded from the server too.
  await expect(page.getByRole('log').getByText('mark it done')).toBeVisible();
  await shot('todo-desktop.png', true);
  const cls = await layoutShift(page);
  console.log(`layout shift after reload (desktop): ${cls.toFixed(4)}`);
  expect(cls, 'no layout jumps while the page loads (cumulative layout shift)').toBeLessThan(0.05);
  expect(await axeViolations(page), 'workspace: no WCAG A/AA violations (axe-core)').toEqual([]);
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot('todo-dark.png', true);
  expect(await axeViolations(page), 'workspace, dark scheme: no WCAG A/AA violations (axe-core)').toEqual([]);
  await page.emulateMedia({ colorScheme: 'light' });
});

test('tasks can be added, edited and deleted directly, by keyboard', async () => {
  await page.getByLabel('New task').focus();
  await page.keyboard.type('call mom');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('checkbox', { name: 'call mom', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Edit “call mom”' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Title')).toBeVisible();
  expect(await axeViolations(page), 'task editor: no WCAG A/AA violations (axe-core)').toEqual([]);
  await page.keyboard.press('End');
  await page.keyboard.type(' tonight');
  await page.keyboard.press('Enter');
  const renamed = page.getByRole('checkbox', { name: 'call mom tonight' });
  await expect(renamed).toBeVisible();
  await page.getByRole('button', { name: 'Delete “call mom tonight”' }).focus();
  await page.keyboard.press('Enter');
  await expect(renamed).toHaveCount(0);
  await page.reload();
  await expect(task()).toBeVisible();
  await expect(renamed, 'the deleted task stays deleted').toHaveCount(0);
});

test('sign out and sign in again: the same tasks', async () => {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in', exact: true })).toBeVisible();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(task()).toBeChecked();
});

test('usable at phone width', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  // Below 800 px the panels are tabs, the chat shown first.
  await expect(page.getByRole('tab', { name: 'Chat', selected: true })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('tab', { name: 'Chat', selected: true })).toBeVisible();
  await expect(page.getByRole('log').getByText('mark it done')).toBeVisible();
  await expect(task(), 'the task list waits behind its tab').toBeHidden();
  const cls = await layoutShift(page);
  console.log(`layout shift after reload (phone): ${cls.toFixed(4)}`);
  expect(cls, 'no layout jumps while the page loads at phone width').toBeLessThan(0.05);
  expect(await horizontalOverflow(page), 'no horizontal scrolling at 390 px').toBeLessThanOrEqual(0);
  await shot('todo-phone.png', true);
  expect(await axeViolations(page), 'phone width: no WCAG A/AA violations (axe-core)').toEqual([]);
  await tasksTab().click();
  await expect(task(), 'the Tasks tab shows the list').toBeChecked();
  await page.getByRole('tab', { name: 'Chat' }).click();
});

test('phone: a chat change badges the Tasks tab; a delete can be undone from the toast', async () => {
  const bank = page.getByRole('checkbox', { name: 'call the bank', exact: true });
  await chatInput().fill('add call the bank');
  await chatInput().press('Enter');
  await expect(page.getByRole('log').getByText('add call the bank')).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Tasks, 1 change' })).toBeVisible();
  await expect(typing()).toHaveCount(0);
  await shot('phone-after-chat.png');
  await tasksTab().click();
  await expect(bank).toBeVisible();
  await expect(tasksTab()).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tab', { name: 'Tasks', exact: true }), 'opening Tasks clears the badge').toHaveCount(1);

  await page.getByRole('button', { name: 'Delete “call the bank”' }).click();
  await expect(bank).toHaveCount(0);
  const toast = page.getByRole('status').filter({ hasText: 'Deleted “call the bank”.' });
  await expect(toast).toBeVisible();
  const undo = toast.getByRole('button', { name: 'Undo' });
  await expect(undo, 'the toast offers Undo').toBeVisible();
  await expect(toast.getByRole('button', { name: 'Close' }), 'and can be closed').toBeVisible();
  expect(
    await page.evaluate(() => document.activeElement?.closest('.toast') != null),
    'the toast does not take focus',
  ).toBe(false);
  expect(await horizontalOverflow(page), 'no horizontal scrolling with the toast').toBeLessThanOrEqual(0);
  await page.mouse.move(195, 700); // off the next task's Delete button (no hover look in the picture)
  await shot('undo-toast.png');
  expect(await axeViolations(page), 'phone tabs with the undo toast: no WCAG A/AA violations (axe-core)').toEqual([]);

  await undo.click();
  await expect(bank, 'restored as it was: open').not.toBeChecked();
  await expect(toast).toHaveCount(0);
  await page.reload();
  await tasksTab().click();
  await expect(bank).toBeVisible();
});

test('no errors or console errors in the page along the way', async () => {
  expect(pageErrors).toEqual([]);
});

/** How far the page is wider than the viewport, in px (0 or less: no horizontal scrolling). */
function horizontalOverflow(p) {
  return p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
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
      }),
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
