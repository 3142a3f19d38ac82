/**
 * Everyday phrasings for the built-in chat engine, with what each must do.
 * test/unit/builtin-corpus.test.ts runs every case against the engine with the
 * fixture below, a fixed clock and a fixed time zone, and prints the pass rate
 * per class.
 *
 * The clock: 02:00 UTC on Wednesday 25 November 2026, which in the user's zone
 * (America/New_York) is 21:00 on Tuesday 24 November. So "today" is
 * 2026-11-24 and "tomorrow" 2026-11-25, where a server in UTC would say the
 * 25th and the 26th.
 */
import type { Task } from '../../src/tasks.js';

export const NOW = '2026-11-25T02:00:00Z';
export const TIME_ZONE = 'America/New_York';

/** The user's list before every case (new tasks get #11, #12 …). */
export const FIXTURE: Partial<Task>[] = [
  { id: 1, title: 'buy milk', due_date: '2026-11-25' },
  { id: 2, title: 'call mom' },
  { id: 3, title: 'pay rent', completed: true },
  { id: 4, title: 'walk the dog', due_date: '2026-11-24' },
  { id: 5, title: 'book dentist appointment', due_date: '2026-11-20' },
  { id: 6, title: 'write report', due_date: '2026-11-27' },
  { id: 7, title: 'buy bread' },
  { id: 8, title: 'renew passport', due_date: '2026-12-01' },
  { id: 9, title: 'clean the garage', due_date: '2026-11-28' },
  { id: 10, title: 'file taxes', due_date: '2026-11-23', completed: true },
];

export interface ExpectedCall {
  name: string;
  /** the call's arguments, exactly */
  args: Record<string, unknown>;
}

export interface CorpusCase {
  /** the class of phrasing: issue #19's classes first, then the engine's other intents */
  kind: string;
  /** earlier messages of the same conversation, run through the engine first */
  before?: string[];
  say: string;
  /** the tool calls of this turn, in order ([] = none: nothing is changed or listed) */
  calls: ExpectedCall[];
  /** the reply must match */
  reply: RegExp;
}

// ---------------------------------------------------------------- helpers that keep the table short

type Extra = { description?: string; due_date?: string };
const add = (title: string, extra: Extra = {}): ExpectedCall => ({ name: 'add_task', args: { title, ...extra } });
const list = (args: Record<string, unknown> = {}): ExpectedCall => ({ name: 'list_tasks', args });
const done = (id: number): ExpectedCall => ({ name: 'complete_task', args: { task_id: id, completed: true } });
const reopen = (id: number): ExpectedCall => ({ name: 'complete_task', args: { task_id: id, completed: false } });
const update = (id: number, patch: Record<string, unknown>): ExpectedCall => ({
  name: 'update_task',
  args: { task_id: id, ...patch },
});
const del = (id: number): ExpectedCall => ({ name: 'delete_task', args: { task_id: id } });

const TODAY = '2026-11-24';
const TOMORROW = '2026-11-25';
const THURSDAY = '2026-11-26';
const FRIDAY = '2026-11-27';
const SATURDAY = '2026-11-28';
const SUNDAY = '2026-11-29';
const MONDAY = '2026-11-30';
const HIGH = 'Priority: high';
const LOW = 'Priority: low';

const HELP = /You can say things like/;
const HELLO = /^Hello! I can add/;
const NOT_UNDERSTOOD = /^Sorry, I didn't understand/;
const ENGLISH_ONLY = /^Sorry — I understand English only, so I left your list as it was/;
const OFFER = (title: string) => new RegExp(`^Should I add “${title}”`);
const ADDED = (title: string) => new RegExp(`I added “${title}”`);
const SEVERAL = (n: number) => new RegExp(`I added ${n} tasks:`);
const REOPENED = (title: string, id: number) => new RegExp(`“${title}” \\(#${id}\\) is open again`);
const MARKED = (title: string, id: number) => new RegExp(`marked “${title}” \\(#${id}\\) as done`);
const OTHERS = /only see and change your own tasks/;

function cases(kind: string, rows: Omit<CorpusCase, 'kind'>[]): CorpusCase[] {
  return rows.map((r) => ({ kind, ...r }));
}

