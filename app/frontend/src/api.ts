// The one place that talks to the backend. Shapes follow app/backend/README.md.
// All calls go to relative /api, so the UI works unchanged behind the Ingress
// (and through Vite's proxy in development). The session is an HttpOnly cookie.

import { browserTimeZone } from './timeZone';

export type User = { id: number; email: string; created_at: string };

export type Task = {
  id: number;
  title: string;
  description: string;
  completed: boolean;
  due_date: string | null; // YYYY-MM-DD
  created_at: string;
  updated_at: string;
};

export type ToolCall = { name: string; arguments: Record<string, unknown>; result: Record<string, unknown> };

export type Message = {
  id: number;
  role: 'user' | 'assistant';
  content: string;
  tool_calls: ToolCall[];
  created_at: string;
};

export type Conversation = { id: number; title: string; created_at: string; updated_at: string };

export type ChatReply = { conversation_id: number; reply: string; tool_calls: ToolCall[] };

export type NewTask = { title: string; description?: string; due_date?: string | null };
export type TaskPatch = Partial<Pick<Task, 'title' | 'description' | 'completed' | 'due_date'>>;

/** An API failure with a message a person can read. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

const FALLBACK_MESSAGES: Record<number, string> = {
  400: 'That request was not valid.',
  401: 'Please sign in again.',
  404: 'That item no longer exists.',
  409: 'That conflicts with existing data.',
  413: 'That is too long.',
  429: 'Too many attempts. Please wait a moment and try again.',
  500: 'Something went wrong on the server. Please try again.',
  502: 'The server is not reachable right now. Please try again.',
  503: 'The service is starting up or unavailable. Please try again shortly.',
  504: 'The server took too long to answer. Please try again.',
};

/** Fired on window when a signed-in request gets 401 (the session expired or was revoked). */
export const SESSION_EXPIRED_EVENT = 'todo:session-expired';

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
  };
  if (body !== undefined) {
    init.headers = { ...init.headers, 'Content-Type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(`/api${path}`, init);
  } catch {
    throw new ApiError(0, 'network', 'Cannot reach the server. Check your connection and try again.');
  }
  if (res.status === 204) return undefined as T;
  let data: unknown = null;
  const text = await res.text();
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const err = (data as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    const message =
      typeof err?.message === 'string' && err.message
        ? err.message
        : (FALLBACK_MESSAGES[res.status] ?? `Request failed (${res.status}).`);
    const code = typeof err?.code === 'string' ? err.code : 'http_' + res.status;
    if (res.status === 401 && !path.startsWith('/auth/')) window.dispatchEvent(new Event(SESSION_EXPIRED_EVENT));
    throw new ApiError(res.status, code, message);
  }
  return data as T;
}

/** The signed-in user, or null when there is no valid session (asked without a 401 for "signed out"). */
export async function me(): Promise<User | null> {
  return (await request<{ user: User | null }>('GET', '/auth/session')).user;
}

export async function signUp(email: string, password: string): Promise<User> {
  return (await request<{ user: User }>('POST', '/auth/signup', { email, password })).user;
}

export async function signIn(email: string, password: string): Promise<User> {
  return (await request<{ user: User }>('POST', '/auth/signin', { email, password })).user;
}

export async function signOut(): Promise<void> {
  await request<void>('POST', '/auth/signout', {});
}

// All tasks, unfiltered. Should this ever send `due=` filters, send `time_zone` with them
// (browserTimeZone()), or the server would take "today" in its own zone.
export async function listTasks(): Promise<Task[]> {
  return (await request<{ tasks: Task[] }>('GET', '/tasks')).tasks;
}

export function createTask(task: NewTask): Promise<Task> {
  return request<Task>('POST', '/tasks', task);
}

export function updateTask(id: number, patch: TaskPatch): Promise<Task> {
  return request<Task>('PATCH', `/tasks/${id}`, patch);
}

/** Moves the task to the server's trash, from which `restoreTask` can bring it back for 24 hours. */
export function deleteTask(id: number): Promise<void> {
  return request<void>('DELETE', `/tasks/${id}`);
}

/** Brings a deleted task back; a 404 when it is not in the trash (any more). */
export function restoreTask(id: number): Promise<Task> {
  return request<Task>('POST', `/tasks/${id}/restore`);
}

export async function sendChat(message: string, conversationId?: number | null): Promise<ChatReply> {
  const body: { message: string; conversation_id?: number; time_zone?: string } = { message };
  if (conversationId != null) body.conversation_id = conversationId;
  const zone = browserTimeZone();
  if (zone) body.time_zone = zone;
  try {
    return await request<ChatReply>('POST', '/chat', body);
  } catch (e) {
    // A server whose zone database lacks the browser's zone answers 400 before the turn
    // runs: ask again without it ("today" is then the server's) rather than not at all.
    if (!zone || !(e instanceof ApiError && e.status === 400 && e.message.includes('time_zone'))) throw e;
    delete body.time_zone;
    return request<ChatReply>('POST', '/chat', body);
  }
}

export async function listConversations(): Promise<Conversation[]> {
  return (await request<{ conversations: Conversation[] }>('GET', '/conversations')).conversations;
}

export async function listMessages(conversationId: number): Promise<Message[]> {
  return (await request<{ messages: Message[] }>('GET', `/conversations/${conversationId}/messages`)).messages;
}
