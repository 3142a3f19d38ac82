import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BuiltinEngine } from '../../src/agent/builtin.js';
import type { HistoryMessage } from '../../src/agent/engine.js';
import { ToolRunner } from '../../src/tools.js';
import type { Task } from '../../src/tasks.js';
import { MemoryTasks } from '../helpers/memory-tasks.js';

// Tuesday, 24 November 2026
const TODAY = '2026-11-24';
const NOW = new Date(`${TODAY}T12:00:00Z`);

const FIXTURE: Partial<Task>[] = [
  { id: 1, title: 'buy milk', due_date: '2026-11-25' },
  { id: 2, title: 'call mom' },
  { id: 3, title: 'pay rent', completed: true },
  { id: 4, title: 'walk the dog', due_date: '2026-11-24' },
  { id: 5, title: 'book dentist appointment', due_date: '2026-11-20' },
  { id: 6, title: 'write report' },
  { id: 7, title: 'buy bread' },
];

const assistant = (meta: HistoryMessage['meta']): HistoryMessage => ({
  role: 'assistant',
  content: '…',
  tool_calls: [],
  meta,
});

interface Case {
  say: string;
  /** expected tool calls: name and a subset of the arguments; [] = no tool call */
  calls: { name: string; args?: Record<string, unknown> }[];
  reply?: RegExp;
  history?: HistoryMessage[];
  /** extra assertion on the stored tasks afterwards */
  after?: (tasks: Task[]) => void;
}

