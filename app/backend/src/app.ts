import crypto from 'node:crypto';
import http from 'node:http';
import type { Duplex } from 'node:stream';
import Fastify, {
  LogController,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import { TokenSigner, UserStore, type User } from './auth.js';
import type { Config } from './config.js';
import { describeDbError, isDatabaseUnavailable, type Pool } from './db.js';
import {
  AppError,
  codeForStatus,
  DATABASE_UNAVAILABLE,
  errorBody,
  RETRY_AFTER_SECONDS,
  type ErrorCode,
} from './errors.js';
import { ConversationStore } from './conversations.js';
import { TaskStore } from './tasks.js';
import type { Engine } from './agent/engine.js';
import { BuiltinEngine } from './agent/builtin.js';
import { API_DESCRIPTION, sharedSchemas } from './schemas.js';
import { titleProblem, VISIBLE } from './text.js';
import { findString, parseJsonBody } from './body.js';
import { healthRoutes } from './routes/health.js';
import { authRoutes, tokenFrom } from './routes/auth.js';
import { taskRoutes } from './routes/tasks.js';
import { chatRoutes } from './routes/chat.js';
import { mcpRoutes } from './mcp.js';

export interface Deps {
  config: Config;
  pool: Pool;
  users: UserStore;
  tasks: TaskStore;
  conversations: ConversationStore;
  signer: TokenSigner;
  engine: Engine;
  authenticate: (req: FastifyRequest) => Promise<User | null>;
  draining: boolean;
  /** the current time; injected so tests never depend on the real clock */
  clock: () => Date;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: Deps;
  }
}

export interface BuildOptions {
  config: Config;
  pool: Pool;
  /** overrides the engine chosen from the config */
  engine?: Engine;
  /** pino destination, e.g. for tests */
  logStream?: NodeJS.WritableStream;
  /** the current time (default: the system clock) */
  clock?: () => Date;
}

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'password',
  '*.password',
  'body.password',
  'token',
  '*.token',
  'err.config',
];

export function engineFor(config: Config, log?: { warn: (o: object, m: string) => void }): Engine {
  if (config.openaiApiKey) {
    // loaded only when configured, to keep the default process small
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load, in a synchronous factory
    const { OpenAIEngine } = require('./agent/openai.js') as typeof import('./agent/openai.js');
    return new OpenAIEngine({
      apiKey: config.openaiApiKey,
      baseURL: config.llmBaseUrl,
      model: config.llmModel,
      timeoutMs: config.llmTimeoutMs,
      log,
    });
  }
  return new BuiltinEngine();
}

