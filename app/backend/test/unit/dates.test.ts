import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDaysIso, describeDate, extractDate, extractTime, parseDateOnly, weekdayOf } from '../../src/agent/dates.js';

const TODAY = '2026-11-24'; // a Tuesday

test('date phrases resolve against today and are removed from the text', () => {
  const table: [string, string | null, string][] = [
    ['buy milk tomorrow', '2026-11-25', 'buy milk'],
    ['buy milk today', '2026-11-24', 'buy milk'],
    ['what was due yesterday', '2026-11-23', 'what was'],
    ['call mom on Friday', '2026-11-27', 'call mom'],
    ['call mom on tuesday', '2026-12-01', 'call mom'],
    ['call mom this tuesday', '2026-11-24', 'call mom'],
    ['pay rent next week', '2026-11-30', 'pay rent'],
    ['taxes by 2026-12-15', '2026-12-15', 'taxes'],
    ['party on December 3rd', '2026-12-03', 'party'],
    ['party on 3 December', '2026-12-03', 'party'],
    ['new year jan 1', '2027-01-01', 'new year'],
    ['renew in 2 weeks', '2026-12-08', 'renew'],
    ['renew in three days', '2026-11-27', 'renew'],
    ['clean the day after tomorrow', '2026-11-26', 'clean'],
    ['mow this weekend', '2026-11-28', 'mow'],
    ['bill by end of month', '2026-11-30', 'bill'],
    ['report due next month', '2026-12-01', 'report'],
    ['pay rent on the 1st', '2026-12-01', 'pay rent'],
    ['rent by the 30th', '2026-11-30', 'rent'],
    ['call the 3rd floor', null, 'call the 3rd floor'],
    ['no date here', null, 'no date here'],
    ['bad date 2026-02-30', null, 'bad date 2026-02-30'],
  ];
  for (const [text, date, rest] of table) {
    const r = extractDate(text, TODAY);
    assert.equal(r.date, date, text);
    assert.equal(r.rest, rest, text);
  }
});

test('parseDateOnly accepts only a bare date phrase', () => {
  assert.equal(parseDateOnly('next friday', TODAY), '2026-11-27');
  assert.equal(parseDateOnly('tomorrow', TODAY), '2026-11-25');
  assert.equal(parseDateOnly('buy milk tomorrow', TODAY), null);
  assert.equal(parseDateOnly('someday', TODAY), null);
});

test('dates are described relative to today', () => {
  assert.equal(describeDate('2026-11-24', TODAY), 'today');
  assert.equal(describeDate('2026-11-25', TODAY), 'tomorrow');
  assert.equal(describeDate('2026-11-23', TODAY), 'yesterday');
  assert.equal(describeDate('2026-11-27', TODAY), 'Fri 27 Nov');
  assert.equal(describeDate('2027-01-01', TODAY), 'Fri 1 Jan 2027');
});

test('days are added across month and year ends, and weekdays read from ISO dates', () => {
  assert.equal(addDaysIso('2026-11-30', 1), '2026-12-01');
  assert.equal(addDaysIso('2026-12-31', 1), '2027-01-01');
  assert.equal(addDaysIso('2026-03-01', -1), '2026-02-28');
  assert.equal(weekdayOf('2026-11-24'), 2); // a Tuesday
  assert.equal(weekdayOf('2026-11-29'), 0); // a Sunday
});

test('a day named as an owner ("tomorrow\'s meeting") is not a due date when asked so', () => {
  const r = extractDate("prep for tomorrow's meeting on friday", TODAY, { skipPossessive: true });
  assert.deepEqual([r.date, r.rest, r.phrase], ['2026-11-27', "prep for tomorrow's meeting", 'on friday']);
  assert.equal(extractDate("friday's plan", TODAY, { skipPossessive: true }).date, null);
  assert.equal(extractDate("friday's plan", TODAY).date, '2026-11-27');
});

test('times of day are found with and without digits; text with no time is left alone', () => {
  // 21:00 on Tuesday 24 November, the user's wall clock
  const clock = new Date(2026, 10, 24, 21, 0);
  const table: [string, string | undefined, string][] = [
    ['call mom at 5pm', 'at 5pm', 'call mom'],
    ['lunch at midday', 'at midday', 'lunch'],
    ['lunch at noon', 'at noon', 'lunch'],
    ['check the oven in an hour', 'in an hour', 'check the oven'],
    ['stretch in half an hour', 'in half an hour', 'stretch'],
    ['buy milk', undefined, 'buy milk'],
    ['march to city hall', undefined, 'march to city hall'],
  ];
  for (const [text, phrase, rest] of table) {
    const r = extractTime(text, clock);
    assert.equal(r.phrase, phrase, text);
    assert.equal(r.rest, rest, text);
  }
});
