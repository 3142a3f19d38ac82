import { useId, useRef, useState, type FormEvent } from 'react';
import type { NewTask } from '../api';

export function AddTaskForm({ onAdd }: { onAdd: (task: NewTask) => Promise<unknown> }) {
  const [title, setTitle] = useState('');
  const [due, setDue] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const titleRef = useRef<HTMLInputElement>(null);
  const id = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const trimmed = title.trim();
    if (!trimmed) {
      setError('Enter a title for the task.');
      titleRef.current?.focus();
      return;
    }
    setPending(true);
    setError(null);
    try {
      await onAdd(due ? { title: trimmed, due_date: due } : { title: trimmed });
      setTitle('');
      setDue('');
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setPending(false);
      titleRef.current?.focus();
    }
  }

  return (
    <form className="add-task" onSubmit={submit} aria-label="Add a task">
      <div className="field grow">
        <label htmlFor={`${id}-title`}>New task</label>
        <input
          id={`${id}-title`}
          ref={titleRef}
          type="text"
          maxLength={200}
          value={title}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => setTitle(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-due`}>Due date (optional)</label>
        <input id={`${id}-due`} type="date" value={due} onChange={(e) => setDue(e.target.value)} />
      </div>
      <button type="submit" className="primary" disabled={pending} aria-busy={pending}>
        Add
      </button>
      <p id={`${id}-error`} className="form-error full" role="alert" hidden={!error}>
        {error}
      </p>
    </form>
  );
}
