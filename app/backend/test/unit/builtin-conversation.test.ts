import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BuiltinEngine } from '../../src/agent/builtin.js';
import type { HistoryMessage } from '../../src/agent/engine.js';
import { ToolRunner } from '../../src/tools.js';
import type { Task } from '../../src/tasks.js';
import { MemoryTasks } from '../helpers/memory-tasks.js';

// Several turns of one conversation, as the chat route runs them: the numbers a
// person reads in a list, "undo", and "today" in the user's own time zone.

const NOW = new Date('2026-11-24T12:00:00Z');

function conversation(store: MemoryTasks, now = NOW, timeZone = 'UTC') {
  const engine = new BuiltinEngine();
  const history: HistoryMessage[] = [];
  return async (message: string) => {
    const tools = ToolRunner.forUser(1, store.asStore(), now, timeZone);
    const out = await engine.respond({ message, history, tools });
    history.push({ role: 'user', content: message, tool_calls: [], meta: {} });
    history.push({ role: 'assistant', content: out.reply, tool_calls: tools.calls, meta: out.meta ?? {} });
    return { reply: out.reply, calls: tools.calls.map((c) => [c.name, c.arguments]) };
  };
}

const byId = (store: MemoryTasks, id: number) => store.all().find((t) => t.id === id);

