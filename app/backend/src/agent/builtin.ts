import type { Task } from '../tasks.js';
import { TITLE_MAX } from '../tasks.js';
import { charCount, type ToolRunner } from '../tools.js';
import { describeDate, extractDate, extractTime, parseDateOnly } from './dates.js';
import type { Engine, EngineInput, EngineMeta, EngineOutput, HistoryMessage, PendingAction } from './engine.js';

/**
 * The default engine: deterministic, rule-based English understanding of
 * common todo phrasings. It acts only through the shared tools, asks when a
 * reference is ambiguous and never picks a task for a destructive action by
 * guesswork.
 */
export class BuiltinEngine implements Engine {
  readonly name = 'builtin';

  async respond(input: EngineInput): Promise<EngineOutput> {
    const turn = new Turn(input);
    return turn.run();
  }
}

const HELP = [
  'I keep your todo list. You can say things like:',
  '• "add buy milk tomorrow" or "I need to call mom on Friday - about the trip"',
  '• "what is still open?", "show all", "what\'s done?", "what is due today?"',
  '• "mark 3 done", "I did the laundry", "mark it done"',
  '• "rename 3 to buy oat milk", "move the dentist to next week"',
  '• "delete 3" or "remove the dentist task"',
  '• "undo" takes back the last change I made',
  'After a list, "done with 2" means the second task in that list; "#2" is always task #2.',
].join('\n');

const q = (s: string) => `“${s}”`;
/** A task as replies name it: its title and its number, so the user sees which one was acted on. */
const named = (t: Pick<Task, 'id' | 'title'>) => `${q(t.title)} (#${t.id})`;

const MUTATING_TOOLS = new Set(['add_task', 'complete_task', 'update_task', 'delete_task', 'restore_task']);

type Resolution = { kind: 'one'; task: Task } | { kind: 'many'; tasks: Task[] } | { kind: 'none'; message: string };

const STOPWORDS = new Set([
  'the',
  'a',
  'an',
  'my',
  'to',
  'of',
  'for',
  'on',
  'in',
  'at',
  'and',
  'task',
  'todo',
  'item',
  'one',
  'that',
  'this',
]);

