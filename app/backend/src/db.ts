import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

// bigint ids as numbers (they stay far below 2^53), dates as "YYYY-MM-DD".
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export type Pool = pg.Pool;
/** What the stores need: the pool, or one client inside a transaction. */
export type Queryable = pg.Pool | pg.PoolClient;

/**
 * A client checked out of the pool, with an 'error' listener for as long as it
 * is out. The pool listens only to its idle clients: a connection lost while a
 * client is checked out (the server crashed, the network dropped) is emitted as
 * 'error' on the client, and an EventEmitter 'error' without a listener ends
 * the process. The query in flight fails by itself; the listener only keeps
 * the process alive, and `release` then destroys the broken connection.
 */
async function checkout(pool: pg.Pool): Promise<{ client: pg.PoolClient; release: () => void }> {
  const client = await pool.connect();
  let lost: Error | undefined;
  const onError = (err: Error) => (lost = err);
  client.on('error', onError);
  return {
    client,
    release: () => {
      client.removeListener('error', onError);
      client.release(lost);
    },
  };
}

/** Runs fn in one transaction on one client: everything it stores commits together, or nothing does. */
export async function withTransaction<T>(pool: pg.Pool, fn: (db: pg.PoolClient) => Promise<T>): Promise<T> {
  const { client, release } = await checkout(pool);
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    release();
  }
}

const UNREACHABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
]);
// SQLSTATEs of a server that is going away or not there yet: admin_shutdown, crash_shutdown,
// cannot_connect_now ("starting up"), too_many_connections; class 08 is "connection exception".
const UNAVAILABLE_SQLSTATE = new Set(['57P01', '57P02', '57P03', '53300']);

/**
 * Whether an error means "the database cannot be reached right now" (answered
 * 503, retry later) rather than a fault of the request or of the code (500).
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (UNREACHABLE_ERRNO.has(code) || UNAVAILABLE_SQLSTATE.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  // pg's own messages for a connection that is gone or could not be made in time
  if (
    /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/.test(
      err.message,
    )
  )
    return true;
  // Several addresses tried (localhost: ::1 and 127.0.0.1): Node reports an AggregateError of refusals.
  return err instanceof AggregateError && err.errors.length > 0 && err.errors.every(isDatabaseUnavailable);
}

// SQLSTATEs that retrying cannot cure: the database does not exist (3D000), the login is refused
// (class 28: wrong password, unknown role, no pg_hba.conf entry), no privilege (42501).
const PERMANENT_SQLSTATE = /^(28[0-9A-Z]{3}|3D000|42501)$/;

/** Whether a failure to connect or migrate is one that waiting cannot cure (a wrong DATABASE_URL, a refused login). */
export function isPermanentDatabaseError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  return (typeof code === 'string' && PERMANENT_SQLSTATE.test(code)) || /^migration .* failed/.test(err.message);
}

/**
 * What a log line says about a database error: its message and code only.
 * pg's errors can carry the client (pg-pool sets err.client on an idle
 * client's error), whose connection parameters and cancel key (secretKey)
 * must not reach the log; and under the `err` key pino's serializer would
 * dress a plain object up as {"type":"Object","stack":""}.
 */
export function describeDbError(err: unknown): { message: string; code?: string } {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? { message, code } : { message };
}

/** Logs an idle pooled connection's failure (the server stopped or the network dropped) as message and code. */
export function logIdleErrors(pool: pg.Pool, log: { error: (obj: object, msg: string) => void }): void {
  pool.on('error', (err) => log.error({ error: describeDbError(err) }, 'idle database connection failed'));
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
  const { client, release } = await checkout(pool);
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
    release();
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
