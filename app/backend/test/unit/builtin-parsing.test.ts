import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractPriority, splitList } from '../../src/agent/builtin/draft.js';
import { looksNonEnglish } from '../../src/agent/builtin/intents/language.js';
import { stripPoliteness } from '../../src/agent/builtin/utterance.js';

// The building blocks of the built-in engine's grammar, on their own. The
// corpus (builtin-corpus.test.ts) checks the same rules end to end.

test('a list is split at commas (and a final "and"), or after a heading; one task otherwise', () => {
  const table: [string, string[] | null, number?][] = [
    ['milk, eggs and bread', ['milk', 'eggs', 'bread']],
    ['apples, pears, and plums', ['apples', 'pears', 'plums']],
    ['a, b, c', ['a', 'b', 'c']],
    ['3 tasks: a, b, c', ['a', 'b', 'c'], 3],
    ['two things: stamps and envelopes', ['stamps', 'envelopes'], 2],
    ['two things: call mom and dad, buy flowers', ['call mom and dad', 'buy flowers'], 2],
    ['these: x; y; z', ['x', 'y', 'z']],
    ['tasks: sweep, mop', ['sweep', 'mop']],
    ['3 tasks: call Ana, email Ben', ['call Ana', 'email Ben'], 3],
    ['eggs, milk', ['eggs', 'milk']],
    // one task
    ['call mom, about the trip', null],
    ['pay rent, tomorrow', null],
    ['call mom and dad', null],
    ['salt and pepper', null],
    ['pick up the kids, then cook dinner', null],
    ['call the bank - about the card, the loan and the mortgage', null],
    ["Robert'); DROP TABLE tasks;--", null],
    ['things to pack for the trip', null],
    ['', null],
  ];
  for (const [text, items, announced] of table) {
    const r = splitList(text);
    assert.deepEqual(r?.items ?? null, items, text);
    assert.equal(r?.announced, announced, text);
  }
});

test('a priority word counts only when set off from the title', () => {
  const table: [string, 'high' | 'low' | undefined, string][] = [
    ['urgent: call alice', 'high', 'call alice'],
    ['high priority - renew insurance', 'high', 'renew insurance'],
    ['an urgent task to fix the boiler', 'high', 'fix the boiler'],
    ['priority low: sort photos', 'low', 'sort photos'],
    ['call alice (urgent)', 'high', 'call alice'],
    ['call alice, no rush', 'low', 'call alice'],
    ['call alice as top priority', 'high', 'call alice'],
    ['call alice asap', 'high', 'call alice'],
    ['not urgent: tidy the shed', 'low', 'tidy the shed'],
    ['important meeting prep', undefined, 'important meeting prep'],
    ['urgent care kit', undefined, 'urgent care kit'],
    ['read about priority queues', undefined, 'read about priority queues'],
  ];
  for (const [text, priority, rest] of table) {
    const r = extractPriority(text);
    assert.equal(r.priority, priority, text);
    assert.equal(r.rest, rest, text);
  }
});

test('other languages are recognised; English with a foreign word, or an English command, is not', () => {
  for (const s of [
    'comprar leche mañana',
    'acheter du pain demain',
    'Milch kaufen',
    'was steht heute an',
    'comprare il latte domani',
    'comprar pão amanhã',
    'ik moet de huur betalen',
    'купить молоко',
    '牛乳を買う',
    'اشتري الحليب',
  ])
    assert.equal(looksNonEnglish(s), true, s);
  for (const s of [
    'add café au lait',
    'add comprar leche',
    "add Pedro's birthday on friday",
    'call Jose about the contract',
    'asdfgh',
    'buy croissants',
    'meet Ana at the café',
    '🙂',
    'add 牛乳',
    'pay the bill at 5pm est',
  ])
    assert.equal(looksNonEnglish(s), false, s);
});

test('greetings, fillers and politeness come off both ends, a few layers deep', () => {
  const table: [string, string][] = [
    ['hi there, what can you do', 'what can you do'],
    ['hello! please add milk', 'add milk'],
    ['ok so can you please add milk thanks', 'add milk'],
    ['good morning, could you show my tasks for me', 'show my tasks'],
    ['hey bot, help me remember to call Ana', 'remember to call Ana'],
    // a greeting word inside a task stays
    ['evening walk with the dog', 'evening walk with the dog'],
    ['hi', 'hi'],
  ];
  for (const [text, core] of table) assert.equal(stripPoliteness(text), core, text);
});
