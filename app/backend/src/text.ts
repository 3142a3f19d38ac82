// Rules for text a person typed, shared by the REST schemas and the chat and MCP tools.

/** Control characters (Unicode category Cc: C0, DEL, C1), as a character-class body. */
const CONTROL = '\\u0000-\\u001f\\u007f-\\u009f';
/** What String.prototype.trim removes (Unicode White_Space and U+FEFF). */
const TRIMMED = '\\t\\n\\u000b\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';
/**
 * Characters that show nothing on their own: controls, spaces, and the
 * Default_Ignorable_Code_Points of the BMP (U+200B zero-width space, U+2060
 * word joiner, U+FEFF, variation selectors...). Written out rather than as
 * \p{...}, so that every JSON Schema tool (Python's re included) reads it.
 */
const INVISIBLE = `${CONTROL}${TRIMMED}\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\uffa0\\ufff0-\\ufff8`;
/**
 * A title: once trimmed, no control character, and at least one visible
 * character. One rule, read by the schema (ajv, clients, fuzzers), by
 * titleProblem (the 400's sentence) and by the chat and MCP tools.
 */
export const TITLE_PATTERN = `^[${TRIMMED}]*[^${CONTROL}]*[^${INVISIBLE}][^${CONTROL}]*[${TRIMMED}]*$`;
const controlChar = new RegExp(`[${CONTROL}]`, 'u');
// The class lists combining marks (variation selectors) on purpose: each one alone shows nothing.
// eslint-disable-next-line no-misleading-character-class
const visibleChar = new RegExp(`[^${INVISIBLE}]`, 'u');

/** Why a title is refused ("must ..."), or null when TITLE_PATTERN accepts it. */
export function titleProblem(title: string): string | null {
  const t = title.trim();
  const control = controlChar.exec(t);
  if (control) {
    const code = control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return `must not contain control characters (found U+${code}); tabs and line breaks are allowed only at the start or end, where they are trimmed`;
  }
  if (!visibleChar.test(t)) {
    return 'must contain a visible character (spaces and invisible characters such as U+200B, the zero-width space, do not count)';
  }
  return null;
}
