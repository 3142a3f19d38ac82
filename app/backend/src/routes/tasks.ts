import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';
import {
  checkTimeZone,
  descriptionSchema,
  dueDateSchema,
  errors,
  idParams,
  NO_NUL,
  timeZoneSchema,
  titleSchema,
} from '../schemas.js';
import { dateInZone } from '../timezone.js';
import { type DueFilter, type StatusFilter, type TaskPatch } from '../tasks.js';
import { requireUser } from './auth.js';

export function isRealDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function checkDate(d: string | null | undefined): void {
  if (typeof d === 'string' && !isRealDate(d)) {
    throw new AppError('bad_request', `due_date ${d} is not a real calendar date (use YYYY-MM-DD).`);
  }
}

const notFound = () => new AppError('not_found', 'Task not found.');

export async function taskRoutes(app: FastifyInstance): Promise<void> {
  const { tasks } = app.deps;
  const taskRef = { $ref: 'Task#' };

  app.get<{ Querystring: { status?: StatusFilter; q?: string; due?: DueFilter; time_zone?: string } }>(
    '/api/tasks',
    {
      schema: {
        tags: ['tasks'],
        summary: "List the user's tasks",
        querystring: {
          type: 'object',
          properties: {
            status: { type: 'string', enum: ['all', 'open', 'done'], default: 'all' },
            q: { type: 'string', maxLength: 200, pattern: NO_NUL, description: 'search text (title and description)' },
            due: { type: 'string', enum: ['today', 'overdue', 'upcoming'] },
            time_zone: timeZoneSchema('for the due filters'),
          },
          additionalProperties: false,
        },
        response: {
          200: { type: 'object', properties: { tasks: { type: 'array', items: taskRef } }, required: ['tasks'] },
          ...errors(400, 401),
        },
      },
    },
    async (req) => {
      const user = await requireUser(req);
      const { status, q, due, time_zone } = req.query;
      const today = dateInZone(app.deps.clock(), checkTimeZone(time_zone));
      return { tasks: await tasks.list(user.id, { status, q, due, today }) };
    },
  );

  app.post<{ Body: { title: string; description?: string; due_date?: string | null } }>(
    '/api/tasks',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Create a task',
        body: {
          type: 'object',
          properties: { title: titleSchema, description: descriptionSchema, due_date: dueDateSchema },
          required: ['title'],
          additionalProperties: false,
        },
        response: { 201: taskRef, ...errors(400, 401) },
      },
    },
    async (req, reply) => {
      const user = await requireUser(req);
      checkDate(req.body.due_date);
      const task = await tasks.create(user.id, {
        title: req.body.title.trim(),
        description: req.body.description?.trim() ?? '',
        due_date: req.body.due_date ?? null,
      });
      return reply.code(201).send(task);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/tasks/:id',
    {
      schema: {
        tags: ['tasks'],
        summary: 'One task',
        params: idParams,
        response: { 200: taskRef, ...errors(400, 401, 404) },
      },
    },
    async (req) => {
      const user = await requireUser(req);
      return (await tasks.get(user.id, Number(req.params.id))) ?? Promise.reject(notFound());
    },
  );

  app.patch<{ Params: { id: string }; Body: TaskPatch }>(
    '/api/tasks/:id',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Change, complete or reopen a task',
        params: idParams,
        body: {
          type: 'object',
          properties: {
            title: titleSchema,
            description: descriptionSchema,
            completed: { type: 'boolean' },
            due_date: dueDateSchema,
          },
          minProperties: 1,
          additionalProperties: false,
        },
        response: { 200: taskRef, ...errors(400, 401, 404) },
      },
    },
    async (req) => {
      const user = await requireUser(req);
      checkDate(req.body.due_date);
      const patch: TaskPatch = { ...req.body };
      if (patch.title !== undefined) patch.title = patch.title.trim();
      if (patch.description !== undefined) patch.description = patch.description.trim();
      return (await tasks.update(user.id, Number(req.params.id), patch)) ?? Promise.reject(notFound());
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/tasks/:id',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Delete a task (it can be restored for 24 hours)',
        params: idParams,
        response: { 204: { type: 'null', description: 'Deleted' }, ...errors(400, 401, 404) },
      },
    },
    async (req, reply) => {
      const user = await requireUser(req);
      if (!(await tasks.remove(user.id, Number(req.params.id)))) throw notFound();
      return reply.code(204).send();
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/tasks/:id/restore',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Bring back a task deleted in the last 24 hours (undo of a delete)',
        params: idParams,
        response: { 200: taskRef, ...errors(400, 401, 404) },
      },
    },
    async (req) => {
      const user = await requireUser(req);
      const task = await tasks.restore(user.id, Number(req.params.id));
      if (!task)
        throw new AppError(
          'not_found',
          'That task is not in the trash: it was never deleted, or was deleted more than 24 hours ago.',
        );
      return task;
    },
  );
}