const CASES: Case[] = [
  // ---- add
  { say: 'add buy eggs', calls: [{ name: 'add_task', args: { title: 'buy eggs' } }], reply: /added “buy eggs”/ },
  {
    say: 'add buy milk tomorrow',
    calls: [{ name: 'add_task', args: { title: 'buy milk', due_date: '2026-11-25' } }],
    reply: /due tomorrow/,
  },
  { say: 'Add a task to water the plants', calls: [{ name: 'add_task', args: { title: 'water the plants' } }] },
  { say: 'create a task called clean garage', calls: [{ name: 'add_task', args: { title: 'clean garage' } }] },
  { say: 'remember to call the plumber', calls: [{ name: 'add_task', args: { title: 'call the plumber' } }] },
  {
    say: 'Remind me to renew passport next week',
    calls: [{ name: 'add_task', args: { title: 'renew passport', due_date: '2026-11-30' } }],
  },
  {
    say: 'I need to pick up the kids on Friday',
    calls: [{ name: 'add_task', args: { title: 'pick up the kids', due_date: '2026-11-27' } }],
  },
  {
    say: 'i have to finish taxes by 2026-12-15',
    calls: [{ name: 'add_task', args: { title: 'finish taxes', due_date: '2026-12-15' } }],
  },
  {
    say: 'add submit expenses due today',
    calls: [{ name: 'add_task', args: { title: 'submit expenses', due_date: '2026-11-24' } }],
  },
  {
    say: 'add dentist on December 3rd',
    calls: [{ name: 'add_task', args: { title: 'dentist', due_date: '2026-12-03' } }],
  },
  {
    say: 'add book flights - for the Lisbon trip',
    calls: [{ name: 'add_task', args: { title: 'book flights', description: 'for the Lisbon trip' } }],
  },
  {
    say: 'add renew insurance in 2 weeks (check the new rates)',
    calls: [
      {
        name: 'add_task',
        args: { title: 'renew insurance', due_date: '2026-12-08', description: 'check the new rates' },
      },
    ],
  },
  { say: 'please add groceries to my list', calls: [{ name: 'add_task', args: { title: 'groceries' } }] },
  { say: 'new task: fix the bike', calls: [{ name: 'add_task', args: { title: 'fix the bike' } }] },
  {
    say: "don't forget to send the invoice tomorrow",
    calls: [{ name: 'add_task', args: { title: 'send the invoice', due_date: '2026-11-25' } }],
  },
  { say: 'todo: vacuum the stairs', calls: [{ name: 'add_task', args: { title: 'vacuum the stairs' } }] },
  {
    say: 'can you add mow the lawn this weekend',
    calls: [{ name: 'add_task', args: { title: 'mow the lawn', due_date: '2026-11-28' } }],
  },
  {
    say: 'add call grandma on monday',
    calls: [{ name: 'add_task', args: { title: 'call grandma', due_date: '2026-11-30' } }],
  },
  {
    say: 'I should clean the fridge the day after tomorrow',
    calls: [{ name: 'add_task', args: { title: 'clean the fridge', due_date: '2026-11-26' } }],
  },
  {
    say: 'add pay electricity bill by end of month',
    calls: [{ name: 'add_task', args: { title: 'pay electricity bill', due_date: '2026-11-30' } }],
  },
  {
    say: 'add prepare slides with description for the Monday meeting',
    calls: [{ name: 'add_task', args: { title: 'prepare slides', description: 'for the Monday meeting' } }],
  },
  {
    say: "add Robert'); DROP TABLE tasks;--",
    calls: [{ name: 'add_task', args: { title: "Robert'); DROP TABLE tasks;--" } }],
  },
  {
    say: 'Add buy oat milk on 2026-12-01!',
    calls: [{ name: 'add_task', args: { title: 'buy oat milk', due_date: '2026-12-01' } }],
  },
  { say: 'add', calls: [], reply: /What should the task be/ },
  { say: `add ${'x'.repeat(250)}`, calls: [], reply: /too long/ },
  // ---- list
  {
    say: 'what is still open?',
    calls: [{ name: 'list_tasks', args: { status: 'open' } }],
    reply: /You have 6 open tasks/,
  },
  { say: 'show all', calls: [{ name: 'list_tasks', args: {} }], reply: /You have 7 tasks/ },
  { say: 'list my tasks', calls: [{ name: 'list_tasks' }], reply: /#3 pay rent \(done\)/ },
  {
    say: "what's done?",
    calls: [{ name: 'list_tasks', args: { status: 'done' } }],
    reply: /1 completed task:\n1\. #3 pay rent/,
  },
  { say: 'show completed tasks', calls: [{ name: 'list_tasks', args: { status: 'done' } }] },
  { say: 'what is due today?', calls: [{ name: 'list_tasks', args: { due: 'today' } }], reply: /walk the dog/ },
  {
    say: 'anything overdue?',
    calls: [{ name: 'list_tasks', args: { status: 'open', due: 'overdue' } }],
    reply: /book dentist appointment \(overdue/,
  },
  { say: 'show me my open tasks', calls: [{ name: 'list_tasks', args: { status: 'open' } }] },
  { say: 'what do I still have to do', calls: [{ name: 'list_tasks', args: { status: 'open' } }] },
  { say: 'tasks', calls: [{ name: 'list_tasks', args: {} }] },
  { say: 'search for milk', calls: [{ name: 'list_tasks', args: { query: 'milk' } }], reply: /1 task matching “milk”/ },
  { say: 'find tasks about report', calls: [{ name: 'list_tasks', args: { query: 'report' } }] },
  { say: 'how many tasks do I have left?', calls: [{ name: 'list_tasks', args: { status: 'open' } }] },
  { say: "what's coming up this week", calls: [{ name: 'list_tasks', args: { due: 'upcoming' } }] },
  // ---- complete
  {
    say: 'mark 2 done',
    calls: [{ name: 'complete_task', args: { task_id: 2, completed: true } }],
    reply: /marked “call mom” \(#2\) as done/,
  },
  { say: 'complete #6', calls: [{ name: 'complete_task', args: { task_id: 6 } }] },
  { say: 'finish task 4', calls: [{ name: 'complete_task', args: { task_id: 4 } }] },
  { say: 'I did call mom', calls: [{ name: 'complete_task', args: { task_id: 2 } }] },
  { say: 'I called mom', calls: [{ name: 'complete_task', args: { task_id: 2 } }] },
  { say: 'I finished the report', calls: [{ name: 'complete_task', args: { task_id: 6 } }] },
  { say: 'mark walk the dog as done', calls: [{ name: 'complete_task', args: { task_id: 4 } }] },
  { say: "I'm done with the dentist", calls: [{ name: 'complete_task', args: { task_id: 5 } }] },
  { say: 'check off write report', calls: [{ name: 'complete_task', args: { task_id: 6 } }] },
  { say: 'walk the dog is done', calls: [{ name: 'complete_task', args: { task_id: 4 } }] },
  { say: 'Please mark task #1 as completed.', calls: [{ name: 'complete_task', args: { task_id: 1 } }] },
  {
    say: 'mark it done',
    history: [assistant({ focus_task_id: 2 })],
    calls: [{ name: 'complete_task', args: { task_id: 2 } }],
  },
  { say: 'mark it done', calls: [], reply: /not sure which task/ },
  { say: 'complete buy', calls: [], reply: /which one should I complete\?\n1\. #1 buy milk[^\n]*\n2\. #7 buy bread/ },
  {
    say: 'the second one',
    history: [assistant({ pending: { action: 'complete', candidates: [1, 7] } })],
    calls: [{ name: 'complete_task', args: { task_id: 7 } }],
  },
  {
    say: '1',
    history: [assistant({ pending: { action: 'delete', candidates: [7, 1] } })],
    calls: [{ name: 'delete_task', args: { task_id: 7 } }],
  },
  {
    say: 'cancel',
    history: [assistant({ pending: { action: 'delete', candidates: [1, 7] } })],
    calls: [],
    reply: /left everything/,
  },
  {
    say: 'mark the first one done',
    history: [assistant({ last_list: [6, 2] })],
    calls: [{ name: 'complete_task', args: { task_id: 6 } }],
  },
  { say: 'mark pay rent done', calls: [], reply: /already done/ },
  { say: 'complete all', calls: [], reply: /one task at a time/ },
  { say: 'mark 99 done', calls: [], reply: /couldn't find task #99/ },
  { say: 'finish the quarterly budget', calls: [], reply: /couldn't find a task matching/ },
  // ---- reopen
  {
    say: 'reopen pay rent',
    calls: [{ name: 'complete_task', args: { task_id: 3, completed: false } }],
    reply: /open again/,
  },
  { say: 'mark pay rent as not done', calls: [{ name: 'complete_task', args: { task_id: 3, completed: false } }] },
  // ---- update
  {
    say: 'rename 2 to call mom and dad',
    calls: [{ name: 'update_task', args: { task_id: 2, title: 'call mom and dad' } }],
    reply: /renamed “call mom” \(#2\) to “call mom and dad”/,
  },
  {
    say: 'change write report to write the quarterly report',
    calls: [{ name: 'update_task', args: { task_id: 6, title: 'write the quarterly report' } }],
  },
  {
    say: 'move walk the dog to tomorrow',
    calls: [{ name: 'update_task', args: { task_id: 4, due_date: '2026-11-25' } }],
  },
  {
    say: 'postpone call mom to next week',
    calls: [{ name: 'update_task', args: { task_id: 2, due_date: '2026-11-30' } }],
  },
  {
    say: 'change the description of 6 to include Q3 numbers',
    calls: [{ name: 'update_task', args: { task_id: 6, description: 'include Q3 numbers' } }],
  },
  { say: 'remove the due date from buy milk', calls: [{ name: 'update_task', args: { task_id: 1, due_date: null } }] },
  {
    say: 'write report is due on friday',
    calls: [{ name: 'update_task', args: { task_id: 6, due_date: '2026-11-27' } }],
  },
  { say: 'move call mom to someday maybe', calls: [], reply: /couldn't understand the date/ },
  // ---- delete
  {
    say: 'delete 3',
    calls: [{ name: 'delete_task', args: { task_id: 3 } }],
    reply: /deleted “pay rent”/,
    after: (t) => assert.ok(!t.some((x) => x.id === 3)),
  },
  { say: 'remove the dentist task', calls: [{ name: 'delete_task', args: { task_id: 5 } }] },
  { say: 'get rid of buy bread', calls: [{ name: 'delete_task', args: { task_id: 7 } }] },
  { say: 'delete buy', calls: [], reply: /which one should I delete/, after: (t) => assert.equal(t.length, 7) },
  { say: 'delete everything', calls: [], reply: /one task at a time/, after: (t) => assert.equal(t.length, 7) },
  { say: 'delete all my tasks', calls: [], reply: /one task at a time/ },
  { say: 'delete it', calls: [], reply: /not sure which task/ },
  // ---- other people's data
  {
    say: 'delete all tasks of every user',
    calls: [],
    reply: /only see and change your own tasks/,
    after: (t) => assert.equal(t.length, 7),
  },
  { say: "show me everyone's tasks", calls: [], reply: /only see and change your own tasks/ },
  { say: 'list tasks of user 2', calls: [], reply: /only see and change your own tasks/ },
  { say: "mark all of bob@example.com's tasks done", calls: [], reply: /only see and change your own tasks/ },
  // ---- conversation
  { say: 'hello', calls: [], reply: /Hello!/ },
  { say: 'Good morning!', calls: [], reply: /Hello!/ },
  { say: 'help', calls: [], reply: /add buy milk tomorrow/ },
  { say: 'what can you do?', calls: [], reply: /You can say things like/ },
  { say: 'thanks!', calls: [], reply: /welcome/ },
  { say: 'asdfgh', calls: [], reply: /didn't understand/ },
  { say: 'Buy stamps', calls: [], reply: /Should I add “Buy stamps” as a new task\?/ },
  {
    say: 'yes',
    history: [assistant({ pending: { action: 'add', candidates: [], patch: { title: 'Buy stamps' } } })],
    calls: [{ name: 'add_task', args: { title: 'Buy stamps' } }],
  },
  {
    say: 'no',
    history: [assistant({ pending: { action: 'add', candidates: [], patch: { title: 'Buy stamps' } } })],
    calls: [],
    reply: /left everything/,
  },
  { say: 'how are you?', calls: [], reply: /doing well/ },
  { say: 'clear my list', calls: [], reply: /one task at a time/, after: (t) => assert.equal(t.length, 7) },
  { say: 'remove bread from my shopping list', calls: [{ name: 'delete_task', args: { task_id: 7 } }] },
  {
    say: 'complete 2, 4 and #6',
    calls: [
      { name: 'complete_task', args: { task_id: 2 } },
      { name: 'complete_task', args: { task_id: 4 } },
      { name: 'complete_task', args: { task_id: 6 } },
    ],
  },
  {
    say: 'update buy milk description to 2 litres',
    calls: [{ name: 'update_task', args: { task_id: 1, description: '2 litres' } }],
  },
  { say: 'mark as done call mom', calls: [{ name: 'complete_task', args: { task_id: 2 } }] },
  { say: 'set buy bread due friday', calls: [{ name: 'update_task', args: { task_id: 7, due_date: '2026-11-27' } }] },
  { say: 'show me what I have to do today', calls: [{ name: 'list_tasks', args: { status: 'open', due: 'today' } }] },
];

test(`the built-in engine understands ${CASES.length} phrasings`, async (t) => {
  assert.ok(CASES.length >= 60);
  const engine = new BuiltinEngine();
  for (const c of CASES) {
    await t.test(`"${c.say.slice(0, 60)}"${c.history ? ' (with context)' : ''}`, async () => {
      const store = new MemoryTasks().seed(1, FIXTURE);
      const tools = new ToolRunner({ userId: 1, tasks: store.asStore(), today: TODAY, now: NOW, timeZone: 'UTC' });
      const out = await engine.respond({ message: c.say, history: c.history ?? [], tools });
      const got = tools.calls.map((x) => x.name);
      assert.deepEqual(
        got,
        c.calls.map((x) => x.name),
        `tool calls for "${c.say}"; reply: ${out.reply}`,
      );
      c.calls.forEach((exp, i) => {
        const call = tools.calls[i]!;
        if (exp.args) {
          for (const [k, v] of Object.entries(exp.args)) {
            assert.deepEqual(call.arguments[k], v, `argument ${k} for "${c.say}"`);
          }
          if (exp.name === 'list_tasks')
            assert.deepEqual(Object.keys(call.arguments).sort(), Object.keys(exp.args).sort());
        }
        assert.equal(
          (call.result as { error?: unknown }).error,
          undefined,
          `tool error: ${JSON.stringify(call.result)}`,
        );
      });
      if (c.reply) assert.match(out.reply, c.reply);
      assert.ok(out.reply.length > 0);
      c.after?.(store.all());
    });
  }
});

test('"mark it done" refers to the task just added in the conversation', async () => {
  const engine = new BuiltinEngine();
  const store = new MemoryTasks().seed(1, FIXTURE);
  const history: HistoryMessage[] = [];
  const turn = async (message: string) => {
    const tools = new ToolRunner({ userId: 1, tasks: store.asStore(), today: TODAY, now: NOW, timeZone: 'UTC' });
    const out = await engine.respond({ message, history, tools });
    history.push({ role: 'user', content: message, tool_calls: [], meta: {} });
    history.push({ role: 'assistant', content: out.reply, tool_calls: tools.calls, meta: out.meta ?? {} });
    return { out, tools };
  };
  const added = await turn('add buy milk tomorrow');
  const id = (added.tools.calls[0]!.result as { task: Task }).task.id;
  const done = await turn('mark it done');
  assert.deepEqual(
    done.tools.calls.map((c) => c.arguments),
    [{ task_id: id, completed: true }],
  );
  assert.equal(store.all().find((t) => t.id === id)?.completed, true);
  // the older "buy milk" (#1) is untouched
  assert.equal(store.all().find((t) => t.id === 1)?.completed, false);
});

test('an ambiguous delete asks, and the answer deletes exactly the chosen task', async () => {
  const engine = new BuiltinEngine();
  const store = new MemoryTasks().seed(1, FIXTURE);
  const tools1 = new ToolRunner({ userId: 1, tasks: store.asStore(), today: TODAY, now: NOW, timeZone: 'UTC' });
  const q = await engine.respond({ message: 'delete buy', history: [], tools: tools1 });
  assert.equal(tools1.calls.length, 0);
  const history: HistoryMessage[] = [
    { role: 'user', content: 'delete buy', tool_calls: [], meta: {} },
    { role: 'assistant', content: q.reply, tool_calls: [], meta: q.meta ?? {} },
  ];
  const tools2 = new ToolRunner({ userId: 1, tasks: store.asStore(), today: TODAY, now: NOW, timeZone: 'UTC' });
  await engine.respond({ message: 'buy bread', history, tools: tools2 });
  assert.deepEqual(
    tools2.calls.map((c) => [c.name, c.arguments]),
    [['delete_task', { task_id: 7 }]],
  );
  assert.deepEqual(
    store
      .all()
      .map((t) => t.id)
      .sort(),
    [1, 2, 3, 4, 5, 6],
  );
});

test('random and hostile input never throws, always replies and stays fast', async () => {
  const engine = new BuiltinEngine();
  const vocab = [
    'add',
    'delete',
    'mark',
    'done',
    'it',
    'the',
    'milk',
    'tomorrow',
    'on',
    'friday',
    '#3',
    '3',
    'to',
    'rename',
    'all',
    'every',
    'user',
    ' - ',
    '(',
    ')',
    ':',
    ',',
    "'",
    '"',
    '%',
    '_',
    '\\',
    ';',
    'DROP',
    'TABLE',
    '🙂',
    'ß',
    '\u202e',
    'is',
    'due',
    'a'.repeat(300),
  ];
  let seed = 42;
  const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  const store = new MemoryTasks().seed(1, FIXTURE);
  const t0 = Date.now();
  for (let i = 0; i < 400; i++) {
    const words = Array.from({ length: 1 + rand(i % 10 === 0 ? 400 : 12) }, () => vocab[rand(vocab.length)]!);
    const message = words.join(rand(2) ? ' ' : '').slice(0, 2000);
    const tools = new ToolRunner({ userId: 1, tasks: store.asStore(), today: TODAY, now: NOW, timeZone: 'UTC' });
    const out = await engine.respond({ message, history: [], tools });
    assert.equal(typeof out.reply, 'string');
    assert.ok(out.reply.length > 0);
    // the engine checks what it sends: no tool call is ever rejected as invalid
    for (const c of tools.calls) {
      assert.notEqual(
        (c.result as { error?: { code?: string } }).error?.code,
        'invalid_arguments',
        JSON.stringify(c).slice(0, 300),
      );
    }
    if (store.all().length === 0) store.seed(1, FIXTURE);
  }
  assert.ok(Date.now() - t0 < 20_000, `took ${Date.now() - t0} ms`);
});
