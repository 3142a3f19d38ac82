import type { Task } from '../../tasks.js';
import { TITLE_MAX } from '../../tasks.js';
import { charCount } from '../../tools.js';
import { describeDate } from '../dates.js';
import type { PendingAction } from '../engine.js';
import { explicitIds, resolve } from './references.js';
import { dueText, line, named, q } from './text.js';
import type { Turn } from './turn.js';

/** What an add will create: the title, a note, a due date and the priority word it was given. */
export interface TaskDraft {
  title: string;
  description: string;
  due_date: string | null;
  priority?: 'high' | 'low';
}

export type Patch = NonNullable<PendingAction['patch']>;

export function toolFailure(r: Record<string, unknown>): string {
  const e = r.error as { code?: string; message?: string };
  if (e?.code === 'invalid_arguments') return `I couldn't do that: ${e.message}`;
  if (e?.code === 'not_found') return "I couldn't find that task in your list.";
  return 'Something went wrong with that task. Please try again.';
}

/** Asks which of several matching tasks the user means, and remembers the question. */
export function ask(turn: Turn, action: PendingAction['action'], tasks: Task[], patch?: Patch): string {
  const shown = tasks.slice(0, 10);
  turn.meta.pending = { action, candidates: shown.map((t) => t.id), ...(patch ? { patch } : {}) };
  const verb = { complete: 'complete', reopen: 'reopen', delete: 'delete', update: 'change', add: 'add' }[action];
  const lines = shown.map((t, i) => `${i + 1}. ${line(t, turn.today)}`);
  return `Several tasks match — which one should I ${verb}?\n${lines.join('\n')}\nReply with its number in this list (or its #id).`;
}

async function forEachId(turn: Turn, ids: number[], act: (t: Task) => Promise<string>): Promise<string> {
  const lines: string[] = [];
  for (const id of ids.slice(0, 20)) {
    const task = await turn.tools.get(id);
    lines.push(task ? await act(task) : `I couldn't find task #${id} in your list.`);
  }
  return lines.join('\n');
}

/** Runs an action on the task a phrase refers to; asks when several match. */
export async function withTask(
  turn: Turn,
  ref: string,
  prefer: 'open' | 'done' | undefined,
  action: PendingAction['action'],
  act: (t: Task) => Promise<string>,
  patch?: Patch,
): Promise<string> {
  const ids = action === 'update' ? null : explicitIds(turn, ref);
  if (ids) return forEachId(turn, ids, act);
  const r = await resolve(turn, ref, prefer);
  if (r.kind === 'one') return act(r.task);
  if (r.kind === 'many') return ask(turn, action, r.tasks, patch);
  return r.message;
}

export async function complete(turn: Turn, task: Task, completed: boolean): Promise<string> {
  turn.focus(task);
  if (task.completed === completed) {
    return completed ? `${named(task)} is already done.` : `${named(task)} is already open.`;
  }
  const r = await turn.tools.call('complete_task', { task_id: task.id, completed });
  if (r.error) return toolFailure(r);
  return completed ? `Nice work! I marked ${named(task)} as done.` : `OK, ${named(task)} is open again.`;
}

export async function remove(turn: Turn, task: Task): Promise<string> {
  const r = await turn.tools.call('delete_task', { task_id: task.id });
  if (r.error) return toolFailure(r);
  return `I deleted ${named(task)}. Say "undo" to bring it back.`;
}

export async function update(turn: Turn, task: Task, patch: Patch): Promise<string> {
  turn.focus(task);
  const r = await turn.tools.call('update_task', { task_id: task.id, ...patch });
  if (r.error) return toolFailure(r);
  const updated = (r as { task: Task }).task;
  const said: string[] = [];
  if (patch.title !== undefined) said.push(`renamed ${named(task)} to ${q(updated.title)}`);
  if (patch.due_date !== undefined) {
    said.push(
      patch.due_date === null
        ? `removed the due date of ${named(updated)}`
        : `set ${named(updated)} to be due ${describeDate(patch.due_date, turn.today)} (${patch.due_date})`,
    );
  }
  if (patch.description !== undefined) said.push(`updated the description of ${named(updated)}`);
  return `Done — I ${said.join(' and ')}.`;
}

/** Why a draft cannot be added, or null when it can. */
export function draftProblem(d: Pick<TaskDraft, 'title'>): string | null {
  if (!d.title || /^(?:it|that|this|them|these|those)$/i.test(d.title))
    return 'What should the task be? For example: "add buy milk tomorrow".';
  if (charCount(d.title) > TITLE_MAX)
    return `That title is too long — please keep it under ${TITLE_MAX} characters and put details in a description, e.g. "add call the bank - about the card".`;
  return null;
}

async function create(turn: Turn, d: TaskDraft): Promise<Task | string> {
  const problem = draftProblem(d);
  if (problem) return problem;
  const args: Record<string, unknown> = { title: d.title };
  if (d.description) args.description = d.description;
  if (d.due_date) args.due_date = d.due_date;
  const r = await turn.tools.call('add_task', args);
  if (r.error) return toolFailure(r);
  return (r as { task: Task }).task;
}

/** "“x”, due tomorrow (2026-11-25), high priority" */
function describeAdded(turn: Turn, task: Task, d: TaskDraft): string {
  const due = task.due_date ? `, ${dueText(task.due_date, turn.today)}` : '';
  const priority = d.priority ? `, ${d.priority} priority (noted in its description)` : '';
  return `${q(task.title)}${due}${priority}`;
}

export async function addTask(turn: Turn, d: TaskDraft): Promise<string> {
  const task = await create(turn, d);
  if (typeof task === 'string') return task;
  turn.focus(task);
  const note = task.description && task.description !== priorityNote(d.priority) ? ' with your note' : '';
  return `Got it — I added ${describeAdded(turn, task, d)}${note}. It's task #${task.id}.`;
}

/** Several tasks from one message: adds each and says, line by line, what was done. */
export async function addMany(turn: Turn, drafts: TaskDraft[], heading = ''): Promise<string> {
  const lines: string[] = [];
  const ids: number[] = [];
  for (const d of drafts) {
    const task = await create(turn, d);
    if (typeof task === 'string') lines.push(`• not added ${q(d.title || '(empty)')}: ${task}`);
    else {
      ids.push(task.id);
      lines.push(`• #${task.id} ${describeAdded(turn, task, d)}`);
    }
  }
  if (ids.length) turn.meta.last_list = ids;
  if (ids.length === 1) turn.meta.focus_task_id = ids[0];
  const head =
    ids.length === drafts.length
      ? `Got it — I added ${ids.length} tasks:`
      : `I added ${ids.length} of the ${drafts.length} tasks:`;
  return `${heading}${head}\n${lines.join('\n')}\nSay "undo" to take them all back.`;
}

/** The description line that records a priority word (tasks have no priority field). */
export function priorityNote(p: TaskDraft['priority']): string {
  return p ? `Priority: ${p}` : '';
}

/** Numbered list of tasks, remembered so "the second one" and "done with 2" work next. */
export function showList(turn: Turn, head: string, tasks: Task[]): string {
  const shown = tasks.slice(0, 50);
  turn.meta.last_list = shown.map((x) => x.id);
  if (shown.length === 1) turn.focus(shown[0]!);
  const more = tasks.length > shown.length ? `\n…and ${tasks.length - shown.length} more.` : '';
  return `${head}\n${shown.map((x, i) => `${i + 1}. ${line(x, turn.today)}`).join('\n')}${more}`;
}
