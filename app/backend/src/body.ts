import { AppError } from './errors.js';

/**
 * How deeply a JSON body may nest arrays and objects. The deepest body the API
 * documents is an MCP batch (array > message > params > arguments > value: 5);
 * this leaves room and keeps every later walk of the body shallow.
 */
export const MAX_JSON_DEPTH = 32;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** Whether arrays and objects nest deeper than `max` in JSON text; one pass, no recursion, before any parse. */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/**
 * The path ("title", "params.arguments.title", "[0].id") of the first string
 * for which `bad` holds, or for a key "A field name in the body" (or in
 * "params"), or null. Recursive: call it only on a
 * value whose depth is bounded (parseJsonBody bounds it).
 */
export function findString(value: unknown, bad: (s: string) => boolean, where = ''): string | null {
  if (typeof value === 'string') return bad(value) ? where : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findString(value[i], bad, `${where}[${i}]`);
      if (found !== null) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      const path = where ? `${where}.${key}` : key;
      if (bad(key)) return where ? `${KEY_IN} "${where}"` : `${KEY_IN} the body`;
      const found = findString(v, bad, path);
      if (found !== null) return found;
    }
  }
  return null;
}

/** How findString names a bad key (rather than a value): "A field name in the body", "A field name in "params"". */
const KEY_IN = 'A field name in';

const named = (where: string | null) =>
  where === null ? 'The request body' : where.startsWith(KEY_IN) ? where : `The field "${where}"`;

/**
 * Decodes and parses a JSON request body, refusing with a 400 that names the
 * field: bytes that are not UTF-8 (raw 0xFF, the overlong 0xC0 0xAF) and lone
 * UTF-16 surrogates ("\ud800"), which would otherwise be stored as U+FFFD
 * without a word; and nesting deeper than MAX_JSON_DEPTH, before anything
 * walks the parsed value. Duplicate keys: the last one wins, as in JSON.parse.
 * `parse` is Fastify's own JSON parser (prototype-poisoning safe).
 */
export function parseJsonBody(raw: Buffer, parse: (text: string) => unknown): unknown {
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    // Where is it? The lenient decoder writes U+FFFD for each bad sequence: find the field that got one.
    let where: string | null = null;
    const lenient = lenientUtf8.decode(raw);
    if (!nestsDeeperThan(lenient, MAX_JSON_DEPTH)) {
      try {
        where = findString(JSON.parse(lenient), (s) => s.includes('\uFFFD'));
      } catch {
        /* not JSON either: the body as a whole */
      }
    }
    throw new AppError('bad_request', `${named(where)} is not valid UTF-8; send the text encoded as UTF-8.`);
  }
  if (text.trim() === '') return undefined;
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
    throw new AppError('bad_request', `The request body nests arrays and objects more than ${MAX_JSON_DEPTH} deep.`);
  }
  const value = parse(text);
  const where = findString(value, (s) => !s.isWellFormed());
  if (where !== null) {
    throw new AppError(
      'bad_request',
      `${named(where)} contains a lone UTF-16 surrogate (such as "\\ud800"), which is not a character; send well-formed Unicode text.`,
    );
  }
  return value;
}
