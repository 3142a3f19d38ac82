import type { Task } from '../../../tasks.js';
import { showList, toolFailure } from '../actions.js';
import { extractDate } from '../../dates.js';
import { matchAny } from '../grammar.js';
import type { Intent } from '../intent.js';
import { q } from '../text.js';

/** Searches: each pattern captures the search text (group 1). */
const SEARCH_PATTERNS: RegExp[] = [
  /^(?:search|find|look\s+for|look\s+up|lookup)\s+(?:for\s+)?(?:my\s+)?(?:tasks?|todos?|items?)?\s*(?:about|containing|with|mentioning|matching|called|named|for|that\s+mention)?\s*["“]?(.+?)["”]?$/i,
  /^(?:show|list|give me|get)\s+(?:me\s+)?(?:my\s+|all\s+)?(?:the\s+)?(?:tasks?|todos?|items?)\s+(?:about|containing|mentioning|matching|with|called|named)\s+["“]?(.+?)["”]?$/i,
];
/** Commands to show tasks: they must name something to list ("read the news today" is a task). */
const LIST_VERBS = /^(?:list|show|display|view|see|get|give me|tell me|check|read|print)\b/i;
/** Messages that ask to see tasks. */
const LIST_PATTERNS: RegExp[] = [
  /^(?:list|show|display|view|see|get|give me|what|what's|whats|which|do i have|have i|any|how many|tell me|check|read|print|remind me what|anything)\b/i,
  /^(?:my\s+)?(?:tasks|todos|to-dos|todo list|to-do list|list|open|open tasks|done|completed|finished|overdue|due today|today|everything|all|all tasks|pending|remaining)$/i,
  /^(?!(?:add|create|put|remember)\b).*\b(?:my|the)\s+(?:tasks|todos|to-dos|todo list|to-do list|list)\b/i,
];
/** "what should I add?" or "tell me a joke" is not a list request: it must name something listable. */
const LIST_NOUNS =
  /\b(?:tasks?|todos?|to-dos?|to do|list|open|done|complete|completed|finished|left|remaining|pending|still|outstanding|unfinished|all|everything|them|mine|stuff|overdue|upcoming|coming)\b/;
/** A question ("what's due?", "anything today?") may name a time instead. */
const LIST_TIMES = /\b(?:due|have|got|planned|today|tonight|week)\b/;
const OPEN_WORDS =
  /\b(?:not\s+(?:yet\s+)?(?:done|finished|completed)|open|pending|remaining|left|unfinished|incomplete|outstanding|still|undone|active|to do|todo(?!\s+list))\b/;
const DONE_WORDS = /\b(?:done|completed|complete|finished|checked off|ticked off|accomplished)\b/;
const DUE_WORDS: { re: RegExp; due: 'today' | 'overdue' | 'upcoming' }[] = [
  { re: /\b(?:overdue|late|past due|missed)\b/, due: 'overdue' },
  { re: /\b(?:today|tonight)\b/, due: 'today' },
  { re: /\b(?:upcoming|coming up|soon|this week|next few days|later)\b/, due: 'upcoming' },
];

/** The words of a list request: status, due filter, search text. */
export function listFilters(text: string): { status: 'all' | 'open' | 'done'; due?: 'today' | 'overdue' | 'upcoming' } {
  const lower = text.toLowerCase();
  let status: 'all' | 'open' | 'done' = OPEN_WORDS.test(lower) ? 'open' : DONE_WORDS.test(lower) ? 'done' : 'all';
  const due = DUE_WORDS.find((d) => d.re.test(lower))?.due;
  if (due === 'overdue' && status === 'all') status = 'open';
  return { status, ...(due ? { due } : {}) };
}

/** "what is still open?", "show all", "what's done?", "anything overdue?", "search for milk". */
export const list: Intent = {
  name: 'list',
  async handle(u, turn) {
    const t = u.core;
    const search = matchAny(SEARCH_PATTERNS, t);
    if (!search) {
      const lower = t.toLowerCase();
      if (!matchAny(LIST_PATTERNS, t)) return null;
      if (!LIST_NOUNS.test(lower) && (LIST_VERBS.test(t) || !LIST_TIMES.test(lower))) return null;
      // a day the list filters cannot name ("what's for dinner tomorrow?"): not a list of everything
      const day = extractDate(t, turn.today);
      if (day.date && day.date !== turn.today && !/\bweek\b/i.test(day.phrase ?? '')) return null;
    }

    const { status, due } = listFilters(t);
    const query = search ? search[1]!.trim() : undefined;
    const args: Record<string, unknown> = {};
    if (status !== 'all') args.status = status;
    if (due) args.due = due;
    if (query) args.query = query.slice(0, 200);
    const r = await turn.tools.call('list_tasks', args);
    if (r.error) return toolFailure(r);
    const tasks = (r as { tasks: Task[] }).tasks;

    const what =
      (status === 'open' ? 'open ' : status === 'done' ? 'completed ' : '') + 'task' + (tasks.length === 1 ? '' : 's');
    const when =
      due === 'today' ? ' due today' : due === 'overdue' ? ' that are overdue' : due === 'upcoming' ? ' coming up' : '';
    const about = query ? ` matching ${q(query)}` : '';
    if (!tasks.length) {
      if (status === 'open' && !due && !query) return 'You have no open tasks — all clear!';
      if (status === 'all' && !due && !query) return 'Your list is empty. Add something, e.g. "add buy milk tomorrow".';
      return `You have no ${what}${when}${about}.`;
    }
    return showList(turn, `You have ${tasks.length} ${what}${when}${about}:`, tasks);
  },
};
