import { alt } from './grammar.js';

/** A user message, normalised once for every intent. */
export interface Utterance {
  /** the message with whitespace runs made single spaces */
  text: string;
  /** `text` without trailing punctuation */
  bare: string;
  /** `bare` without greetings, politeness and fillers at either end ("hi there, please add x" → "add x") */
  core: string;
  /** the message asked a question (a question mark) */
  question: boolean;
}

/** Greetings, alone or in front of a request. */
export const GREETINGS = [
  'hi',
  'hello',
  'hey',
  'hiya',
  'howdy',
  'yo',
  'heya',
  'greetings',
  'good morning',
  'good afternoon',
  'good evening',
  'good day',
  'hi there',
  'hello there',
  'hey there',
  'hey hey',
  'hi again',
  'hello again',
];
const GREETED = ['there', 'bot', 'assistant', 'friend', 'buddy', 'again'];

/** Words in front of a request that do not change it. */
const FILLERS = [
  'ok',
  'okay',
  'so',
  'and',
  'also',
  'now',
  'then',
  'um',
  'umm',
  'uh',
  'uhh',
  'well',
  'oh',
  'alright',
  'actually',
];
/** Interjections in front of a request, set off by a comma or "!" ("wait, mark 2 done"; "no rush" stays). */
const INTERJECTIONS = [
  'wait',
  'oops',
  'whoops',
  'sorry',
  'no',
  'nope',
  'hmm',
  'hm',
  'my bad',
  'hold on',
  'hang on',
  'ah',
];
const POLITE = ['please', 'pls', 'plz', 'kindly'];
const ASKING = ['can you', 'could you', 'would you', 'will you'];
const WANTING = ["i'd like you to", 'id like you to', 'i want you to', 'help me', "let's", 'lets'];
const TRAILING = ['please', 'pls', 'plz', 'thanks', 'thank you', 'for me', 'thx', 'cheers'];

const LEADING_RES = [
  new RegExp(`^(?:${alt(GREETINGS)})(?:\\s+(?:${alt(GREETED)}))?[,!.]?\\s+`, 'i'),
  new RegExp(`^(?:${alt(FILLERS)})[,!]?\\s+`, 'i'),
  new RegExp(`^(?:${alt(INTERJECTIONS)})[,!.]+\\s+`, 'i'),
  // "morning! what's due?" ("morning run" keeps its word)
  /^(?:morning|evening|afternoon)[,!.]+\s+/i,
  new RegExp(`^(?:${alt(POLITE)}),?\\s+`, 'i'),
  new RegExp(`^(?:${alt(ASKING)})\\s+(?:please\\s+)?`, 'i'),
  new RegExp(`^(?:${alt(WANTING)})\\s+`, 'i'),
];
const TRAILING_RE = new RegExp(`,?\\s+(?:${alt(TRAILING)})$`, 'i');

/** Removes greetings, fillers and politeness from both ends, a few layers deep. */
export function stripPoliteness(s: string): string {
  let t = s;
  for (let i = 0; i < 5; i++) {
    const before = t;
    for (const re of LEADING_RES) t = t.replace(re, '');
    t = t
      .replace(TRAILING_RE, '')
      .replace(/[.!?,\s]+$/g, '')
      .trim();
    if (t === before) break;
  }
  return t;
}

export function utterance(raw: string): Utterance {
  const text = raw.replace(/\s+/g, ' ').trim();
  const bare = text.replace(/[.!?,\s]+$/g, '').trim();
  return { text, bare, core: stripPoliteness(bare), question: /\?\s*$/.test(text) };
}
