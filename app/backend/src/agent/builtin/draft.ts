import { extractDate, extractTime, parseDateOnly } from '../dates.js';
import { priorityNote, type TaskDraft } from './actions.js';
import { alt, firstMatch } from './grammar.js';
import { COUNT_WORDS } from './text.js';
import type { Turn } from './turn.js';

/**
 * Priority words. Tasks have no priority field: a draft keeps the level and
 * the task records it in its description ("Priority: high"); the title is
 * what is left without the word. A word counts only when it is set off from
 * the title (a colon, dash, comma or brackets) or names the task ("an urgent
 * task to …"): "add important meeting prep" keeps its title.
 */
const PRIORITY_LEVELS: { level: 'high' | 'low'; phrases: string[] }[] = [
  {
    level: 'high',
    phrases: [
      'urgent',
      'urgently',
      'very urgent',
      'super urgent',
      'important',
      'very important',
      'high priority',
      'high-priority',
      'high prio',
      'top priority',
      'priority',
      'prio',
      'asap',
      'critical',
      'p1',
    ],
  },
  {
    level: 'low',
    phrases: [
      'low priority',
      'low-priority',
      'low prio',
      'not urgent',
      'non-urgent',
      'not important',
      'no rush',
      'whenever',
      'someday',
      'p3',
    ],
  },
];
const LEVEL_OF = new Map(PRIORITY_LEVELS.flatMap((l) => l.phrases.map((p) => [p.replace(/\s+/g, ' '), l.level])));
const P = `(${alt(PRIORITY_LEVELS.flatMap((l) => l.phrases))})`;
const TASK_NOUN = '(?:task|todo|to-do|item|reminder|one|thing)';

/** Where a priority word may stand, as patterns: `p` is the group holding it, `rest` the title's. */
const PRIORITY_PATTERNS: { re: RegExp; p: number; rest: number }[] = [
  // "urgent: call alice", "high priority - call alice", "urgent! call alice"
  { re: new RegExp(`^(?:an?\\s+)?${P}\\s*(?::|!+|\\s[-–—])\\s*(.+)$`, 'i'), p: 1, rest: 2 },
  // "an urgent task to call alice", "urgent task: call alice", "important one - call bob"
  {
    re: new RegExp(`^(?:an?\\s+)?${P}\\s+${TASK_NOUN}\\s*(?::\\s*|\\s[-–—]\\s*|to\\s+|called\\s+)?(.+)$`, 'i'),
    p: 1,
    rest: 2,
  },
  // "priority high: call alice", "prio: low - clean garage"
  {
    re: /^(?:with\s+)?(?:priority|prio)\s*[:=]?\s*(high|low|urgent|top)\s*(?::|,|\s[-–—])?\s+(.+)$/i,
    p: 1,
    rest: 2,
  },
  // "call alice, urgent", "call alice (high priority)", "call alice - asap", "call alice [p1]"
  {
    re: new RegExp(
      `^(.+?)\\s*(?:,|\\s[-–—]|\\(|\\[|\\s!+)\\s*(?:it['’]s\\s+|it\\s+is\\s+|this\\s+is\\s+)?${P}\\s*[)\\]]?$`,
      'i',
    ),
    p: 2,
    rest: 1,
  },
  // "call alice priority high"
  { re: /^(.+?)\s+(?:priority|prio)\s*[:=]?\s*(high|low|urgent|top)$/i, p: 2, rest: 1 },
  // "call alice (priority: high)"
  { re: /^(.+?)\s*[([]\s*(?:priority|prio)\s*[:=]?\s*(high|low|urgent|top)\s*[)\]]$/i, p: 2, rest: 1 },
  // "call alice as high priority", "call alice with top priority", "call alice as urgent"
  {
    re: new RegExp(`^(.+?)\\s+(?:as|with|at)\\s+(?:an?\\s+)?${P}(?:\\s+(?:priority|${TASK_NOUN}))?$`, 'i'),
    p: 2,
    rest: 1,
  },
  // "call alice asap", "call alice urgently"
  { re: /^(.+?)\s+(asap|urgently)$/i, p: 2, rest: 1 },
  // "call alice URGENT": a word in capitals is set off enough
  { re: /^(.+?)\s+(URGENT|ASAP|IMPORTANT|CRITICAL|PRIORITY)!*$/, p: 2, rest: 1 },
  // "[urgent] call alice", "(high priority) renew lease"
  { re: new RegExp(`^[[(]\\s*${P}\\s*[\\])]\\s*(.+)$`, 'i'), p: 1, rest: 2 },
];

