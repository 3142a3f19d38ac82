// The browser test on @playwright/test, driving Debian's Chromium (Playwright
// cannot download its own browser on the offline test machines).
//
//   E2E_BASE_URL=http://todo.local   drive a running deployment (no webServer)
//   E2E_API_URL=http://127.0.0.1:8000   serve the built frontend, use that backend
//   otherwise: webServer starts stack.mjs (backend on DATABASE_URL + frontend)
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { E2E_PORT, OUT } from './paths.mjs';

const STEP_TIMEOUT = Number(process.env.E2E_STEP_TIMEOUT_MS ?? 15_000);
const external = process.env.E2E_BASE_URL;

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.mjs',
  outputDir: join(OUT, 'artifacts'),
  // The steps of the story build on each other (one user, one browser page).
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 120_000,
  expect: { timeout: STEP_TIMEOUT },
  reporter: [['list'], ['json', { outputFile: join(OUT, 'results.json') }]],
  use: {
    baseURL: external ?? `http://127.0.0.1:${E2E_PORT}`,
    actionTimeout: STEP_TIMEOUT,
    navigationTimeout: 30_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'debian-chromium',
      use: {
        browserName: 'chromium',
        viewport: { width: 1280, height: 800 },
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            // E2E_RESOLVE="todo.local=127.0.0.1": reach a deployment's ingress host without touching /etc/hosts.
            ...(process.env.E2E_RESOLVE
              ? [`--host-resolver-rules=MAP ${process.env.E2E_RESOLVE.replace('=', ' ')}`]
              : []),
          ],
        },
      },
    },
  ],
  webServer: external
    ? undefined
    : {
        command: 'node stack.mjs',
        url: `http://127.0.0.1:${E2E_PORT}/healthz`,
        reuseExistingServer: false,
        timeout: 60_000,
        stdout: 'pipe',
        gracefulShutdown: { signal: 'SIGTERM', timeout: 12_000 },
      },
});
