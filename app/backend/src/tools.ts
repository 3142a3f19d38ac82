import { z } from 'zod';
import { DESCRIPTION_MAX, DUE_DATE_MAX, DUE_DATE_MIN, TITLE_MAX, type Task, type TaskStore } from './tasks.js';
import { dateInZone, isTimeZone, TIME_ZONE_MAX, wallClock } from './timezone.js';
import { titleProblem } from './text.js';

/** A task tool as the model, MCP clients and the built-in engine see it. Defined once, here. */
export interface ToolDefinition<S extends z.ZodObject = z.ZodObject> {
  name: string;
  description: string;
  schema: S;
  handler: (ctx: ToolContext, args: z.output<S>) => Promise<Record<string, unknown>>;
}

export interface ToolContext {
  userId: number;
  tasks: TaskStore;
  /** today's date in the user's time zone, "YYYY-MM-DD" */
  today: string;
  /** the instant "today" was taken from (a tool given its own time zone resolves "today" there) */
  now: Date;
  /** the user's time zone (the server's when undefined) */
  timeZone?: string;
}

export interface ToolCall {
  name: string;
  arguments: Record<string, unknown>;
  result: Record<string, unknown>;
}

export class ToolError extends Error {
  constructor(
    readonly code: 'not_found' | 'invalid_arguments' | 'unknown_tool',
    message: string,
  ) {
    super(message);
  }
}

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date in the form YYYY-MM-DD')
  .refine((s) => s >= DUE_DATE_MIN && s <= DUE_DATE_MAX, `must be a date from ${DUE_DATE_MIN} to ${DUE_DATE_MAX}`)
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'is not a real calendar date');

/** Text PostgreSQL can store: no U+0000. */
const storable = (s: string) => !s.includes('\u0000');
const NUL_MESSAGE = 'must not contain the NUL character (U+0000)';
/** Characters as PostgreSQL and the REST API count them (code points: "🥛" is one, not two). */
export const charCount = (s: string) => [...s].length;
const title = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .refine((s) => charCount(s) <= TITLE_MAX, `must be at most ${TITLE_MAX} characters`)
  .refine(storable, NUL_MESSAGE)
  // the REST API's rule (schemas.ts), with its sentence
  .superRefine((s, ctx) => {
    const problem = titleProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
const description = z
  .string()
  .trim()
  .refine((s) => charCount(s) <= DESCRIPTION_MAX, `must be at most ${DESCRIPTION_MAX} characters`)
  .refine(storable, NUL_MESSAGE);
export const timeZone = z
  .string()
  .max(TIME_ZONE_MAX)
  .refine(isTimeZone, 'must be an IANA time zone such as "Europe/Paris" or "America/Los_Angeles"');
// The same range as the REST API's ids (at most 15 digits).
const taskId = z.number().int().positive().max(999_999_999_999_999).describe('The task number, as shown by list_tasks');

/** The fields a patch changes, with the values they had before: what an undo puts back. */
function previousValues(before: Task, patch: Record<string, unknown>): Record<string, unknown> {
  const previous: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined) previous[key] = before[key as keyof Task];
  }
  return previous;
}

function define<S extends z.ZodObject>(d: ToolDefinition<S>): ToolDefinition<S> {
  return d;
}

async function mustGet(ctx: ToolContext, id: number): Promise<Task> {
  const t = await ctx.tasks.get(ctx.userId, id);
  if (!t) throw new ToolError('not_found', `No task with id ${id}.`);
  return t;
}

