import type { ListOptions, NewTask, Task, TaskPatch, TaskStore } from '../../src/tasks.js';

/** In-memory stand-in for TaskStore (same contract, one user per instance is enough for unit tests). */
export class MemoryTasks {
  private rows: (Task & { user_id: number })[] = [];
  private nextId = 1;
  private trash: (Task & { user_id: number })[] = [];

  seed(userId: number, tasks: Partial<Task>[]): this {
    for (const t of tasks) {
      const id = t.id ?? this.nextId;
      this.nextId = Math.max(this.nextId, id + 1);
      this.rows.push({
        user_id: userId,
        id,
        title: t.title ?? 'untitled',
        description: t.description ?? '',
        completed: t.completed ?? false,
        due_date: t.due_date ?? null,
        created_at: '2026-11-01T10:00:00.000Z',
        updated_at: '2026-11-01T10:00:00.000Z',
      });
    }
    return this;
  }

  all(): Task[] {
    return this.rows.map(({ user_id: _u, ...t }) => ({ ...t }));
  }

  async list(userId: number, o: ListOptions = {}): Promise<Task[]> {
    const today = o.today ?? '2026-11-24';
    return this.rows
      .filter((r) => r.user_id === userId)
      .filter((r) => (o.status === 'open' ? !r.completed : o.status === 'done' ? r.completed : true))
      .filter((r) => !o.q || `${r.title} ${r.description}`.toLowerCase().includes(o.q.toLowerCase()))
      .filter((r) =>
        o.due === 'today'
          ? r.due_date === today
          : o.due === 'overdue'
            ? !!r.due_date && r.due_date < today && !r.completed
            : o.due === 'upcoming'
              ? !!r.due_date && r.due_date >= today
              : true,
      )
      .sort(
        (a, b) =>
          Number(a.completed) - Number(b.completed) ||
          (a.due_date ?? '9').localeCompare(b.due_date ?? '9') ||
          b.id - a.id,
      )
      .map(({ user_id: _u, ...t }) => ({ ...t }));
  }

  async get(userId: number, id: number): Promise<Task | null> {
    const r = this.rows.find((x) => x.user_id === userId && x.id === id);
    if (!r) return null;
    const { user_id: _u, ...t } = r;
    return { ...t };
  }

  async create(userId: number, t: NewTask): Promise<Task> {
    this.seed(userId, [{ title: t.title, description: t.description ?? '', due_date: t.due_date ?? null }]);
    return (await this.get(userId, this.nextId - 1))!;
  }

  async update(userId: number, id: number, patch: TaskPatch): Promise<Task | null> {
    const r = this.rows.find((x) => x.user_id === userId && x.id === id);
    if (!r) return null;
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) (r as unknown as Record<string, unknown>)[k] = v;
    return this.get(userId, id);
  }

  async remove(userId: number, id: number): Promise<Task | null> {
    const t = await this.get(userId, id);
    if (t) {
      this.trash.push(...this.rows.filter((x) => x.user_id === userId && x.id === id));
      this.rows = this.rows.filter((x) => !(x.user_id === userId && x.id === id));
    }
    return t;
  }

  async restore(userId: number, id: number): Promise<Task | null> {
    const r = this.trash.find((x) => x.user_id === userId && x.id === id);
    if (!r) return null;
    this.trash = this.trash.filter((x) => x !== r);
    this.rows.push(r);
    return this.get(userId, id);
  }

  asStore(): TaskStore {
    return this as unknown as TaskStore;
  }
}
