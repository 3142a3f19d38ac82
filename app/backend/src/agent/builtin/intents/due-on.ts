import type { Task } from '../../../tasks.js';
import { addDaysIso, describeDate, extractDate, weekdayOf } from '../../dates.js';
import { showList, toolFailure } from '../actions.js';
import type { Intent } from '../intent.js';
import { matchTasks } from '../references.js';
import { q } from '../text.js';
import type { Turn } from '../turn.js';
import { listFilters } from './list.js';

/** Words a date question may hold besides its date: "what's due", "anything for", "do I have any tasks". */
const QUESTION_WORDS = new Set(
  (
    'what whats upcoming needs doing which check see view display with is are was were will be due on for by anything any something everything do does did i have got has ' +
    'tasks task todos todo to-dos things thing stuff items to planned scheduled there my me show list tell give the a ' +
    'all open still left pending remaining happening coming up need should that how many plate agenda else in ' +
    'outstanding unfinished deadlines deadline about schedule plans if whether'
  ).split(' '),
);
/** Words between two spans ("tomorrow and Friday", "Friday or Saturday"). */
const JOINERS = new Set(['and', 'or', 'nor', 'plus', 'then']);
/** Questions that may name what they look for ("do I have a dentist appointment tomorrow?"). */
const SEARCHING = /^(?:do i have|have i got|is there|are there|any)\b/i;
/** "Friday's tasks", "tomorrow's list". */
const POSSESSIVE = /^[\p{L}\d -]+['’]s\s+(?:tasks|todos|to-dos|list|agenda|plan|schedule)$/iu;
/** Messages that open like a question or a list request. */
const ASKING =
  /^(?:what|whats|upcoming|which|check|see|view|display|is|are|was|were|anything|any|do|does|did|show|list|tell|give|how|tasks|todos|my|have)\b/i;

interface Span {
  from: string;
  to: string;
  /** how the reply names the span: "tomorrow (2026-11-25)", "next week (Mon 30 Nov – Sun 6 Dec)" */
  label: string;
  /** the words of the message that named it */
  phrase: string;
}

/** Spans that are not one day: each rule finds its words and the days they cover. */
const RANGES: { re: RegExp; span: (today: string) => [string, string] }[] = [
  {
    // "this week" is today to Sunday ("by the end of this week" is a day, Friday)
    re: /(?<!of\s)\b(?:for\s+|during\s+)?this\s+week\b/i,
    span: (today) => [today, addDaysIso(today, (7 - weekdayOf(today)) % 7)],
  },
  {
    re: /(?<!of\s)\b(?:for\s+|during\s+|in\s+)?this\s+month\b/i,
    span: (today) => [today, lastOfMonth(today, 0)],
  },
  {
    re: /\b(?:for\s+|during\s+|in\s+)?next\s+month\b/i,
    span: (today) => [addDaysIso(lastOfMonth(today, 0), 1), lastOfMonth(today, 1)],
  },
  {
    re: /\b(?:for\s+|in\s+|during\s+)?next\s+week\b/i,
    span: (today) => {
      const monday = addDaysIso(today, (8 - weekdayOf(today)) % 7 || 7);
      return [monday, addDaysIso(monday, 6)];
    },
  },
  {
    re: /\b(?:for\s+|on\s+|over\s+)?(?:this\s+|the\s+)?weekend\b/i,
    span: (today) => {
      const d = weekdayOf(today);
      if (d === 0) return [today, today];
      const saturday = addDaysIso(today, 6 - d);
      return [saturday, addDaysIso(saturday, 1)];
    },
  },
];

/** The last day of this month (0) or a later one, as an ISO date. */
function lastOfMonth(today: string, ahead: number): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m + ahead, 0));
  return last.toISOString().slice(0, 10);
}

function dayLabel(iso: string, today: string): string {
  const rel = describeDate(iso, today);
  return /^(?:today|tomorrow|yesterday)$/.test(rel) ? `${rel} (${iso})` : `on ${rel} (${iso})`;
}

/** The days a question asks about, or null when it names none (or "today", which the list intent answers). */
function findSpan(text: string, today: string): Span | null {
  for (const r of RANGES) {
    const m = r.re.exec(text);
    if (!m) continue;
    const [from, to] = r.span(today);
    return {
      from,
      to,
      label: `${m[0].trim().replace(/^(?:for|in|during|on|over)\s+/i, '')} (${describeDate(from, today)} – ${describeDate(to, today)})`,
      phrase: m[0],
    };
  }
  const d = extractDate(text, today);
  if (!d.date || !d.phrase) return null;
  if (/\b(?:today|tonight)\b/i.test(d.phrase)) return null;
  // "what's due by Friday": everything from today to that day
  if (/^(?:due\s+)?(?:by|until|till|before)\b/i.test(d.phrase) && d.date > today) {
    const to = /\bbefore\b/i.test(d.phrase) ? addDaysIso(d.date, -1) : d.date;
    return { from: today, to, label: `by ${describeDate(to, today)} (${to})`, phrase: d.phrase };
  }
  return { from: d.date, to: d.date, label: dayLabel(d.date, today), phrase: d.phrase };
}

/** "what's due tomorrow?", "anything for Friday?", "do I have anything next week?": tasks due on those days. */
export const dueOn: Intent = {
  name: 'due-on',
  async handle(u, turn) {
    const t = u.core;
    if (!u.question && !ASKING.test(t) && !POSSESSIVE.test(t)) return null;
    // "tomorrow and Friday", "Friday or Saturday": up to three spans
    const spans: Span[] = [];
    let rest = t;
    for (let span = findSpan(rest, turn.today); span && spans.length < 3; span = findSpan(rest, turn.today)) {
      spans.push(span);
      rest = rest.replace(span.phrase, ' ');
    }
    if (!spans.length) return null;
    rest = rest.replace(/['’]s\b/g, ' ');
    const others = rest
      .toLowerCase()
      .split(/[^\p{L}\p{N}'-]+/u)
      .filter(Boolean);
    const extra = others.filter((w) => !QUESTION_WORDS.has(w) && !(spans.length > 1 && JOINERS.has(w)));
    // "do I have a dentist appointment on Friday?": the other words are what to look for
    if (extra.length && !(SEARCHING.test(t) && extra.length <= 4)) return null;
    return answer(turn, spans, listFilters(rest).status === 'open', extra.join(' '));
  },
};

async function answer(turn: Turn, spans: Span[], openOnly: boolean, query: string): Promise<string> {
  const args: Record<string, unknown> = {};
  if (openOnly) args.status = 'open';
  // the tool's "upcoming" filter is due today or later, in the user's time zone
  if (spans.every((s) => s.from >= turn.today)) args.due = 'upcoming';
  const r = await turn.tools.call('list_tasks', args);
  if (r.error) return toolFailure(r);
  let tasks = (r as { tasks: Task[] }).tasks.filter(
    (x) => !!x.due_date && spans.some((s) => x.due_date! >= s.from && x.due_date! <= s.to),
  );
  // title words, as references match them ("milk to buy" finds "buy milk")
  if (query) tasks = matchTasks(tasks, query);
  const what = openOnly ? 'open ' : '';
  const label = spans.map((s) => s.label).join(' or ') + (query ? ` matching ${q(query)}` : '');
  if (!tasks.length) return `You have nothing ${what}due ${label}.`;
  return showList(turn, `You have ${tasks.length} ${what}task${tasks.length === 1 ? '' : 's'} due ${label}:`, tasks);
}
