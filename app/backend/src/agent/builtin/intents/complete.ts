import { complete as completeTask, withTask } from '../actions.js';
import { extractDate } from '../../dates.js';
import { matchAny } from '../grammar.js';
import type { Intent } from '../intent.js';

/** Each pattern captures the task reference (group 1). */
const COMPLETE_PATTERNS: RegExp[] = [
  /^(?:mark|set|flag|put)\s+(.+?)\s+(?:as\s+)?(?:done|complete|completed|finished|checked|ticked|resolved)$/i,
  /^(?:mark|set)\s+(?:as\s+)?(?:done|complete|completed|finished)\s*:?\s+(.+)$/i,
  /^(?:complete|completed|finish|finished|check off|checkoff|check(?!\s+(?:my|the|what|if|whether)\b)|tick off|tick|cross off|close|resolve|done with|done)\s+(.+?)(?:\s+(?:off|as done))?$/i,
  /^i(?:'ve|\s+have)?\s+(?:just\s+|already\s+|finally\s+)?(?:did|done|finished|completed|bought|called|paid|sent|cleaned|fixed|walked|washed|wrote|read|booked|picked up|took out)\s+(.+)$/i,
  /^i(?:'m|\s+am)\s+(?:done|finished|through)\s+with\s+(.+)$/i,
];
/** "finish …", "complete …": a command, which with a date is a task to add. */
const IMPERATIVE = /^(?:complete|finish|close|resolve)\s/i;
/** "X is done", "X finished". */
const SUFFIX_RE =
  /^(.+?)\s+(?:is|are|was|were)?\s*(?:done|finished|complete|completed|taken care of|sorted)(?:\s+now)?$/i;
const ALL_RE = /^(?:all|everything|every\s+task|all\s+(?:my\s+)?tasks)$/i;

/** "mark 3 done", "I did the laundry", "finish task 4". */
export const complete: Intent = {
  name: 'complete',
  handle(u, turn) {
    const m = matchAny(COMPLETE_PATTERNS, u.core);
    if (!m) return null;
    const ref = m[1]!.trim();
    // "finish the essay by Friday" is a new task: a completion has no due date
    if (IMPERATIVE.test(u.core) && !/^#?\d+$/.test(ref) && extractDate(ref, turn.today).date) return null;
    if (ALL_RE.test(ref)) return 'I complete one task at a time, so nothing is marked by mistake. Which one is done?';
    return withTask(turn, ref.replace(/\s+(?:already|today|now|just now|finally)$/i, ''), 'open', 'complete', (task) =>
      completeTask(turn, task, true),
    );
  },
};

function completeSuffix(t: string, turn: Parameters<Intent['handle']>[1]) {
  const m = SUFFIX_RE.exec(t);
  return m ? withTask(turn, m[1]!, 'open', 'complete', (task) => completeTask(turn, task, true)) : null;
}

/** "task 4 is done" talks about task #4: it is not "add: 4 is done", so it is read before adding. */
export const taskIsDone: Intent = {
  name: 'task-is-done',
  handle(u, turn) {
    return /^(?:task|todo|item)\s+\S+\s+(?:is|was)\s/i.test(u.core) ? completeSuffix(u.core, turn) : null;
  },
};

/** "walk the dog is done" (read after adding, so "add X is done" still adds). */
export const doneSuffix: Intent = {
  name: 'done-suffix',
  handle(u, turn) {
    return completeSuffix(u.core, turn);
  },
};
