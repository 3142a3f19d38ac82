import { useCallback, useEffect, useState } from 'react';
import * as api from './api';
import type { User } from './api';
import { AuthForm } from './components/AuthForm';
import { Workspace } from './components/Workspace';

type Session =
  | { status: 'loading' }
  | { status: 'anonymous'; notice?: string }
  | { status: 'user'; user: User; justSignedIn?: boolean }
  | { status: 'error'; message: string };

export function App() {
  const [session, setSession] = useState<Session>({ status: 'loading' });

  const check = useCallback(async () => {
    setSession({ status: 'loading' });
    try {
      const user = await api.me();
      setSession(user ? { status: 'user', user } : { status: 'anonymous' });
    } catch (e) {
      setSession({ status: 'error', message: (e as Error).message });
    }
  }, []);

  useEffect(() => {
    void check();
  }, [check]);

  // A request that finds the session gone sends the user back to sign in.
  useEffect(() => {
    const notice = 'Your session ended. Please sign in again.';
    const expired = () => setSession((s) => (s.status === 'user' ? { status: 'anonymous', notice } : s));
    window.addEventListener(api.SESSION_EXPIRED_EVENT, expired);
    return () => window.removeEventListener(api.SESSION_EXPIRED_EVENT, expired);
  }, []);

  switch (session.status) {
    case 'loading':
      return <AppSkeleton />;
    case 'error':
      return (
        <main className="auth">
          <div className="card auth-card">
            <h1>Cannot reach Todo Chatbot</h1>
            <p className="form-error" role="alert">
              {session.message}
            </p>
            <button type="button" className="primary" onClick={() => void check()}>
              Try again
            </button>
          </div>
        </main>
      );
    case 'anonymous':
      return (
        <AuthForm
          notice={session.notice}
          onSignedIn={(user) => setSession({ status: 'user', user, justSignedIn: true })}
        />
      );
    case 'user':
      return (
        <Workspace
          key={session.user.id}
          user={session.user}
          justSignedIn={session.justSignedIn ?? false}
          onSignOut={async () => {
            await api.signOut();
            setSession({ status: 'anonymous' });
          }}
        />
      );
  }
}

/** The page's shape while the session is checked, so nothing jumps when it arrives. */
function AppSkeleton() {
  return (
    <div className="app" aria-busy="true">
      <header className="topbar">
        <p className="brand">
          <span className="brand-mark" aria-hidden="true">
            ✓
          </span>{' '}
          Todo Chatbot
        </p>
        <span className="skeleton account-skel" aria-hidden="true" />
      </header>
      <main className="workspace">
        <p className="visually-hidden" role="status">
          Loading…
        </p>
        {/* The same boxes as the real panels, with placeholders for their content. Below the
            two-column width: the tab bar and the chat only, as the workspace shows them. */}
        <div className="view-tabs skel" aria-hidden="true">
          <span className="skeleton" />
          <span className="skeleton" />
        </div>
        <div className="card chat" aria-hidden="true">
          <div className="panel-head">
            <span className="skeleton line short" />
          </div>
          <div className="chat-log" />
          <div className="chat-form">
            <span className="skeleton field-skel" />
          </div>
        </div>
        <div className="card tasks skel-tasks" aria-hidden="true">
          <div className="panel-head">
            <span className="skeleton line short" />
          </div>
          <span className="skeleton form-skel" />
          <span className="skeleton chip-skel" />
          <div className="task-list-wrap" />
        </div>
      </main>
    </div>
  );
}
