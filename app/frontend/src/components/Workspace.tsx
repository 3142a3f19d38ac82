import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { ApiError, type Task, type ToolCall, type User } from '../api';
import { useAnnouncer } from '../useAnnouncer';
import { useMediaQuery, type MatchMedia } from '../useMediaQuery';
import { useTasks } from '../useTasks';
import { ChatPanel } from './ChatPanel';
import { TaskPanel, type FocusRequest } from './TaskPanel';
import { UndoToast, type Toast } from './UndoToast';
import { panelId, tabId, ViewTabs, type View } from './ViewTabs';

/** Below the two-column width (styles.css), the panels become tabs: the exact complement, no gap. */
export const NARROW_QUERY = 'not all and (min-width: 800px)';

function isTask(x: unknown): x is Task {
  return typeof (x as Task | undefined)?.id === 'number' && typeof (x as Task).title === 'string';
}

const resultTask = (c: ToolCall): Task | null => {
  const task = (c.result as { task?: unknown } | undefined)?.task;
  return isTask(task) ? task : null;
};

/** Ids of the tasks a chat turn touched, read from its tool calls. */
export function touchedTaskIds(calls: readonly ToolCall[]): number[] {
  const ids: number[] = [];
  for (const c of calls) {
    const task = resultTask(c);
    if (task) ids.push(task.id);
  }
  return ids;
}

/** The task a chat turn deleted last (what its undo toast offers to bring back), if any. */
export function deletedTask(calls: readonly ToolCall[]): Task | null {
  let found: Task | null = null;
  for (const c of calls) if (c.name === 'delete_task') found = resultTask(c) ?? found;
  return found;
}

let untaskedChanges = 0;

/** Keys of the tasks a turn changed; a change without a task in its result counts on its own. */
function changeKeys(calls: readonly ToolCall[]): string[] {
  return calls
    .filter((c) => c.name !== 'list_tasks')
    .map((c) => {
      const task = resultTask(c);
      return task ? `task-${task.id}` : `change-${++untaskedChanges}`;
    });
}

export type WorkspaceProps = {
  user: User;
  onSignOut: () => Promise<void>;
  /** True right after signing in: focus goes to the chat's message field. */
  justSignedIn?: boolean;
  /** window.matchMedia by default; tests pass a fake (jsdom has none: then the wide layout). */
  matchMedia?: MatchMedia;
};