export const TOOLS = [
  define({
    name: 'add_task',
    description: "Create a task in the signed-in user's todo list.",
    schema: z
      .object({
        title: title.describe('Short title of the task, e.g. "buy milk"'),
        description: description.optional().describe('Optional longer notes'),
        due_date: isoDate.optional().describe('Optional due date, YYYY-MM-DD'),
      })
      .strict(),
    handler: async (ctx, a) => ({ task: await ctx.tasks.create(ctx.userId, a) }),
  }),
  define({
    name: 'list_tasks',
    description: "List the signed-in user's tasks, optionally filtered by status, due date or search text.",
    schema: z
      .object({
        status: z.enum(['all', 'open', 'done']).optional().describe('Default: all'),
        due: z.enum(['today', 'overdue', 'upcoming']).optional(),
        query: z
          .string()
          .trim()
          .max(200)
          .refine(storable, NUL_MESSAGE)
          .optional()
          .describe('Text to search for in title and description'),
        time_zone: timeZone
          .optional()
          .describe("The user's IANA time zone, for the due filters (default: the server's)"),
      })
      .strict(),
    handler: async (ctx, a) => {
      const today = a.time_zone ? dateInZone(ctx.now, a.time_zone) : ctx.today;
      const tasks = await ctx.tasks.list(ctx.userId, { status: a.status, due: a.due, q: a.query, today });
      return { tasks, count: tasks.length };
    },
  }),
  define({
    name: 'complete_task',
    description: 'Mark a task as done (or, with completed=false, as not done again).',
    schema: z
      .object({
        task_id: taskId,
        completed: z.boolean().optional().describe('Default: true'),
      })
      .strict(),
    handler: async (ctx, a) => {
      const before = await mustGet(ctx, a.task_id);
      const t = await ctx.tasks.update(ctx.userId, a.task_id, { completed: a.completed ?? true });
      if (!t) throw new ToolError('not_found', `No task with id ${a.task_id}.`);
      return { task: t, previous: { completed: before.completed } };
    },
  }),
  define({
    name: 'update_task',
    description: "Change a task's title, description, due date (null clears it) or completion.",
    schema: z
      .object({
        task_id: taskId,
        title: title.optional(),
        description: description.optional(),
        due_date: isoDate.nullable().optional(),
        completed: z.boolean().optional(),
      })
      .strict(),
    handler: async (ctx, a) => {
      const { task_id, ...patch } = a;
      const before = await mustGet(ctx, task_id);
      if (Object.values(patch).every((v) => v === undefined)) return { task: before };
      const t = await ctx.tasks.update(ctx.userId, task_id, patch);
      if (!t) throw new ToolError('not_found', `No task with id ${task_id}.`);
      return { task: t, previous: previousValues(before, patch) };
    },
  }),
  define({
    name: 'delete_task',
    description: 'Delete one task. restore_task brings it back within 24 hours.',
    schema: z.object({ task_id: taskId }).strict(),
    handler: async (ctx, a) => {
      const t = await ctx.tasks.remove(ctx.userId, a.task_id);
      if (!t) throw new ToolError('not_found', `No task with id ${a.task_id}.`);
      return { deleted: true, task: t };
    },
  }),
  define({
    name: 'restore_task',
    description: 'Bring back a task deleted in the last 24 hours (to undo a delete).',
    schema: z.object({ task_id: taskId }).strict(),
    handler: async (ctx, a) => {
      const t = await ctx.tasks.restore(ctx.userId, a.task_id);
      if (!t)
        throw new ToolError(
          'not_found',
          `Task ${a.task_id} is not in the trash (never deleted, or deleted more than 24 hours ago).`,
        );
      return { task: t };
    },
  }),
] as const;

const byName = new Map<string, ToolDefinition>(TOOLS.map((t) => [t.name, t as unknown as ToolDefinition]));

/** JSON Schema of a tool's arguments (for OpenAI function calling and MCP tools/list). */
export function toolJsonSchema(t: ToolDefinition): Record<string, unknown> {
  const s = z.toJSONSchema(t.schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete s.$schema;
  return s;
}

export function formatZodError(err: z.ZodError): string {
  return err.issues.map((i) => (i.path.length ? `${i.path.join('.')} ${i.message}` : i.message)).join('; ');
}

/**
 * Runs tools for one user and records every call. Errors become results of the
 * form {error: {code, message}} so that a model can read and recover from them.
 */
export class ToolRunner {
  readonly calls: ToolCall[] = [];
  constructor(private readonly ctx: ToolContext) {}

  /** Tools for one user; "today" is taken in `timeZone` (the server's zone when none is given). */
  static forUser(userId: number, tasks: TaskStore, now = new Date(), timeZone?: string): ToolRunner {
    return new ToolRunner({ userId, tasks, now, timeZone, today: dateInZone(now, timeZone) });
  }

  get today(): string {
    return this.ctx.today;
  }

  /** The user's local date and time now (see wallClock). */
  get wallClock(): Date {
    return wallClock(this.ctx.now, this.ctx.timeZone);
  }

  async call(name: string, args: unknown): Promise<Record<string, unknown>> {
    const result = await this.execute(name, args);
    this.calls.push({
      name,
      arguments: args && typeof args === 'object' ? (args as Record<string, unknown>) : {},
      result,
    });
    return result;
  }

  /** Lists tasks without recording a call (for the built-in engine's reference resolution). */
  async peek(status: 'all' | 'open' | 'done' = 'all'): Promise<Task[]> {
    return this.ctx.tasks.list(this.ctx.userId, { status, today: this.ctx.today });
  }

  async get(id: number): Promise<Task | null> {
    return this.ctx.tasks.get(this.ctx.userId, id);
  }

  private async execute(name: string, args: unknown): Promise<Record<string, unknown>> {
    const tool = byName.get(name);
    if (!tool) return { error: { code: 'unknown_tool', message: `Unknown tool ${name}.` } };
    const parsed = tool.schema.safeParse(args ?? {});
    if (!parsed.success) {
      return { error: { code: 'invalid_arguments', message: formatZodError(parsed.error) } };
    }
    try {
      return await tool.handler(this.ctx, parsed.data);
    } catch (err) {
      if (err instanceof ToolError) return { error: { code: err.code, message: err.message } };
      throw err;
    }
  }
}
