import net from 'node:net';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const schema = z.object({
  // 0: any free port (the address is logged), as the API fuzzing run uses it.
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(8000)),
  HOST: z.preprocess(emptyToUndefined, z.string().default('0.0.0.0')),
  DATABASE_URL: z
    .string({ error: 'is required (postgres://user:password@host:port/database)' })
    .refine((v) => /^postgres(ql)?:\/\/.+/.test(v), 'must be a postgres:// or postgresql:// URL'),
  AUTH_SECRET: z
    .string({ error: 'is required (a random string of at least 32 characters)' })
    .min(32, 'must be at least 32 characters'),
  OPENAI_API_KEY: z.preprocess(emptyToUndefined, z.string().optional()),
  LLM_BASE_URL: z.preprocess(emptyToUndefined, z.url('must be an http(s) URL').optional()),
  LLM_MODEL: z.preprocess(emptyToUndefined, z.string().default('gpt-4o-mini')),
  LLM_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(100).max(300000).default(20000)),
  LOG_LEVEL: z.preprocess(
    (v) => (typeof v === 'string' ? emptyToUndefined(v.toLowerCase()) : v),
    z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  ),
  COOKIE_SECURE: z.preprocess(emptyToUndefined, z.enum(['true', 'false', '1', '0']).default('false')),
  SHUTDOWN_DRAIN_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(60000).default(0)),
  AUTH_RATE_LIMIT_PER_MINUTE: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(100000).default(30)),
  TRUSTED_PROXIES: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .refine(
        (list) => list.every(isAddressOrRange),
        'must be a comma-separated list of IP addresses or CIDR ranges (e.g. 10.0.0.0/8,127.0.0.1)',
      ),
  ),
});

/** "10.1.2.3", "10.0.0.0/8", "::1", "fd00::/8" */
function isAddressOrRange(entry: string): boolean {
  const [address, bits, extra] = entry.split('/');
  const family = net.isIP(address ?? '');
  if (!family || extra !== undefined) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d+$/.test(bits) && n <= (family === 4 ? 32 : 128);
}

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  authSecret: string;
  openaiApiKey?: string;
  llmBaseUrl?: string;
  llmModel: string;
  llmTimeoutMs: number;
  logLevel: (typeof LOG_LEVELS)[number];
  cookieSecure: boolean;
  /**
   * The proxies in front (the ingress controller) whose X-Forwarded-For is
   * believed; from anyone else the header is ignored, so a client cannot
   * pick the address the sign-in limit counts. Empty: no proxy is trusted.
   */
  trustedProxies: string[];
  /** After SIGTERM: how long to keep serving while /readyz says 503, before closing (0: close at once). */
  shutdownDrainMs: number;
  /** auth requests per client IP per minute */
  authRateLimitPerMinute: number;
  /** failed sign-ins per e-mail before 429 */
  signinMaxFailures: number;
  signinWindowMs: number;
  bodyLimit: number;
}

export class ConfigError extends Error {}

/** Reads and validates the environment once. Throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration: ${lines.join('; ')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    authSecret: e.AUTH_SECRET,
    openaiApiKey: e.OPENAI_API_KEY,
    llmBaseUrl: e.LLM_BASE_URL,
    llmModel: e.LLM_MODEL,
    llmTimeoutMs: e.LLM_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL,
    cookieSecure: e.COOKIE_SECURE === 'true' || e.COOKIE_SECURE === '1',
    trustedProxies: e.TRUSTED_PROXIES,
    shutdownDrainMs: e.SHUTDOWN_DRAIN_MS,
    authRateLimitPerMinute: e.AUTH_RATE_LIMIT_PER_MINUTE,
    signinMaxFailures: 5,
    signinWindowMs: 15 * 60 * 1000,
    bodyLimit: 64 * 1024,
  };
}
