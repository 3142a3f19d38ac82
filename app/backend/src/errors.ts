export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'too_many_requests'
  | 'internal'
  | 'unavailable'
  | 'method_not_allowed'
  | 'unsupported_media_type'
  | 'request_timeout'
  | 'uri_too_long'
  | 'headers_too_large';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  not_found: 404,
  method_not_allowed: 405,
  request_timeout: 408,
  conflict: 409,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  too_many_requests: 429,
  headers_too_large: 431,
  internal: 500,
  unavailable: 503,
};

export class AppError extends Error {
  readonly statusCode: number;
  /** Sent as Retry-After: how long, in seconds, until the same request can succeed. */
  readonly retryAfterSeconds?: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    opts: { retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.statusCode = STATUS[code];
    if (opts.retryAfterSeconds !== undefined) this.retryAfterSeconds = opts.retryAfterSeconds;
  }
}

export function codeForStatus(status: number): ErrorCode {
  const found = (Object.keys(STATUS) as ErrorCode[]).find((k) => STATUS[k] === status);
  if (found) return found;
  return status >= 500 ? 'internal' : 'bad_request';
}

/** What a client is told to wait (Retry-After) when the database cannot be reached. */
export const RETRY_AFTER_SECONDS = 2;
export const DATABASE_UNAVAILABLE = 'The database cannot be reached right now. Please try again in a few seconds.';

/** The documented body of an error response, as JSON text (for answers written outside Fastify's reply). */
export function errorBody(code: ErrorCode, message: string): string {
  return JSON.stringify({ error: { code, message } });
}
