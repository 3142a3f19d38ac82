import type { Queryable } from './db.js';

export interface Task {
  /** the task's number in its owner's list (1, 2, 3 …); each user has their own numbering */
  id: number;
  title: string;
  description: string;
  completed: boolean;
  due_date: string | null;
  created_at: string;
  updated_at: string;
}

export type StatusFilter = 'all' | 'open' | 'done';
export type DueFilter = 'today' | 'overdue' | 'upcoming';

export interface ListOptions {
  status?: StatusFilter;
  q?: string;
  due?: DueFilter;
  /** "YYYY-MM-DD" used for due filters; defaults to the server's local date */
  today?: string;
  limit?: number;
}

export interface NewTask {
  title: string;
  description?: string;
  due_date?: string | null;
}

export interface TaskPatch {
  title?: string;
  description?: string;
  completed?: boolean;
  due_date?: string | null;
}

interface Row {
  id: number;
  title: string;
  description: string;
  completed: boolean;
  due_date: string | null;
  created_at: Date;
  updated_at: Date;
}

// The public id is the owner's task number; the table's own key never leaves the database.
const COLS = 'number AS id, title, description, completed, due_date, created_at, updated_at';
const LIVE = 'deleted_at IS NULL';
/** How long a deleted task can be restored. */
export const TRASH_RETENTION = '24 hours';

const toTask = (r: Row): Task => ({
  id: r.id,
  title: r.title,
  description: r.description,
  completed: r.completed,
  due_date: r.due_date,
  created_at: r.created_at.toISOString(),
  updated_at: r.updated_at.toISOString(),
});

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 2000;
/** Due dates a person means (PostgreSQL has no year 0, and year 0000 slipped through as a 500). */
export const DUE_DATE_MIN = '1900-01-01';
export const DUE_DATE_MAX = '9999-12-31';

export function localDate(d = new Date()): string {
  const y = d.getFullYear();
  const m = String(d.getMonth() + 1).padStart(2, '0');
  const day = String(d.getDate()).padStart(2, '0');
  return `${y}-${m}-${day}`;
}

/** Escapes LIKE wildcards so that search text matches literally. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Every method takes the owner's id: a task of another user behaves exactly like a missing one. */
export class TaskStore {
  constructor(private readonly pool: Queryable) {}

  async list(userId: number, o: ListOptions = {}): Promise<Task[]> {
    const where = ['user_id = $1', LIVE];
    const args: unknown[] = [userId];
    if (o.status === 'open') where.push('NOT completed');
    if (o.status === 'done') where.push('completed');
    if (o.q && o.q.trim()) {
      args.push(`%${likeEscape(o.q.trim())}%`);
      where.push(`(title ILIKE $${args.length} OR description ILIKE $${args.length})`);
    }
    if (o.due) {
      args.push(o.today ?? localDate());
      const p = `$${args.length}::date`;
      if (o.due === 'today') where.push(`due_date = ${p}`);
      if (o.due === 'overdue') where.push(`due_date < ${p} AND NOT completed`);
      if (o.due === 'upcoming') where.push(`due_date >= ${p}`);
    }
    args.push(Math.min(o.limit ?? 500, 1000));
    const res = await this.pool.query<Row>(
      `SELECT ${COLS} FROM tasks WHERE ${where.join(' AND ')}
        ORDER BY completed, due_date NULLS LAST, number DESC LIMIT $${args.length}`,
      args,
    );
    return res.rows.map(toTask);
  }

  async get(userId: number, id: number): Promise<Task | null> {
    const res = await this.pool.query<Row>(`SELECT ${COLS} FROM tasks WHERE number = $1 AND user_id = $2 AND ${LIVE}`, [
      id,
      userId,
    ]);
    return res.rows[0] ? toTask(res.rows[0]) : null;
  }

  async create(userId: number, t: NewTask): Promise<Task> {
    const res = await this.pool.query<Row>(
      // The owner's row lock serialises their concurrent creates; numbers are never reused.
      `WITH seq AS (UPDATE users SET task_seq = task_seq + 1 WHERE id = $1 RETURNING task_seq)
       INSERT INTO tasks (user_id, number, title, description, due_date)
       SELECT $1, task_seq, $2, $3, $4 FROM seq RETURNING ${COLS}`,
      [userId, t.title, t.description ?? '', t.due_date ?? null],
    );
    return toTask(res.rows[0]!);
  }

  async update(userId: number, id: number, patch: TaskPatch): Promise<Task | null> {
    const sets: string[] = [];
    const args: unknown[] = [id, userId];
    for (const key of ['title', 'description', 'completed', 'due_date'] as const) {
      if (patch[key] !== undefined) {
        args.push(patch[key]);
        sets.push(`${key} = $${args.length}`);
      }
    }
    if (!sets.length) return this.get(userId, id);
    sets.push('updated_at = now()');
    const res = await this.pool.query<Row>(
      `UPDATE tasks SET ${sets.join(', ')} WHERE number = $1 AND user_id = $2 AND ${LIVE} RETURNING ${COLS}`,
      args,
    );
    return res.rows[0] ? toTask(res.rows[0]) : null;
  }

  /** Moves a task to the trash, where `restore` can find it for TRASH_RETENTION. */
  async remove(userId: number, id: number): Promise<Task | null> {
    await this.purgeTrash();
    const res = await this.pool.query<Row>(
      `UPDATE tasks SET deleted_at = now() WHERE number = $1 AND user_id = $2 AND ${LIVE} RETURNING ${COLS}`,
      [id, userId],
    );
    return res.rows[0] ? toTask(res.rows[0]) : null;
  }

  /** Brings a task back from the trash; null when it is not there (never deleted, or purged). */
  async restore(userId: number, id: number): Promise<Task | null> {
    const res = await this.pool.query<Row>(
      `UPDATE tasks SET deleted_at = NULL, updated_at = now()
        WHERE number = $1 AND user_id = $2 AND deleted_at > now() - $3::interval RETURNING ${COLS}`,
      [id, userId, TRASH_RETENTION],
    );
    return res.rows[0] ? toTask(res.rows[0]) : null;
  }

  /** Deletes for good what has been in the trash longer than TRASH_RETENTION (every user's). */
  async purgeTrash(): Promise<number> {
    const res = await this.pool.query(`DELETE FROM tasks WHERE deleted_at <= now() - $1::interval`, [TRASH_RETENTION]);
    return res.rowCount ?? 0;
  }
}