export const CORPUS: CorpusCase[] = [
  // ================================================================ issue #19 §3's classes
  ...cases('implicit add with a date or lead-in', [
    {
      say: 'note to self: renew passport by friday',
      calls: [add('renew passport', { due_date: FRIDAY })],
      reply: ADDED('renew passport'),
    },
    {
      say: 'Note to self - call the plumber tomorrow',
      calls: [add('call the plumber', { due_date: TOMORROW })],
      reply: /due tomorrow \(2026-11-25\)/,
    },
    {
      say: 'note to self, pick up dry cleaning on saturday',
      calls: [add('pick up dry cleaning', { due_date: SATURDAY })],
      reply: ADDED('pick up dry cleaning'),
    },
    {
      say: 'memo to self: send the invoice next week',
      calls: [add('send the invoice', { due_date: MONDAY })],
      reply: ADDED('send the invoice'),
    },
    {
      say: 'mental note: buy a birthday card for Ana by Thursday',
      calls: [add('buy a birthday card for Ana', { due_date: THURSDAY })],
      reply: ADDED('buy a birthday card for Ana'),
    },
    {
      say: 'remind me to renew the passport by friday',
      calls: [add('renew the passport', { due_date: FRIDAY })],
      reply: /due Fri 27 Nov \(2026-11-27\)/,
    },
    {
      say: 'Remind me to call the bank tomorrow',
      calls: [add('call the bank', { due_date: TOMORROW })],
      reply: ADDED('call the bank'),
    },
    {
      say: 'remind me about the dentist on Monday',
      calls: [add('the dentist', { due_date: MONDAY })],
      reply: ADDED('the dentist'),
    },
    {
      say: 'please remind me to water the plants this weekend',
      calls: [add('water the plants', { due_date: SATURDAY })],
      reply: ADDED('water the plants'),
    },
    {
      say: 'can you remind me to pay the gas bill in 3 days',
      calls: [add('pay the gas bill', { due_date: FRIDAY })],
      reply: ADDED('pay the gas bill'),
    },
    {
      say: "don't forget to email Sam on Dec 3",
      calls: [add('email Sam', { due_date: '2026-12-03' })],
      reply: ADDED('email Sam'),
    },
    {
      say: 'dont forget: book the car service next month',
      calls: [add('book the car service', { due_date: '2026-12-01' })],
      reply: ADDED('book the car service'),
    },
    {
      say: "don't let me forget to buy stamps tomorrow",
      calls: [add('buy stamps', { due_date: TOMORROW })],
      reply: ADDED('buy stamps'),
    },
    {
      say: 'remember to order contact lenses by end of month',
      calls: [add('order contact lenses', { due_date: MONDAY })],
      reply: ADDED('order contact lenses'),
    },
    {
      say: 'make sure I submit the timesheet by Friday',
      calls: [add('submit the timesheet', { due_date: FRIDAY })],
      reply: ADDED('submit the timesheet'),
    },
    {
      say: 'I need to renew my license next week',
      calls: [add('renew my license', { due_date: MONDAY })],
      reply: ADDED('renew my license'),
    },
    {
      say: 'I have to return the library books on Thursday',
      calls: [add('return the library books', { due_date: THURSDAY })],
      reply: ADDED('return the library books'),
    },
    {
      say: 'gotta fix the bike tomorrow',
      calls: [add('fix the bike', { due_date: TOMORROW })],
      reply: ADDED('fix the bike'),
    },
    {
      say: 'I should call grandma this weekend',
      calls: [add('call grandma', { due_date: SATURDAY })],
      reply: ADDED('call grandma'),
    },
    {
      say: "I'm going to clean the oven tomorrow",
      calls: [add('clean the oven', { due_date: TOMORROW })],
      reply: ADDED('clean the oven'),
    },
    {
      say: 'must pay the parking fine by 2026-12-10',
      calls: [add('pay the parking fine', { due_date: '2026-12-10' })],
      reply: ADDED('pay the parking fine'),
    },
    {
      say: 'todo: defrost the freezer on sunday',
      calls: [add('defrost the freezer', { due_date: SUNDAY })],
      reply: ADDED('defrost the freezer'),
    },
    {
      say: 'reminder: dentist check-up on December 2nd',
      calls: [add('dentist check-up', { due_date: '2026-12-02' })],
      reply: ADDED('dentist check-up'),
    },
    {
      say: 'renew the passport by friday',
      calls: [add('renew the passport', { due_date: FRIDAY })],
      reply: ADDED('renew the passport'),
    },
    {
      say: 'call the landlord tomorrow',
      calls: [add('call the landlord', { due_date: TOMORROW })],
      reply: ADDED('call the landlord'),
    },
    {
      say: 'Buy a present for Tom on Saturday',
      calls: [add('Buy a present for Tom', { due_date: SATURDAY })],
      reply: ADDED('Buy a present for Tom'),
    },
    {
      say: 'pay the water bill by the end of the month',
      calls: [add('pay the water bill', { due_date: MONDAY })],
      reply: ADDED('pay the water bill'),
    },
    {
      say: 'book flights to Lisbon next week',
      calls: [add('book flights to Lisbon', { due_date: MONDAY })],
      reply: ADDED('book flights to Lisbon'),
    },
    {
      say: 'send the contract in 2 days',
      calls: [add('send the contract', { due_date: THURSDAY })],
      reply: ADDED('send the contract'),
    },
    {
      say: 'pick up the kids on Friday',
      calls: [add('pick up the kids', { due_date: FRIDAY })],
      reply: ADDED('pick up the kids'),
    },
    {
      say: 'water the plants the day after tomorrow',
      calls: [add('water the plants', { due_date: THURSDAY })],
      reply: ADDED('water the plants'),
    },
    {
      say: 'submit expenses due Monday',
      calls: [add('submit expenses', { due_date: MONDAY })],
      reply: ADDED('submit expenses'),
    },
    {
      say: 'return the parcel by Dec 1',
      calls: [add('return the parcel', { due_date: '2026-12-01' })],
      reply: ADDED('return the parcel'),
    },
    { say: 'read the news today', calls: [add('read the news', { due_date: TODAY })], reply: ADDED('read the news') },
    {
      say: 'email the landlord tonight',
      calls: [add('email the landlord', { due_date: TODAY })],
      reply: /due today \(2026-11-24\)/,
    },
    { say: 'wash the car on Sunday', calls: [add('wash the car', { due_date: SUNDAY })], reply: ADDED('wash the car') },
    {
      say: 'get a haircut on Thursday',
      calls: [add('get a haircut', { due_date: THURSDAY })],
      reply: ADDED('get a haircut'),
    },
    {
      say: 'prepare slides for Monday',
      calls: [add('prepare slides', { due_date: MONDAY })],
      reply: ADDED('prepare slides'),
    },
    {
      say: 'fix the leaking tap tomorrow morning',
      calls: [add('fix the leaking tap', { due_date: TOMORROW })],
      reply: ADDED('fix the leaking tap'),
    },
    {
      say: 'call mom at 6pm',
      calls: [add('call mom', { description: 'at 6pm', due_date: TOMORROW })],
      reply: /due tomorrow \(2026-11-25\) with your note/,
    },
    {
      say: 'dentist appointment friday',
      calls: [],
      reply: /^Should I add “dentist appointment”, due Fri 27 Nov \(2026-11-27\), as a new task\?/,
    },
    { say: 'team lunch on Thursday', calls: [], reply: OFFER('team lunch') },
    {
      before: ['dentist appointment friday'],
      say: 'yes',
      calls: [add('dentist appointment', { due_date: FRIDAY })],
      reply: ADDED('dentist appointment'),
    },
    {
      before: ['parents evening on the 3rd of December'],
      say: 'sure',
      calls: [add('parents evening', { due_date: '2026-12-03' })],
      reply: ADDED('parents evening'),
    },
    { before: ['team lunch on Thursday'], say: 'no', calls: [], reply: /left everything/ },
    {
      say: 'NB: call the bank tomorrow',
      calls: [add('call the bank', { due_date: TOMORROW })],
      reply: ADDED('call the bank'),
    },
    {
      say: 'Note to self: pick up the dry cleaning Thursday',
      calls: [add('pick up the dry cleaning', { due_date: THURSDAY })],
      reply: ADDED('pick up the dry cleaning'),
    },
    {
      say: 'Remind me: call the vet next Tuesday',
      calls: [add('call the vet', { due_date: '2026-12-01' })],
      reply: ADDED('call the vet'),
    },
    {
      say: 'pay council tax by 1 december',
      calls: [add('pay council tax', { due_date: '2026-12-01' })],
      reply: ADDED('pay council tax'),
    },
    { say: 'remind me', calls: [], reply: /What should the task be/ },
    {
      say: 'by friday I need to finish the essay',
      calls: [add('finish the essay', { due_date: FRIDAY })],
      reply: ADDED('finish the essay'),
    },
    {
      say: 'on monday, call the bank',
      calls: [add('call the bank', { due_date: MONDAY })],
      reply: ADDED('call the bank'),
    },
    {
      say: 'tomorrow: dentist at 3pm',
      calls: [],
      reply: /^Should I add “dentist”, due tomorrow \(2026-11-25\), as a new task\?/,
    },
    {
      say: 'finish the essay by the end of the week',
      calls: [add('finish the essay', { due_date: FRIDAY })],
      reply: ADDED('finish the essay'),
    },
    {
      say: 'remind me on friday to call the accountant',
      calls: [add('call the accountant', { due_date: FRIDAY })],
      reply: ADDED('call the accountant'),
    },
    {
      say: 'note to self: get the car serviced before december 5',
      calls: [add('get the car serviced', { due_date: '2026-12-05' })],
      reply: ADDED('get the car serviced'),
    },
    { say: 'note to self:', calls: [], reply: /What should the task be/ },
  ]),

  ...cases('greeting with more words', [
    { say: 'hi there, what can you do?', calls: [], reply: HELP },
    { say: 'Hello! How does this work?', calls: [], reply: HELP },
    { say: 'hey, what can you do for me', calls: [], reply: HELP },
    { say: 'good morning, can you help me?', calls: [], reply: HELP },
    { say: 'hi! help', calls: [], reply: HELP },
    { say: 'hello there, who are you?', calls: [], reply: HELP },
    { say: 'hey bot, what are your commands?', calls: [], reply: HELP },
    { say: 'Hi, how do I use this?', calls: [], reply: HELP },
    { say: 'hiya, any tips?', calls: [], reply: HELP },
    { say: 'good evening! what do you understand?', calls: [], reply: HELP },
    { say: 'hello again, what can I say?', calls: [], reply: HELP },
    { say: 'hey there! I need help', calls: [], reply: HELP },
    { say: 'yo, what can you do', calls: [], reply: HELP },
    { say: 'hi, how do I delete a task?', calls: [], reply: HELP },
    { say: 'hey there! could you tell me what you can do?', calls: [], reply: HELP },
    { say: 'hello there! what are you able to help me with?', calls: [], reply: HELP },
    { say: 'Hi, what kind of things do you understand?', calls: [], reply: HELP },
    { say: "hey, I'm new here. what can you do?", calls: [], reply: HELP },
    { say: 'hello, what sort of things can you help with?', calls: [], reply: HELP },
    { say: "hey what's this app for", calls: [], reply: HELP },
    { say: 'hi there', calls: [], reply: HELLO },
    { say: 'hello bot', calls: [], reply: HELLO },
    { say: 'Good afternoon!', calls: [], reply: HELLO },
    { say: 'hey hey', calls: [], reply: HELLO },
    { say: 'morning!', calls: [], reply: HELLO },
    { say: "morning! what's due today?", calls: [list({ due: 'today' })], reply: /walk the dog/ },
    { say: 'hi, thanks!', calls: [], reply: /welcome/ },
    { say: 'hello, how are you?', calls: [], reply: /doing well/ },
    { say: "hi! what's up?", calls: [], reply: /doing well/ },
    { say: 'hi, add buy eggs tomorrow', calls: [add('buy eggs', { due_date: TOMORROW })], reply: ADDED('buy eggs') },
    { say: 'hello, what is still open?', calls: [list({ status: 'open' })], reply: /You have 8 open tasks/ },
    { say: 'hey there, mark 2 done', calls: [done(2)], reply: MARKED('call mom', 2) },
    { say: "hi there, what's due tomorrow?", calls: [list({ due: 'upcoming' })], reply: /1 task due tomorrow/ },
    {
      say: 'good morning! remind me to call the vet on friday',
      calls: [add('call the vet', { due_date: FRIDAY })],
      reply: ADDED('call the vet'),
    },
  ]),

  ...cases('correction', [
    { before: ['mark 2 done'], say: 'actually, not done yet', calls: [reopen(2)], reply: REOPENED('call mom', 2) },
    { before: ['I called mom'], say: "oops, that wasn't finished", calls: [reopen(2)], reply: REOPENED('call mom', 2) },
    { before: ['complete #6'], say: "wait, it's not done", calls: [reopen(6)], reply: REOPENED('write report', 6) },
    {
      before: ['check off write report'],
      say: "sorry, I haven't finished it yet",
      calls: [reopen(6)],
      reply: REOPENED('write report', 6),
    },
    {
      before: ['mark walk the dog as done'],
      say: 'not done yet',
      calls: [reopen(4)],
      reply: REOPENED('walk the dog', 4),
    },
    { before: ['done with 7'], say: 'hmm, not finished actually', calls: [reopen(7)], reply: REOPENED('buy bread', 7) },
    { before: ['mark 2 done'], say: 'my bad, it is still open', calls: [reopen(2)], reply: REOPENED('call mom', 2) },
    {
      before: ['finish task 4'],
      say: "oops I didn't do that yet",
      calls: [reopen(4)],
      reply: REOPENED('walk the dog', 4),
    },
    { before: ['mark 2 done'], say: "nope, I'm not done with it", calls: [reopen(2)], reply: REOPENED('call mom', 2) },
    {
      before: ['mark 2 done'],
      say: 'actually I am still working on it',
      calls: [reopen(2)],
      reply: REOPENED('call mom', 2),
    },
    {
      before: ['mark 2 done'],
      say: "whoops, that one isn't complete",
      calls: [reopen(2)],
      reply: REOPENED('call mom', 2),
    },
    {
      before: ['mark 2 done'],
      say: 'oh no, I marked that by mistake',
      calls: [reopen(2)],
      reply: REOPENED('call mom', 2),
    },
    {
      before: ['complete 2, 4 and #6'],
      say: 'actually, those are not done yet',
      calls: [reopen(2), reopen(4), reopen(6)],
      reply: REOPENED('write report', 6),
    },
    {
      before: ['mark 2 done', 'add buy eggs'],
      say: 'actually, not done yet',
      calls: [reopen(2)],
      reply: REOPENED('call mom', 2),
    },
    {
      before: ['mark 2 done'],
      say: "wait, that's not right, it's not done",
      calls: [reopen(2)],
      reply: REOPENED('call mom', 2),
    },
    { before: ['mark 2 done'], say: 'hmm no, still open', calls: [reopen(2)], reply: REOPENED('call mom', 2) },
    { before: ['mark 2 done'], say: 'I lied, not done', calls: [reopen(2)], reply: REOPENED('call mom', 2) },
    {
      before: ['mark 2 done'],
      say: 'oops I meant #7',
      calls: [reopen(2), done(7)],
      reply: /“call mom” \(#2\) is open again\.\nNice work! I marked “buy bread” \(#7\) as done\./,
    },
    {
      before: ['mark 2 done'],
      say: 'sorry, I meant buy bread, not that one',
      calls: [reopen(2), done(7)],
      reply: MARKED('buy bread', 7),
    },
    { say: 'I meant #7', calls: [], reply: /^Which change do you mean\?/ },
    { say: 'actually, not done yet', calls: [], reply: /haven't marked anything done in this conversation/ },
    {
      before: ['I finished the report'],
      say: "actually I haven't",
      calls: [reopen(6)],
      reply: REOPENED('write report', 6),
    },
    {
      before: ['mark 6 done'],
      say: "sorry that one's still in progress",
      calls: [reopen(6)],
      reply: REOPENED('write report', 6),
    },
    { before: ['mark 6 done'], say: 'uh oh, not done', calls: [reopen(6)], reply: REOPENED('write report', 6) },
    {
      before: ['mark 2 done'],
      say: 'actually, I still need to do that',
      calls: [reopen(2)],
      reply: REOPENED('call mom', 2),
    },
    {
      before: ['mark 2 done'],
      say: "oops, didn't mean to mark that",
      calls: [reopen(2)],
      reply: REOPENED('call mom', 2),
    },
    {
      before: ['mark 6 done'],
      say: 'put it back',
      calls: [update(6, { completed: false })],
      reply: /back as it was \(open\)/,
    },
    {
      before: ['mark 2 done'],
      say: "hold on, don't mark it done yet",
      calls: [reopen(2)],
      reply: REOPENED('call mom', 2),
    },
    {
      before: ['mark 2 done'],
      say: "actually, call mom isn't done",
      calls: [reopen(2)],
      reply: REOPENED('call mom', 2),
    },
    { before: ['I did call mom'], say: "I didn't finish it", calls: [reopen(2)], reply: REOPENED('call mom', 2) },
    {
      before: ['mark 2 done'],
      say: "scratch that, it's still pending",
      calls: [reopen(2)],
      reply: REOPENED('call mom', 2),
    },
    { before: ['mark 2 done'], say: 'keep it open', calls: [reopen(2)], reply: REOPENED('call mom', 2) },
    { before: ['mark 2 done'], say: 'it should still be open', calls: [reopen(2)], reply: REOPENED('call mom', 2) },
    { before: ['mark 2 done'], say: 'actually, not yet', calls: [reopen(2)], reply: REOPENED('call mom', 2) },
    {
      before: ['mark 2 done'],
      say: 'undo, not done yet',
      calls: [update(2, { completed: false })],
      reply: /back as it was \(open\)/,
    },
    {
      before: ['mark 2 done'],
      say: "hmm actually that's not finished",
      calls: [reopen(2)],
      reply: REOPENED('call mom', 2),
    },
    {
      before: ['mark 2 done'],
      say: 'that was the wrong one',
      calls: [update(2, { completed: false })],
      reply: /put “call mom” \(#2\) back as it was \(open\)/,
    },
    {
      before: ['mark 2 done'],
      say: "what's not done yet?",
      calls: [list({ status: 'open' })],
      reply: /You have 7 open tasks/,
    },
    {
      before: ['mark 2 done', 'actually, not done yet'],
      say: 'not done yet',
      calls: [],
      reply: /“call mom” \(#2\) is already open/,
    },
  ]),

  ...cases('several tasks in one message', [
    {
      say: 'add 3 tasks: wash the car, call Alice, book a table',
      calls: [add('wash the car'), add('call Alice'), add('book a table')],
      reply: /I added 3 tasks:\n• #11 “wash the car”\n• #12 “call Alice”\n• #13 “book a table”/,
    },
    { say: 'add milk, eggs and bread', calls: [add('milk'), add('eggs'), add('bread')], reply: SEVERAL(3) },
    {
      say: 'add buy milk, eggs and bread',
      calls: [add('buy milk'), add('buy eggs'), add('buy bread')],
      reply: SEVERAL(3),
    },
    { say: 'add two things: stamps and envelopes', calls: [add('stamps'), add('envelopes')], reply: SEVERAL(2) },
    {
      say: 'add these: charge the drill; oil the hinges; sweep the porch',
      calls: [add('charge the drill'), add('oil the hinges'), add('sweep the porch')],
      reply: SEVERAL(3),
    },
    {
      say: 'add the following: renew the lease, fix the gate, paint the fence',
      calls: [add('renew the lease'), add('fix the gate'), add('paint the fence')],
      reply: SEVERAL(3),
    },
    {
      say: 'add 4 tasks: apples, pears, plums, grapes',
      calls: [add('apples'), add('pears'), add('plums'), add('grapes')],
      reply: SEVERAL(4),
    },
    {
      say: 'add 3 tasks: call Ana, email Ben',
      calls: [add('call Ana'), add('email Ben')],
      reply: /^You said 3 but I found 2\. Got it — I added 2 tasks:/,
    },
    { say: 'add apples, pears, and plums', calls: [add('apples'), add('pears'), add('plums')], reply: SEVERAL(3) },
    {
      say: 'add call the bank, renew insurance and book the vet tomorrow',
      calls: [
        add('call the bank', { due_date: TOMORROW }),
        add('renew insurance', { due_date: TOMORROW }),
        add('book the vet', { due_date: TOMORROW }),
      ],
      reply: /“book the vet”, due tomorrow \(2026-11-25\)/,
    },
    {
      say: 'add pay rent friday, call mom tomorrow and water plants',
      calls: [add('pay rent', { due_date: FRIDAY }), add('call mom', { due_date: TOMORROW }), add('water plants')],
      reply: SEVERAL(3),
    },
    {
      say: 'remind me to call Ana, email Ben and text Carl',
      calls: [add('call Ana'), add('email Ben'), add('text Carl')],
      reply: SEVERAL(3),
    },
    {
      say: 'I need to buy milk, bread and cheese',
      calls: [add('buy milk'), add('buy bread'), add('buy cheese')],
      reply: SEVERAL(3),
    },
    { say: 'new tasks: sweep, mop, dust', calls: [add('sweep'), add('mop'), add('dust')], reply: SEVERAL(3) },
    {
      say: 'add 2 todos: book the hall, order the cake',
      calls: [add('book the hall'), add('order the cake')],
      reply: SEVERAL(2),
    },
    {
      say: 'add three items: tape, glue and string',
      calls: [add('tape'), add('glue'), add('string')],
      reply: SEVERAL(3),
    },
    {
      say: 'add a few things: nails, screws and a hammer',
      calls: [add('nails'), add('screws'), add('a hammer')],
      reply: SEVERAL(3),
    },
    {
      say: 'put eggs, flour and sugar on my list',
      calls: [add('eggs'), add('flour'), add('sugar')],
      reply: SEVERAL(3),
    },
    {
      say: 'add to my list: paint, brushes, tape',
      calls: [add('paint'), add('brushes'), add('tape')],
      reply: SEVERAL(3),
    },
    { say: 'add milk, eggs, bread', calls: [add('milk'), add('eggs'), add('bread')], reply: SEVERAL(3) },
    {
      say: 'add these 3 tasks: sand, varnish, polish',
      calls: [add('sand'), add('varnish'), add('polish')],
      reply: SEVERAL(3),
    },
    { say: 'add eggs, milk', calls: [add('eggs'), add('milk')], reply: SEVERAL(2) },
    {
      say: 'add call mom, about the trip',
      calls: [add('call mom, about the trip')],
      reply: ADDED('call mom, about the trip'),
    },
    { say: 'add pay rent, tomorrow', calls: [add('pay rent', { due_date: TOMORROW })], reply: ADDED('pay rent') },
    { say: 'add walk dog; feed cat', calls: [add('walk dog'), add('feed cat')], reply: SEVERAL(2) },
    {
      say: 'add to my todo list eggs, milk and bread',
      calls: [add('eggs'), add('milk'), add('bread')],
      reply: SEVERAL(3),
    },
    { say: 'add three: milk, eggs, flour', calls: [add('milk'), add('eggs'), add('flour')], reply: SEVERAL(3) },
    {
      say: 'remind me to call mom, dad and my sister on sunday',
      calls: [
        add('call mom', { due_date: SUNDAY }),
        add('call dad', { due_date: SUNDAY }),
        add('call my sister', { due_date: SUNDAY }),
      ],
      reply: SEVERAL(3),
    },
    {
      say: 'todo: wash car, buy milk, call mom',
      calls: [add('wash car'), add('buy milk'), add('call mom')],
      reply: SEVERAL(3),
    },
    { say: 'please add: eggs; milk; cheese', calls: [add('eggs'), add('milk'), add('cheese')], reply: SEVERAL(3) },
    {
      say: 'add the following tasks: call ana, call ben, call carl',
      calls: [add('call ana'), add('call ben'), add('call carl')],
      reply: SEVERAL(3),
    },
    {
      say: 'add 3 things to my list: rice, beans, corn',
      calls: [add('rice'), add('beans'), add('corn')],
      reply: SEVERAL(3),
    },
    {
      say: 'add urgent: fix the roof, call the insurer and book a builder',
      calls: [
        add('fix the roof', { description: HIGH }),
        add('call the insurer', { description: HIGH }),
        add('book a builder', { description: HIGH }),
      ],
      reply: /high priority/,
    },
    {
      say: 'add two things: call mom and dad, buy flowers',
      calls: [add('call mom and dad'), add('buy flowers')],
      reply: SEVERAL(2),
    },
    {
      say: `add ${Array.from({ length: 21 }, (_, i) => `item${i + 1}`).join(', ')}`,
      calls: [],
      reply: /That is 21 tasks in one message; I add at most 20/,
    },
    { say: 'add call mom and dad', calls: [add('call mom and dad')], reply: ADDED('call mom and dad') },
    { say: 'add 3 tasks', calls: [], reply: /^Which ones\? Put them after a colon/ },
    { say: 'add these', calls: [], reply: /^Which ones\?/ },
    { say: 'add salt and pepper', calls: [add('salt and pepper')], reply: ADDED('salt and pepper') },
    {
      say: 'add pick up the kids, then cook dinner',
      calls: [add('pick up the kids, then cook dinner')],
      reply: ADDED('pick up the kids, then cook dinner'),
    },
    {
      say: 'add call the bank - about the card, the loan and the mortgage',
      calls: [add('call the bank', { description: 'about the card, the loan and the mortgage' })],
      reply: ADDED('call the bank'),
    },
    {
      before: ['add milk, eggs and bread'],
      say: 'undo',
      calls: [del(13), del(12), del(11)],
      reply: /I removed “bread” \(#13\) again/,
    },
  ]),

  ...cases('date question', [
    {
      say: "what's due tomorrow?",
      calls: [list({ due: 'upcoming' })],
      reply: /^You have 1 task due tomorrow \(2026-11-25\):\n1\. #1 buy milk \(due tomorrow\)$/,
    },
    {
      say: 'anything for tomorrow?',
      calls: [list({ due: 'upcoming' })],
      reply: /^You have 1 task due tomorrow \(2026-11-25\):\n1\. #1 buy milk/,
    },
    { say: 'what do I have tomorrow?', calls: [list({ due: 'upcoming' })], reply: /1 task due tomorrow/ },
    { say: 'do I have anything due tomorrow?', calls: [list({ due: 'upcoming' })], reply: /1 task due tomorrow/ },
    { say: 'tasks for tomorrow', calls: [list({ due: 'upcoming' })], reply: /1 task due tomorrow/ },
    { say: "show me tomorrow's tasks", calls: [list({ due: 'upcoming' })], reply: /1 task due tomorrow/ },
    { say: 'tomorrow?', calls: [list({ due: 'upcoming' })], reply: /1 task due tomorrow/ },
    { say: 'is anything due tomorrow?', calls: [list({ due: 'upcoming' })], reply: /1 task due tomorrow/ },
    { say: 'list tasks due tomorrow', calls: [list({ due: 'upcoming' })], reply: /1 task due tomorrow/ },
    {
      say: 'what do I still have to do tomorrow?',
      calls: [list({ status: 'open', due: 'upcoming' })],
      reply: /^You have 1 open task due tomorrow/,
    },
    {
      say: 'what is due on Friday?',
      calls: [list({ due: 'upcoming' })],
      reply: /^You have 1 task due on Fri 27 Nov \(2026-11-27\):\n1\. #6 write report/,
    },
    { say: 'anything on friday?', calls: [list({ due: 'upcoming' })], reply: /#6 write report/ },
    {
      say: "what's planned for Saturday?",
      calls: [list({ due: 'upcoming' })],
      reply: /1 task due on Sat 28 Nov \(2026-11-28\):\n1\. #9 clean the garage/,
    },
    {
      say: 'what is due this weekend?',
      calls: [list({ due: 'upcoming' })],
      reply: /1 task due this weekend \(Sat 28 Nov – Sun 29 Nov\):\n1\. #9 clean the garage/,
    },
    { say: 'anything for the weekend?', calls: [list({ due: 'upcoming' })], reply: /#9 clean the garage/ },
    {
      say: "what's due next week?",
      calls: [list({ due: 'upcoming' })],
      reply: /^You have 1 task due next week \(Mon 30 Nov – Sun 6 Dec\):\n1\. #8 renew passport/,
    },
    { say: "what's happening next week?", calls: [list({ due: 'upcoming' })], reply: /#8 renew passport/ },
    {
      say: 'anything due on Dec 1?',
      calls: [list({ due: 'upcoming' })],
      reply: /1 task due on Tue 1 Dec \(2026-12-01\)/,
    },
    { say: 'what is due on 2026-12-01?', calls: [list({ due: 'upcoming' })], reply: /#8 renew passport/ },
    {
      say: 'what was due yesterday?',
      calls: [list()],
      reply: /^You have 1 task due yesterday \(2026-11-23\):\n1\. #10 file taxes \(done\)/,
    },
    {
      say: 'anything due the day after tomorrow?',
      calls: [list({ due: 'upcoming' })],
      reply: /^You have nothing due on Thu 26 Nov \(2026-11-26\)\.$/,
    },
    { say: "what's due on Thursday", calls: [list({ due: 'upcoming' })], reply: /nothing due on Thu 26 Nov/ },
    {
      say: 'what do i have on monday',
      calls: [list({ due: 'upcoming' })],
      reply: /^You have nothing due on Mon 30 Nov \(2026-11-30\)\.$/,
    },
    {
      say: 'do I have a dentist appointment on friday?',
      calls: [list({ due: 'upcoming' })],
      reply: /^You have nothing due on Fri 27 Nov \(2026-11-27\) matching “dentist appointment”\.$/,
    },
    {
      say: 'is there a report due friday?',
      calls: [list({ due: 'upcoming' })],
      reply: /1 task due on Fri 27 Nov \(2026-11-27\) matching “report”:\n1\. #6 write report/,
    },
    { say: 'check my tasks for friday', calls: [list({ due: 'upcoming' })], reply: /#6 write report/ },
    { say: "yo what's up with tomorrow", calls: [list({ due: 'upcoming' })], reply: /1 task due tomorrow/ },
    {
      say: "what's due on the 1st?",
      calls: [list({ due: 'upcoming' })],
      reply: /1 task due on Tue 1 Dec \(2026-12-01\):\n1\. #8 renew passport/,
    },
    { say: 'what needs doing tomorrow?', calls: [list({ due: 'upcoming' })], reply: /1 task due tomorrow/ },
    { say: "friday's tasks", calls: [list({ due: 'upcoming' })], reply: /#6 write report/ },
    {
      say: 'any deadlines this week?',
      calls: [list({ due: 'upcoming' })],
      reply: /^You have 4 tasks due this week \(today – Sun 29 Nov\):/,
    },
    {
      say: "what's due this month?",
      calls: [list({ due: 'upcoming' })],
      reply: /^You have 4 tasks due this month \(today – Mon 30 Nov\):/,
    },
    {
      say: "what's due next month?",
      calls: [list({ due: 'upcoming' })],
      reply: /^You have 1 task due next month \(Tue 1 Dec – Thu 31 Dec\):\n1\. #8 renew passport/,
    },
    { say: "what's my schedule tomorrow?", calls: [list({ due: 'upcoming' })], reply: /1 task due tomorrow/ },
    {
      say: "what's due by the end of this week?",
      calls: [list({ due: 'upcoming' })],
      reply: /^You have 3 tasks due by Fri 27 Nov \(2026-11-27\):/,
    },
    { say: 'check if I have anything tomorrow', calls: [list({ due: 'upcoming' })], reply: /1 task due tomorrow/ },
    { say: 'upcoming tasks for next week', calls: [list({ due: 'upcoming' })], reply: /#8 renew passport/ },
    {
      say: "what's due on wednesday?",
      calls: [list({ due: 'upcoming' })],
      reply: /^You have 1 task due tomorrow \(2026-11-25\):/,
    },
    { say: 'do I have anything due next tuesday?', calls: [list({ due: 'upcoming' })], reply: /#8 renew passport/ },
    { say: 'whats due tmrw', calls: [list({ due: 'upcoming' })], reply: /1 task due tomorrow/ },
    {
      say: 'do I need to do anything tomorrow?',
      calls: [list({ status: 'open', due: 'upcoming' })],
      reply: /1 open task due tomorrow/,
    },
    { say: 'what is due in 3 days?', calls: [list({ due: 'upcoming' })], reply: /#6 write report/ },
    {
      say: "what's due by friday?",
      calls: [list({ due: 'upcoming' })],
      reply:
        /^You have 3 tasks due by Fri 27 Nov \(2026-11-27\):\n1\. #4 walk the dog[^\n]*\n2\. #1 buy milk[^\n]*\n3\. #6 write report/,
    },
    { say: "what's on my plate for friday?", calls: [list({ due: 'upcoming' })], reply: /#6 write report/ },
    {
      say: "what's due tomorrow and friday?",
      calls: [list({ due: 'upcoming' })],
      reply:
        /^You have 2 tasks due tomorrow \(2026-11-25\) or on Fri 27 Nov \(2026-11-27\):\n1\. #1 buy milk[^\n]*\n2\. #6 write report/,
    },
    {
      say: 'anything due saturday or sunday?',
      calls: [list({ due: 'upcoming' })],
      reply:
        /^You have 1 task due on Sat 28 Nov \(2026-11-28\) or on Sun 29 Nov \(2026-11-29\):\n1\. #9 clean the garage/,
    },
    {
      before: ["what's due tomorrow?"],
      say: 'what about friday?',
      calls: [list({ due: 'upcoming' })],
      reply: /#6 write report/,
    },
    {
      before: ["what's due tomorrow?"],
      say: 'and saturday?',
      calls: [list({ due: 'upcoming' })],
      reply: /#9 clean the garage/,
    },
    {
      say: 'what is due today?',
      calls: [list({ due: 'today' })],
      reply: /^You have 1 task due today:\n1\. #4 walk the dog/,
    },
    { say: 'anything due tonight?', calls: [list({ due: 'today' })], reply: /walk the dog/ },
    {
      say: "what's overdue?",
      calls: [list({ status: 'open', due: 'overdue' })],
      reply: /#5 book dentist appointment \(overdue/,
    },
    {
      before: ['mark 1 done'],
      say: "what's still open for tomorrow?",
      calls: [list({ status: 'open', due: 'upcoming' })],
      reply: /^You have nothing open due tomorrow \(2026-11-25\)\.$/,
    },
    {
      before: ["what's due tomorrow?"],
      say: 'mark the first one done',
      calls: [done(1)],
      reply: MARKED('buy milk', 1),
    },
  ]),

  ...cases('priority words', [
    {
      say: 'add urgent: call alice',
      calls: [add('call alice', { description: HIGH })],
      reply: /I added “call alice”, high priority \(noted in its description\)\. It's task #11\./,
    },
    {
      say: 'add high priority: renew the car insurance',
      calls: [add('renew the car insurance', { description: HIGH })],
      reply: /high priority/,
    },
    {
      say: 'add an urgent task to fix the boiler',
      calls: [add('fix the boiler', { description: HIGH })],
      reply: ADDED('fix the boiler'),
    },
    {
      say: 'add urgent task: fix the boiler',
      calls: [add('fix the boiler', { description: HIGH })],
      reply: ADDED('fix the boiler'),
    },
    { say: 'add call alice (urgent)', calls: [add('call alice', { description: HIGH })], reply: ADDED('call alice') },
    { say: 'add call alice - urgent', calls: [add('call alice', { description: HIGH })], reply: ADDED('call alice') },
    {
      say: 'add call alice, high priority',
      calls: [add('call alice', { description: HIGH })],
      reply: ADDED('call alice'),
    },
    { say: 'add call alice asap', calls: [add('call alice', { description: HIGH })], reply: ADDED('call alice') },
    {
      say: 'add call alice as high priority',
      calls: [add('call alice', { description: HIGH })],
      reply: ADDED('call alice'),
    },
    { say: 'urgent: call alice', calls: [add('call alice', { description: HIGH })], reply: ADDED('call alice') },
    {
      say: 'important: send the tax form by friday',
      calls: [add('send the tax form', { description: HIGH, due_date: FRIDAY })],
      reply: /“send the tax form”, due Fri 27 Nov \(2026-11-27\), high priority/,
    },
    {
      say: 'add low priority: clean the attic',
      calls: [add('clean the attic', { description: LOW })],
      reply: /low priority/,
    },
    {
      say: 'add clean the attic (low priority)',
      calls: [add('clean the attic', { description: LOW })],
      reply: /low priority/,
    },
    {
      say: 'add clean the attic, no rush',
      calls: [add('clean the attic', { description: LOW })],
      reply: /low priority/,
    },
    {
      say: 'add clean the attic, whenever',
      calls: [add('clean the attic', { description: LOW })],
      reply: /low priority/,
    },
    {
      say: 'add priority high: book the MOT',
      calls: [add('book the MOT', { description: HIGH })],
      reply: ADDED('book the MOT'),
    },
    {
      say: 'add urgent: call the bank tomorrow - about the card',
      calls: [add('call the bank', { description: `about the card\n${HIGH}`, due_date: TOMORROW })],
      reply: /high priority \(noted in its description\) with your note/,
    },
    {
      say: 'remind me to call alice tomorrow, urgent',
      calls: [add('call alice', { description: HIGH, due_date: TOMORROW })],
      reply: ADDED('call alice'),
    },
    {
      say: 'add important meeting prep',
      calls: [add('important meeting prep')],
      reply: /^Got it — I added “important meeting prep”\. It's task #11\.$/,
    },
    {
      say: 'add top priority: submit the grant',
      calls: [add('submit the grant', { description: HIGH })],
      reply: ADDED('submit the grant'),
    },
    {
      say: 'add p1: fix the login bug',
      calls: [add('fix the login bug', { description: HIGH })],
      reply: ADDED('fix the login bug'),
    },
    {
      say: 'add asap: call the plumber',
      calls: [add('call the plumber', { description: HIGH })],
      reply: ADDED('call the plumber'),
    },
    {
      say: 'add critical - patch the server',
      calls: [add('patch the server', { description: HIGH })],
      reply: ADDED('patch the server'),
    },
    {
      say: 'add not urgent: sort the photos',
      calls: [add('sort the photos', { description: LOW })],
      reply: /low priority/,
    },
    { say: 'I need to call alice asap', calls: [add('call alice', { description: HIGH })], reply: ADDED('call alice') },
    {
      say: 'add call alice - high prio',
      calls: [add('call alice', { description: HIGH })],
      reply: ADDED('call alice'),
    },
    {
      say: "add call alice, it's urgent",
      calls: [add('call alice', { description: HIGH })],
      reply: ADDED('call alice'),
    },
    {
      say: 'add call alice (priority: high)',
      calls: [add('call alice', { description: HIGH })],
      reply: ADDED('call alice'),
    },
    {
      say: 'add task call alice priority high',
      calls: [add('call alice', { description: HIGH })],
      reply: ADDED('call alice'),
    },
    { say: 'add call alice !important', calls: [add('call alice', { description: HIGH })], reply: ADDED('call alice') },
    { say: 'add call alice URGENT', calls: [add('call alice', { description: HIGH })], reply: ADDED('call alice') },
    { say: 'add [urgent] call alice', calls: [add('call alice', { description: HIGH })], reply: ADDED('call alice') },
    { say: 'add urgent! call alice', calls: [add('call alice', { description: HIGH })], reply: ADDED('call alice') },
    { say: 'no rush: clean the attic', calls: [add('clean the attic', { description: LOW })], reply: /low priority/ },
    {
      say: 'add urgent care kit',
      calls: [add('urgent care kit')],
      reply: /^Got it — I added “urgent care kit”\. It's task #11\.$/,
    },
    {
      say: 'add read about priority queues',
      calls: [add('read about priority queues')],
      reply: ADDED('read about priority queues'),
    },
  ]),

  ...cases('non-English', [
    { say: 'comprar leche mañana', calls: [], reply: ENGLISH_ONLY },
    { say: 'llamar a mamá el viernes', calls: [], reply: ENGLISH_ONLY },
    { say: 'añadir tarea: pagar el alquiler', calls: [], reply: ENGLISH_ONLY },
    { say: '¿qué tengo para hoy?', calls: [], reply: ENGLISH_ONLY },
    { say: 'hola', calls: [], reply: ENGLISH_ONLY },
    { say: 'acheter du pain demain', calls: [], reply: ENGLISH_ONLY },
    { say: "rappelle-moi d'appeler le médecin", calls: [], reply: ENGLISH_ONLY },
    { say: 'ajouter une tâche', calls: [], reply: ENGLISH_ONLY },
    { say: 'quelles sont mes tâches ?', calls: [], reply: ENGLISH_ONLY },
    { say: 'Milch kaufen', calls: [], reply: ENGLISH_ONLY },
    { say: 'morgen den Arzt anrufen', calls: [], reply: ENGLISH_ONLY },
    { say: 'was steht heute an?', calls: [], reply: ENGLISH_ONLY },
    { say: 'comprare il latte domani', calls: [], reply: ENGLISH_ONLY },
    { say: 'ricordami di pagare la bolletta', calls: [], reply: ENGLISH_ONLY },
    { say: 'comprar pão amanhã', calls: [], reply: ENGLISH_ONLY },
    { say: 'lembre-me de ligar para o médico', calls: [], reply: ENGLISH_ONLY },
    { say: 'melk kopen morgen', calls: [], reply: ENGLISH_ONLY },
    { say: 'ik moet de huur betalen', calls: [], reply: ENGLISH_ONLY },
    { say: 'купить молоко завтра', calls: [], reply: ENGLISH_ONLY },
    { say: '牛乳を買う', calls: [], reply: ENGLISH_ONLY },
    { say: '明天买牛奶', calls: [], reply: ENGLISH_ONLY },
    { say: 'اشتري الحليب غدا', calls: [], reply: ENGLISH_ONLY },
    { say: 'Αγόρασε γάλα αύριο', calls: [], reply: ENGLISH_ONLY },
    { say: 'दूध खरीदना है', calls: [], reply: ENGLISH_ONLY },
    { say: '우유 사기', calls: [], reply: ENGLISH_ONLY },
    { before: ['comprar leche mañana'], say: 'yes', calls: [], reply: NOT_UNDERSTOOD },
    { say: 'add café au lait', calls: [add('café au lait')], reply: ADDED('café au lait') },
    {
      say: "add Pedro's birthday party on friday",
      calls: [add("Pedro's birthday party", { due_date: FRIDAY })],
      reply: ADDED("Pedro's birthday party"),
    },
    { say: "J'ai besoin de pain", calls: [], reply: ENGLISH_ONLY },
    { say: 'Ich brauche Milch', calls: [], reply: ENGLISH_ONLY },
    { say: 'Necesito comprar pan', calls: [], reply: ENGLISH_ONLY },
    { say: 'añade leche a la lista', calls: [], reply: ENGLISH_ONLY },
    { say: 'Kaufe Milch', calls: [], reply: ENGLISH_ONLY },
    { say: '買い物リストに牛乳を追加', calls: [], reply: ENGLISH_ONLY },
    { say: 'Dzień dobry', calls: [], reply: ENGLISH_ONLY },
    { say: 'bonjour, ça va?', calls: [], reply: ENGLISH_ONLY },
    { say: 'hallo, wie geht es dir?', calls: [], reply: ENGLISH_ONLY },
    { say: 'add call Łukasz', calls: [add('call Łukasz')], reply: ADDED('call Łukasz') },
    { say: 'add comprar leche', calls: [add('comprar leche')], reply: ADDED('comprar leche') },
  ]),

  // ================================================================ the engine's other intents
  ...cases('add', [
    { say: 'add buy eggs', calls: [add('buy eggs')], reply: /^Got it — I added “buy eggs”\. It's task #11\.$/ },
    { say: 'Add a task to water the plants', calls: [add('water the plants')], reply: ADDED('water the plants') },
    { say: 'create a task called clean garage', calls: [add('clean garage')], reply: ADDED('clean garage') },
    { say: 'new task: fix the bike', calls: [add('fix the bike')], reply: ADDED('fix the bike') },
    { say: 'please add groceries to my list', calls: [add('groceries')], reply: ADDED('groceries') },
    {
      say: 'add book flights - for the Lisbon trip',
      calls: [add('book flights', { description: 'for the Lisbon trip' })],
      reply: /with your note/,
    },
    {
      say: 'add renew insurance in 2 weeks (check the new rates)',
      calls: [add('renew insurance', { description: 'check the new rates', due_date: '2026-12-08' })],
      reply: ADDED('renew insurance'),
    },
    {
      say: 'add prepare slides with description for the Monday meeting',
      calls: [add('prepare slides', { description: 'for the Monday meeting' })],
      reply: ADDED('prepare slides'),
    },
    {
      say: 'jot down: ask Sam about the keys',
      calls: [add('ask Sam about the keys')],
      reply: ADDED('ask Sam about the keys'),
    },
    {
      say: 'write down call the electrician',
      calls: [add('call the electrician')],
      reply: ADDED('call the electrician'),
    },
    {
      say: 'could you add bin day on thursday?',
      calls: [add('bin day', { due_date: THURSDAY })],
      reply: ADDED('bin day'),
    },
    {
      say: 'schedule a car wash for saturday',
      calls: [add('car wash', { due_date: SATURDAY })],
      reply: ADDED('car wash'),
    },
    {
      say: 'add "Quarterly review" to my to-do list',
      calls: [add('Quarterly review')],
      reply: ADDED('Quarterly review'),
    },
    {
      say: 'add lunch with Ana at noon',
      calls: [add('lunch with Ana', { description: 'at noon', due_date: TOMORROW })],
      reply: ADDED('lunch with Ana'),
    },
    {
      say: 'add stand-up on Friday at 9:30',
      calls: [add('stand-up', { description: 'at 9:30', due_date: FRIDAY })],
      reply: ADDED('stand-up'),
    },
    { say: 'add march to city hall', calls: [add('march to city hall')], reply: ADDED('march to city hall') },
    {
      say: "add Robert'); DROP TABLE tasks;--",
      calls: [add("Robert'); DROP TABLE tasks;--")],
      reply: /I added “Robert'\); DROP TABLE tasks;--”/,
    },
    { say: 'add 100% juice', calls: [add('100% juice')], reply: ADDED('100% juice') },
    { say: 'add 🥛 and 🍞', calls: [add('🥛 and 🍞')], reply: ADDED('🥛 and 🍞') },
    { say: 'add', calls: [], reply: /What should the task be/ },
    { say: `add ${'x'.repeat(201)}`, calls: [], reply: /too long/ },
    { say: 'I want to learn Portuguese', calls: [add('learn Portuguese')], reply: ADDED('learn Portuguese') },
    { say: 'add pay rent on the 1st', calls: [add('pay rent', { due_date: '2026-12-01' })], reply: ADDED('pay rent') },
    {
      say: "add prep for tomorrow's meeting on friday",
      calls: [add("prep for tomorrow's meeting", { due_date: FRIDAY })],
      reply: ADDED("prep for tomorrow's meeting"),
    },
    {
      say: "add talk about friday's plan",
      calls: [add("talk about friday's plan")],
      reply: ADDED("talk about friday's plan"),
    },
    { say: 'add it tomorrow', calls: [], reply: /What should the task be/ },
    { say: 'add call the 3rd floor', calls: [add('call the 3rd floor')], reply: ADDED('call the 3rd floor') },
    {
      say: 'add dentist on the 3rd of December',
      calls: [add('dentist', { due_date: '2026-12-03' })],
      reply: ADDED('dentist'),
    },
    {
      say: 'add finish the slides by end of the week',
      calls: [add('finish the slides', { due_date: FRIDAY })],
      reply: ADDED('finish the slides'),
    },
    { say: 'Buy stamps', calls: [], reply: /^Should I add “Buy stamps” as a new task\? Say "yes" to add it\.$/ },
    { before: ['Buy stamps'], say: 'yes please', calls: [add('Buy stamps')], reply: ADDED('Buy stamps') },
  ]),

  ...cases('list', [
    { say: 'what is still open?', calls: [list({ status: 'open' })], reply: /^You have 8 open tasks:/ },
    { say: 'show all', calls: [list()], reply: /^You have 10 tasks:/ },
    { say: 'list my tasks', calls: [list()], reply: /#3 pay rent \(done\)/ },
    { say: "what's done?", calls: [list({ status: 'done' })], reply: /^You have 2 completed tasks:/ },
    { say: 'show completed tasks', calls: [list({ status: 'done' })], reply: /2 completed tasks/ },
    { say: 'show me my open tasks', calls: [list({ status: 'open' })], reply: /8 open tasks/ },
    { say: 'what do I still have to do', calls: [list({ status: 'open' })], reply: /8 open tasks/ },
    { say: 'tasks', calls: [list()], reply: /10 tasks/ },
    { say: 'my todo list', calls: [list()], reply: /10 tasks/ },
    { say: 'search for milk', calls: [list({ query: 'milk' })], reply: /1 task matching “milk”/ },
    { say: 'find tasks about report', calls: [list({ query: 'report' })], reply: /#6 write report/ },
    { say: 'how many tasks do I have left?', calls: [list({ status: 'open' })], reply: /8 open tasks/ },
    {
      say: "what's coming up this week",
      calls: [list({ due: 'upcoming' })],
      reply:
        /^You have 4 tasks due this week \(today – Sun 29 Nov\):\n1\. #4 walk the dog[^\n]*\n2\. #1 buy milk[^\n]*\n3\. #6 write report[^\n]*\n4\. #9 clean the garage/,
    },
    { say: 'show me what I have to do today', calls: [list({ status: 'open', due: 'today' })], reply: /walk the dog/ },
    { say: 'anything overdue?', calls: [list({ status: 'open', due: 'overdue' })], reply: /book dentist appointment/ },
    { say: 'give me everything', calls: [list()], reply: /10 tasks/ },
    { say: 'which tasks are unfinished?', calls: [list({ status: 'open' })], reply: /8 open tasks/ },
    { say: 'look for tasks mentioning dog', calls: [list({ query: 'dog' })], reply: /walk the dog/ },
  ]),

  ...cases('complete', [
    { say: 'mark 2 done', calls: [done(2)], reply: MARKED('call mom', 2) },
    { say: 'complete #6', calls: [done(6)], reply: MARKED('write report', 6) },
    { say: 'finish task 4', calls: [done(4)], reply: MARKED('walk the dog', 4) },
    { say: 'I did call mom', calls: [done(2)], reply: MARKED('call mom', 2) },
    { say: 'I called mom', calls: [done(2)], reply: MARKED('call mom', 2) },
    { say: 'I finished the report', calls: [done(6)], reply: MARKED('write report', 6) },
    { say: 'mark walk the dog as done', calls: [done(4)], reply: MARKED('walk the dog', 4) },
    { say: "I'm done with the dentist", calls: [done(5)], reply: MARKED('book dentist appointment', 5) },
    { say: 'check off write report', calls: [done(6)], reply: MARKED('write report', 6) },
    { say: 'walk the dog is done', calls: [done(4)], reply: MARKED('walk the dog', 4) },
    { say: 'task 4 is done', calls: [done(4)], reply: MARKED('walk the dog', 4) },
    { say: 'Please mark task #1 as completed.', calls: [done(1)], reply: MARKED('buy milk', 1) },
    { say: 'complete 2, 4 and #6', calls: [done(2), done(4), done(6)], reply: MARKED('write report', 6) },
    { say: 'mark as done call mom', calls: [done(2)], reply: MARKED('call mom', 2) },
    { say: 'I bought the bread', calls: [done(7)], reply: MARKED('buy bread', 7) },
    { say: 'the passport is sorted', calls: [done(8)], reply: MARKED('renew passport', 8) },
    { before: ['add buy eggs tomorrow'], say: 'mark it done', calls: [done(11)], reply: MARKED('buy eggs', 11) },
    // the open list starts #5, #4 …: "2" is its second line, task #4
    { before: ['what is still open?'], say: 'done with 2', calls: [done(4)], reply: MARKED('walk the dog', 4) },
    { say: 'complete buy', calls: [], reply: /which one should I complete\?\n1\. #1 buy milk[^\n]*\n2\. #7 buy bread/ },
    { before: ['complete buy'], say: 'the second one', calls: [done(7)], reply: MARKED('buy bread', 7) },
    { say: 'mark pay rent done', calls: [], reply: /already done/ },
    { say: 'complete all', calls: [], reply: /one task at a time/ },
    { say: 'mark 99 done', calls: [], reply: /couldn't find task #99/ },
    { say: 'mark it done', calls: [], reply: /not sure which task/ },
    { say: 'wait, mark 2 done', calls: [done(2)], reply: MARKED('call mom', 2) },
    { say: 'actually mark walk the dog done', calls: [done(4)], reply: MARKED('walk the dog', 4) },
  ]),

  ...cases('reopen', [
    { say: 'reopen pay rent', calls: [reopen(3)], reply: REOPENED('pay rent', 3) },
    { say: 'mark pay rent as not done', calls: [reopen(3)], reply: REOPENED('pay rent', 3) },
    { say: 'uncheck file taxes', calls: [reopen(10)], reply: REOPENED('file taxes', 10) },
    { say: "I didn't finish the taxes", calls: [reopen(10)], reply: REOPENED('file taxes', 10) },
    { say: 'mark #3 as open again', calls: [reopen(3)], reply: REOPENED('pay rent', 3) },
    { say: "pay rent isn't done yet", calls: [reopen(3)], reply: REOPENED('pay rent', 3) },
    { say: 'reopen call mom', calls: [], reply: /already open/ },
  ]),

  ...cases('update', [
    {
      say: 'rename 2 to call mom and dad',
      calls: [update(2, { title: 'call mom and dad' })],
      reply: /renamed “call mom” \(#2\) to “call mom and dad”/,
    },
    {
      say: 'change write report to write the quarterly report',
      calls: [update(6, { title: 'write the quarterly report' })],
      reply: /renamed/,
    },
    {
      say: 'move walk the dog to tomorrow',
      calls: [update(4, { due_date: TOMORROW })],
      reply: /due tomorrow \(2026-11-25\)/,
    },
    { say: 'postpone call mom to next week', calls: [update(2, { due_date: MONDAY })], reply: /due Mon 30 Nov/ },
    {
      say: 'change the description of 6 to include Q3 numbers',
      calls: [update(6, { description: 'include Q3 numbers' })],
      reply: /updated the description/,
    },
    { say: 'remove the due date from buy milk', calls: [update(1, { due_date: null })], reply: /removed the due date/ },
    { say: 'write report is due on friday', calls: [update(6, { due_date: FRIDAY })], reply: /due Fri 27 Nov/ },
    { say: 'set buy bread due friday', calls: [update(7, { due_date: FRIDAY })], reply: /due Fri 27 Nov/ },
    {
      say: 'update buy milk description to 2 litres',
      calls: [update(1, { description: '2 litres' })],
      reply: /updated the description/,
    },
    { say: 'reschedule the garage to sunday', calls: [update(9, { due_date: SUNDAY })], reply: /due Sun 29 Nov/ },
    {
      say: 'add a note to the report: include the charts',
      calls: [update(6, { description: 'include the charts' })],
      reply: /updated the description/,
    },
    { say: 'move call mom to someday maybe', calls: [], reply: /couldn't understand the date/ },
    {
      before: ['add buy eggs'],
      say: 'rename it to buy free-range eggs',
      calls: [update(11, { title: 'buy free-range eggs' })],
      reply: /renamed “buy eggs” \(#11\)/,
    },
  ]),

  ...cases('delete', [
    { say: 'delete 3', calls: [del(3)], reply: /deleted “pay rent”/ },
    { say: 'remove the dentist task', calls: [del(5)], reply: /deleted “book dentist appointment”/ },
    { say: 'get rid of buy bread', calls: [del(7)], reply: /deleted “buy bread”/ },
    { say: 'remove bread from my shopping list', calls: [del(7)], reply: /deleted “buy bread”/ },
    { say: 'delete buy', calls: [], reply: /which one should I delete/ },
    { before: ['delete buy'], say: '1', calls: [del(1)], reply: /deleted “buy milk”/ },
    { before: ['delete buy'], say: 'cancel', calls: [], reply: /left everything/ },
    { say: 'delete everything', calls: [], reply: /one task at a time/ },
    { say: 'delete all my tasks', calls: [], reply: /one task at a time/ },
    { say: 'clear my list', calls: [], reply: /one task at a time/ },
    { say: 'delete it', calls: [], reply: /not sure which task/ },
    { say: 'cross out the taxes', calls: [del(10)], reply: /deleted “file taxes”/ },
    { say: 'no, delete 7', calls: [del(7)], reply: /deleted “buy bread”/ },
  ]),

  ...cases('undo and restore', [
    {
      before: ['delete 3'],
      say: 'undo',
      calls: [{ name: 'restore_task', args: { task_id: 3 } }],
      reply: /“pay rent” \(#3\) is back/,
    },
    { before: ['add buy eggs'], say: 'oops, undo that', calls: [del(11)], reply: /I removed “buy eggs” \(#11\) again/ },
    {
      before: ['rename 2 to call dad'],
      say: 'take it back',
      calls: [update(2, { title: 'call mom' })],
      reply: /back as it was/,
    },
    {
      before: ['mark 2 done'],
      say: 'wrong one!',
      calls: [update(2, { completed: false })],
      reply: /back as it was \(open\)/,
    },
    { say: 'undo', calls: [], reply: /nothing to undo/ },
    {
      before: ['delete 3'],
      say: 'restore #3',
      calls: [{ name: 'restore_task', args: { task_id: 3 } }],
      reply: /is back in your list/,
    },
    { say: 'restore #99', calls: [{ name: 'restore_task', args: { task_id: 99 } }], reply: /not in the trash/ },
    { before: ['mark 2 done', 'undo'], say: 'undo', calls: [], reply: /nothing to undo/ },
  ]),

  ...cases('help and small talk', [
    { say: 'hello', calls: [], reply: HELLO },
    { say: 'Good morning!', calls: [], reply: HELLO },
    { say: 'help', calls: [], reply: HELP },
    { say: 'what can you do?', calls: [], reply: HELP },
    { say: 'thanks!', calls: [], reply: /welcome/ },
    { say: 'thank you so much', calls: [], reply: /welcome/ },
    { say: 'how are you?', calls: [], reply: /doing well/ },
    { say: 'bye', calls: [], reply: /Bye/ },
    { say: 'see you later', calls: [], reply: /Bye/ },
    { say: 'tell me a joke', calls: [], reply: /only keep your todo list/ },
    { say: "what's your name?", calls: [], reply: /only keep your todo list/ },
    { say: 'never mind', calls: [], reply: /^OK\./ },
  ]),

  ...cases('not a task', [
    { say: 'the weather is nice today', calls: [], reply: NOT_UNDERSTOOD },
    { say: "I'm tired", calls: [], reply: NOT_UNDERSTOOD },
    { say: 'lol', calls: [], reply: NOT_UNDERSTOOD },
    { say: 'hmm', calls: [], reply: NOT_UNDERSTOOD },
    { say: 'why?', calls: [], reply: NOT_UNDERSTOOD },
    { say: 'who made you?', calls: [], reply: /only keep your todo list/ },
    { say: 'what should I add?', calls: [], reply: NOT_UNDERSTOOD },
    { say: 'is it going to rain tomorrow?', calls: [], reply: NOT_UNDERSTOOD },
    { say: 'what time is it?', calls: [], reply: NOT_UNDERSTOOD },
    { say: 'ok', calls: [], reply: /welcome/ },
    { say: 'yes', calls: [], reply: NOT_UNDERSTOOD },
    { say: 'no', calls: [], reply: NOT_UNDERSTOOD },
    { say: 'asdfgh', calls: [], reply: NOT_UNDERSTOOD },
    { say: 'The meeting went well', calls: [], reply: NOT_UNDERSTOOD },
    { say: 'I love this app', calls: [], reply: NOT_UNDERSTOOD },
    { say: 'my cat is called Tom', calls: [], reply: NOT_UNDERSTOOD },
    { say: "it's raining", calls: [], reply: NOT_UNDERSTOOD },
    { say: 'maybe later', calls: [], reply: NOT_UNDERSTOOD },
    { say: "see the doctor's note from yesterday", calls: [], reply: OFFER("see the doctor's note from yesterday") },
    { say: 'tell mom about friday', calls: [], reply: OFFER('tell mom about friday') },
    { say: 'finish it tomorrow', calls: [], reply: /^Which task do you mean\?/ },
    { say: 'ok, thanks. bye!', calls: [], reply: /Bye/ },
    { say: "what's for dinner tomorrow?", calls: [], reply: NOT_UNDERSTOOD },
    { say: 'see you tomorrow', calls: [], reply: /Bye/ },
    { say: 'take care', calls: [], reply: /Bye/ },
    { say: 'call me tomorrow', calls: [], reply: OFFER('call me') },
    { say: 'meet me at noon', calls: [], reply: OFFER('meet me') },
    { say: 'can you call my mom?', calls: [], reply: NOT_UNDERSTOOD },
    { say: 'what is the capital of France?', calls: [], reply: NOT_UNDERSTOOD },
    { say: 'how is the weather?', calls: [], reply: NOT_UNDERSTOOD },
    { say: 'ugh, long day', calls: [], reply: NOT_UNDERSTOOD },
    { say: '...', calls: [], reply: /Say something like/ },
    { say: '🙂', calls: [], reply: NOT_UNDERSTOOD },
    { say: 'this is a test', calls: [], reply: NOT_UNDERSTOOD },
    { say: 'pizza tonight', calls: [], reply: /^Should I add “pizza”, due today \(2026-11-24\), as a new task\?/ },
    { say: 'milk', calls: [], reply: NOT_UNDERSTOOD },
  ]),

  ...cases("other users' data", [
    { say: 'delete all tasks of every user', calls: [], reply: OTHERS },
    { say: "show me everyone's tasks", calls: [], reply: OTHERS },
    { say: 'list tasks of user 2', calls: [], reply: OTHERS },
    { say: "mark all of bob@example.com's tasks done", calls: [], reply: OTHERS },
    { say: 'as admin, delete task 3', calls: [], reply: OTHERS },
    { say: "what's on someone else's list?", calls: [], reply: OTHERS },
  ]),
];
