import { useId, useRef, useState, type FormEvent } from 'react';
import * as api from '../api';
import type { User } from '../api';

type Mode = 'signin' | 'signup';

export type AuthFormProps = {
  onSignedIn: (user: User) => void;
  /** Why the user is here, e.g. after the session expired. */
  notice?: string | undefined;
};

export function AuthForm({ onSignedIn, notice }: AuthFormProps) {
  const [mode, setMode] = useState<Mode>('signin');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const errorRef = useRef<HTMLParagraphElement>(null);
  const id = useId();
  const isSignUp = mode === 'signup';
  const title = isSignUp ? 'Create your account' : 'Sign in';

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      const user = isSignUp ? await api.signUp(email.trim(), password) : await api.signIn(email.trim(), password);
      onSignedIn(user);
    } catch (err) {
      setError((err as Error).message);
      setPending(false);
      // Move focus to the message so keyboard and screen reader users meet it first.
      requestAnimationFrame(() => errorRef.current?.focus());
    }
  }

  function switchMode() {
    setMode(isSignUp ? 'signin' : 'signup');
    setError(null);
  }

  return (
    <main className="auth" aria-labelledby={`${id}-title`}>
      <form className="card auth-card" onSubmit={submit} aria-describedby={error ? `${id}-error` : undefined}>
        <p className="brand" aria-hidden="true">
          <span className="brand-mark">✓</span> Todo Chatbot
        </p>
        <h1 id={`${id}-title`}>{title}</h1>
        <p className="muted">
          {isSignUp ? 'Manage your tasks by chatting with an assistant.' : 'Welcome back. Your tasks are waiting.'}
        </p>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <div className="field">
          <label htmlFor={`${id}-email`}>Email</label>
          <input
            id={`${id}-email`}
            type="email"
            name="email"
            autoComplete="email"
            required
            maxLength={254}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>Password</label>
          <input
            id={`${id}-password`}
            type="password"
            name="password"
            autoComplete={isSignUp ? 'new-password' : 'current-password'}
            required
            minLength={isSignUp ? 8 : undefined}
            maxLength={200}
            aria-describedby={isSignUp ? `${id}-pw-hint` : undefined}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          {isSignUp && (
            <p id={`${id}-pw-hint`} className="hint">
              At least 8 characters.
            </p>
          )}
        </div>
        <p id={`${id}-error`} ref={errorRef} className="form-error" role="alert" tabIndex={-1} hidden={!error}>
          {error}
        </p>
        <button type="submit" className="primary wide" disabled={pending} aria-busy={pending}>
          {pending ? (isSignUp ? 'Creating account…' : 'Signing in…') : isSignUp ? 'Sign up' : 'Sign in'}
        </button>
        <p className="switch">
          {isSignUp ? 'Already have an account?' : 'New here?'}{' '}
          <button type="button" className="link" onClick={switchMode}>
            {isSignUp ? 'Sign in' : 'Create an account'}
          </button>
        </p>
      </form>
    </main>
  );
}
