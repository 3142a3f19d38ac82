// Rules for text a person typed, shared by the REST schemas and the chat and MCP tools.

/** Control characters (Unicode category Cc: C0, DEL, C1), as a character-class body. */
const CONTROL = '\\u0000-\\u001f\\u007f-\\u009f';
/** What String.prototype.trim removes (Unicode White_Space and U+FEFF). */
const TRIMMED = '\\t\\n\\u000b\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';
/**
 * The combining marks (categories Mn, Me) of the BMP as a character-class body
 * (U+0300 combining acute accent...): alone, or on one another, they render as
 * nothing. Taken from the engine's own Unicode data, written out as ranges for
 * the same reason as below.
 */
const COMBINING = (() => {
  const mark = /[\p{Mn}\p{Me}]/u;
  const hex = (c: number) => `\\u${c.toString(16).padStart(4, '0')}`;
  let body = '';
  for (let c = 0, start = -1; c <= 0x10000; c++) {
    const isMark = c < 0x10000 && mark.test(String.fromCharCode(c));
    if (isMark && start < 0) start = c;
    if (!isMark && start >= 0) {
      body += start === c - 1 ? hex(start) : `${hex(start)}-${hex(c - 1)}`;
      start = -1;
    }
  }
  return body;
})();
/**
 * Characters that show nothing on their own: controls, spaces, combining marks, and the
 * Default_Ignorable_Code_Points of the BMP (U+200B zero-width space, U+2060
 * word joiner, U+FEFF, variation selectors...). Written out rather than as
 * \p{...}, so that every JSON Schema tool (Python's re included) reads it.
 */
const INVISIBLE = `${CONTROL}${TRIMMED}\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\uffa0\\ufff0-\\ufff8${COMBINING}`;
/**
 * A title: once trimmed, no control character, and at least one visible
 * character. One rule, read by the schema (ajv, clients, fuzzers), by
 * titleProblem (the 400's sentence) and by the chat and MCP tools.
 */
export const TITLE_PATTERN = `^[${TRIMMED}]*[^${CONTROL}]*[^${INVISIBLE}][^${CONTROL}]*[${TRIMMED}]*$`;
/**
 * Free text (a chat message): at least one visible character, no U+0000;
 * line breaks and tabs anywhere.
 */
export const VISIBLE_TEXT_PATTERN = `^[^\\u0000]*[^${INVISIBLE}][^\\u0000]*$`;
const controlChar = new RegExp(`[${CONTROL}]`, 'u');
// The class lists combining marks on purpose: each one alone shows nothing.
const visibleChar = new RegExp(`[^${INVISIBLE}]`, 'u');

/** The rule of TITLE_PATTERN and VISIBLE_TEXT_PATTERN, in words. */
export const VISIBLE =
  'contain a visible character (spaces, invisible characters such as U+200B, the zero-width space, and combining marks alone such as U+0301 do not count)';

/** Why a title is refused ("must ..."), or null when TITLE_PATTERN accepts it. */
export function titleProblem(title: string): string | null {
  const t = title.trim();
  const control = controlChar.exec(t);
  if (control) {
    const code = control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return `must not contain control characters (found U+${code}); tabs and line breaks are allowed only at the start or end, where they are trimmed`;
  }
  if (!visibleChar.test(t)) {
    return `must ${VISIBLE}`;
  }
  return null;
}
