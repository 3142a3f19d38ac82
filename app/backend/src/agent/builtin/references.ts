import type { Task } from '../../tasks.js';
import { whole } from './grammar.js';
import { ORDINALS, q, stem, STOPWORDS, truncate, words } from './text.js';
import type { Turn } from './turn.js';

export type Resolution =
  { kind: 'one'; task: Task } | { kind: 'many'; tasks: Task[] } | { kind: 'none'; message: string };

/** Phrases that mean the task the conversation is about. */
const PRONOUNS = whole([
  'it',
  'that',
  'this',
  'them',
  'that one',
  'this one',
  'that task',
  'this task',
  'the task',
  'the last one',
  'the last one i added',
  'the one i just added',
  'the last task',
  'the latest one',
  'the new one',
]);
const NUMBER_RE = /^((?:task|todo|item|number|no\.?)\s*)?(#)?\s*(\d{1,15})$/i;
const ORDINAL_RE =
  /^(?:the\s+)?(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|1st|2nd|3rd|4th|5th|6th|7th|8th|9th|10th|last)(?:\s+(?:one|task|item|todo))?(?:\s+(?:on|in)\s+the\s+list)?$/i;

/**
 * Finds the task a phrase refers to: "#3", "3", "task 3", "it", "the first one",
 * or words of its title. `prefer` narrows several matches by status.
 */
export async function resolve(turn: Turn, refRaw: string, prefer?: 'open' | 'done'): Promise<Resolution> {
  let ref = refRaw
    .trim()
    .replace(/^["“'‘]+|["”'’]+$/g, '')
    .replace(/\s+(?:from|on|off|in)\s+(?:my|the)\s+(?:[\w-]+\s+)?list$/i, '')
    .replace(/\s+(?:task|todo|item)$/i, '')
    .trim();

  if (PRONOUNS.test(ref)) {
    const id = turn.focusTaskId();
    const task = id ? await turn.tools.get(id) : null;
    if (!task)
      return {
        kind: 'none',
        message: "I'm not sure which task you mean — tell me its number or a few words of its title.",
      };
    return { kind: 'one', task };
  }

  const num = NUMBER_RE.exec(ref);
  if (num) {
    const n = Number(num[3]);
    const id = (!num[1] && !num[2] && turn.listItem(n)) || n;
    const task = await turn.tools.get(id);
    if (!task) return { kind: 'none', message: `I couldn't find task #${id} in your list.` };
    return { kind: 'one', task };
  }

  const ord = ORDINAL_RE.exec(ref);
  if (ord) {
    const list = turn.lastList();
    if (!list?.length)
      return {
        kind: 'none',
        message: 'Which list do you mean? Ask me to "show my tasks" first, then say "the second one".',
      };
    const word = ord[1]!.toLowerCase();
    const pos = word === 'last' ? list.length : ORDINALS[word]!;
    const id = list[pos - 1];
    const task = id ? await turn.tools.get(id) : null;
    if (!task) return { kind: 'none', message: `There is no ${word} task in the last list I showed.` };
    return { kind: 'one', task };
  }

  ref = ref
    .replace(/^(?:the|my|a)\s+/i, '')
    .replace(/^(?:task|todo|item)\s+(?:to\s+|called\s+|named\s+)?/i, '')
    .trim();
  if (!ref) return { kind: 'none', message: 'Which task do you mean? Tell me its number or a few words of its title.' };

  const all = await turn.tools.peek('all');
  let matches = matchTasks(all, ref);
  if (matches.length > 1 && prefer) {
    const preferred = matches.filter((t) => (prefer === 'open' ? !t.completed : t.completed));
    if (preferred.length) matches = preferred;
  }
  if (matches.length === 1) return { kind: 'one', task: matches[0]! };
  if (matches.length > 1) return { kind: 'many', tasks: matches };
  return { kind: 'none', message: `I couldn't find a task matching ${q(truncate(ref, 60))}.` };
}

/** "1, 2 and #5": several explicit task numbers (never words: those could be a guess). */
export function explicitIds(turn: Turn, ref: string): number[] | null {
  const parts = ref.split(/\s*(?:,|\band\b|&)\s*/i).filter(Boolean);
  if (parts.length < 2) return null;
  const ids = parts.map((p) => {
    const m = /^(task\s*)?(#)?\s*(\d{1,15})$/i.exec(p.trim());
    if (!m) return undefined;
    const n = Number(m[3]);
    return (!m[1] && !m[2] && turn.listItem(n)) || n;
  });
  return ids.every((x) => x !== undefined) ? [...new Set(ids)] : null;
}

/** Tasks whose title matches a phrase: exact title, then substring, then all significant words. */
export function matchTasks(tasks: Task[], phrase: string): Task[] {
  const p = phrase.toLowerCase().replace(/\s+/g, ' ').trim();
  if (!p) return [];
  const exact = tasks.filter((t) => t.title.toLowerCase().trim() === p);
  if (exact.length) return exact;
  const sub = tasks.filter((t) => t.title.toLowerCase().includes(p));
  if (sub.length) return sub;
  const want = words(p)
    .filter((w) => !STOPWORDS.has(w))
    .map(stem);
  if (!want.length) return [];
  return tasks.filter((t) => {
    const have = new Set(words(t.title).map(stem));
    return want.every((w) => have.has(w));
  });
}
