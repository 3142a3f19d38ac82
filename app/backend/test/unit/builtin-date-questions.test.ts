import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BuiltinEngine } from '../../src/agent/builtin.js';
import { ToolRunner } from '../../src/tools.js';
import { MemoryTasks } from '../helpers/memory-tasks.js';

// "What's due tomorrow?" lists the tasks due on the user's tomorrow: near
// midnight the user's date and the server's (UTC) differ.

const TASKS = [
  { id: 1, title: 'due on the 30th', due_date: '2026-11-30' },
  { id: 2, title: 'due on the 1st', due_date: '2026-12-01' },
  { id: 3, title: 'due on the 2nd', due_date: '2026-12-02' },
  { id: 4, title: 'no date' },
];
const ZONES = [
  // 22:00 on Sunday 29 November in Los Angeles
  { zone: 'America/Los_Angeles', now: '2026-11-30T06:00:00Z', tomorrow: '2026-11-30', task: 'due on the 30th' },
  // 00:30 on Tuesday 1 December in Auckland
  { zone: 'Pacific/Auckland', now: '2026-11-30T11:30:00Z', tomorrow: '2026-12-02', task: 'due on the 2nd' },
  // 23:59 on Monday 30 November in UTC
  { zone: 'UTC', now: '2026-11-30T23:59:00Z', tomorrow: '2026-12-01', task: 'due on the 1st' },
];

async function ask(message: string, now: string, zone: string) {
  const tools = ToolRunner.forUser(1, new MemoryTasks().seed(1, TASKS).asStore(), new Date(now), zone);
  const out = await new BuiltinEngine().respond({ message, history: [], tools });
  return { reply: out.reply, meta: out.meta };
}

for (const z of ZONES) {
  test(`"what's due tomorrow?" in ${z.zone} lists only the task due on ${z.tomorrow}`, async () => {
    const { reply, meta } = await ask("what's due tomorrow?", z.now, z.zone);
    assert.match(
      reply,
      new RegExp(`^You have 1 task due tomorrow \\(${z.tomorrow}\\):\\n1\\. #\\d ${z.task} \\(due tomorrow\\)$`),
    );
    assert.equal(meta?.last_list?.length, 1);
  });
}

test('a day with nothing due says so, naming the day', async () => {
  const { reply } = await ask('anything due on Friday?', '2026-11-30T23:59:00Z', 'UTC');
  assert.equal(reply, 'You have nothing due on Fri 4 Dec (2026-12-04).');
});

test('"next week" and "this weekend" are spans of days', async () => {
  // Thursday 26 November: the weekend is the 28th-29th, next week the 30th to 6 December
  const week = await ask("what's due next week?", '2026-11-26T12:00:00Z', 'UTC');
  assert.match(week.reply, /^You have 3 tasks due next week \(Mon 30 Nov – Sun 6 Dec\):/);
  const weekend = await ask('anything this weekend?', '2026-11-26T12:00:00Z', 'UTC');
  assert.equal(weekend.reply, 'You have nothing due this weekend (Sat 28 Nov – Sun 29 Nov).');
});
