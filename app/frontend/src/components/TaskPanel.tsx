import { useEffect, useId, useRef, useState } from 'react';
import type { Task } from '../api';
import type { TasksApi } from '../useTasks';
import { AddTaskForm } from './AddTaskForm';
import { TaskItem } from './TaskItem';

type Filter = 'all' | 'open' | 'done';
const FILTERS: { value: Filter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'open', label: 'Open' },
  { value: 'done', label: 'Done' },
];

/** Where focus should go (a new `n` each time): a task's checkbox, or the list heading when `taskId` is null. */
export type FocusRequest = { n: number; taskId: number | null };

export type TaskPanelProps = {
  tasks: TasksApi;
  highlight: ReadonlySet<number>;
  announce: (message: string) => void;
  /** After a delete with the Delete button (the undo toast offers to bring it back). */
  onDeleted?: (task: Task) => void;
  focusRequest?: FocusRequest | null;
};

export function TaskPanel({ tasks, highlight, announce, onDeleted, focusRequest = null }: TaskPanelProps) {
  const [filter, setFilter] = useState<Filter>('all');
  const sectionRef = useRef<HTMLElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const id = useId();

  // E.g. after an undo: the restored task's checkbox, or the heading when the filter hides it.
  useEffect(() => {
    if (!focusRequest) return;
    const box =
      focusRequest.taskId === null
        ? null
        : sectionRef.current?.querySelector<HTMLInputElement>(`[data-task-id="${focusRequest.taskId}"] input.check`);
    (box ?? headingRef.current)?.focus();
  }, [focusRequest]);

  const open = tasks.tasks.filter((t) => !t.completed).length;
  const done = tasks.tasks.length - open;
  const shown = tasks.tasks.filter((t) => (filter === 'all' ? true : filter === 'done' ? t.completed : !t.completed));

  async function onDelete(task: Task) {
    await tasks.remove(task.id);
    onDeleted?.(task);
    // The focused button is gone with its task: continue from the list heading.
    headingRef.current?.focus();
  }

  return (
    <section ref={sectionRef} className="card tasks" aria-labelledby={`${id}-title`}>
      <div className="panel-head">
        <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
          Tasks
        </h2>
        <p className="counts" aria-live="off">
          {tasks.loading ? '\u00a0' : `${open} open · ${done} done`}
        </p>
      </div>
      <AddTaskForm
        onAdd={async (t) => {
          const created = await tasks.add(t);
          announce(`Added “${created.title}”.`);
        }}
      />
      <div className="filters" role="group" aria-label="Show tasks">
        {FILTERS.map((f) => (
          <button
            key={f.value}
            type="button"
            className="chip"
            aria-pressed={filter === f.value}
            onClick={() => setFilter(f.value)}
          >
            {f.label}
          </button>
        ))}
      </div>
      <div className="task-list-wrap" aria-busy={tasks.loading || tasks.refreshing}>
        {tasks.loading ? (
          <ul className="task-list" aria-label="Loading tasks">
            {[0, 1, 2].map((i) => (
              <li key={i} className="task skeleton-row" aria-hidden="true">
                <span className="skeleton box" />
                <span className="skeleton line" />
              </li>
            ))}
          </ul>
        ) : tasks.error && tasks.tasks.length === 0 ? (
          <p className="list-notice">
            <span className="form-error" role="alert">
              Could not load your tasks: {tasks.error}
            </span>{' '}
            <button type="button" className="link" onClick={() => void tasks.reload()}>
              Try again
            </button>
          </p>
        ) : shown.length === 0 ? (
          <p className="list-notice muted">
            {tasks.tasks.length === 0
              ? 'No tasks yet. Add one above, or ask the assistant.'
              : filter === 'open'
                ? 'Nothing open. Well done!'
                : 'No completed tasks yet.'}
          </p>
        ) : (
          <ul className="task-list" aria-label={`${FILTERS.find((f) => f.value === filter)!.label} tasks`}>
            {shown.map((t) => (
              <TaskItem
                key={t.id}
                task={t}
                highlight={highlight.has(t.id)}
                onUpdate={tasks.update}
                onDelete={onDelete}
                announce={announce}
              />
            ))}
          </ul>
        )}
        {tasks.error && tasks.tasks.length > 0 && (
          <p className="form-error" role="alert">
            Could not refresh the list: {tasks.error}{' '}
            <button type="button" className="link" onClick={() => void tasks.reload()}>
              Try again
            </button>
          </p>
        )}
      </div>
    </section>
  );
}
