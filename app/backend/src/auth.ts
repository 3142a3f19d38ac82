import crypto from 'node:crypto';
import { promisify } from 'node:util';
import type { Pool } from './db.js';
import { AppError } from './errors.js';

const scrypt = promisify(crypto.scrypt) as (
  password: crypto.BinaryLike,
  salt: crypto.BinaryLike,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;

// N=2^14, r=8, p=5: one of OWASP's equivalent scrypt settings (Password Storage Cheat Sheet),
// 16 MiB of memory per hash, so that concurrent sign-ins stay within the service's memory budget.
const SCRYPT = { N: 1 << 14, r: 8, p: 5, maxmem: 64 * 1024 * 1024 } as const;
const KEYLEN = 32;

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password.normalize('NFKC'), salt, KEYLEN, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltB64, keyB64] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(keyB64, 'base64url');
  const key = await scrypt(password.normalize('NFKC'), Buffer.from(saltB64, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: SCRYPT.maxmem,
  });
  return crypto.timingSafeEqual(key, expected);
}

// A hash of a random password, so that sign-in with an unknown e-mail costs as much as a wrong password.
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(crypto.randomBytes(16).toString('hex'));
  return dummyHash;
}

export interface TokenPayload {
  sub: number; // user id
  sid: string; // session id (revocable)
  exp: number; // seconds since epoch
}

export const SESSION_TTL_SECONDS = 7 * 24 * 3600;
export const SESSION_CACHE_MS = 5_000;
const SESSION_CACHE_MAX = 10_000;

/** token = base64url(JSON payload) "." base64url(HMAC-SHA256(secret, payload part)) */
export class TokenSigner {
  private readonly key: Buffer;
  constructor(secret: string) {
    this.key = crypto.createHash('sha256').update(`todo-session:${secret}`).digest();
  }

  sign(userId: number, now = Date.now()): { token: string; payload: TokenPayload } {
    const payload: TokenPayload = {
      sub: userId,
      sid: crypto.randomBytes(16).toString('base64url'),
      exp: Math.floor(now / 1000) + SESSION_TTL_SECONDS,
    };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return { token: `${body}.${this.mac(body)}`, payload };
  }

  verify(token: string, now = Date.now()): TokenPayload | null {
    if (token.length > 512) return null;
    const dot = token.indexOf('.');
    if (dot <= 0) return null;
    const body = token.slice(0, dot);
    const sig = Buffer.from(token.slice(dot + 1), 'base64url');
    const expected = Buffer.from(this.mac(body), 'base64url');
    if (sig.length !== expected.length || !crypto.timingSafeEqual(sig, expected)) return null;
    try {
      const p = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<TokenPayload>;
      if (typeof p.sub !== 'number' || typeof p.sid !== 'string' || typeof p.exp !== 'number') return null;
      if (p.exp * 1000 <= now) return null;
      return p as TokenPayload;
    } catch {
      return null;
    }
  }

  private mac(body: string): string {
    return crypto.createHmac('sha256', this.key).update(body).digest('base64url');
  }
}

export interface User {
  id: number;
  email: string;
  created_at: string;
}

interface UserRow {
  id: number;
  email: string;
  created_at: Date;
  password_hash?: string;
}

const toUser = (r: UserRow): User => ({ id: r.id, email: r.email, created_at: r.created_at.toISOString() });

export class UserStore {
  constructor(
    private readonly pool: Pool,
    private readonly opts: { maxFailures: number; windowMs: number },
  ) {}

  async create(email: string, password: string): Promise<User> {
    const hash = await hashPassword(password);
    try {
      const res = await this.pool.query<UserRow>(
        'INSERT INTO users (email, password_hash) VALUES ($1, $2) RETURNING id, email, created_at',
        [email, hash],
      );
      return toUser(res.rows[0]!);
    } catch (err) {
      if ((err as { code?: string }).code === '23505') {
        throw new AppError('conflict', 'An account with this email already exists.');
      }
      throw err;
    }
  }

  /** Checks the throttle, then the password. Records failures; clears them on success. */
  async authenticate(email: string, password: string): Promise<User> {
    const key = email.toLowerCase();
    const throttle = await this.pool.query<{ failures: number; window_start: Date }>(
      'SELECT failures, window_start FROM auth_failures WHERE email = $1',
      [key],
    );
    const t = throttle.rows[0];
    if (t && t.failures >= this.opts.maxFailures && Date.now() - t.window_start.getTime() < this.opts.windowMs) {
      const seconds = Math.ceil((this.opts.windowMs - (Date.now() - t.window_start.getTime())) / 1000);
      const wait = Math.ceil(seconds / 60);
      throw new AppError(
        'too_many_requests',
        `Too many failed sign-in attempts for this account. Try again in ${wait} minute${wait === 1 ? '' : 's'}.`,
        { retryAfterSeconds: seconds },
      );
    }
    const res = await this.pool.query<UserRow>(
      'SELECT id, email, created_at, password_hash FROM users WHERE lower(email) = $1',
      [key],
    );
    const row = res.rows[0];
    const ok = await verifyPassword(password, row?.password_hash ?? (await dummyPasswordHash()));
    if (!row || !ok) {
      await this.pool.query(
        `INSERT INTO auth_failures (email, failures, window_start) VALUES ($1, 1, now())
         ON CONFLICT (email) DO UPDATE SET
           failures = CASE WHEN auth_failures.window_start < now() - ($2 || ' milliseconds')::interval
                           THEN 1 ELSE auth_failures.failures + 1 END,
           window_start = CASE WHEN auth_failures.window_start < now() - ($2 || ' milliseconds')::interval
                           THEN now() ELSE auth_failures.window_start END`,
        [key, String(this.opts.windowMs)],
      );
      throw new AppError('unauthorized', 'Wrong email or password.');
    }
    if (t) await this.pool.query('DELETE FROM auth_failures WHERE email = $1', [key]);
    return toUser(row);
  }

  // Sessions recently checked against the database: sid -> user, for SESSION_CACHE_MS.
  // Sign-out on this replica takes effect at once; on other replicas within SESSION_CACHE_MS.
  private readonly sessionCache = new Map<string, { user: User; until: number }>();

  /** The user of a verified token, unless the session was revoked or the user is gone. */
  async forSession(p: TokenPayload): Promise<User | null> {
    const now = Date.now();
    const hit = this.sessionCache.get(p.sid);
    if (hit && hit.until > now && hit.user.id === p.sub) return hit.user;
    const user = await this.lookupSession(p);
    if (user) {
      if (this.sessionCache.size >= SESSION_CACHE_MAX) this.sessionCache.clear();
      this.sessionCache.set(p.sid, { user, until: now + SESSION_CACHE_MS });
    } else {
      this.sessionCache.delete(p.sid);
    }
    return user;
  }

  private async lookupSession(p: TokenPayload): Promise<User | null> {
    const res = await this.pool.query<UserRow>(
      `SELECT id, email, created_at FROM users
        WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM revoked_sessions WHERE sid = $2)`,
      [p.sub, p.sid],
    );
    return res.rows[0] ? toUser(res.rows[0]) : null;
  }

  async revoke(p: TokenPayload): Promise<void> {
    this.sessionCache.delete(p.sid);
    await this.pool.query(
      `INSERT INTO revoked_sessions (sid, expires_at) VALUES ($1, to_timestamp($2)) ON CONFLICT DO NOTHING`,
      [p.sid, p.exp],
    );
    // Opportunistic clean-up of entries whose tokens have expired anyway.
    await this.pool.query('DELETE FROM revoked_sessions WHERE expires_at < now()');
  }
}
