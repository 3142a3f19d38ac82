import { MAX_JSON_DEPTH } from './body.js';
import { TITLE_PATTERN, VISIBLE_TEXT_PATTERN } from './text.js';
import { AppError } from './errors.js';
import { DESCRIPTION_MAX, TITLE_MAX } from './tasks.js';
import { isTimeZone, TIME_ZONE_MAX, TIME_ZONE_PATTERN } from './timezone.js';
import { TOOLS } from './tools.js';

/** Shared JSON schemas (registered with addSchema, referenced as { $ref: 'Task#' }). */
export const sharedSchemas = [
  {
    $id: 'Error',
    type: 'object',
    description: 'Every error response has this shape.',
    properties: {
      error: {
        type: 'object',
        properties: {
          code: { type: 'string', examples: ['bad_request', 'unauthorized', 'not_found'] },
          message: { type: 'string', description: 'What went wrong, for a person to read' },
        },
        required: ['code', 'message'],
      },
    },
    required: ['error'],
  },
  {
    $id: 'User',
    type: 'object',
    properties: {
      id: { type: 'integer' },
      email: { type: 'string' },
      created_at: { type: 'string', format: 'date-time' },
    },
    required: ['id', 'email', 'created_at'],
  },
  {
    $id: 'Task',
    type: 'object',
    properties: {
      id: { type: 'integer' },
      title: { type: 'string' },
      description: { type: 'string' },
      completed: { type: 'boolean' },
      due_date: { type: ['string', 'null'], format: 'date' },
      created_at: { type: 'string', format: 'date-time' },
      updated_at: { type: 'string', format: 'date-time' },
    },
    required: ['id', 'title', 'description', 'completed', 'due_date', 'created_at', 'updated_at'],
  },
  {
    $id: 'ToolCall',
    type: 'object',
    properties: {
      name: { type: 'string', enum: TOOLS.map((t) => t.name) },
      arguments: { type: 'object', additionalProperties: true },
      result: { type: 'object', additionalProperties: true },
    },
    required: ['name', 'arguments', 'result'],
  },
  {
    $id: 'Conversation',
    type: 'object',
    properties: {
      id: { type: 'integer' },
      title: { type: 'string' },
      created_at: { type: 'string', format: 'date-time' },
      updated_at: { type: 'string', format: 'date-time' },
    },
    required: ['id', 'title', 'created_at', 'updated_at'],
  },
  {
    $id: 'Message',
    type: 'object',
    properties: {
      id: { type: 'integer' },
      role: { type: 'string', enum: ['user', 'assistant'] },
      content: { type: 'string' },
      tool_calls: { type: 'array', items: { $ref: 'ToolCall#' } },
      created_at: { type: 'string', format: 'date-time' },
    },
    required: ['id', 'role', 'content', 'tool_calls', 'created_at'],
  },
];

export const errorRef = { $ref: 'Error#' } as const;

/** The OpenAPI document's description: what holds for every operation. */
export const API_DESCRIPTION = [
  'Tasks, chat with an agent that manages them, and MCP.',
  '',
  'Errors: every error response is `{"error": {"code", "message"}}`, including those of the HTTP layer',
  '(400 malformed request, 408 request timeout, 414 URL too long, 431 headers too large).',
  '',
  'Database unavailable: `503` with code `unavailable` and a `Retry-After` header (seconds); retry then.',
  'A write answered 503 may or may not have been stored when the connection was lost during its commit;',
  'a chat turn is one transaction, so its task changes and messages are stored together or not at all.',
  '',
  'Request bodies (JSON): UTF-8 only (invalid bytes are refused with 400 naming the field); strings must be',
  'well-formed Unicode (a lone surrogate such as "\\ud800" is refused); arrays and objects nest at most',
  `${MAX_JSON_DEPTH} deep; text cannot hold U+0000. Duplicate keys in an object: the last one wins,`,
  'as with JSON.parse (`{"title": "a", "title": "b"}` creates "b").',
].join('\n');

/**
 * Standard error responses for a route; every route that reads the database
 * can also answer 503 `unavailable` (with Retry-After) while it cannot be reached.
 */
export function errors(...codes: number[]): Record<number, typeof errorRef> {
  return Object.fromEntries([...codes, 503].map((c) => [c, errorRef]));
}

export const idParams = {
  type: 'object',
  properties: { id: { type: 'string', pattern: '^[1-9][0-9]{0,14}$', description: 'numeric id' } },
  required: ['id'],
  additionalProperties: false,
} as const;

/**
 * PostgreSQL cannot store U+0000: every text the API takes says so in its
 * pattern (the preValidation hook answers it with a sentence; the schema is
 * what clients and fuzzers read).
 */
export const NO_NUL = '^[^\\u0000]*$';
/** Free text: at least one visible character (not only spaces or invisible ones), and no U+0000. */
export const TEXT = VISIBLE_TEXT_PATTERN;

export const titleSchema = {
  type: 'string',
  minLength: 1,
  maxLength: TITLE_MAX,
  pattern: TITLE_PATTERN,
  description: `1..${TITLE_MAX} characters, trimmed; at least one visible character (not only spaces, invisible characters such as U+200B or combining marks such as U+0301); no control characters (U+0000-U+001F, U+007F-U+009F) once trimmed`,
} as const;

export const descriptionSchema = { type: 'string', maxLength: DESCRIPTION_MAX, pattern: NO_NUL } as const;

export const dueDateSchema = {
  type: ['string', 'null'],
  // Years 1900..9999 only: PostgreSQL has no year 0.
  pattern: '^(19|[2-9][0-9])[0-9]{2}-[0-9]{2}-[0-9]{2}$',
  format: 'date',
  description: 'YYYY-MM-DD from 1900-01-01 to 9999-12-31, or null for none',
} as const;

/** An IANA time zone in a request; the zone database itself is checked by checkTimeZone. */
export function timeZoneSchema(purpose: string) {
  return {
    type: 'string',
    maxLength: TIME_ZONE_MAX,
    pattern: TIME_ZONE_PATTERN,
    description: `The user's IANA time zone (e.g. "America/Los_Angeles"), ${purpose}; default: the server's`,
    examples: ['Europe/Paris'],
  } as const;
}

/** The zone itself, or a 400 that says what a time zone looks like. */
export function checkTimeZone(tz: string | undefined): string | undefined {
  if (tz !== undefined && !isTimeZone(tz)) {
    throw new AppError(
      'bad_request',
      `time_zone ${JSON.stringify(tz)} is not a time zone this server knows; send an IANA name such as "Europe/Paris".`,
    );
  }
  return tz;
}
