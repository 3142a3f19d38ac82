import { TITLE_MAX } from '../../../tasks.js';
import { charCount } from '../../../tools.js';
import { parseDateOnly } from '../../dates.js';
import { update as updateTask, withTask, type Patch } from '../actions.js';
import { firstMatch, matchAny } from '../grammar.js';
import type { Intent } from '../intent.js';
import { q, stripQuotes, truncate } from '../text.js';
import type { Turn } from '../turn.js';

/** Each pattern captures the task reference (group 1) and, but for clearing the date, the new value (group 2). */
const CLEAR_DATE = [
  /^(?:remove|clear|delete|drop|unset)\s+(?:the\s+)?(?:due\s+date|deadline|date)\s+(?:of|from|on|for)\s+(.+)$/i,
  /^(.+?)\s+(?:has|needs)\s+no\s+(?:due\s+date|deadline)$/i,
];
const RENAME = [
  /^(?:rename|retitle|call)\s+(.+?)\s+(?:to|as|into)\s+(.+)$/i,
  /^(?:change|update|edit|set)\s+(?:the\s+)?(?:title|name)\s+(?:of|for)\s+(.+?)\s+to\s+(.+)$/i,
];
const DESCRIBE = [
  /^(?:change|update|edit|set)\s+(?:the\s+)?(?:description|notes?|details)\s+(?:of|for|on)\s+(.+?)\s+to\s+(.+)$/i,
  /^(?:add|put)\s+(?:a\s+)?(?:note|description|details)\s+(?:to|on)\s+(.+?)(?::\s*|\s+saying\s+|\s+-\s+)(.+)$/i,
  /^(?:describe)\s+(.+?)\s+as\s+(.+)$/i,
  /^(?:change|update|edit|set)\s+(.+?)(?:'s)?\s+(?:description|notes?|details)\s+to\s+(.+)$/i,
];
/** `explicit`: the words are surely about a date, so a date not understood gets an answer rather than another reading. */
const RESCHEDULE: { re: RegExp; explicit: boolean }[] = [
  {
    re: /^(?:move|postpone|reschedule|push|defer|delay|shift)\s+(?:back\s+)?(.+?)\s+(?:to|until|till|for|by|on)\s+(.+)$/i,
    explicit: true,
  },
  {
    re: /^(?:change|update|set|make)\s+(?:the\s+)?(?:due\s+date|deadline|date)\s+(?:of|for|on)\s+(.+?)\s+(?:to|for|on)\s+(.+)$/i,
    explicit: true,
  },
  { re: /^(?:set|make)\s+(.+?)\s+(?:due)\s+(.+)$/i, explicit: true },
  {
    re: /^(?!(?:what|which|anything|is|are|do|does|how|show|list)\b)(.+?)\s+(?:is|should be)\s+(?:now\s+)?due\s+(.+)$/i,
    explicit: false,
  },
];
/** "change X to Y": a date means the due date, anything else the title. */
const CHANGE = /^(?:change|update|edit|modify)\s+(.+?)\s+to\s+(?:say\s+|read\s+)?(.+)$/i;

function setDue(turn: Turn, ref: string, date: string | null): Promise<string> {
  const patch: Patch = { due_date: date };
  return withTask(turn, ref, 'open', 'update', (task) => updateTask(turn, task, patch), patch);
}

function rename(turn: Turn, ref: string, raw: string): Promise<string> | string {
  const title = stripQuotes(raw);
  if (!title) return 'What should the new title be?';
  if (charCount(title) > TITLE_MAX) return `That title is too long — please keep it under ${TITLE_MAX} characters.`;
  return withTask(turn, ref, undefined, 'update', (task) => updateTask(turn, task, { title }), { title });
}

/** Renaming, rescheduling, describing and clearing the due date of a task. */
export const update: Intent = {
  name: 'update',
  handle(u, turn) {
    const t = u.core;
    let m = matchAny(CLEAR_DATE, t);
    if (m) return setDue(turn, m[1]!, null);
    if ((m = matchAny(RENAME, t))) return rename(turn, m[1]!, m[2]!);
    if ((m = matchAny(DESCRIBE, t))) {
      const description = m[2]!.trim().replace(/^["“]|["”]$/g, '');
      return withTask(turn, m[1]!, undefined, 'update', (task) => updateTask(turn, task, { description }), {
        description,
      });
    }
    const r = firstMatch(RESCHEDULE, t);
    if (r) {
      const date = parseDateOnly(r.m[2]!, turn.today);
      if (date) return setDue(turn, r.m[1]!, date);
      if (r.rule.explicit)
        return `I couldn't understand the date ${q(truncate(r.m[2]!, 40))}. Try "tomorrow", "on Friday", "next week" or a date like 2026-12-01.`;
      return null;
    }
    if ((m = CHANGE.exec(t))) {
      const date = parseDateOnly(m[2]!, turn.today);
      return date ? setDue(turn, m[1]!, date) : rename(turn, m[1]!, m[2]!);
    }
    return null;
  },
};