test('a bare number after a numbered list is that item of the list, and the reply names the task', async () => {
  // Newest first, so list position and task number differ: "2." is #2 only by accident in no case here.
  const store = new MemoryTasks().seed(1, [
    { id: 1, title: 'book flights', due_date: '2026-12-20' },
    { id: 2, title: 'renew passport', due_date: '2026-12-01' },
    { id: 3, title: 'water plants' },
  ]);
  const say = conversation(store);
  const list = await say('what is still open?');
  assert.match(list.reply, /1\. #2 renew passport/);
  assert.match(list.reply, /2\. #1 book flights/);

  const done = await say('done with 2');
  assert.deepEqual(done.calls, [['complete_task', { task_id: 1, completed: true }]]);
  assert.match(done.reply, /“book flights” \(#1\)/);
  assert.equal(byId(store, 2)?.completed, false, 'item 2 of the list was completed, not task #2');
});

test('"#2" and "task 2" always mean task #2, even right after a list', async () => {
  const store = new MemoryTasks().seed(1, [
    { id: 1, title: 'book flights', due_date: '2026-12-20' },
    { id: 2, title: 'renew passport', due_date: '2026-12-01' },
  ]);
  const say = conversation(store);
  await say('show my tasks');
  assert.deepEqual((await say('complete #1')).calls, [['complete_task', { task_id: 1, completed: true }]]);
  await say('show my tasks');
  assert.deepEqual((await say('delete task 2')).calls, [['delete_task', { task_id: 2 }]]);
});

test('a bare number with no list just before it is a task number', async () => {
  const store = new MemoryTasks().seed(1, [
    { id: 1, title: 'a' },
    { id: 2, title: 'b' },
    { id: 3, title: 'c' },
  ]);
  const say = conversation(store);
  await say('show my tasks');
  await say('add d');
  assert.deepEqual((await say('mark 1 done')).calls, [['complete_task', { task_id: 1, completed: true }]]);
});

test('"undo" reverses the last change of the conversation, and again the one before', async () => {
  const store = new MemoryTasks().seed(1, [
    { id: 1, title: 'buy milk' },
    { id: 2, title: 'call mom' },
  ]);
  const say = conversation(store);

  await say('rename 2 to call mom and dad');
  await say('mark 1 done');
  const deleted = await say('delete buy milk');
  assert.match(deleted.reply, /undo/);
  assert.equal(byId(store, 1), undefined);

  const first = await say('undo');
  assert.deepEqual(first.calls, [['restore_task', { task_id: 1 }]]);
  assert.match(first.reply, /“buy milk” \(#1\) is back/);
  assert.equal(byId(store, 1)?.completed, true);

  const second = await say('undo');
  assert.deepEqual(second.calls, [['update_task', { task_id: 1, completed: false }]]);
  assert.equal(byId(store, 1)?.completed, false);

  const third = await say('undo that');
  assert.deepEqual(third.calls, [['update_task', { task_id: 2, title: 'call mom' }]]);
  assert.equal(byId(store, 2)?.title, 'call mom');

  assert.match((await say('undo')).reply, /nothing to undo/);
  assert.deepEqual(
    store
      .all()
      .map((t) => [t.id, t.title, t.completed])
      .sort(),
    [
      [1, 'buy milk', false],
      [2, 'call mom', false],
    ],
  );
});

test('"task 4 is done" completes task #4 (it used to add a task "4 is done")', async () => {
  const store = new MemoryTasks().seed(1, [
    { id: 3, title: 'a' },
    { id: 4, title: 'walk the dog' },
  ]);
  const say = conversation(store);
  const r = await say('task 4 is done');
  assert.deepEqual(r.calls, [['complete_task', { task_id: 4, completed: true }]]);
  assert.equal(store.all().length, 2);
});

test('"restore #N" brings a deleted task back; an undo that could not act is not used up', async () => {
  const store = new MemoryTasks().seed(1, [
    { id: 1, title: 'buy milk' },
    { id: 3, title: 'task three' },
  ]);
  const a = conversation(store);
  const b = conversation(store);
  await a('mark #3 done');
  await b('delete #3');
  // A's undo cannot reopen a task that is in the trash: it says so, and stays available
  const failed = await a('undo');
  assert.match(failed.reply, /not in your list any more/);
  assert.equal(failed.calls.length, 1, 'one update_task, refused');
  assert.deepEqual((await b('undo')).calls, [['restore_task', { task_id: 3 }]]);
  const again = await a('undo');
  assert.deepEqual(again.calls, [['update_task', { task_id: 3, completed: false }]]);
  assert.equal(byId(store, 3)?.completed, false);

  // "restore #N" by hand; an undo of the delete afterwards changes nothing and says why
  const c = conversation(store);
  await c('delete buy milk');
  const restored = await conversation(store)('restore #1');
  assert.deepEqual(restored.calls, [['restore_task', { task_id: 1 }]]);
  assert.match(restored.reply, /“buy milk” \(#1\) is back/);
  const late = await c('undo');
  assert.match(late.reply, /already back in your list/);
  assert.deepEqual(late.calls, []);
  assert.match((await c('restore #99')).reply, /not in the trash/);
});

test('a title is measured in characters, as the REST API and PostgreSQL count them', async () => {
  const store = new MemoryTasks();
  const say = conversation(store);
  const milk = '🥛'.repeat(150); // 150 characters, 300 UTF-16 code units
  assert.deepEqual((await say(`add ${milk}`)).calls, [['add_task', { title: milk }]]);
  assert.match((await say(`add ${'🥛'.repeat(201)}`)).reply, /too long/);
});

test('"undo" after an add removes the task it added', async () => {
  const store = new MemoryTasks().seed(1, [{ id: 1, title: 'buy milk' }]);
  const say = conversation(store);
  await say('add pay rent friday');
  assert.equal(store.all().length, 2);
  const undo = await say('undo');
  assert.deepEqual(undo.calls, [['delete_task', { task_id: 2 }]]);
  assert.deepEqual(
    store.all().map((t) => t.title),
    ['buy milk'],
  );
});

test('"undo" with no change in the conversation changes nothing', async () => {
  const store = new MemoryTasks().seed(1, [{ id: 1, title: 'buy milk' }]);
  const say = conversation(store);
  await say('show my tasks');
  const undo = await say('undo');
  assert.deepEqual(undo.calls, []);
  assert.match(undo.reply, /nothing to undo/);
});

// Near midnight the user's date and the server's (UTC) differ; each case is the same instant seen from one zone.
const ZONES = [
  // 22:00 on Sunday 29 November in Los Angeles
  {
    zone: 'America/Los_Angeles',
    now: '2026-11-30T06:00:00Z',
    today: '2026-11-29',
    tomorrow: '2026-11-30',
    monday: '2026-11-30',
  },
  // 00:30 on Tuesday 1 December in Auckland (NZDT, UTC+13)
  {
    zone: 'Pacific/Auckland',
    now: '2026-11-30T11:30:00Z',
    today: '2026-12-01',
    tomorrow: '2026-12-02',
    monday: '2026-12-07',
  },
  // 23:59 on Monday 30 November in UTC
  { zone: 'UTC', now: '2026-11-30T23:59:00Z', today: '2026-11-30', tomorrow: '2026-12-01', monday: '2026-12-07' },
];

for (const z of ZONES) {
  test(`"today", "tomorrow" and "Monday" are the user's dates in ${z.zone}, in the task and in the reply`, async () => {
    const store = new MemoryTasks();
    const say = conversation(store, new Date(z.now), z.zone);

    const today = await say('add pay bill today');
    assert.deepEqual(today.calls, [['add_task', { title: 'pay bill', due_date: z.today }]]);
    assert.match(today.reply, new RegExp(`due today \\(${z.today}\\)`));

    const tomorrow = await say('add buy milk tomorrow');
    assert.deepEqual(tomorrow.calls, [['add_task', { title: 'buy milk', due_date: z.tomorrow }]]);
    assert.match(tomorrow.reply, new RegExp(`due tomorrow \\(${z.tomorrow}\\)`));

    const monday = await say('add call the bank on Monday');
    assert.deepEqual(monday.calls, [['add_task', { title: 'call the bank', due_date: z.monday }]]);

    const due = await say('what is due today?');
    assert.match(due.reply, /pay bill/);
    assert.doesNotMatch(due.reply, /buy milk/);
  });
}

test('a time of day or "in 2 hours" leaves the title for the note, and sets the day it falls on', async () => {
  // 22:00 on Sunday 29 November in Los Angeles (06:00 UTC on the 30th)
  const store = new MemoryTasks();
  const say = conversation(store, new Date('2026-11-30T06:00:00Z'), 'America/Los_Angeles');
  const cases: [string, string, string, string | null][] = [
    ['add buy milk tomorrow at 5pm', 'buy milk', 'at 5pm', '2026-11-30'],
    ['add call mom in 3 hours', 'call mom', 'in 3 hours', '2026-11-30'],
    ['add check the oven in 30 minutes', 'check the oven', 'in 30 minutes', '2026-11-29'],
    ['add lunch with Ana at noon', 'lunch with Ana', 'at noon', '2026-11-30'],
    ['add stand-up on Friday at 9:30', 'stand-up', 'at 9:30', '2026-12-04'],
    ['add march to city hall', 'march to city hall', '', null],
  ];
  for (const [message, title, description, due] of cases) {
    const r = await say(message);
    assert.deepEqual(
      r.calls,
      [['add_task', { title, ...(description ? { description } : {}), ...(due ? { due_date: due } : {}) }]],
      message,
    );
  }
});

test("list_tasks takes an MCP client's time zone for its due filters", async () => {
  const store = new MemoryTasks().seed(1, [{ id: 1, title: 'pay bill', due_date: '2026-11-29' }]);
  // Server in UTC on the 30th; the client in Los Angeles, still on the 29th.
  const tools = ToolRunner.forUser(1, store.asStore(), new Date('2026-11-30T06:00:00Z'), 'UTC');
  const utc = (await tools.call('list_tasks', { due: 'today' })) as { tasks: Task[] };
  assert.deepEqual(utc.tasks, []);
  const la = (await tools.call('list_tasks', { due: 'today', time_zone: 'America/Los_Angeles' })) as { tasks: Task[] };
  assert.deepEqual(
    la.tasks.map((t) => t.id),
    [1],
  );
  const bad = await tools.call('list_tasks', { due: 'today', time_zone: 'Mars/Olympus_Mons' });
  assert.match(JSON.stringify(bad), /invalid_arguments.*IANA time zone/);
});
