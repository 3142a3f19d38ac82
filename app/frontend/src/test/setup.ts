import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';

/** The instant every test runs at: no test may depend on the real clock. */
export const TEST_NOW = new Date(2026, 10, 24, 15, 30); // Tue 24 Nov 2026, 15:30 local time

beforeEach(() => {
  // Only Date is faked: timers stay real, so user-event and React's scheduler behave as in a browser.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(TEST_NOW);
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});
