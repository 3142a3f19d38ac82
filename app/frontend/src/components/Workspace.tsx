import { useCallback, useEffect, useRef, useState } from 'react';
import type { ToolCall, User } from '../api';
import { useAnnouncer } from '../useAnnouncer';
import { useTasks } from '../useTasks';
import { ChatPanel } from './ChatPanel';
import { TaskPanel } from './TaskPanel';

/** Ids of the tasks a chat turn touched, read from its tool calls. */
export function touchedTaskIds(calls: readonly ToolCall[]): number[] {
  const ids: number[] = [];
  for (const c of calls) {
    const task = (c.result as { task?: { id?: unknown } } | undefined)?.task;
    if (typeof task?.id === 'number') ids.push(task.id);
  }
  return ids;
}

export type WorkspaceProps = {
  user: User;
  onSignOut: () => Promise<void>;
  /** True right after signing in: focus goes to the chat's message field. */
  justSignedIn?: boolean;
};

export function Workspace({ user, onSignOut, justSignedIn = false }: WorkspaceProps) {
  const tasks = useTasks();
  const [region, announce] = useAnnouncer();
  const [highlight, setHighlight] = useState<ReadonlySet<number>>(new Set());
  const [signingOut, setSigningOut] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const { reload } = tasks;

  useEffect(() => () => clearTimeout(timer.current), []);

  const onToolCalls = useCallback(
    async (calls: ToolCall[]) => {
      await reload();
      if (calls.some((c) => c.name !== 'list_tasks')) {
        announce('Task list updated.');
        setHighlight(new Set(touchedTaskIds(calls)));
        clearTimeout(timer.current);
        timer.current = setTimeout(() => setHighlight(new Set()), 2500);
      }
    },
    [reload, announce]
  );

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
        <ChatPanel onToolCalls={(calls) => void onToolCalls(calls)} autoFocus={justSignedIn} />
        <TaskPanel tasks={tasks} highlight={highlight} announce={announce} />
      </main>
      {region}
    </div>
  );
}
