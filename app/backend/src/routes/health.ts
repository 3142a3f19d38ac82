import type { FastifyInstance } from 'fastify';
import { migrationFiles, readiness } from '../db.js';

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  const expected = migrationFiles();
  const status = { type: 'object', properties: { status: { type: 'string' }, reason: { type: 'string' } } };

  app.get(
    '/healthz',
    {
      logLevel: 'warn',
      schema: { tags: ['health'], summary: 'The process is up', security: [], response: { 200: status } },
    },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      logLevel: 'warn',
      schema: {
        tags: ['health'],
        summary: 'The database answers and the schema is migrated',
        security: [],
        response: { 200: status, 503: status },
      },
    },
    async (_req, reply) => {
      if (app.deps.draining) return reply.code(503).send({ status: 'unavailable', reason: 'shutting down' });
      const reason = await readiness(app.deps.pool, expected);
      if (reason) return reply.code(503).send({ status: 'unavailable', reason });
      return { status: 'ready' };
    },
  );
}
