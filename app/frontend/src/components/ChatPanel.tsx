import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type RefObject } from 'react';
import * as api from '../api';
import type { ToolCall } from '../api';
import { MessageText } from './MessageText';

type ChatItem = {
  key: string;
  role: 'user' | 'assistant';
  content: string;
  toolCalls: ToolCall[];
  /** A user message that did not get an answer; its error is shown beside it. */
  error?: string;
};

const SUGGESTIONS = ['add buy milk tomorrow', 'what is still open?', 'help'];

const TOOL_LABELS: Record<string, string> = {
  add_task: 'Added a task',
  complete_task: 'Updated completion',
  update_task: 'Updated a task',
  delete_task: 'Deleted a task',
  restore_task: 'Restored a task',
  list_tasks: 'Looked at your tasks',
};

let localKey = 0;
const nextKey = () => `local-${++localKey}`;

export type ChatPanelProps = {
  /** Called when a reply's agent used tools, so the task list can reload. */
  onToolCalls: (calls: ToolCall[]) => void;
  /** Put the cursor in the message field on arrival (right after signing in). */
  autoFocus?: boolean;
  /** The message field, for a parent that needs to put focus back in it. */
  inputRef?: RefObject<HTMLInputElement | null>;
};

export function ChatPanel({ onToolCalls, autoFocus = false, inputRef: outerInputRef }: ChatPanelProps) {
  const [items, setItems] = useState<ChatItem[]>([]);
  const [conversationId, setConversationId] = useState<number | null>(null);
  const [history, setHistory] = useState<'loading' | 'ready' | 'error'>('loading');
  const [pending, setPending] = useState(false);
  const [draft, setDraft] = useState('');
  const logRef = useRef<HTMLDivElement>(null);
  const ownInputRef = useRef<HTMLInputElement>(null);
  const inputRef = outerInputRef ?? ownInputRef;
  const id = useId();

  const loadHistory = useCallback(async () => {
    setHistory('loading');
    try {
      const conversations = await api.listConversations();
      const latest = conversations[0];
      if (latest) {
        const messages = await api.listMessages(latest.id);
        setConversationId(latest.id);
        setItems(
          messages.map((m) => ({ key: `m-${m.id}`, role: m.role, content: m.content, toolCalls: m.tool_calls ?? [] })),
        );
      }
      setHistory('ready');
    } catch {
      setHistory('error');
    }
  }, []);

  useEffect(() => {
    void loadHistory();
  }, [loadHistory]);

  useEffect(() => {
    if (autoFocus) inputRef.current?.focus();
  }, [autoFocus, inputRef]);

  // Keep the newest message in view.
  useEffect(() => {
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  }, [items, pending]);

  async function send(text: string, retryKey?: string) {
    const message = text.trim();
    if (!message || pending) return;
    const key = retryKey ?? nextKey();
    setItems((list) =>
      retryKey
        ? list.map((it) => (it.key === retryKey ? { ...it, error: undefined } : it))
        : [...list, { key, role: 'user', content: message, toolCalls: [] }],
    );
    if (!retryKey) setDraft('');
    setPending(true);
    try {
      const res = await api.sendChat(message, conversationId);
      setConversationId(res.conversation_id);
      setItems((list) => [
        ...list,
        { key: nextKey(), role: 'assistant', content: res.reply, toolCalls: res.tool_calls },
      ]);
      if (res.tool_calls.length > 0) onToolCalls(res.tool_calls);
    } catch (e) {
      const error = (e as Error).message;
      setItems((list) => list.map((it) => (it.key === key ? { ...it, error } : it)));
    } finally {
      setPending(false);
      inputRef.current?.focus();
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    void send(draft);
  }

  function newConversation() {
    setConversationId(null);
    setItems([]);
    setHistory('ready');
    inputRef.current?.focus();
  }

  const empty = history === 'ready' && items.length === 0 && !pending;

  return (
    <section className="card chat" aria-labelledby={`${id}-title`}>
      <div className="panel-head">
        <h2 id={`${id}-title`}>Assistant</h2>
        <button type="button" className="ghost" onClick={newConversation} disabled={pending || items.length === 0}>
          New chat
        </button>
      </div>
      <div
        ref={logRef}
        className="chat-log"
        role="log"
        aria-live="polite"
        aria-relevant="additions"
        aria-label="Conversation"
        aria-busy={history === 'loading'}
        tabIndex={0}
      >
        <ol className="chat-list">
          {history === 'loading' && (
            <li className="chat-skeleton" aria-hidden="true">
              <span className="skeleton bubble-skel left" />
              <span className="skeleton bubble-skel right" />
              <span className="skeleton bubble-skel left short" />
            </li>
          )}
          {history === 'error' && (
            <li className="chat-notice">
              <span className="form-error">Could not load the earlier conversation.</span>{' '}
              <button type="button" className="link" onClick={() => void loadHistory()}>
                Try again
              </button>
            </li>
          )}
          {empty && (
            <li className="chat-notice">
              <p>Tell me what to do with your tasks, for example:</p>
              <div className="suggestions">
                {SUGGESTIONS.map((s) => (
                  <button key={s} type="button" className="chip" onClick={() => void send(s)}>
                    {s}
                  </button>
                ))}
              </div>
            </li>
          )}
          {items.map((it) => (
            <li key={it.key} className={`msg ${it.role}`} data-role={it.role}>
              <span className="visually-hidden">{it.role === 'user' ? 'You said:' : 'Assistant:'}</span>
              <div className="bubble">
                <MessageText text={it.content} />
              </div>
              {it.toolCalls.length > 0 && (
                <ul className="tool-calls" aria-label="Actions taken">
                  {it.toolCalls.map((c, i) => (
                    <li key={i}>{TOOL_LABELS[c.name] ?? c.name}</li>
                  ))}
                </ul>
              )}
              {it.error && (
                <div className="msg-error" role="alert">
                  <span>Not answered: {it.error}</span>{' '}
                  <button
                    type="button"
                    className="link"
                    disabled={pending}
                    onClick={() => void send(it.content, it.key)}
                  >
                    Retry
                  </button>
                </div>
              )}
            </li>
          ))}
          {pending && (
            <li className="msg assistant pending" aria-label="Assistant is typing">
              <div className="bubble">
                <span className="dots" aria-hidden="true">
                  <span />
                  <span />
                  <span />
                </span>
                <span className="visually-hidden">Assistant is typing…</span>
              </div>
            </li>
          )}
        </ol>
      </div>
      <form className="chat-form" onSubmit={submit}>
        <label htmlFor={`${id}-input`} className="visually-hidden">
          Message to the assistant
        </label>
        <input
          id={`${id}-input`}
          ref={inputRef}
          type="text"
          autoComplete="off"
          maxLength={2000}
          placeholder='Try "add milk tomorrow"'
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
        <button type="submit" className="primary" disabled={pending || draft.trim() === ''} aria-busy={pending}>
          {pending ? 'Sending…' : 'Send'}
        </button>
      </form>
    </section>
  );
}
