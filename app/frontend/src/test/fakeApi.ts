// An in-memory stand-in for the backend's HTTP API (shapes from app/backend/README.md),
// installed as global fetch, so components are tested through the real api.ts.
import { vi } from 'vitest';
import type { ChatReply, Message, Task, ToolCall, User } from '../api';

type Call = { method: string; path: string; body: unknown; credentials: RequestCredentials | undefined };
type Reply = { status: number; body?: unknown };

export type FakeApi = {
  calls: Call[];
  /** The signed-in user's tasks (ids count 1, 2, 3… per user, as on the server). */
  tasks: Task[];
  /** The signed-in user's deleted tasks, restorable for 24 hours (of the faked clock). */
  trash: { task: Task; deletedAt: number }[];
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
const TRASH_MS = 24 * 60 * 60 * 1000;

/** True for a zone the runtime knows (the server answers 400 for others). */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Tomorrow's YYYY-MM-DD in `zone` (the process's own zone, as a server's default, when none is sent). */
function tomorrow(zone?: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date());
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return new Date(Date.UTC(get('year'), get('month') - 1, get('day') + 1)).toISOString().slice(0, 10);
}
const err = (status: number, code: string, message: string): Reply => ({ status, body: { error: { code, message } } });

type Store = { tasks: Task[]; trash: FakeApi['trash']; nextId: number };

export function installFakeApi(opts: { signedIn?: boolean } = {}): FakeApi {
  let nextUserId = 1;
  const accounts = new Map<string, { user: User; password: string }>();
  const failures: { method: string; prefix: string; status: number; message: string }[] = [];
  const stores = new Map<number, Store>();
  /** The signed-in user's tasks and trash (user 0: nobody signed in yet). */
  function store(): Store {
    const key = fake.user?.id ?? 0;
    let s = stores.get(key);
    if (!s) stores.set(key, (s = { tasks: [], trash: [], nextId: 1 }));
    return s;
  }

  const fake: FakeApi = {
    calls: [],
    get tasks() {
      return store().tasks;
    },
    set tasks(tasks) {
      store().tasks = tasks;
    },
    get trash() {
      return store().trash;
    },
    set trash(trash) {
      store().trash = trash;
    },
    messages: [],
    user: null,
    chatGate: null,
    tasksGate: null,
    failNext(method, prefix, status, message) {
      failures.push({ method, prefix, status, message });
    },
    addTask(title, extra = {}) {
      const t: Task = {
        id: store().nextId++,
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
  // The conversation's turns that changed tasks, newest last: what "undo" reverses.
  const undoable: ToolCall[][] = [];

  function trashTask(t: Task) {
    fake.tasks = fake.tasks.filter((x) => x !== t);
    fake.trash.push({ task: t, deletedAt: Date.now() });
  }

  function restoreTask(id: number): Task | null {
    const entry = fake.trash.find((e) => e.task.id === id && Date.now() - e.deletedAt < TRASH_MS);
    if (!entry) return null;
    fake.trash = fake.trash.filter((e) => e !== entry);
    const t = { ...entry.task, updated_at: iso() };
    fake.tasks.push(t);
    return t;
  }

  /** A small stand-in for the built-in engine: add, complete, delete, undo. */
  function chat(message: string, zone?: string): ChatReply {
    const tool_calls: ToolCall[] = [];
    let reply = 'I can add, list, complete, rename and delete tasks.';
    const add = /^add (.+?)( tomorrow)?$/i.exec(message);
    const del = /^delete (.+)$/i.exec(message);
    if (add?.[1]) {
      const t = fake.addTask(add[1], add[2] ? { due_date: tomorrow(zone) } : {});
      tool_calls.push({ name: 'add_task', arguments: { title: t.title }, result: { task: { ...t } } });
      reply = `Added “${t.title}”.`;
    } else if (/^mark it done$/i.test(message)) {
      const t = fake.tasks[fake.tasks.length - 1];
      if (t) {
        t.completed = true;
        tool_calls.push({
          name: 'complete_task',
          arguments: { task_id: t.id },
          result: { task: { ...t }, previous: { completed: false } },
        });
        reply = `Marked “${t.title}” as done.`;
      }
    } else if (del?.[1]) {
      const t = fake.tasks.find((x) => x.title === del[1] || `#${x.id}` === del[1]);
      if (t) {
        trashTask(t);
        tool_calls.push({
          name: 'delete_task',
          arguments: { task_id: t.id },
          result: { deleted: true, task: { ...t } },
        });
        reply = `I deleted “${t.title}”. Say "undo" to bring it back.`;
      } else reply = `I could not find “${del[1]}”.`;
    } else if (/^what is still open\?$/i.test(message)) {
      const open = fake.tasks.filter((t) => !t.completed).map((t) => ({ ...t }));
      tool_calls.push({ name: 'list_tasks', arguments: { status: 'open' }, result: { tasks: open } });
      reply = open.length ? open.map((t) => t.title).join(', ') : 'Nothing is open.';
    } else if (/^undo$/i.test(message)) {
      const last = undoable.pop();
      reply = last ? '' : 'There is nothing to undo in this conversation.';
      for (const call of [...(last ?? [])].reverse()) {
        const task = call.result.task as Task;
        if (call.name === 'add_task') {
          const t = fake.tasks.find((x) => x.id === task.id);
          if (t) trashTask(t);
          tool_calls.push({ name: 'delete_task', arguments: { task_id: task.id }, result: { deleted: true, task } });
          reply += `I removed “${task.title}” again.`;
        } else if (call.name === 'delete_task') {
          const t = restoreTask(task.id);
          tool_calls.push({ name: 'restore_task', arguments: { task_id: task.id }, result: t ? { task: t } : {} });
          reply += `“${task.title}” is back in your list.`;
        } else {
          const t = fake.tasks.find((x) => x.id === task.id);
          if (t) Object.assign(t, call.result.previous, { updated_at: iso() });
          tool_calls.push({ name: 'update_task', arguments: { task_id: task.id }, result: { task: { ...t } } });
          reply += `I put “${task.title}” back as it was.`;
        }
      }
    }
    if (tool_calls.some((c) => c.name !== 'list_tasks') && !/^undo$/i.test(message)) undoable.push(tool_calls);
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
      const user: User = { id: 100 + nextUserId++, email: body.email, created_at: iso() };
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
    const r = /^\/api\/tasks\/(\d+)\/restore$/.exec(path);
    if (r && method === 'POST') {
      const t = restoreTask(Number(r[1]));
      if (!t)
        return err(
          404,
          'not_found',
          'That task is not in the trash: it was never deleted, or was deleted more than 24 hours ago.',
        );
      return { status: 200, body: { ...t } };
    }
    const m = /^\/api\/tasks\/(\d+)$/.exec(path);
    if (m) {
      const t = fake.tasks.find((x) => x.id === Number(m[1]));
      if (!t) return err(404, 'not_found', 'Task not found.');
      if (method === 'PATCH') {
        Object.assign(t, body, { updated_at: iso() });
        return { status: 200, body: { ...t } };
      }
      if (method === 'DELETE') {
        trashTask(t);
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
      if (body.time_zone !== undefined && !isTimeZone(body.time_zone))
        return err(
          400,
          'bad_request',
          `time_zone ${JSON.stringify(body.time_zone)} is not a time zone this server knows.`,
        );
      if (fake.chatGate) await fake.chatGate;
      return { status: 200, body: chat(body.message, body.time_zone) };
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
