/**
 * Helpers that turn the intents' phrase lists (data) into regular expressions,
 * so each intent's grammar reads as a list of phrasings rather than code.
 */

/** Any apostrophe a keyboard or phone produces. */
const APOS = "['’]";

/**
 * A regex alternation of literal phrases: a space matches any run of
 * whitespace, an apostrophe any apostrophe, and longer phrases are tried first
 * (so "hi there" wins over "hi").
 */
export function alt(phrases: readonly string[]): string {
  return [...phrases]
    .sort((a, b) => b.length - a.length)
    .map((p) =>
      p
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace(/ /g, '\\s+')
        .replace(/['’]/g, APOS),
    )
    .join('|');
}

/** A case-insensitive regex matching exactly one of the phrases (the whole text). */
export function whole(phrases: readonly string[]): RegExp {
  return new RegExp(`^(?:${alt(phrases)})$`, 'i');
}

/** The first pattern of a list that matches the text, with its match. */
export function firstMatch<R extends { re: RegExp }>(
  rules: readonly R[],
  text: string,
): { rule: R; m: RegExpExecArray } | null {
  for (const rule of rules) {
    const m = rule.re.exec(text);
    if (m) return { rule, m };
  }
  return null;
}

/** The first of several plain patterns that matches. */
export function matchAny(patterns: readonly RegExp[], text: string): RegExpExecArray | null {
  for (const re of patterns) {
    const m = re.exec(text);
    if (m) return m;
  }
  return null;
}
