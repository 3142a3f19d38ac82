import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Task } from '../api';

/** How long the toast offers Undo. */
export const TOAST_MS = 6000;

export type Toast = {
  /** A new number for each delete: a new toast replaces the old one and starts its own timer. */
  n: number;
  task: Task;
  /** Where the delete came from, so focus has somewhere sensible to go back to. */
  from: 'tasks' | 'chat';
  status: 'deleted' | 'restoring' | 'failed';
  /** When the restore failed: what went wrong, and whether trying again can help. */
  error?: string;
  retry?: boolean;
};

export type UndoToastProps = {
  toast: Toast | null;
  onUndo: (toast: Toast) => void;
  /** `hadFocus`: the keyboard was in the toast, so focus needs a new place. */
  onClose: (n: number, hadFocus: boolean) => void;
};

/**
 * "Deleted “…”. Undo" at the bottom of the viewport. The polite status region
 * stays in the page, so what appears in it is announced; it never takes focus.
 */
export function UndoToast({ toast, onUndo, onClose }: UndoToastProps) {
  return (
    <div className="toast-region" role="status" aria-live="polite" data-testid="undo-toast">
      {toast && <ToastBody key={toast.n} toast={toast} onUndo={onUndo} onClose={onClose} />}
    </div>
  );
}

function ToastBody({ toast, onUndo, onClose }: { toast: Toast } & Omit<UndoToastProps, 'toast'>) {
  const ref = useRef<HTMLDivElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const [focused, setFocused] = useState(false);
  const [hovered, setHovered] = useState(false);
  const { n, status, task } = toast;

  // The timer reads the latest onClose: a parent re-rendering must not restart it.
  const latestOnClose = useRef(onClose);
  useEffect(() => {
    latestOnClose.current = onClose;
  });

  // Undo is offered for TOAST_MS, but never taken away while someone is using the toast.
  useEffect(() => {
    if (status !== 'deleted' || focused || hovered) return;
    const timer = setTimeout(() => latestOnClose.current(n, false), TOAST_MS);
    return () => clearTimeout(timer);
  }, [n, status, focused, hovered]);

  // When a failed restore takes the focused Undo button away, the keyboard continues on Close.
  const hasAction = status !== 'failed' || toast.retry === true;
  const actionHadFocus = useRef(false);
  useEffect(() => {
    if (!hasAction && actionHadFocus.current && !ref.current?.contains(document.activeElement))
      closeButton.current?.focus();
  }, [hasAction]);

  const close = () => onClose(n, ref.current?.contains(document.activeElement) ?? false);

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
    }
  }

  const message =
    status === 'failed'
      ? toast.error
      : status === 'restoring'
        ? `Restoring “${task.title}”…`
        : `Deleted “${task.title}”.`;

  return (
    <div
      ref={ref}
      className={`toast${status === 'failed' ? ' failed' : ''}`}
      onKeyDown={onKeyDown}
      onFocus={() => setFocused(true)}
      onBlur={(e) => {
        // Focus left the toast (not just moved between its buttons), or its button vanished.
        if (!ref.current?.contains(e.relatedTarget as Node | null)) setFocused(false);
      }}
      // A mouse resting on it holds it too (a tap on a touch screen does not linger).
      onPointerEnter={(e) => setHovered(e.pointerType === 'mouse')}
      onPointerLeave={() => setHovered(false)}
    >
      <p className="toast-text">{message}</p>
      {hasAction && (
        <button
          type="button"
          className="toast-action"
          // Not `disabled`: a disabled button would drop the keyboard focus while restoring.
          aria-disabled={status === 'restoring' || undefined}
          onClick={(e) => {
            if (status === 'restoring') return;
            actionHadFocus.current = document.activeElement === e.currentTarget;
            onUndo(toast);
          }}
        >
          {status === 'failed' ? 'Try again' : 'Undo'}
        </button>
      )}
      <button ref={closeButton} type="button" className="toast-close" aria-label="Close" onClick={close}>
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
}
