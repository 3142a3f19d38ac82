import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

// bigint ids as numbers (they stay far below 2^53), dates as "YYYY-MM-DD".
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export type Pool = pg.Pool;
/** What the stores need: the pool, or one client inside a transaction. */
export type Queryable = pg.Pool | pg.PoolClient;

/** Runs fn in one transaction on one client: everything it stores commits together, or nothing does. */
export async function withTransaction<T>(pool: pg.Pool, fn: (db: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

export function createPool(databaseUrl: string, max = 10): pg.Pool {
  return new pg.Pool({
    connectionString: databaseUrl,
    max,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
    application_name: 'todo-backend',
  });
}

/** migrations/ next to dist/ (or src/ when run with tsx). */
export const MIGRATIONS_DIR = path.join(__dirname, '..', 'migrations');

// Arbitrary constant shared by every replica: "todo" in ASCII.
const MIGRATION_LOCK_KEY = 0x746f646f;

export function migrationFiles(dir = MIGRATIONS_DIR): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort();
}

/**
 * Applies pending migrations in order, each in its own transaction, under a
 * session-level advisory lock so that replicas starting together apply each
 * migration exactly once. Returns the names applied by this call.
 */
export async function migrate(pool: pg.Pool, dir = MIGRATIONS_DIR): Promise<string[]> {
  const files = migrationFiles(dir);
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await client.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           version text PRIMARY KEY,
           applied_at timestamptz NOT NULL DEFAULT now()
         )`,
      );
      const done = new Set(
        (await client.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version),
      );
      for (const file of files) {
        if (done.has(file)) continue;
        const sql = fs.readFileSync(path.join(dir, file), 'utf8');
        await client.query('BEGIN');
        try {
          await client.query(sql);
          await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [file]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw new Error(`migration ${file} failed: ${(err as Error).message}`, { cause: err });
        }
        applied.push(file);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
  return applied;
}

/** null when ready, else the reason. */
export async function readiness(pool: pg.Pool, expected: string[]): Promise<string | null> {
  try {
    const res = await pool.query<{ version: string }>('SELECT version FROM schema_migrations');
    const have = new Set(res.rows.map((r) => r.version));
    const missing = expected.filter((v) => !have.has(v));
    return missing.length ? `migrations not applied: ${missing.join(', ')}` : null;
  } catch (err) {
    const msg = (err as Error).message;
    return /schema_migrations/.test(msg) ? 'migrations not applied' : `database unreachable: ${msg}`;
  }
}
