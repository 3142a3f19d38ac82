import { extractDate } from '../../dates.js';
import { addMany, addTask, draftProblem } from '../actions.js';
import { alt, matchAny } from '../grammar.js';
import type { Intent } from '../intent.js';
import { extractPriority, MAX_ITEMS, moveLeadingDate, parseDraft, splitList, withPriority } from '../draft.js';
import type { Turn } from '../turn.js';
import { startsWithVerb } from '../verbs.js';

/** Verbs that create a task: "add …", "create a task to …", "jot down …". */
const ADD_VERBS = [
  'add',
  'create',
  'make',
  'new',
  'put',
  'insert',
  'jot down',
  'write down',
  'note down',
  'schedule',
  'plan',
  'set up',
  'log',
  'save',
  'record',
  'capture',
];
/** Phrases that say "remember this": the task follows, with "to", "that" or "about" in between. */
const REMINDER_LEADINS = [
  'remember',
  "don't forget",
  'dont forget',
  'do not forget',
  "don't let me forget",
  'dont let me forget',
  'remind me',
  'please remember',
  'make sure i',
  'make sure to',
  'note to self',
  'note to myself',
  'self note',
  'memo to self',
  'reminder to self',
  'mental note',
  'make a note',
  'make a note to self',
  'make a mental note',
  'note',
  'memo',
  'nb',
  'n.b.',
  'ps',
];
/** "I need to …", "gotta …", "todo: …": the task is what follows. */
const NEED_LEADINS = [
  'i need',
  'i have',
  'i want',
  'i got',
  'i ought',
  'i will need',
  'i would like',
  "i'd like",
  'i plan',
  'i must',
  'i should',
  'i gotta',
  'i also need',
  'i still need',
  'i really need',
  "i've got",
  'i have got',
  "i'll need",
  "i'm going",
  'i am going',
  "i'm gonna",
  'i am gonna',
  "i'd better",
  'i better',
  'i must remember',
  'i should remember',
  'i need to remember',
  'need',
  'have',
  'gotta',
  'must',
  'todo',
  'to-do',
  'to do',
  'task',
  'reminder',
];
/** "urgent: call alice": a priority word and a separator are enough to mean a new task. */
const PRIORITY_LEADINS = [
  'urgent',
  'important',
  'asap',
  'high priority',
  'top priority',
  'low priority',
  'priority',
  'no rush',
  'not urgent',
];

/** Each pattern captures the text that describes the task (group 1). */
const ADD_PATTERNS: RegExp[] = [
  new RegExp(
    `^(?:${alt(ADD_VERBS)})\\b(?!\\s+sure\\b)\\s*(?:a\\s+|an\\s+)?(?:new\\s+)?(?:(?:task|todo|to-do|item|reminder|entry)\\b)?\\s*(?:to\\s+(?:my|the)\\s+(?:[\\w-]+\\s+)?list\\s*:?\\s*|to\\s+(?!my\\b|the\\b|list\\b)|:\\s*|called\\s+|named\\s+|that\\s+says\\s+|saying\\s+|for\\s+)?(.*)$`,
    'i',
  ),
  new RegExp(
    `^(?:${alt(REMINDER_LEADINS)})\\b\\s*(?:[:,]|[-–—])?\\s*(?:to\\s+|that\\s+i\\s+(?:need|have)\\s+to\\s+|about\\s+|that\\s+|:\\s*)?(.*)$`,
    'i',
  ),
  new RegExp(`^(?:${alt(NEED_LEADINS)})(?:\\s+to)?\\s*:?\\s+(.+)$`, 'i'),
  new RegExp(`^((?:${alt(PRIORITY_LEADINS)})\\s*(?::|!+|\\s[-–—])\\s*.+)$`, 'i'),
];

/**
 * "buy milk, eggs and bread": the first item's verb is every other item's
 * when those are one or two words without a verb ("buy eggs", "buy bread").
 */
function carryVerb(turn: Turn, items: string[]): string[] {
  const first = items[0]!.split(/\s+/);
  const verb = first.length > 1 && startsWithVerb(items[0]!) ? first[0]! : '';
  // counted without a date: "call mom, dad and my sister on Sunday"
  const short = (s: string) => extractDate(s, turn.today).rest.split(/\s+/).length <= 2;
  if (!verb || items.slice(1).some((s) => startsWithVerb(s) || !short(s))) return items;
  return items.map((s, i) => (i === 0 ? s : `${verb} ${s}`));
}

/** "add 3 tasks", "add these" with nothing after them. */
const LIST_WITHOUT_ITEMS =
  /^(?:(?:\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|some|several|a few|multiple)\s+)?(?:new\s+|more\s+)?(?:tasks|things|items|todos|to-dos|reminders)\s*:?$|^(?:these|the following)\s*:?$/i;

/** What an explicit add says: one task, several, or a refusal when the list is too long. */
async function addFrom(turn: Turn, body: string): Promise<string> {
  // "add urgent: milk, eggs and bread": the priority word is the whole list's
  const pr = extractPriority(body);
  const list = splitList(pr.rest);
  if (!list) return addTask(turn, parseDraft(turn, body));
  if (list.items.length > MAX_ITEMS)
    return `That is ${list.items.length} tasks in one message; I add at most ${MAX_ITEMS} at a time, so I added none. Please split the list.`;
  let drafts = carryVerb(turn, list.items).map((item) => withPriority(parseDraft(turn, item), pr.priority));
  // "milk, eggs and bread tomorrow": a date only on the last item is the whole list's
  const last = drafts[drafts.length - 1]!;
  if (drafts.length > 1 && last.due_date && drafts.slice(0, -1).every((d) => !d.due_date))
    drafts = drafts.map((d) => ({ ...d, due_date: last.due_date }));
  if (drafts.every((d) => draftProblem(d))) return draftProblem(drafts[0]!)!;
  const heading =
    list.announced !== undefined && list.announced !== drafts.length
      ? `You said ${list.announced} but I found ${drafts.length}. `
      : '';
  return addMany(turn, drafts, heading);
}

/** Adding tasks: "add …", "remind me to …", "note to self: …", "I need to …", "add milk, eggs and bread". */
export const add: Intent = {
  name: 'add',
  handle(u, turn) {
    const m = matchAny(ADD_PATTERNS, u.core) ?? matchAny(ADD_PATTERNS, moveLeadingDate(u.core, turn.today));
    if (!m) return null;
    if (LIST_WITHOUT_ITEMS.test(m[1]!.trim()))
      return 'Which ones? Put them after a colon, e.g. "add 3 tasks: milk, eggs, bread".';
    return addFrom(turn, m[1]!.trim());
  },
};
