import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { nestsDeeperThan } from '../../src/body.js';
import { TITLE_PATTERN, titleProblem } from '../../src/text.js';

// What ajv does with the schema's pattern (unicode mode).
const schemaAccepts = (s: string) => new RegExp(TITLE_PATTERN, 'u').test(s);

test('the title schema pattern and titleProblem agree on every string (one rule, two readers)', () => {
  const unit = fc.oneof(
    fc.constantFrom(
      ' ',
      '\t',
      '\n',
      '\u00a0',
      '\u200b',
      '\u2060',
      '\ufeff',
      '\u0007',
      '\u007f',
      '\u0085',
      '\u3164',
      '\u0301',
      '\u20dd',
      '\u0903',
      'a',
      '🥛',
    ),
    fc.string({ unit: 'binary', maxLength: 1 }),
  );
  fc.assert(
    fc.property(fc.array(unit, { maxLength: 8 }), (parts) => {
      const s = parts.join('');
      assert.equal(titleProblem(s) === null, schemaAccepts(s), JSON.stringify(s));
    }),
    { numRuns: 5000, seed: 19 },
  );
});

test('titles: invisible-only and control characters are refused with a reason; trimmed edges and emoji are fine', () => {
  for (const s of ['\u200b', ' \u2060 ', '\ufeff\u00ad', '\u3164', '   ', '\u0301\u0301', '\u0301 \u0308', '\u20dd'])
    assert.match(titleProblem(s)!, /visible character/);
  for (const s of ['a\u0000b', 'a\nb', 'x\u001b[1m', 'del\u007f', 'c1\u0085'])
    assert.match(titleProblem(s)!, /control characters/);
  for (const s of ['buy milk', '\n\t buy milk \r\n', '🥛', '\u200bok', 'naïve café', 'e\u0301', '\u0301e'])
    assert.equal(titleProblem(s), null, s);
});

test('nestsDeeperThan counts the nesting of arrays and objects, not brackets inside strings', () => {
  const depth = (v: unknown): number =>
    Array.isArray(v)
      ? 1 + Math.max(0, ...v.map(depth))
      : v && typeof v === 'object'
        ? 1 + Math.max(0, ...Object.values(v).map(depth))
        : 0;
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 10 }), (value, max) => {
      const text = JSON.stringify(value);
      assert.equal(nestsDeeperThan(text, max), depth(value) > max, text);
    }),
    { numRuns: 2000, seed: 19 },
  );
  assert.equal(nestsDeeperThan('{"a":"[[[[[[\\"[[["}', 1), false);
});
