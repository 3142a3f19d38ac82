import type { ToolCall, ToolRunner } from '../../tools.js';
import type { Task } from '../../tasks.js';
import type { EngineInput, EngineMeta, HistoryMessage } from '../engine.js';

const MUTATING_TOOLS = new Set(['add_task', 'complete_task', 'update_task', 'delete_task', 'restore_task']);

/**
 * One turn of a conversation: the user's tools, the earlier messages and what
 * this turn will remember (meta). Intents read the context through it.
 */
export class Turn {
  readonly tools: ToolRunner;
  readonly history: HistoryMessage[];
  /** the user's date, in their time zone */
  readonly today: string;
  readonly meta: EngineMeta = {};

  constructor(input: EngineInput) {
    this.tools = input.tools;
    this.history = input.history;
    this.today = input.tools.today;
  }

  private *assistantMessages(): Generator<HistoryMessage> {
    for (let i = this.history.length - 1; i >= 0; i--) {
      const m = this.history[i]!;
      if (m.role === 'assistant') yield m;
    }
  }

  lastMeta(): EngineMeta | undefined {
    for (const m of this.assistantMessages()) return m.meta ?? {};
    return undefined;
  }

  /** The task the conversation last talked about. */
  focusTaskId(): number | undefined {
    for (const m of this.assistantMessages()) {
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
  listItem(n: number): number | undefined {
    for (const m of this.assistantMessages()) {
      const list = m.meta?.last_list;
      return list && n >= 1 && n <= list.length ? list[n - 1] : undefined;
    }
    return undefined;
  }

  /** The last list shown (or the candidates of the last question). */
  lastList(): number[] | undefined {
    for (const m of this.assistantMessages()) {
      if (m.meta?.pending?.candidates.length) return m.meta.pending.candidates;
      if (m.meta?.last_list?.length) return m.meta.last_list;
    }
    return undefined;
  }

  focus(task: Task): void {
    this.meta.focus_task_id = task.id;
  }

  /** The successful task changes of the latest turn that an "undo" has not reversed yet. */
  lastUndoableCalls(): ToolCall[] | null {
    let undone = 0;
    for (const m of this.assistantMessages()) {
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

  /** The ids of the tasks the latest completing turn marked done ("actually, not done yet"). */
  lastCompletedIds(): number[] {
    for (const m of this.assistantMessages()) {
      const done = m.tool_calls.filter(
        (c) => c.name === 'complete_task' && c.arguments.completed !== false && !c.result.error && c.result.task,
      );
      if (done.length) return done.map((c) => (c.result.task as Task).id);
    }
    return [];
  }
}
