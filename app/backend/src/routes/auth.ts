import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_TTL_SECONDS, type User } from '../auth.js';
import { AppError } from '../errors.js';
import { errors, NO_NUL } from '../schemas.js';

export const SESSION_COOKIE = 'todo_session';

const credentials = {
  type: 'object',
  properties: {
    email: { type: 'string', format: 'email', minLength: 3, maxLength: 254 },
    password: { type: 'string', minLength: 8, maxLength: 200, pattern: NO_NUL },
  },
  required: ['email', 'password'],
  additionalProperties: false,
} as const;

const session = {
  type: 'object',
  properties: { user: { $ref: 'User#' }, token: { type: 'string' } },
  required: ['user', 'token'],
} as const;

/** The signed-in user (from the Bearer token or the session cookie), or 401. */
export async function requireUser(req: FastifyRequest): Promise<User> {
  const user = await req.server.deps.authenticate(req);
  if (!user) throw new AppError('unauthorized', 'Please sign in first.');
  return user;
}

export function tokenFrom(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (h) {
    const m = /^Bearer\s+(\S+)$/i.exec(h);
    return m?.[1];
  }
  return req.cookies?.[SESSION_COOKIE];
}

/** Sign-out takes no body, or `{}`: anything else is a 400 in the words the schemas use. */
function refuseAnyBody(body: unknown): void {
  if (body === undefined) return;
  const isObject = body !== null && typeof body === 'object' && !Array.isArray(body);
  const field = isObject ? Object.keys(body)[0] : undefined;
  if (isObject && field === undefined) return;
  throw new AppError(
    'bad_request',
    field !== undefined ? `Unknown field "${field}" in body.` : 'The request body must be empty or {}.',
  );
}

export async function authRoutes(app: FastifyInstance): Promise<void> {
  const { users, signer, config } = app.deps;
  const rateLimit = { max: config.authRateLimitPerMinute, timeWindow: '1 minute' };

  const startSession = (reply: FastifyReply, user: User) => {
    const { token } = signer.sign(user.id);
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: config.cookieSecure,
      maxAge: SESSION_TTL_SECONDS,
    });
    return { user, token };
  };

  app.post<{ Body: { email: string; password: string } }>(
    '/api/auth/signup',
    {
      config: { rateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Create an account and start a session',
        security: [],
        body: credentials,
        response: { 201: session, ...errors(400, 409, 429) },
      },
    },
    async (req, reply) => {
      const user = await users.create(req.body.email.trim().toLowerCase(), req.body.password);
      req.log.info({ userId: user.id }, 'user signed up');
      return reply.code(201).send(startSession(reply, user));
    },
  );

  app.post<{ Body: { email: string; password: string } }>(
    '/api/auth/signin',
    {
      config: { rateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Start a session',
        description:
          '429: too many attempts from this address within a minute, or too many failed ones for this account; the latter carries `Retry-After` (seconds until the account may sign in again).',
        security: [],
        body: credentials,
        response: { 200: session, ...errors(400, 401, 429) },
      },
    },
    async (req, reply) => {
      const user = await users.authenticate(req.body.email.trim(), req.body.password);
      return startSession(reply, user);
    },
  );

  app.post(
    '/api/auth/signout',
    {
      schema: {
        tags: ['auth'],
        summary:
          'End the session (revokes the token); no body, or `{}` (a field is a 400). Without a valid session it still clears the cookie.',
        security: [],
        response: { 204: { type: 'null', description: 'Signed out' }, ...errors() },
      },
    },
    async (req, reply) => {
      // No body schema: one would make the body required in the OpenAPI document (and refuse none at all).
      refuseAnyBody(req.body);
      const token = tokenFrom(req);
      const payload = token ? signer.verify(token) : null;
      if (payload) await users.revoke(payload);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );

  // What a page asks on load: signed out is an answer, not an error (no 401 in the browser's console).
  app.get(
    '/api/auth/session',
    {
      schema: {
        tags: ['auth'],
        summary: 'The current session: its user, or null when signed out (200 either way)',
        security: [],
        response: {
          200: {
            type: 'object',
            properties: { user: { anyOf: [{ $ref: 'User#' }, { type: 'null' }] } },
            required: ['user'],
          },
          ...errors(),
        },
      },
    },
    async (req) => ({ user: await app.deps.authenticate(req) }),
  );

  app.get(
    '/api/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user',
        response: {
          200: { type: 'object', properties: { user: { $ref: 'User#' } }, required: ['user'] },
          ...errors(401),
        },
      },
    },
    async (req) => ({ user: await requireUser(req) }),
  );
}
