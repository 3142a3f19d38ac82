// Where things are, shared by the Playwright config, the stack it starts and the spec.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Screenshots, traces, the backend's log and the reports. */
export const OUT = resolve(process.env.E2E_RESULTS_DIR ?? join(ROOT, 'test-results/e2e'));
/** The port the test's frontend server listens on (Playwright's webServer needs to know it beforehand). */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 4780);