function words(s: string): string[] {
  return s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s'-]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

function stem(w: string): string {
  return w.replace(/'s$/, '').replace(/(ing|es|s)$/, '') || w;
}

const ORDINALS: Record<string, number> = {
  first: 1,
  '1st': 1,
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  '4th': 4,
  fifth: 5,
  '5th': 5,
  sixth: 6,
  '6th': 6,
  seventh: 7,
  '7th': 7,
  eighth: 8,
  '8th': 8,
  ninth: 9,
  '9th': 9,
  tenth: 10,
  '10th': 10,
};

const PRONOUN_RE =
  /^(?:it|that|this|them|that one|this one|that task|this task|the task|the last one(?: i added)?|the one i just added|the last task|the latest one|the new one)$/i;

class Turn {
  private readonly tools: ToolRunner;
  private readonly history: HistoryMessage[];
  private readonly today: string;
  private meta: EngineMeta = {};

  constructor(private readonly input: EngineInput) {
    this.tools = input.tools;
    this.history = input.history;
    this.today = input.tools.today;
  }

  async run(): Promise<EngineOutput> {
    const reply = await this.dispatch(this.input.message);
    return { reply, meta: this.meta };
  }

  // ---------------------------------------------------------------- dispatch

  private async dispatch(raw: string): Promise<string> {
    const text = raw.replace(/\s+/g, ' ').trim();
    const bare = text.replace(/[.!?,\s]+$/g, '').trim();
    const lower = bare.toLowerCase();

    if (!bare) return 'Say something like "add buy milk tomorrow" or "what is still open?".';

    if (
      /^(?:hi|hello|hey|hiya|howdy|yo|heya|greetings|good\s+(?:morning|afternoon|evening|day)|hi there|hello there|hey there)(?:\s+(?:there|bot|assistant|friend))?$/i.test(
        bare,
      )
    ) {
      return 'Hello! I can add, list, complete, rename and delete your tasks. What would you like to do?';
    }
    if (
      /^(?:help|\?|what can you do|what do you do|how does (?:this|it) work|commands|options|usage|how do i use (?:this|you)|what can i (?:say|do))$/i.test(
        bare,
      )
    ) {
      return HELP;
    }
    if (
      /^(?:thanks|thank you|thank you so much|thx|ty|cheers|great|perfect|awesome|nice|cool|ok|okay|got it)(?:\s+(?:a lot|very much))?$/i.test(
        bare,
      )
    ) {
      return "You're welcome! Anything else on your list?";
    }
    if (/^(?:how are you(?: doing)?|how's it going|what's up|whats up|sup)$/i.test(bare)) {
      return "I'm doing well, thanks! Want to add a task or see what's still open?";
    }
    if (/^(?:bye|goodbye|see you|see ya|good night)$/i.test(bare)) {
      return 'Bye! Your tasks are saved.';
    }

    if (this.mentionsOtherUsers(lower)) {
      return "I can only see and change your own tasks — I have no access to anyone else's data, and I won't act on other accounts.";
    }

    const pending = this.lastMeta()?.pending;
    if (pending) {
      const answered = await this.answerPending(pending, bare);
      if (answered !== null) return answered;
    }

    const t = stripPoliteness(bare);
    if (!t) return HELP;

    return (
      (await this.tryUndo(t)) ??
      (await this.tryUpdate(t)) ??
      (await this.tryDelete(t)) ??
      (await this.tryRestore(t)) ??
      (await this.tryReopen(t)) ??
      (await this.tryComplete(t)) ??
      (await this.tryList(t)) ??
      // "task 4 is done" talks about task #4: it is not "add: 4 is done"
      (/^(?:task|todo|item)\s+\S+\s+(?:is|was)\s/i.test(t) ? await this.tryCompleteSuffix(t) : null) ??
      (await this.tryAdd(t)) ??
      (await this.tryCompleteSuffix(t)) ??
      this.suggestAdd(t) ??
      `Sorry, I didn't understand ${q(truncate(bare, 60))}. Try "add buy milk tomorrow", "what is still open?", "mark 3 done" or "help".`
    );
  }

  /** A short phrase that is not a question: offer to add it, and wait for "yes". */
  private suggestAdd(t: string): string | null {
    const n = t.split(/\s+/).length;
    if (
      n < 2 ||
      n > 10 ||
      /[?]/.test(t) ||
      /^(?:how|why|who|when|where|what|is|are|can|could|do|does|will|would|should)\b/i.test(t)
    )
      return null;
    const title = t.replace(/[.!]+$/, '').trim();
    if (charCount(title) > TITLE_MAX) return null;
    this.meta.pending = { action: 'add', candidates: [], patch: { title } };
    return `Should I add ${q(title)} as a new task? Say "yes" to add it.`;
  }

  private mentionsOtherUsers(lower: string): boolean {
    return (
      /\b(?:every|all|other|another|each|any|different)\s+(?:users?|accounts?|people|persons?|customers?|members?)\b/.test(
        lower,
      ) ||
      /\b(?:everyone|everybody|someone else|somebody else|anyone else|other people)(?:'s)?\b/.test(lower) ||
      /\b(?:users?|accounts?)\s*(?:id\s*)?#?\d+\b/.test(lower) ||
      /\b(?:[\w.+-]+@[\w-]+\.[\w.]+)'?s?\s+(?:tasks?|todos?|list)\b/.test(lower) ||
      /\b(?:as\s+(?:an?\s+)?admin(?:istrator)?|superuser|sudo)\b/.test(lower)
    );
  }

  // ---------------------------------------------------------------- context

  private lastMeta(): EngineMeta | undefined {
    for (let i = this.history.length - 1; i >= 0; i--) {
      const m = this.history[i]!;
      if (m.role === 'assistant') return m.meta ?? {};
    }
    return undefined;
  }

  /** The task the conversation last talked about. */
  private focusTaskId(): number | undefined {
    for (let i = this.history.length - 1; i >= 0; i--) {
      const m = this.history[i]!;
      if (m.role !== 'assistant') continue;
      if (m.meta?.focus_task_id) return m.meta.focus_task_id;
      // conversations continued from another engine: the last task a tool touched
      for (let j = m.tool_calls.length - 1; j >= 0; j--) {
        const task = (m.tool_calls[j]!.result as { task?: { id?: number } }).task;
        if (task?.id && m.tool_calls[j]!.name !== 'delete_task') return task.id;
      }
      if (m.meta?.last_list?.length === 1) return m.meta.last_list[0];
    }
    return undefined;
  }

  /**
   * A bare number right after a numbered list means that item of the list
   * ("done with 2" after "1. #7 … 2. #5 …" is #5); "#2" or "task 2" is always task #2.
   */
  private listItem(n: number): number | undefined {
    for (let i = this.history.length - 1; i >= 0; i--) {
      const m = this.history[i]!;
      if (m.role !== 'assistant') continue;
      const list = m.meta?.last_list;
      return list && n >= 1 && n <= list.length ? list[n - 1] : undefined;
    }
    return undefined;
  }

  private lastList(): number[] | undefined {
    for (let i = this.history.length - 1; i >= 0; i--) {
      const m = this.history[i]!;
      if (m.role !== 'assistant') continue;
      if (m.meta?.pending?.candidates.length) return m.meta.pending.candidates;
      if (m.meta?.last_list?.length) return m.meta.last_list;
    }
    return undefined;
  }

  private focus(task: Task): void {
    this.meta.focus_task_id = task.id;
  }

  // ---------------------------------------------------------------- references

  /**
   * Finds the task a phrase refers to: "#3", "3", "task 3", "it", "the first one",
   * or words of its title. `prefer` narrows several matches by status.
   */
  private async resolve(refRaw: string, prefer?: 'open' | 'done'): Promise<Resolution> {
    let ref = refRaw
      .trim()
      .replace(/^["“'‘]+|["”'’]+$/g, '')
      .replace(/\s+(?:from|on|off|in)\s+(?:my|the)\s+(?:[\w-]+\s+)?list$/i, '')
      .replace(/\s+(?:task|todo|item)$/i, '')
      .trim();

    if (PRONOUN_RE.test(ref)) {
      const id = this.focusTaskId();
      const task = id ? await this.tools.get(id) : null;
      if (!task)
        return {
          kind: 'none',
          message: "I'm not sure which task you mean — tell me its number or a few words of its title.",
        };
      return { kind: 'one', task };
    }

    const num = /^((?:task|todo|item|number|no\.?)\s*)?(#)?\s*(\d{1,15})$/i.exec(ref);
    if (num) {
      const n = Number(num[3]);
      const id = (!num[1] && !num[2] && this.listItem(n)) || n;
      const task = await this.tools.get(id);
      if (!task) return { kind: 'none', message: `I couldn't find task #${id} in your list.` };
      return { kind: 'one', task };
    }

    const ord =
      /^(?:the\s+)?(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|1st|2nd|3rd|4th|5th|6th|7th|8th|9th|10th|last)(?:\s+(?:one|task|item|todo))?(?:\s+(?:on|in)\s+the\s+list)?$/i.exec(
        ref,
      );
    if (ord) {
      const list = this.lastList();
      if (!list?.length)
        return {
          kind: 'none',
          message: 'Which list do you mean? Ask me to "show my tasks" first, then say "the second one".',
        };
      const word = ord[1]!.toLowerCase();
      const pos = word === 'last' ? list.length : ORDINALS[word]!;
      const id = list[pos - 1];
      const task = id ? await this.tools.get(id) : null;
      if (!task) return { kind: 'none', message: `There is no ${word} task in the last list I showed.` };
      return { kind: 'one', task };
    }

    ref = ref
      .replace(/^(?:the|my|a)\s+/i, '')
      .replace(/^(?:task|todo|item)\s+(?:to\s+|called\s+|named\s+)?/i, '')
      .trim();
    if (!ref)
      return { kind: 'none', message: 'Which task do you mean? Tell me its number or a few words of its title.' };

    const all = await this.tools.peek('all');
    let matches = matchTasks(all, ref);
    if (matches.length > 1 && prefer) {
      const preferred = matches.filter((t) => (prefer === 'open' ? !t.completed : t.completed));
      if (preferred.length) matches = preferred;
    }
    if (matches.length === 1) return { kind: 'one', task: matches[0]! };
    if (matches.length > 1) return { kind: 'many', tasks: matches };
    return { kind: 'none', message: `I couldn't find a task matching ${q(truncate(ref, 60))}.` };
  }

  private ask(action: PendingAction['action'], tasks: Task[], patch?: PendingAction['patch']): string {
    const shown = tasks.slice(0, 10);
    this.meta.pending = { action, candidates: shown.map((t) => t.id), ...(patch ? { patch } : {}) };
    const verb = { complete: 'complete', reopen: 'reopen', delete: 'delete', update: 'change', add: 'add' }[action];
    const lines = shown.map((t, i) => `${i + 1}. ${this.line(t)}`);
    return `Several tasks match — which one should I ${verb}?\n${lines.join('\n')}\nReply with its number in this list (or its #id).`;
  }

  private async answerPending(p: PendingAction, answer: string): Promise<string | null> {
    const a = answer
      .toLowerCase()
      .replace(/^(?:the\s+)?/, '')
      .trim();
    if (/^(?:cancel|never ?mind|nevermind|none|neither|no|nope|stop|forget it|none of them|no thanks)$/.test(a)) {
      return 'OK, I left everything as it was.';
    }
    if (p.action === 'add') {
      if (!/^(?:y|yes|yep|yeah|yup|sure|ok|okay|please|please do|do it|go ahead|add it|yes please)$/.test(a))
        return null;
      return this.addTask(p.patch?.title ?? '', '', null);
    }
    let id: number | undefined;
    const num = /^(?:number\s+|no\.?\s*|task\s+)?(#\s*)?(\d{1,15})(?:st|nd|rd|th)?(?:\s+one)?$/.exec(a);
    if (num) {
      // "2": the second in the list shown; "#12": the task with id 12
      const n = Number(num[2]);
      if (!num[1] && n >= 1 && n <= p.candidates.length) id = p.candidates[n - 1];
      else if (p.candidates.includes(n)) id = n;
      else return null;
    } else {
      const ord = /^(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last)(?:\s+one)?$/.exec(a);
      if (ord) {
        const pos = ord[1] === 'last' ? p.candidates.length : ORDINALS[ord[1]!]!;
        id = p.candidates[pos - 1];
        if (id === undefined) return null;
      } else {
        const tasks = (await Promise.all(p.candidates.map((c) => this.tools.get(c)))).filter((t): t is Task => !!t);
        const m = matchTasks(tasks, a.replace(/\s+one$/, ''));
        if (m.length !== 1) return null;
        id = m[0]!.id;
      }
    }
    const task = id !== undefined ? await this.tools.get(id) : null;
    if (!task) return "That task isn't in your list any more.";
    switch (p.action) {
      case 'complete':
        return this.doComplete(task, true);
      case 'reopen':
        return this.doComplete(task, false);
      case 'delete':
        return this.doDelete(task);
      case 'update':
        return this.doUpdate(task, p.patch ?? {});
    }
  }

  // ---------------------------------------------------------------- actions

  private line(t: Task): string {
    const parts = [`#${t.id} ${t.title}`];
    if (t.completed) parts.push('(done)');
    else if (t.due_date) {
      const overdue = t.due_date < this.today;
      parts.push(`(${overdue ? 'overdue, was due' : 'due'} ${describeDate(t.due_date, this.today)})`);
    }
    return parts.join(' ');
  }

  private async doComplete(task: Task, completed: boolean): Promise<string> {
    this.focus(task);
    if (task.completed === completed) {
      return completed ? `${named(task)} is already done.` : `${named(task)} is already open.`;
    }
    const r = await this.tools.call('complete_task', { task_id: task.id, completed });
    if (r.error) return this.toolFailure(r);
    return completed ? `Nice work! I marked ${named(task)} as done.` : `OK, ${named(task)} is open again.`;
  }

  private async doDelete(task: Task): Promise<string> {
    const r = await this.tools.call('delete_task', { task_id: task.id });
    if (r.error) return this.toolFailure(r);
    return `I deleted ${named(task)}. Say "undo" to bring it back.`;
  }

  private async doUpdate(task: Task, patch: NonNullable<PendingAction['patch']>): Promise<string> {
    this.focus(task);
    const r = await this.tools.call('update_task', { task_id: task.id, ...patch });
    if (r.error) return this.toolFailure(r);
    const updated = (r as { task: Task }).task;
    const said: string[] = [];
    if (patch.title !== undefined) said.push(`renamed ${named(task)} to ${q(updated.title)}`);
    if (patch.due_date !== undefined) {
      said.push(
        patch.due_date === null
          ? `removed the due date of ${named(updated)}`
          : `set ${named(updated)} to be due ${describeDate(patch.due_date, this.today)} (${patch.due_date})`,
      );
    }
    if (patch.description !== undefined) said.push(`updated the description of ${named(updated)}`);
    return `Done — I ${said.join(' and ')}.`;
  }

  private toolFailure(r: Record<string, unknown>): string {
    const e = r.error as { code?: string; message?: string };
    if (e?.code === 'invalid_arguments') return `I couldn't do that: ${e.message}`;
    if (e?.code === 'not_found') return "I couldn't find that task in your list.";
    return 'Something went wrong with that task. Please try again.';
  }

  /** "1, 2 and #5": several explicit task numbers (never words: those could be a guess). */
  private explicitIds(ref: string): number[] | null {
    const parts = ref.split(/\s*(?:,|\band\b|&)\s*/i).filter(Boolean);
    if (parts.length < 2) return null;
    const ids = parts.map((p) => {
      const m = /^(task\s*)?(#)?\s*(\d{1,15})$/i.exec(p.trim());
      if (!m) return undefined;
      const n = Number(m[3]);
      return (!m[1] && !m[2] && this.listItem(n)) || n;
    });
    return ids.every((x) => x !== undefined) ? [...new Set(ids)] : null;
  }

  private async forEachId(ids: number[], act: (t: Task) => Promise<string>): Promise<string> {
    const lines: string[] = [];
    for (const id of ids.slice(0, 20)) {
      const task = await this.tools.get(id);
      lines.push(task ? await act(task) : `I couldn't find task #${id} in your list.`);
    }
    return lines.join('\n');
  }

  private async withTask(
    ref: string,
    prefer: 'open' | 'done' | undefined,
    action: PendingAction['action'],
    act: (t: Task) => Promise<string>,
    patch?: PendingAction['patch'],
  ): Promise<string> {
    const ids = action === 'update' ? null : this.explicitIds(ref);
    if (ids) return this.forEachId(ids, act);
    const r = await this.resolve(ref, prefer);
    if (r.kind === 'one') return act(r.task);
    if (r.kind === 'many') return this.ask(action, r.tasks, patch);
    return r.message;
  }

  // ---------------------------------------------------------------- intents

  /** "undo": reverses the task changes of the latest turn not undone yet (again: the one before). */
  private async tryUndo(t: string): Promise<string | null> {
    if (
      !/^(?:oops,?\s+)?(?:undo|revert|take\s+(?:that|it)\s+back)(?:\s+(?:that|it|this|the\s+last\s+(?:change|one|thing|action)|what\s+you\s+(?:just\s+)?did))?$/i.test(
        t,
      )
    ) {
      return null;
    }
    const calls = this.lastUndoableCalls();
    if (!calls) return 'There is nothing to undo in this conversation.';
    const lines: string[] = [];
    let reversed = 0;
    for (const call of [...calls].reverse()) {
      const r = await this.reverse(call);
      if (r.done) reversed++;
      lines.push(r.said);
    }
    // Only an undo that reversed something counts: after a failed one, "undo" tries the same turn again.
    if (reversed) this.meta.undo = true;
    return lines.join('\n');
  }

  /** "restore #4", "undelete 4", "bring back task 4": a deleted task, by its number (the trash has no titles to search). */
  private async tryRestore(t: string): Promise<string | null> {
    const m = /^(?:restore|undelete|recover|bring\s+back)\s+(?:task\s*|number\s*)?#?\s*(\d{1,15})(?:\s+back)?$/i.exec(
      t,
    );
    if (!m) return null;
    const id = Number(m[1]);
    const live = await this.tools.get(id);
    if (live)
      return live.completed
        ? `${named(live)} is in your list (done). Say "reopen #${id}" to open it again.`
        : `${named(live)} is already in your list.`;
    const r = await this.tools.call('restore_task', { task_id: id });
    if (r.error) return `Task #${id} is not in the trash: it was never deleted, or was deleted more than 24 hours ago.`;
    const task = (r as { task: Task }).task;
    this.focus(task);
    return `${named(task)} is back in your list.`;
  }

  /** The successful task changes of the latest turn that an "undo" has not reversed yet. */
  private lastUndoableCalls(): HistoryMessage['tool_calls'] | null {
    let undone = 0;
    for (let i = this.history.length - 1; i >= 0; i--) {
      const m = this.history[i]!;
      if (m.role !== 'assistant') continue;
      if (m.meta?.undo) {
        undone++;
        continue;
      }
      const changes = m.tool_calls.filter((c) => MUTATING_TOOLS.has(c.name) && !c.result.error && c.result.task);
      if (!changes.length) continue;
      if (undone > 0) {
        undone--;
        continue;
      }
      return changes;
    }
    return null;
  }

  /** Puts back what one tool call changed; `done` is false when nothing could be changed. */
  private async reverse(call: HistoryMessage['tool_calls'][number]): Promise<{ done: boolean; said: string }> {
    const task = call.result.task as Task;
    const previous = call.result.previous as Record<string, unknown> | undefined;
    let r: Record<string, unknown>;
    let said: string;
    if (call.name === 'add_task' || call.name === 'restore_task') {
      r = await this.tools.call('delete_task', { task_id: task.id });
      said = `I removed ${named(task)} again. It stays in the trash for 24 hours: "restore #${task.id}" brings it back.`;
    } else if (call.name === 'delete_task') {
      if (await this.tools.get(task.id)) return { done: false, said: `${named(task)} is already back in your list.` };
      r = await this.tools.call('restore_task', { task_id: task.id });
      said = `${named(task)} is back in your list.`;
    } else if (previous && Object.keys(previous).length) {
      r = await this.tools.call('update_task', { task_id: task.id, ...previous });
      said = `I put ${named(task)} back as it was${previous.completed === false ? ' (open)' : previous.completed === true ? ' (done)' : ''}.`;
    } else {
      return { done: false, said: `I can't undo the change to ${named(task)}.` };
    }
    if (r.error) {
      const e = r.error as { code?: string };
      if (e.code !== 'not_found') return { done: false, said: this.toolFailure(r) };
      return {
        done: false,
        said:
          call.name === 'delete_task'
            ? `I couldn't bring back ${named(task)}: it was deleted more than 24 hours ago.`
            : `I couldn't undo the change to ${named(task)}: it is not in your list any more (deleted since). Once it is back, "undo" here tries again.`,
      };
    }
    if (call.name !== 'add_task' && call.name !== 'restore_task') this.focus((r as { task: Task }).task);
    return { done: true, said };
  }

  private async tryUpdate(t: string): Promise<string | null> {
    let m: RegExpExecArray | null;
    // remove/clear the due date of X
    if (
      (m =
        /^(?:remove|clear|delete|drop|unset)\s+(?:the\s+)?(?:due\s+date|deadline|date)\s+(?:of|from|on|for)\s+(.+)$/i.exec(
          t,
        ))
    ) {
      return this.withTask(m[1]!, 'open', 'update', (task) => this.doUpdate(task, { due_date: null }), {
        due_date: null,
      });
    }
    // rename X to Y / change the title of X to Y
    if (
      (m = /^(?:rename|retitle|call)\s+(.+?)\s+(?:to|as|into)\s+(.+)$/i.exec(t)) ||
      (m = /^(?:change|update|edit|set)\s+(?:the\s+)?(?:title|name)\s+(?:of|for)\s+(.+?)\s+to\s+(.+)$/i.exec(t))
    ) {
      return this.rename(m[1]!, m[2]!);
    }
    // change/set the description of X to Y; add a note to X: Y
    if (
      (m =
        /^(?:change|update|edit|set)\s+(?:the\s+)?(?:description|notes?|details)\s+(?:of|for|on)\s+(.+?)\s+to\s+(.+)$/i.exec(
          t,
        )) ||
      (m =
        /^(?:add|put)\s+(?:a\s+)?(?:note|description|details)\s+(?:to|on)\s+(.+?)(?::\s*|\s+saying\s+|\s+-\s+)(.+)$/i.exec(
          t,
        )) ||
      (m = /^(?:describe)\s+(.+?)\s+as\s+(.+)$/i.exec(t)) ||
      (m = /^(?:change|update|edit|set)\s+(.+?)(?:'s)?\s+(?:description|notes?|details)\s+to\s+(.+)$/i.exec(t))
    ) {
      const description = m[2]!.trim().replace(/^["“]|["”]$/g, '');
      return this.withTask(m[1]!, undefined, 'update', (task) => this.doUpdate(task, { description }), { description });
    }
    // move/postpone/reschedule X to <date>; set the due date of X to <date>; X is due <date>
    if (
      (m =
        /^(?:move|postpone|reschedule|push|defer|delay|shift)\s+(?:back\s+)?(.+?)\s+(?:to|until|till|for|by|on)\s+(.+)$/i.exec(
          t,
        )) ||
      (m =
        /^(?:change|update|set|make)\s+(?:the\s+)?(?:due\s+date|deadline|date)\s+(?:of|for|on)\s+(.+?)\s+(?:to|for|on)\s+(.+)$/i.exec(
          t,
        )) ||
      (m = /^(?:set|make)\s+(.+?)\s+(?:due)\s+(.+)$/i.exec(t)) ||
      (m =
        /^(?!(?:what|which|anything|is|are|do|does|how|show|list)\b)(.+?)\s+(?:is|should be)\s+(?:now\s+)?due\s+(.+)$/i.exec(
          t,
        ))
    ) {
      const date = parseDateOnly(m[2]!, this.today);
      if (!date) {
        return /^(?:move|postpone|reschedule|push|defer|delay|shift|change|update|set)/i.test(t)
          ? `I couldn't understand the date ${q(truncate(m[2]!, 40))}. Try "tomorrow", "on Friday", "next week" or a date like 2026-12-01.`
          : null;
      }
      return this.withTask(m[1]!, 'open', 'update', (task) => this.doUpdate(task, { due_date: date }), {
        due_date: date,
      });
    }
    // change/update X to Y: a date means the due date, anything else the title
    if ((m = /^(?:change|update|edit|modify)\s+(.+?)\s+to\s+(?:say\s+|read\s+)?(.+)$/i.exec(t))) {
      const date = parseDateOnly(m[2]!, this.today);
      if (date) {
        return this.withTask(m[1]!, 'open', 'update', (task) => this.doUpdate(task, { due_date: date }), {
          due_date: date,
        });
      }
      return this.rename(m[1]!, m[2]!);
    }
    return null;
  }

  private async rename(ref: string, newTitleRaw: string): Promise<string> {
    const title = newTitleRaw
      .trim()
      .replace(/^["“'‘]+|["”'’]+$/g, '')
      .trim();
    if (!title) return 'What should the new title be?';
    if (charCount(title) > TITLE_MAX) return `That title is too long — please keep it under ${TITLE_MAX} characters.`;
    return this.withTask(ref, undefined, 'update', (task) => this.doUpdate(task, { title }), { title });
  }

  private async tryDelete(t: string): Promise<string | null> {
    if (/^(?:clear|empty|wipe|reset|purge)\b/i.test(t)) {
      return 'To keep your list safe I delete one task at a time. Tell me which one, e.g. "delete #12" or "delete buy milk".';
    }
    const m =
      /^(?:delete|remove|erase|drop|trash|discard|get rid of|cancel|scratch|forget about|forget|cross out|take)\s+(.+?)(?:\s+(?:off|from)\s+(?:my|the)\s+(?:[\w-]+\s+)?list)?$/i.exec(
        t,
      );
    if (!m) return null;
    const ref = m[1]!.trim();
    if (
      /^(?:all|everything|every\s+task|all\s+(?:of\s+)?(?:my|the)?\s*(?:tasks|todos|items)|the\s+whole\s+list|my\s+(?:whole|entire)\s+list|all\s+(?:done|completed|finished|open)\s+(?:tasks|ones|todos)?|(?:done|completed|finished)\s+(?:tasks|ones)|the\s+lot)\b/i.test(
        ref,
      )
    ) {
      return 'To keep your list safe I delete one task at a time. Tell me which one, e.g. "delete #12" or "delete buy milk".';
    }
    return this.withTask(ref, undefined, 'delete', (task) => this.doDelete(task));
  }

  private async tryReopen(t: string): Promise<string | null> {
    const m =
      /^(?:reopen|re-open|uncheck|untick|unmark|undo|restore|unfinish|uncomplete)\s+(.+)$/i.exec(t) ??
      /^(?:mark|set|flag|put)\s+(.+?)\s+(?:as\s+)?(?:not\s+(?:yet\s+)?(?:done|complete|completed|finished)|undone|open|incomplete|unfinished|pending|to\s?do|active)(?:\s+again)?$/i.exec(
        t,
      ) ??
      /^(?:i\s+)?(?:didn't|did not|haven't|have not)\s+(?:actually\s+)?(?:do|did|done|finish|finished|complete|completed)\s+(.+)$/i.exec(
        t,
      );
    if (!m) return null;
    return this.withTask(m[1]!, 'done', 'reopen', (task) => this.doComplete(task, false));
  }

  private async tryComplete(t: string): Promise<string | null> {
    const m =
      /^(?:mark|set|flag|put)\s+(.+?)\s+(?:as\s+)?(?:done|complete|completed|finished|checked|ticked|resolved)$/i.exec(
        t,
      ) ??
      /^(?:mark|set)\s+(?:as\s+)?(?:done|complete|completed|finished)\s*:?\s+(.+)$/i.exec(t) ??
      /^(?:complete|completed|finish|finished|check off|checkoff|check|tick off|tick|cross off|close|resolve|done with|done)\s+(.+?)(?:\s+(?:off|as done))?$/i.exec(
        t,
      ) ??
      /^i(?:'ve|\s+have)?\s+(?:just\s+|already\s+|finally\s+)?(?:did|done|finished|completed|bought|called|paid|sent|cleaned|fixed|walked|washed|wrote|read|booked|picked up|took out)\s+(.+)$/i.exec(
        t,
      ) ??
      /^i(?:'m|\s+am)\s+(?:done|finished|through)\s+with\s+(.+)$/i.exec(t);
    if (!m) return null;
    let ref = m[1]!.trim();
    // "I bought the milk": the verb is part of the title words too ("buy milk") — keep only the object
    if (/^(?:all|everything|every\s+task|all\s+(?:my\s+)?tasks)$/i.test(ref)) {
      return 'I complete one task at a time, so nothing is marked by mistake. Which one is done?';
    }
    ref = ref.replace(/\s+(?:already|today|now|just now|finally)$/i, '');
    return this.withTask(ref, 'open', 'complete', (task) => this.doComplete(task, true));
  }

  private async tryCompleteSuffix(t: string): Promise<string | null> {
    const m =
      /^(.+?)\s+(?:is|are|was|were)?\s*(?:done|finished|complete|completed|taken care of|sorted)(?:\s+now)?$/i.exec(t);
    if (!m) return null;
    return this.withTask(m[1]!, 'open', 'complete', (task) => this.doComplete(task, true));
  }

  private async tryList(t: string): Promise<string | null> {
    const lower = t.toLowerCase();
    const search =
      /^(?:search|find|look\s+for|look\s+up|lookup)\s+(?:for\s+)?(?:my\s+)?(?:tasks?|todos?|items?)?\s*(?:about|containing|with|mentioning|matching|called|named|for|that\s+mention)?\s*["“]?(.+?)["”]?$/i.exec(
        t,
      ) ??
      /^(?:show|list|give me|get)\s+(?:me\s+)?(?:my\s+|all\s+)?(?:the\s+)?(?:tasks?|todos?|items?)\s+(?:about|containing|mentioning|matching|with|called|named)\s+["“]?(.+?)["”]?$/i.exec(
        t,
      );
    const isList =
      !!search ||
      /^(?:list|show|display|view|see|get|give me|what|what's|whats|which|do i have|have i|any|how many|tell me|check|read|print|remind me what|anything)\b/i.test(
        t,
      ) ||
      /^(?:my\s+)?(?:tasks|todos|to-dos|todo list|to-do list|list|open|open tasks|done|completed|finished|overdue|due today|today|everything|all|all tasks|pending|remaining)$/i.test(
        t,
      ) ||
      (/\b(?:my|the)\s+(?:tasks|todos|to-dos|todo list|to-do list|list)\b/i.test(t) &&
        !/^(?:add|create|put|remember)\b/i.test(t));
    if (!isList) return null;
    // a question like "what should I add?" is not a list request
    if (
      /^(?:what|which)\b/.test(lower) &&
      !/\b(?:tasks?|todos?|to-dos?|list|open|done|complete|completed|finished|due|overdue|left|remaining|pending|still|have|got|planned|today|tomorrow|week|outstanding|unfinished)\b/.test(
        lower,
      )
    ) {
      return null;
    }

    let status: 'all' | 'open' | 'done' = 'all';
    let due: 'today' | 'overdue' | 'upcoming' | undefined;
    const query = search ? search[1]!.trim() : undefined;
    if (
      /\b(?:not\s+(?:yet\s+)?(?:done|finished|completed)|open|pending|remaining|left|unfinished|incomplete|outstanding|still|undone|active|to do|todo(?!\s+list))\b/.test(
        lower,
      )
    ) {
      status = 'open';
    } else if (/\b(?:done|completed|complete|finished|checked off|ticked off|accomplished)\b/.test(lower)) {
      status = 'done';
    }
    if (
      /\b(?:all|everything|every|whole|entire)\b/.test(lower) &&
      !/\ball\s+(?:open|done|completed|finished|pending|remaining)\b/.test(lower)
    ) {
      status = status === 'all' ? 'all' : status;
    }
    if (/\b(?:overdue|late|past due|missed)\b/.test(lower)) {
      due = 'overdue';
    } else if (/\b(?:today|tonight)\b/.test(lower)) {
      due = 'today';
    } else if (/\b(?:upcoming|coming up|soon|this week|next few days|later)\b/.test(lower)) {
      due = 'upcoming';
    }
    if (due && status === 'all' && due !== 'upcoming') status = due === 'overdue' ? 'open' : 'all';

    const args: Record<string, unknown> = {};
    if (status !== 'all') args.status = status;
    if (due) args.due = due;
    if (query) args.query = query.slice(0, 200);
    const r = await this.tools.call('list_tasks', args);
    if (r.error) return this.toolFailure(r);
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
    const shown = tasks.slice(0, 50);
    this.meta.last_list = shown.map((x) => x.id);
    if (shown.length === 1) this.focus(shown[0]!);
    const head = `You have ${tasks.length} ${what}${when}${about}:`;
    const more = tasks.length > shown.length ? `\n…and ${tasks.length - shown.length} more.` : '';
    return `${head}\n${shown.map((x, i) => `${i + 1}. ${this.line(x)}`).join('\n')}${more}`;
  }

  private async tryAdd(t: string): Promise<string | null> {
    const m =
      /^(?:add|create|make|new|put|insert|jot\s+down|write\s+down|note\s+down|schedule|plan|set\s+up|log)\b\s*(?:a\s+|an\s+)?(?:new\s+)?(?:task|todo|to-do|item|reminder|entry)?\s*(?:to\s+(?!my\b|the\b|list\b)|:\s*|called\s+|named\s+|that\s+says\s+|saying\s+|for\s+)?(.*)$/i.exec(
        t,
      ) ??
      /^(?:remember|don'?t\s+forget|do\s+not\s+forget|remind\s+me|please\s+remember|make\s+sure\s+i)\s+(?:to\s+|that\s+i\s+(?:need|have)\s+to\s+|about\s+|that\s+)?(.+)$/i.exec(
        t,
      ) ??
      /^(?:i\s+(?:need|have|want|got|ought|will\s+need|would\s+like|'d\s+like|plan|must|should|gotta|also\s+need|still\s+need|really\s+need)(?:\s+to)?|i'?ve\s+got\s+to|i\s+have\s+got\s+to|need\s+to|have\s+to|gotta|must|todo|to-?do|task|reminder)\s*:?\s+(.+)$/i.exec(
        t,
      );
    if (!m) return null;
    let body = (m[1] ?? '').trim();

    // description: "X - details", "X: details", "X (details)", "X with note details"
    let description = '';
    let d: RegExpExecArray | null;
    if (
      (d =
        /^(.+?)\s*(?:,\s*|\s+)(?:with\s+(?:the\s+)?(?:description|notes?|details)|description:|notes?:|details:)\s*:?\s*(.+)$/i.exec(
          body,
        ))
    ) {
      body = d[1]!;
      description = d[2]!;
    } else if ((d = /^(.+?)\s+[-–—]\s+(.+)$/.exec(body))) {
      body = d[1]!;
      description = d[2]!;
    } else if ((d = /^(.+?)\s*\(([^)]+)\)\s*$/.exec(body))) {
      body = d[1]!;
      description = d[2]!;
    } else if ((d = /^([^:]{2,}?):\s+(.+)$/.exec(body))) {
      body = d[1]!;
      description = d[2]!;
    }

    const date = extractDate(body, this.today);
    // A time of day has no field of its own: it moves from the title to the note.
    const time = extractTime(date.rest, this.tools.wallClock);
    let title = time.rest;
    if (time.phrase) {
      date.date ??= time.date ?? null;
      description = description ? `${description} (${time.phrase})` : time.phrase;
    }
    if (!date.date && description) {
      const dd = extractDate(description, this.today);
      if (dd.date && dd.rest.length === 0) {
        description = '';
        date.date = dd.date;
      }
    }
    title = title
      .replace(
        /\s+(?:to|on|in|onto)\s+(?:my|the)\s+(?:todo\s+|to-do\s+|task\s+|shopping\s+)?(?:list|tasks|todos)$/i,
        '',
      )
      .replace(/\s+as\s+a\s+(?:task|todo|reminder)$/i, '')
      .replace(/^(?:to|that)\s+/i, '')
      .replace(/^["“'‘]+|["”'’]+$/g, '')
      .replace(/[\s,]+$/, '')
      .trim();
    description = description
      .trim()
      .replace(/^["“]|["”]$/g, '')
      .trim();

    return this.addTask(title, description, date.date);
  }

  private async addTask(title: string, description: string, dueDate: string | null): Promise<string> {
    if (!title) return 'What should the task be? For example: "add buy milk tomorrow".';
    if (charCount(title) > TITLE_MAX)
      return `That title is too long — please keep it under ${TITLE_MAX} characters and put details in a description, e.g. "add call the bank - about the card".`;

    const args: Record<string, unknown> = { title };
    if (description) args.description = description;
    if (dueDate) args.due_date = dueDate;
    const r = await this.tools.call('add_task', args);
    if (r.error) return this.toolFailure(r);
    const task = (r as { task: Task }).task;
    this.focus(task);
    const due = task.due_date ? `, due ${describeDate(task.due_date, this.today)} (${task.due_date})` : '';
    const note = task.description ? ' with your note' : '';
    return `Got it — I added ${q(task.title)}${due}${note}. It's task #${task.id}.`;
  }
}

function stripPoliteness(s: string): string {
  let t = s;
  for (let i = 0; i < 4; i++) {
    const before = t;
    t = t
      .replace(/^(?:ok(?:ay)?|so|and|also|now|then|hey|hi|hello|um+|uh+|well|oh)[,!]?\s+/i, '')
      .replace(/^(?:please|pls|plz|kindly)[,]?\s+/i, '')
      .replace(/^(?:can|could|would|will)\s+you\s+(?:please\s+)?/i, '')
      .replace(/^(?:i'?d\s+like\s+you\s+to|i\s+want\s+you\s+to|help\s+me)\s+/i, '')
      .replace(/^(?:let'?s|lets)\s+/i, '')
      .replace(/[,]?\s+(?:please|pls|plz|thanks|thank you|for me)$/i, '')
      .trim();
    if (t === before) break;
  }
  return t;
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
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
