// An in-memory stand-in for the backend's HTTP API (shapes from app/backend/README.md),
// installed as global fetch, so components are tested through the real api.ts.
import { vi } from 'vitest';
import type { ChatReply, Message, Task, ToolCall, User } from '../api';

type Call = { method: string; path: string; body: unknown; credentials: RequestCredentials | undefined };
type Reply = { status: number; body?: unknown };

export type FakeApi = {
  calls: Call[];
  tasks: Task[];
  messages: Message[];
  user: User | null;
  /** When set, /api/chat waits for this promise before answering. */
  chatGate: Promise<void> | null;
  /** When set, GET /api/tasks reads the list, then waits for this promise before answering. */
  tasksGate: Promise<void> | null;
  /** When set, the next N matching requests answer with this error. */
  failNext: (method: string, pathPrefix: string, status: number, message: string) => void;
  addTask: (title: string, extra?: Partial<Task>) => Task;
  fetch: ReturnType<typeof vi.fn>;
};

// Timestamps and "tomorrow" follow the (faked) clock, as the real backend's would.
const iso = () => new Date().toISOString();
function localIsoDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
const tomorrow = () => {
  const d = new Date();
  return localIsoDate(new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1));
};
const err = (status: number, code: string, message: string): Reply => ({ status, body: { error: { code, message } } });

export function installFakeApi(opts: { signedIn?: boolean } = {}): FakeApi {
  let nextId = 1;
  const accounts = new Map<string, { user: User; password: string }>();
  const failures: { method: string; prefix: string; status: number; message: string }[] = [];

  const fake: FakeApi = {
    calls: [],
    tasks: [],
    messages: [],
    user: null,
    chatGate: null,
    tasksGate: null,
    failNext(method, prefix, status, message) {
      failures.push({ method, prefix, status, message });
    },
    addTask(title, extra = {}) {
      const t: Task = {
        id: nextId++,
        title,
        description: '',
        completed: false,
        due_date: null,
        created_at: iso(),
        updated_at: iso(),
        ...extra,
      };
      fake.tasks.push(t);
      return t;
    },
    fetch: vi.fn(),
  };

  if (opts.signedIn) {
    fake.user = { id: 42, email: 'ada@example.com', created_at: iso() };
    accounts.set(fake.user.email, { user: fake.user, password: 'correct horse' });
  }

  let conversationId: number | null = null;

  function chat(message: string): ChatReply {
    const tool_calls: ToolCall[] = [];
    let reply = 'I can add, list, complete, rename and delete tasks.';
    const add = /^add (.+?)( tomorrow)?$/i.exec(message);
    if (add?.[1]) {
      const t = fake.addTask(add[1], add[2] ? { due_date: tomorrow() } : {});
      tool_calls.push({ name: 'add_task', arguments: { title: t.title }, result: { task: t } });
      reply = `Added “${t.title}”.`;
    } else if (/^mark it done$/i.test(message)) {
      const t = fake.tasks[fake.tasks.length - 1];
      if (t) {
        t.completed = true;
        tool_calls.push({ name: 'complete_task', arguments: { id: t.id }, result: { task: t } });
        reply = `Marked “${t.title}” as done.`;
      }
    }
    if (conversationId === null) conversationId = 900;
    return { conversation_id: conversationId, reply, tool_calls };
  }

  async function route(method: string, path: string, body: any): Promise<Reply> {
    const failure = failures.findIndex((f) => f.method === method && path.startsWith(f.prefix));
    if (failure >= 0) {
      const f = failures.splice(failure, 1)[0]!;
      return err(f.status, 'failure', f.message);
    }
    if (method === 'POST' && path === '/api/auth/signup') {
      if (accounts.has(body.email)) return err(409, 'conflict', 'An account with that email already exists.');
      const user: User = { id: nextId++, email: body.email, created_at: iso() };
      accounts.set(body.email, { user, password: body.password });
      fake.user = user;
      return { status: 201, body: { user, token: 't' } };
    }
    if (method === 'POST' && path === '/api/auth/signin') {
      const acc = accounts.get(body.email);
      if (!acc || acc.password !== body.password) return err(401, 'unauthorized', 'Wrong email or password.');
      fake.user = acc.user;
      return { status: 200, body: { user: acc.user, token: 't' } };
    }
    if (method === 'GET' && path === '/api/auth/session') return { status: 200, body: { user: fake.user ?? null } };
    if (!fake.user) return err(401, 'unauthorized', 'Please sign in.');
    if (method === 'GET' && path === '/api/auth/me') return { status: 200, body: { user: fake.user } };
    if (method === 'POST' && path === '/api/auth/signout') {
      fake.user = null;
      return { status: 204 };
    }
    if (method === 'GET' && path === '/api/tasks') {
      const snapshot = fake.tasks.map((t) => ({ ...t }));
      if (fake.tasksGate) await fake.tasksGate;
      return { status: 200, body: { tasks: snapshot } };
    }
    if (method === 'POST' && path === '/api/tasks') return { status: 201, body: fake.addTask(body.title, body) };
    const m = /^\/api\/tasks\/(\d+)$/.exec(path);
    if (m) {
      const t = fake.tasks.find((x) => x.id === Number(m[1]));
      if (!t) return err(404, 'not_found', 'Task not found.');
      if (method === 'PATCH') {
        Object.assign(t, body, { updated_at: iso() });
        return { status: 200, body: { ...t } };
      }
      if (method === 'DELETE') {
        fake.tasks = fake.tasks.filter((x) => x !== t);
        return { status: 204 };
      }
    }
    if (method === 'GET' && path === '/api/conversations') {
      return {
        status: 200,
        body: {
          conversations: fake.messages.length ? [{ id: 900, title: 'chat', created_at: iso(), updated_at: iso() }] : [],
        },
      };
    }
    if (method === 'GET' && path === '/api/conversations/900/messages') {
      return { status: 200, body: { conversation_id: 900, messages: fake.messages } };
    }
    if (method === 'POST' && path === '/api/chat') {
      if (fake.chatGate) await fake.chatGate;
      return { status: 200, body: chat(body.message) };
    }
    return err(404, 'not_found', `No route ${method} ${path}`);
  }

  fake.fetch.mockImplementation(async (input: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    fake.calls.push({ method, path: input, body, credentials: init.credentials });
    const r = await route(method, input, body);
    return new Response(r.body === undefined ? null : JSON.stringify(r.body), {
      status: r.status,
      headers: { 'Content-Type': 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fake.fetch);
  return fake;
}

/** A promise and its resolver, to hold a fake response open. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
