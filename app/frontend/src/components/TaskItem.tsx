import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Task, TaskPatch } from '../api';
import { describeDue } from '../dates';

export type TaskItemProps = {
  task: Task;
  highlight?: boolean;
  onUpdate: (id: number, patch: TaskPatch) => Promise<unknown>;
  onDelete: (task: Task) => Promise<unknown>;
  announce: (message: string) => void;
};

export function TaskItem({ task, highlight, onUpdate, onDelete, announce }: TaskItemProps) {
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  const id = useId();

  // Return focus to the Edit button when the editor closes.
  useEffect(() => {
    if (wasEditing.current && !editing) editButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  async function run(action: () => Promise<unknown>, done: string | null) {
    setBusy(true);
    setError(null);
    try {
      await action();
      if (done) announce(done);
      return true;
    } catch (e) {
      setError((e as Error).message);
      return false;
    } finally {
      setBusy(false);
    }
  }

  const toggle = () =>
    run(
      () => onUpdate(task.id, { completed: !task.completed }),
      task.completed ? `Reopened “${task.title}”.` : `Completed “${task.title}”.`,
    );

  // No announcement here: the undo toast, a status region, says "Deleted …".
  const remove = () => run(() => onDelete(task), null);

  const due = task.due_date ? describeDue(task.due_date) : null;

  return (
    <li
      className={`task${task.completed ? ' done' : ''}${highlight ? ' flash' : ''}`}
      data-task-id={task.id}
      data-completed={task.completed}
      aria-busy={busy}
    >
      {editing ? (
        <TaskEditor
          task={task}
          busy={busy}
          onCancel={() => setEditing(false)}
          onSave={async (patch) => {
            if (await run(() => onUpdate(task.id, patch), `Saved “${patch.title ?? task.title}”.`)) setEditing(false);
          }}
        />
      ) : (
        <div className="task-row">
          <input
            id={`${id}-done`}
            type="checkbox"
            className="check"
            checked={task.completed}
            disabled={busy}
            aria-describedby={`${id}-meta`}
            onChange={() => void toggle()}
          />
          <div className="task-main">
            <label htmlFor={`${id}-done`} className="task-title">
              {task.title}
            </label>
            <p className="task-meta" id={`${id}-meta`}>
              {/* The number the assistant uses ("mark 3 done"). */}
              <span className="num">Task #{task.id}</span>{' '}
              {due && <span className={due.overdue && !task.completed ? 'due overdue' : 'due'}>{due.label}</span>}{' '}
              {task.description && <span className="desc">{task.description}</span>}
            </p>
          </div>
          <div className="task-actions">
            <button
              type="button"
              ref={editButton}
              className="ghost small"
              aria-label={`Edit “${task.title}”`}
              disabled={busy}
              onClick={() => setEditing(true)}
            >
              Edit
            </button>
            <button
              type="button"
              className="ghost small danger"
              aria-label={`Delete “${task.title}”`}
              disabled={busy}
              onClick={() => void remove()}
            >
              Delete
            </button>
          </div>
        </div>
      )}
      {error && (
        <p className="form-error task-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

type TaskEditorProps = {
  task: Task;
  busy: boolean;
  onSave: (patch: TaskPatch) => Promise<void>;
  onCancel: () => void;
};

function TaskEditor({ task, busy, onSave, onCancel }: TaskEditorProps) {
  const [title, setTitle] = useState(task.title);
  const [description, setDescription] = useState(task.description);
  const [due, setDue] = useState(task.due_date ?? '');
  const [invalid, setInvalid] = useState(false);
  const titleRef = useRef<HTMLInputElement>(null);
  const id = useId();

  useEffect(() => {
    titleRef.current?.focus();
    titleRef.current?.select();
  }, []);

  function submit(e: FormEvent) {
    e.preventDefault();
    const trimmed = title.trim();
    if (!trimmed) {
      setInvalid(true);
      titleRef.current?.focus();
      return;
    }
    const patch: TaskPatch = {};
    if (trimmed !== task.title) patch.title = trimmed;
    if (description !== task.description) patch.description = description;
    if ((due || null) !== task.due_date) patch.due_date = due || null;
    if (Object.keys(patch).length === 0) return onCancel();
    void onSave(patch);
  }

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
    }
  }

  return (
    <form className="task-editor" onSubmit={submit} onKeyDown={onKeyDown} aria-label={`Edit “${task.title}”`}>
      <div className="field">
        <label htmlFor={`${id}-title`}>Title</label>
        <input
          id={`${id}-title`}
          ref={titleRef}
          type="text"
          maxLength={200}
          value={title}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? `${id}-title-error` : undefined}
          onChange={(e) => {
            setTitle(e.target.value);
            setInvalid(false);
          }}
        />
        {invalid && (
          <p id={`${id}-title-error`} className="form-error" role="alert">
            The title cannot be empty.
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-desc`}>Description</label>
        <textarea
          id={`${id}-desc`}
          rows={2}
          maxLength={2000}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </div>
      <div className="editor-row">
        <div className="field">
          <label htmlFor={`${id}-due`}>Due date</label>
          <input id={`${id}-due`} type="date" value={due} onChange={(e) => setDue(e.target.value)} />
        </div>
        <div className="editor-actions">
          <button type="button" className="ghost" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
            Save
          </button>
        </div>
      </div>
    </form>
  );
}