export function extractPriority(body: string): { priority?: 'high' | 'low'; rest: string } {
  const found = firstMatch(PRIORITY_PATTERNS, body.trim());
  if (!found) return { rest: body };
  const word = found.m[found.rule.p]!.toLowerCase().replace(/\s+/g, ' ');
  const level = word === 'high' || word === 'top' || word === 'urgent' ? 'high' : (LEVEL_OF.get(word) ?? 'low');
  return { priority: level, rest: found.m[found.rule.rest]!.trim() };
}

/** "X - details", "X: details", "X (details)", "X with description details": the title part and the note. */
const DESCRIPTION_PATTERNS: RegExp[] = [
  /^(.+?)\s*(?:,\s*|\s+)(?:with\s+(?:the\s+)?(?:description|notes?|details)|description:|notes?:|details:)\s*:?\s*(.+)$/i,
  /^(.+?)\s+[-–—]\s+(.+)$/,
  /^(.+?)\s*\(([^)]+)\)\s*$/,
  /^([^:]{2,}?):\s+(.+)$/,
];

/** Endings that say where the task goes, not what it is ("… to my list", "… as a task"). */
const TITLE_TRIMS: RegExp[] = [
  /\s+(?:to|on|in|onto)\s+(?:my|the)\s+(?:todo\s+|to-do\s+|task\s+|shopping\s+)?(?:list|tasks|todos)$/i,
  /\s+as\s+a\s+(?:task|todo|reminder)$/i,
  /^(?:to|that)\s+/i,
  /^["“'‘]+|["”'’]+$/g,
  /^[\s:;,]+|[\s:;,]+$/g,
];

/**
 * "by Friday I need to …", "tomorrow: dentist": a date in front moves to the
 * end, where the lead-ins and the title rules expect it.
 */
export function moveLeadingDate(text: string, today: string): string {
  const d = extractDate(text, today);
  if (!d.date || !d.phrase || !text.toLowerCase().startsWith(d.phrase.toLowerCase())) return text;
  const rest = text
    .slice(d.phrase.length)
    .replace(/^[\s,:;–—-]+/, '')
    .trim();
  return rest ? `${rest} ${d.phrase}` : text;
}

/** Reads one task from the words after a lead-in: title, note, due date and priority. */
export function parseDraft(turn: Turn, text: string): TaskDraft {
  const pr = extractPriority(text.trim());
  let body = pr.rest;
  let description = '';
  for (const re of DESCRIPTION_PATTERNS) {
    const d = re.exec(body);
    if (d) {
      body = d[1]!;
      description = d[2]!;
      break;
    }
  }
  // "prep for tomorrow's meeting on Friday" is due on Friday
  let date = extractDate(body, turn.today, { skipPossessive: true });
  // "see the note from yesterday", "tell mom about Friday": the date is what the task is about, not when it is due
  if (date.date && /\b(?:from|about|since|after|of|than|like|regarding|re)$/i.test(date.rest))
    date = { date: null, rest: body };
  // A time of day has no field of its own: it moves from the title to the note.
  const time = extractTime(date.rest, turn.tools.wallClock);
  let title = time.rest;
  if (time.phrase) {
    date.date ??= time.date ?? null;
    description = description ? `${description} (${time.phrase})` : time.phrase;
  }
  if (!date.date && description) {
    const dd = extractDate(description, turn.today);
    if (dd.date && dd.rest.length === 0) {
      description = '';
      date.date = dd.date;
    }
  }
  for (const re of TITLE_TRIMS) title = title.replace(re, '');
  description = description
    .trim()
    .replace(/^["“]|["”]$/g, '')
    .trim();
  if (pr.priority) description = [description, priorityNote(pr.priority)].filter(Boolean).join('\n');
  return { title: title.trim(), description, due_date: date.date, ...(pr.priority ? { priority: pr.priority } : {}) };
}

/** A draft with the priority of its list ("add urgent: a, b") unless it has its own. */
export function withPriority(d: TaskDraft, level: TaskDraft['priority']): TaskDraft {
  if (!level || d.priority) return d;
  return { ...d, priority: level, description: [d.description, priorityNote(level)].filter(Boolean).join('\n') };
}

// ---------------------------------------------------------------- several tasks in one message

const COUNT = `(\\d{1,2}|${alt(Object.keys(COUNT_WORDS))}|several|some|a few|multiple|few)`;
/** "3 tasks: a, b, c", "these: a, b", "the following - a; b", "two things: milk and eggs". */
const NOUNS = '(?:tasks|things|items|todos|to-dos|reminders|entries)';
const MULTI_HEADERS: RegExp[] = [
  // "three: milk, eggs, flour"
  new RegExp(`^${COUNT}\\s*:\\s*(.+)$`, 'i'),
  new RegExp(
    `^(?:these\\s+|the\\s+following\\s+|the\\s+)?${COUNT}\\s+(?:new\\s+|more\\s+)?${NOUNS}\\s*(?::|[-–—]|to\\s+my\\s+list:?)?\\s*(.+)$`,
    'i',
  ),
  new RegExp(`^()(?:new\\s+)?${NOUNS}\\s*(?::|[-–—])\\s*(.+)$`, 'i'),
  new RegExp(
    `^()(?:${alt(['these', 'the following', 'these tasks', 'the following tasks', 'the following things', 'all of these', 'all these'])})\\s*(?::|[-–—])?\\s*(.+)$`,
    'i',
  ),
];
/** Items are split at commas, and after a heading ("3 tasks:") at semicolons too. */
const LIST_SEPARATOR = /\s*[,;]\s*(?:and\s+|&\s+)?/i;
const COMMA_SEPARATOR = /\s*,\s*(?:and\s+|&\s+)?/i;
const LAST_AND = /\s+(?:and|&|\+)\s+/i;
/** Marks of one task with a note: commas inside it are the note's, not a list. */
const SINGLE_MARKS = /\s[-–—]\s|\(|\b(?:description|notes?|details)\b|:/i;
const MAX_ITEMS = 20;

/** "eggs, milk": two items of one or two words, neither a date nor a note ("call mom, about the trip"). */
function twoShortItems(items: string[]): boolean {
  return (
    items.length === 2 &&
    items.every(
      (s) =>
        s.split(/\s+/).length <= 2 &&
        !/^(?:about|for|with|re|on|at|in|to|by|due|then|and|but|or|please|thanks)\b/i.test(s) &&
        // only whether it is a date phrase matters, so any reference day will do
        !parseDateOnly(s, '2026-01-01'),
    )
  );
}

export interface ListSplit {
  items: string[];
  /** the count the user announced ("3 tasks"), when there was one */
  announced?: number;
}

/**
 * Splits "milk, eggs and bread" or "3 tasks: a, b, c" into items; null when the
 * text is one task. Without a heading it takes commas (two, or one and a final
 * "and"), so "call mom and dad" and "pick up the kids, then cook" stay one task.
 */
export function splitList(text: string): ListSplit | null {
  let body = text.trim();
  let announced: number | undefined;
  let headed = false;
  for (const re of MULTI_HEADERS) {
    const m = re.exec(body);
    if (m) {
      headed = true;
      const c = (m[1] ?? '').toLowerCase();
      announced = /^\d+$/.test(c) ? Number(c) : COUNT_WORDS[c.replace(/\s+/g, ' ')];
      body = m[2]!.trim();
      break;
    }
  }
  if (!body || (!headed && SINGLE_MARKS.test(body))) return null;
  // "eggs; milk; cheese" without a heading: semicolons and no comma
  const semicolons = !headed && !body.includes(',') && body.includes(';');
  let items = body.split(headed || semicolons ? LIST_SEPARATOR : COMMA_SEPARATOR).filter(Boolean);
  if (!items.length) return null;
  const commas = items.length - 1;
  const tail = items[items.length - 1]!.split(LAST_AND);
  // "a, b and c" or, after a heading, "milk and eggs"
  if ((commas >= 1 || headed) && tail.length === 2) items = [...items.slice(0, -1), ...tail];
  // "two tasks: call mom and dad, buy milk" has 2 items once "and" is left inside the first
  if (announced !== undefined && items.length !== announced) {
    const everyAnd = body.split(new RegExp(`${LIST_SEPARATOR.source}|${LAST_AND.source}`, 'i')).filter(Boolean);
    if (everyAnd.length === announced) items = everyAnd;
  }
  items = items.map((s) => s.replace(/^(?:and|&)\s+/i, '').trim()).filter(Boolean);
  if (!headed && commas < 2 && !(commas === 1 && (tail.length === 2 || twoShortItems(items)))) return null;
  if (!headed && items.some((s) => s.split(/\s+/).length > 8 || !/[\p{L}\p{N}]/u.test(s))) return null;
  if (items.length < 2 && announced === undefined) return null;
  return { items, ...(announced !== undefined ? { announced } : {}) };
}

export { MAX_ITEMS };