function validationMessage(err: FastifyError, req: FastifyRequest): string {
  const v = err.validation?.[0];
  if (!v) return err.message;
  const where = err.validationContext ?? 'request';
  const field = v.instancePath ? v.instancePath.replace(/^\//, '').replace(/\//g, '.') : '';
  const params = v.params as Record<string, unknown>;
  if (v.keyword === 'additionalProperties') return `Unknown field "${String(params.additionalProperty)}" in ${where}.`;
  if (v.keyword === 'required' && where === 'headers' && params.missingProperty === 'accept') {
    return 'The Accept header must list both application/json and text/event-stream.';
  }
  if (v.keyword === 'required') return `Missing field "${String(params.missingProperty)}" in ${where}.`;
  if (v.keyword === 'pattern' && field) {
    if (field === 'title') {
      const title = (req.body as { title?: unknown } | undefined)?.title;
      return `title ${titleProblem(String(title)) ?? 'has the wrong format'}.`;
    }
    if (field === 'message') return `message must ${VISIBLE}.`;
    if (/title/.test(field)) return `${field} must not be empty.`;
    if (field === 'due_date') return 'due_date must be a date from 1900-01-01 to 9999-12-31, written YYYY-MM-DD.';
    if (field === 'accept') return 'The Accept header must list both application/json and text/event-stream.';
    if (field === 'time_zone') return 'time_zone must be an IANA time zone name such as "Europe/Paris".';
    return `${field} has the wrong format.`;
  }
  if (v.keyword === 'format' && field) return `${field} must be a valid ${String(params.format)}.`;
  if (v.keyword === 'minProperties') return `The ${where} must contain at least one field to change.`;
  if (v.keyword === 'oneOf') return `The ${where} is none of the accepted forms (see /api/openapi.json).`;
  if (v.keyword === 'type' && !field && where === 'body') {
    if (req.body === undefined) return `The request body is missing or empty; send a JSON ${String(params.type)}.`;
    return `The request body must be a JSON ${String(params.type)}.`;
  }
  if (v.keyword === 'type' && !field) return `The ${where} must be ${String(params.type)}.`;
  // Sentences for people, not the validator's ("must NOT have fewer than 8 characters").
  const name = field || where;
  const limit = Number(params.limit);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (v.keyword === 'minLength') return `${name} must be at least ${plural(limit, 'character')} long.`;
  if (v.keyword === 'maxLength') return `${name} must be at most ${plural(limit, 'character')} long.`;
  if (v.keyword === 'minimum') return `${name} must be ${limit} or more.`;
  if (v.keyword === 'maximum') return `${name} must be ${limit} or less.`;
  if (v.keyword === 'enum') return `${name} must be one of: ${(params.allowedValues as unknown[]).join(', ')}.`;
  if (v.keyword === 'type')
    return `${name} must be ${params.type === 'integer' ? 'a whole number' : `a ${String(params.type)}`}.`;
  return `${name} ${v.message ?? 'is invalid'}.`;
}

/** The routes' path patterns (`/api/tasks/:id`) and the methods each answers. */
export class KnownPaths {
  private readonly routes: { url: string; pattern: RegExp; methods: Set<string> }[] = [];

  add(url: string, method: string | string[]): void {
    let route = this.routes.find((r) => r.url === url);
    if (!route) {
      const pattern = new RegExp(`^${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z_]\w*/g, '[^/]+')}$`);
      this.routes.push((route = { url, pattern, methods: new Set() }));
    }
    for (const m of [method].flat()) route.methods.add(m.toUpperCase());
  }

  /** The methods a concrete path answers, sorted; empty for an unknown path. */
  methodsOf(path: string): string[] {
    const methods = new Set<string>();
    for (const r of this.routes) if (r.pattern.test(path)) r.methods.forEach((m) => methods.add(m));
    return [...methods].sort();
  }
}

/**
 * Whether a header overflow is the request line's own: the parser's chunk
 * (err.rawPacket) begins a request ("GET /...") and has no line end within
 * the limit. A request whose bytes came in several chunks cannot be told
 * apart (the chunk is only the last one): that stays a 431.
 */
function requestLineOverflowed(err: Error & { rawPacket?: unknown }): boolean {
  const raw = err.rawPacket;
  if (!Buffer.isBuffer(raw) || !/^[A-Z]+ \S/.test(raw.subarray(0, 32).toString('latin1'))) return false;
  const end = raw.indexOf('\r\n');
  return end === -1 || end >= http.maxHeaderSize;
}

/**
 * Errors Node's HTTP parser meets before Fastify sees a request (headers over
 * 16 KB, a URL over 16 KB, a malformed request line, a timeout), answered in the documented
 * error shape on the raw socket, which is then closed (the stream is unusable).
 */
function clientError(this: FastifyInstance, err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  let status = 400;
  let code: ErrorCode = 'bad_request';
  let message = 'The request is not valid HTTP.';
  if (err.code === 'HPE_HEADER_OVERFLOW' && requestLineOverflowed(err)) {
    [status, code] = [414, 'uri_too_long'];
    message = 'The URL is too long (limit 16 KB with the headers); send a shorter path or query.';
  } else if (err.code === 'HPE_HEADER_OVERFLOW') {
    [status, code] = [431, 'headers_too_large'];
    message = 'The request headers are too large (limit 16 KB in all); send fewer or shorter headers or cookies.';
  } else if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    [status, code] = [408, 'request_timeout'];
    message = 'The request took too long to arrive.';
  }
  this.log.debug({ err: { code: err.code, message: err.message } }, 'client error');
  if (socket.writable) {
    const body = errorBody(code, message);
    socket.write(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** One access-log line per request (method, path without query, status, time, request id); no headers or bodies. */
class AccessLog extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(error: Error | null | undefined, req: FastifyRequest, reply: FastifyReply): void {
    const entry = {
      req: { method: req.method, url: req.url.split('?')[0], remoteAddress: req.ip },
      res: { statusCode: reply.statusCode },
      responseTime: Math.round(reply.elapsedTime * 10) / 10,
    };
    if (error) reply.log.error({ ...entry, err: error }, 'request errored');
    else reply.log.info(entry, 'request completed');
  }
}

export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const { config, pool } = opts;
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      ...(opts.logStream ? { stream: opts.logStream } : {}),
    } as object,
    bodyLimit: config.bodyLimit,
    // X-Forwarded-For only from the configured proxies (the Ingress controller), never from any client
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
    requestIdHeader: 'x-request-id',
    genReqId: (req) => {
      const h = req.headers['x-request-id'];
      return typeof h === 'string' && /^[\w.:-]{1,100}$/.test(h) ? h : crypto.randomUUID();
    },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    return503OnClosing: true,
    logController: new AccessLog(),
    forceCloseConnections: 'idle',
    clientErrorHandler: clientError,
    // Errors Fastify meets while routing (a path with broken percent-encoding...): the same shape.
    frameworkErrors: (err: FastifyError, _req: FastifyRequest, reply: FastifyReply) => {
      if (err.code === 'FST_ERR_BAD_URL')
        return reply.code(400).send({
          error: { code: 'bad_request', message: 'The URL is not valid (it has broken percent-encoding).' },
        });
      if (err.code === 'FST_ERR_MAX_PARAM_LENGTH')
        return reply.code(414).send({ error: { code: 'uri_too_long', message: 'A part of the URL is too long.' } });
      reply.log.error({ err }, 'request failed');
      return reply
        .code(500)
        .send({ error: { code: 'internal', message: 'Something went wrong on our side. Please try again.' } });
    },
  });

  const users = new UserStore(pool, { maxFailures: config.signinMaxFailures, windowMs: config.signinWindowMs });
  const signer = new TokenSigner(config.authSecret);
  const deps: Deps = {
    config,
    pool,
    users,
    tasks: new TaskStore(pool),
    conversations: new ConversationStore(pool),
    signer,
    engine: opts.engine ?? engineFor(config, app.log),
    draining: false,
    clock: opts.clock ?? (() => new Date()),
    authenticate: async (req) => {
      const token = tokenFrom(req);
      if (!token) return null;
      const payload = signer.verify(token);
      if (!payload) return null;
      return users.forSession(payload);
    },
  };
  app.decorate('deps', deps);

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  // Refuse text PostgreSQL cannot store before anything runs, instead of a 500 halfway through.
  // MCP answers in JSON-RPC, so its tools check their own arguments (tools.ts).
  app.addHook('preValidation', async (req) => {
    if (req.url.startsWith('/mcp')) return;
    const hasNul = (v: string) => v.includes('\u0000');
    const where = findString(req.body, hasNul) ?? findString(req.query, hasNul);
    if (where !== null) {
      throw new AppError(
        'bad_request',
        `${where || 'The request'} contains the NUL character (U+0000), which cannot be stored; remove it and try again.`,
      );
    }
  });

  // While shutting down, responses close their keep-alive connection so that close() does not wait for idle sockets.
  app.addHook('onSend', async (_req, reply) => {
    if (deps.draining) reply.header('connection', 'close');
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    // No route matched, and reading the body failed first (e.g. QUERY without Content-Type): still a 404/405.
    if (req.is404) return unmatched(req, reply);
    if (err instanceof AppError) {
      if (err.retryAfterSeconds !== undefined) {
        // This wait is the answer's own (e.g. an account's sign-in lockout): the per-IP
        // limiter's x-ratelimit-* headers, set before the handler ran, would contradict it.
        for (const h of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']) reply.removeHeader(h);
        reply.header('retry-after', String(err.retryAfterSeconds));
      }
      return reply.code(err.statusCode).send({ error: { code: err.code, message: err.message } });
    }
    if (isDatabaseUnavailable(err)) {
      // Logged without a stack: one line per request while the database is away is enough.
      req.log.warn({ error: describeDbError(err) }, 'database unavailable');
      return reply
        .code(503)
        .header('retry-after', String(RETRY_AFTER_SECONDS))
        .send({ error: { code: 'unavailable', message: DATABASE_UNAVAILABLE } });
    }
    if (err.validation) {
      return reply.code(400).send({ error: { code: 'bad_request', message: validationMessage(err, req) } });
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      let message = err.message;
      if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError)
        message = 'The request body is not valid JSON.';
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
        message = `The request body is too large (limit ${config.bodyLimit} bytes).`;
      if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') message = 'The request body is empty; send a JSON object.';
      if (status === 415) message = 'Send the request body as JSON (Content-Type: application/json).';
      if (status === 429) message = 'Too many requests; please slow down and try again in a minute.';
      return reply.code(status).send({ error: { code: codeForStatus(status), message } });
    }
    req.log.error({ err }, 'request failed');
    return reply
      .code(500)
      .send({ error: { code: 'internal', message: 'Something went wrong on our side. Please try again.' } });
  });

  // An unknown method on a known path is a 405 naming the methods it has (RFC 9110), not a 404.
  const knownPaths = new KnownPaths();
  app.addHook('onRoute', (route) => knownPaths.add(route.url, route.method));
  const unmatched = (req: FastifyRequest, reply: FastifyReply) => {
    const path = req.url.split('?')[0] ?? req.url;
    const allowed = knownPaths.methodsOf(path);
    if (allowed.length > 0) {
      return reply
        .code(405)
        .header('allow', allowed.join(', '))
        .send({
          error: {
            code: 'method_not_allowed',
            message: `${req.method} is not allowed on ${path}; it answers ${allowed.join(', ')}.`,
          },
        });
    }
    return reply.code(404).send({ error: { code: 'not_found', message: `No such endpoint: ${req.method} ${path}` } });
  };
  app.setNotFoundHandler(unmatched);

  // JSON only: a text/plain body is a 415, not a string that fails validation later
  app.removeContentTypeParser('text/plain');
  // An empty JSON body (e.g. a bodiless POST /api/auth/signout sent with Content-Type: application/json)
  // is "no body", not a parse error; anything else goes through Fastify's own parser (prototype-poisoning safe).
  const defaultJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    let value: unknown;
    try {
      value = parseJsonBody(body as Buffer, (text) => {
        let parsed: unknown;
        let failed: Error | null = null;
        defaultJson(req, text, (err, v) => ((failed = err), (parsed = v)));
        if (failed) throw failed;
        return parsed;
      });
    } catch (err) {
      return done(err as Error, undefined);
    }
    return done(null, value);
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    // components named after the shared schemas' $id (Task, User, Error, ...)
    refResolver: {
      buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Todo AI Chatbot API',
        version: '0.1.0',
        description: API_DESCRIPTION,
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'todo_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
  });
  for (const s of sharedSchemas) app.addSchema(s);

  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(taskRoutes);
  await app.register(chatRoutes);
  await app.register(mcpRoutes);

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  return app;
}
