import { remove, withTask } from '../actions.js';
import type { Intent } from '../intent.js';

const ONE_AT_A_TIME =
  'To keep your list safe I delete one task at a time. Tell me which one, e.g. "delete #12" or "delete buy milk".';
const CLEAR_ALL = /^(?:clear|empty|wipe|reset|purge)\b/i;
const DELETE_RE =
  /^(?:delete|remove|erase|drop|trash|discard|get rid of|cancel|scratch|forget about|forget|cross out|take)\s+(.+?)(?:\s+(?:off|from)\s+(?:my|the)\s+(?:[\w-]+\s+)?list)?$/i;
/** References to many tasks at once, which a delete never acts on. */
const EVERYTHING =
  /^(?:all|everything|every\s+task|all\s+(?:of\s+)?(?:my|the)?\s*(?:tasks|todos|items)|the\s+whole\s+list|my\s+(?:whole|entire)\s+list|all\s+(?:done|completed|finished|open)\s+(?:tasks|ones|todos)?|(?:done|completed|finished)\s+(?:tasks|ones)|the\s+lot)\b/i;

/** "delete 3", "remove the dentist task": one task at a time. */
export const del: Intent = {
  name: 'delete',
  handle(u, turn) {
    if (CLEAR_ALL.test(u.core)) return ONE_AT_A_TIME;
    const m = DELETE_RE.exec(u.core);
    if (!m) return null;
    const ref = m[1]!.trim();
    if (EVERYTHING.test(ref)) return ONE_AT_A_TIME;
    return withTask(turn, ref, undefined, 'delete', (task) => remove(turn, task));
  },
};