export function Workspace({ user, onSignOut, justSignedIn = false, matchMedia }: WorkspaceProps) {
  const tasks = useTasks();
  const [region, announce] = useAnnouncer();
  const [highlight, setHighlight] = useState<ReadonlySet<number>>(new Set());
  const [signingOut, setSigningOut] = useState(false);
  const [toast, setToast] = useState<Toast | null>(null);
  const [focusRequest, setFocusRequest] = useState<FocusRequest | null>(null);
  const narrow = useMediaQuery(NARROW_QUERY, false, matchMedia);
  const [view, setView] = useState<View>('chat');
  // Tasks the chat changed while the task list was out of sight (the Tasks tab's badge).
  const [unseen, setUnseen] = useState<ReadonlySet<string>>(new Set());
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const toastCount = useRef(0);
  const chatInput = useRef<HTMLInputElement>(null);
  const toastRegion = useRef<HTMLDivElement>(null);
  const idBase = useId();
  const { reload, restore } = tasks;
  const tasksShown = !narrow || view === 'tasks';

  useEffect(() => () => clearTimeout(timer.current), []);

  // The badge belongs to the tabs: none left over when they come back after a wide spell.
  useEffect(() => {
    if (!narrow) setUnseen(new Set());
  }, [narrow]);

  const flash = useCallback((ids: number[]) => {
    setHighlight(new Set(ids));
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setHighlight(new Set()), 2500);
  }, []);

  const noteUnseen = useCallback(
    (keys: string[]) => {
      if (!tasksShown && keys.length > 0) setUnseen((s) => new Set([...s, ...keys]));
    },
    [tasksShown],
  );

  const showToast = useCallback((task: Task, from: Toast['from']) => {
    setToast({ n: ++toastCount.current, task, from, status: 'deleted' });
  }, []);

  const onToolCalls = useCallback(
    async (calls: ToolCall[]) => {
      await reload();
      if (calls.some((c) => c.name !== 'list_tasks')) {
        announce('Task list updated.');
        flash(touchedTaskIds(calls));
        noteUnseen(changeKeys(calls));
      }
      const deleted = deletedTask(calls);
      if (deleted) showToast(deleted, 'chat');
      // A chat "undo" that brought the toast's task back leaves its Undo nothing to do.
      const restored = calls.filter((c) => c.name === 'restore_task').map(resultTask);
      setToast((t) => (t && restored.some((r) => r?.id === t.task.id) ? null : t));
    },
    [reload, announce, flash, noteUnseen, showToast],
  );

  /** Focus after the toast goes away from under it: back where the delete came from, if in sight. */
  const focusHome = useCallback(
    (from: Toast['from'], taskId: number | null = null) => {
      if (from === 'tasks' || taskId !== null) {
        if (tasksShown) return setFocusRequest((r) => ({ n: (r?.n ?? 0) + 1, taskId }));
      }
      chatInput.current?.focus();
    },
    [tasksShown],
  );

  const undo = useCallback(
    async (t: Toast) => {
      setToast((cur) => (cur?.n === t.n ? { ...cur, status: 'restoring', error: undefined } : cur));
      try {
        const restored = await restore(t.task.id);
        // Only when the user is still at the toast: a slow answer must not pull focus from elsewhere.
        const active = document.activeElement;
        const focusHere = !active || active === document.body || !!toastRegion.current?.contains(active);
        setToast((cur) => (cur?.n === t.n ? null : cur));
        announce(`Restored “${restored.title}”.`);
        flash([restored.id]);
        noteUnseen([`task-${restored.id}`]);
        if (focusHere) focusHome(t.from, restored.id);
      } catch (e) {
        const gone = e instanceof ApiError && e.status === 404;
        const error = gone
          ? `Could not restore “${t.task.title}”: it is no longer in the trash.`
          : `Could not restore “${t.task.title}”. ${(e as Error).message}`;
        setToast((cur) => (cur?.n === t.n ? { ...cur, status: 'failed', error, retry: !gone } : cur));
      }
    },
    [restore, announce, flash, noteUnseen, focusHome],
  );

  const closeToast = useCallback(
    (n: number, hadFocus: boolean) => {
      if (toast?.n !== n) return; // an older toast's late timer
      setToast(null);
      if (hadFocus) focusHome(toast.from);
    },
    [toast, focusHome],
  );

  function select(next: View) {
    setView(next);
    if (next === 'tasks') setUnseen(new Set());
  }

  /** Tab panel semantics only while the tabs are shown; on wide screens both panels are plain. */
  function panel(v: View) {
    return narrow
      ? { role: 'tabpanel', id: panelId(idBase, v), 'aria-labelledby': tabId(idBase, v), hidden: v !== view }
      : { id: panelId(idBase, v) };
  }

  async function signOut() {
    setSigningOut(true);
    try {
      await onSignOut();
    } catch {
      setSigningOut(false);
      announce('Could not sign out. Please try again.');
    }
  }

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <p className="brand">
          <span className="brand-mark" aria-hidden="true">
            ✓
          </span>{' '}
          Todo Chatbot
        </p>
        <div className="account">
          <span className="email" title={user.email}>
            {user.email}
          </span>
          <button type="button" className="ghost" onClick={() => void signOut()} disabled={signingOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" className="workspace">
        <h1 className="visually-hidden">Your tasks and assistant</h1>
        {narrow && <ViewTabs idBase={idBase} selected={view} onSelect={select} changes={unseen.size} />}
        <div className="view" {...panel('chat')}>
          <ChatPanel onToolCalls={(calls) => void onToolCalls(calls)} autoFocus={justSignedIn} inputRef={chatInput} />
        </div>
        <div className="view" {...panel('tasks')}>
          <TaskPanel
            tasks={tasks}
            highlight={highlight}
            announce={announce}
            onDeleted={(task) => showToast(task, 'tasks')}
            focusRequest={focusRequest}
          />
        </div>
      </main>
      <div ref={toastRegion}>
        <UndoToast toast={toast} onUndo={(t) => void undo(t)} onClose={closeToast} />
      </div>
      {region}
    </div>
  );
}
