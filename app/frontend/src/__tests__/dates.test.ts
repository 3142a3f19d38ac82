import { describe, expect, it } from 'vitest';
import { describeDue } from '../dates';

const now = new Date(2026, 10, 24, 15, 30); // Tue 24 Nov 2026, local time

describe('describeDue', () => {
  it('names today and tomorrow', () => {
    expect(describeDue('2026-11-24', now)).toEqual({ label: 'Due today', overdue: false });
    expect(describeDue('2026-11-25', now)).toEqual({ label: 'Due tomorrow', overdue: false });
  });

  it('marks past dates overdue', () => {
    expect(describeDue('2026-11-23', now)).toEqual({ label: 'Overdue: yesterday', overdue: true });
    expect(describeDue('2026-11-01', now).overdue).toBe(true);
  });

  it('shows later dates and keeps unparseable values readable', () => {
    expect(describeDue('2026-12-20', now)).toMatchObject({ overdue: false, label: expect.stringMatching(/^Due /) });
    expect(describeDue('someday', now)).toEqual({ label: 'Due someday', overdue: false });
  });
});
