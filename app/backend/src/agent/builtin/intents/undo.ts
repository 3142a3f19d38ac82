import type { Task } from '../../../tasks.js';
import type { ToolCall } from '../../../tools.js';
import { toolFailure } from '../actions.js';
import { alt } from '../grammar.js';
import type { Intent } from '../intent.js';
import { named } from '../text.js';
import type { Turn } from '../turn.js';

const UNDO_VERBS = [
  'undo',
  'revert',
  'take that back',
  'take it back',
  'put it back',
  'put that back',
  'reverse that',
  'roll back',
  'rollback',
];
const UNDO_OBJECTS = [
  'that',
  'it',
  'this',
  'the last change',
  'the last one',
  'the last thing',
  'the last action',
  'what you did',
  'what you just did',
  'my last change',
];
/** "undo", "oops, undo that", "that was wrong, undo", "wrong one, take it back" */
/** "undo, it's not done yet", "undo that - wrong task": why the user undoes, after the undo. */
const UNDO_REASON =
  "(?:(?:[,.;!]|\\s[-–—])\\s*(?:(?:it|that)(?:['’]s|\\s+is|\\s+was|\\s+isn['’]t|\\s+wasn['’]t)?\\s*not\\s+(?:done|finished)(?:\\s+yet)?|not\\s+(?:done|finished)(?:\\s+yet)?|wrong\\s+(?:one|task)|(?:that\\s+was\\s+)?a\\s+mistake|my\\s+mistake|my\\s+bad))?";
const UNDO_RE = new RegExp(
  `^(?:(?:oops|whoops|sorry|no|wait|actually|that was (?:a mistake|wrong)|wrong (?:one|task)|my mistake|my bad),?\\s+)?(?:please\\s+)?(?:${alt(UNDO_VERBS)})(?:\\s+(?:${alt(UNDO_OBJECTS)}))?(?:,?\\s+please)?${UNDO_REASON}$`,
  'i',
);
/** "that was the wrong one", "wrong task!": the last change was a mistake. */
const MISTAKE_RE =
  /^(?:(?:oops|whoops|sorry|no|wait|ugh),?\s+)?(?:that\s+(?:was|is)\s+(?:the\s+)?wrong(?:\s+(?:one|task))?|(?:that's|thats)\s+(?:the\s+)?wrong\s+(?:one|task)|wrong\s+(?:one|task)|i\s+didn't\s+mean\s+that(?:\s+one)?|not\s+that\s+one|(?:that\s+was\s+)?a\s+mistake)$/i;

/** Puts back what one tool call changed; `done` is false when nothing could be changed. */
async function reverse(turn: Turn, call: ToolCall): Promise<{ done: boolean; said: string }> {
  const task = call.result.task as Task;
  const previous = call.result.previous as Record<string, unknown> | undefined;
  let r: Record<string, unknown>;
  let said: string;
  if (call.name === 'add_task' || call.name === 'restore_task') {
    r = await turn.tools.call('delete_task', { task_id: task.id });
    said = `I removed ${named(task)} again. It stays in the trash for 24 hours: "restore #${task.id}" brings it back.`;
  } else if (call.name === 'delete_task') {
    if (await turn.tools.get(task.id)) return { done: false, said: `${named(task)} is already back in your list.` };
    r = await turn.tools.call('restore_task', { task_id: task.id });
    said = `${named(task)} is back in your list.`;
  } else if (previous && Object.keys(previous).length) {
    r = await turn.tools.call('update_task', { task_id: task.id, ...previous });
    said = `I put ${named(task)} back as it was${previous.completed === false ? ' (open)' : previous.completed === true ? ' (done)' : ''}.`;
  } else {
    return { done: false, said: `I can't undo the change to ${named(task)}.` };
  }
  if (r.error) {
    const e = r.error as { code?: string };
    if (e.code !== 'not_found') return { done: false, said: toolFailure(r) };
    return {
      done: false,
      said:
        call.name === 'delete_task'
          ? `I couldn't bring back ${named(task)}: it was deleted more than 24 hours ago.`
          : `I couldn't undo the change to ${named(task)}: it is not in your list any more (deleted since). Once it is back, "undo" here tries again.`,
    };
  }
  if (call.name !== 'add_task' && call.name !== 'restore_task') turn.focus((r as { task: Task }).task);
  return { done: true, said };
}

/** "undo": reverses the task changes of the latest turn not undone yet (again: the one before). */
export const undo: Intent = {
  name: 'undo',
  async handle(u, turn) {
    if (!UNDO_RE.test(u.core) && !MISTAKE_RE.test(u.core)) return null;
    const calls = turn.lastUndoableCalls();
    if (!calls) return 'There is nothing to undo in this conversation.';
    const lines: string[] = [];
    let reversed = 0;
    for (const call of [...calls].reverse()) {
      const r = await reverse(turn, call);
      if (r.done) reversed++;
      lines.push(r.said);
    }
    // Only an undo that reversed something counts: after a failed one, "undo" tries the same turn again.
    if (reversed) turn.meta.undo = true;
    return lines.join('\n');
  },
};

const RESTORE_RE = /^(?:restore|undelete|recover|bring\s+back)\s+(?:task\s*|number\s*)?#?\s*(\d{1,15})(?:\s+back)?$/i;

/** "restore #4", "undelete 4", "bring back task 4": a deleted task, by its number (the trash has no titles to search). */
export const restore: Intent = {
  name: 'restore',
  async handle(u, turn) {
    const m = RESTORE_RE.exec(u.core);
    if (!m) return null;
    const id = Number(m[1]);
    const live = await turn.tools.get(id);
    if (live)
      return live.completed
        ? `${named(live)} is in your list (done). Say "reopen #${id}" to open it again.`
        : `${named(live)} is already in your list.`;
    const r = await turn.tools.call('restore_task', { task_id: id });
    if (r.error) return `Task #${id} is not in the trash: it was never deleted, or was deleted more than 24 hours ago.`;
    const task = (r as { task: Task }).task;
    turn.focus(task);
    return `${named(task)} is back in your list.`;
  },
};
