/**
 * Due-date phrases in English, resolved against the user's "today". Pure functions.
 *
 * Dates ("tomorrow", "next week", "Friday", "3 December") follow the rules below,
 * whose meanings the chat's tests pin down (chrono-node reads "march to city hall"
 * and "sun cream" as dates, and "next week" as seven days on). Times of day and
 * hours from now ("at 5pm", "in 2 hours") are chrono-node's: see extractTime.
 */
import * as chrono from 'chrono-node';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const WEEKDAY_RE = '(sun|mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat)(?:day|sday|nesday|rsday|urday)?';
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTH_RE =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  couple: 2,
  few: 3,
};
// "due", "by", "on", "due on", "for", "before", "until", ... in front of a date phrase
const PREP = '(?:(?:due|deadline)\\s+(?:on|by|for|before)?\\s*|(?:by|on|for|before|until|till|at)\\s+)?';

export interface YMD {
  y: number;
  m: number; // 1..12
  d: number;
}

export function toIso(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function fromIso(s: string): Date {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d);
}

function addDays(today: Date, n: number): Date {
  return new Date(today.getFullYear(), today.getMonth(), today.getDate() + n);
}

function weekdayIndex(word: string): number {
  const w = word.toLowerCase().slice(0, 3);
  return WEEKDAYS.findIndex((d) => d.startsWith(w));
}

function monthIndex(word: string): number {
  const w = word.toLowerCase().slice(0, 3);
  return MONTHS.findIndex((m) => m.startsWith(w));
}

function validDate(y: number, m: number, d: number): Date | null {
  const dt = new Date(y, m, d);
  return dt.getFullYear() === y && dt.getMonth() === m && dt.getDate() === d ? dt : null;
}

/** Day in month without a year: this year, or next year if it has passed. */
function upcomingDayOfMonth(today: Date, month: number, day: number, year?: number): Date | null {
  if (year !== undefined) return validDate(year, month, day);
  const thisYear = validDate(today.getFullYear(), month, day);
  if (thisYear && thisYear >= today) return thisYear;
  return validDate(today.getFullYear() + 1, month, day);
}

interface Rule {
  re: RegExp;
  resolve: (m: RegExpExecArray, today: Date) => Date | null;
}

const RULES: Rule[] = [
  {
    re: new RegExp(`\\b${PREP}(\\d{4})-(\\d{1,2})-(\\d{1,2})\\b`, 'i'),
    resolve: (m, _t) => validDate(Number(m[1]), Number(m[2]) - 1, Number(m[3])),
  },
  {
    // November 30, Nov 30th, nov 30 2026
    re: new RegExp(`\\b${PREP}(?:the\\s+)?${MONTH_RE}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?\\b`, 'i'),
    resolve: (m, t) => upcomingDayOfMonth(t, monthIndex(m[1]!), Number(m[2]), m[3] ? Number(m[3]) : undefined),
  },
  {
    // 30 November, 30th of Nov
    re: new RegExp(
      `\\b${PREP}(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_RE}\\b(?:,?\\s+(\\d{4}))?`,
      'i',
    ),
    resolve: (m, t) => upcomingDayOfMonth(t, monthIndex(m[2]!), Number(m[1]), m[3] ? Number(m[3]) : undefined),
  },
  {
    // "on the 1st", "by the 15th": the next such day of a month (at the end, so "the 3rd floor" stays a title)
    re: /\b(?:due\s+)?(?:on|by|for|before|until)\s+the\s+(\d{1,2})(?:st|nd|rd|th)(?:\s+of\s+the\s+month)?(?=\s*(?:[,.;!?]|$))/i,
    resolve: (m, t) => {
      const day = Number(m[1]);
      for (let k = 0; k < 3; k++) {
        const d = validDate(t.getFullYear(), t.getMonth() + k, day);
        if (d && d >= t) return d;
      }
      return null;
    },
  },
  {
    re: new RegExp(`\\b${PREP}(?:the\\s+)?day\\s+after\\s+tomorrow\\b`, 'i'),
    resolve: (_m, t) => addDays(t, 2),
  },
  {
    re: new RegExp(
      `\\b${PREP}(?:today|tonight|this\\s+(?:morning|afternoon|evening)|end\\s+of\\s+(?:the\\s+)?day|eod)\\b`,
      'i',
    ),
    resolve: (_m, t) => t,
  },
  {
    re: new RegExp(`\\b${PREP}yesterday\\b`, 'i'),
    resolve: (_m, t) => addDays(t, -1),
  },
  {
    re: new RegExp(
      `\\b${PREP}(?:tomorrow|tmrw|tmr|tomorow|tommorow|tommorrow)(?:\\s+(?:morning|afternoon|evening|night))?\\b`,
      'i',
    ),
    resolve: (_m, t) => addDays(t, 1),
  },
  {
    re: /\b(?:due\s+)?(?:with)?in\s+(\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\s+couple\s+of|a\s+few)\s+(day|days|week|weeks|month|months)\b/i,
    resolve: (m, t) => {
      const raw = m[1]!.toLowerCase().replace(/^a\s+(couple|few).*/, '$1');
      const n = /^\d+$/.test(raw) ? Number(raw) : NUMBER_WORDS[raw];
      if (n === undefined) return null;
      const unit = m[2]!.toLowerCase();
      if (unit.startsWith('day')) return addDays(t, n);
      if (unit.startsWith('week')) return addDays(t, 7 * n);
      return validDate(t.getFullYear(), t.getMonth() + n, Math.min(t.getDate(), 28));
    },
  },
  {
    re: new RegExp(`\\b${PREP}(?:the\\s+)?end\\s+of\\s+(?:the\\s+|this\\s+)?week\\b`, 'i'),
    resolve: (_m, t) => addDays(t, (5 - t.getDay() + 7) % 7),
  },
  {
    re: new RegExp(`\\b${PREP}(?:the\\s+|this\\s+)?weekend\\b`, 'i'),
    resolve: (_m, t) => addDays(t, (6 - t.getDay() + 7) % 7),
  },
  {
    // next week: the coming Monday
    re: new RegExp(`\\b${PREP}next\\s+week\\b`, 'i'),
    resolve: (_m, t) => addDays(t, (1 - t.getDay() + 7) % 7 || 7),
  },
  {
    re: new RegExp(`\\b${PREP}(?:the\\s+)?end\\s+of\\s+(?:the\\s+|this\\s+)?month\\b`, 'i'),
    resolve: (_m, t) => new Date(t.getFullYear(), t.getMonth() + 1, 0),
  },
  {
    re: new RegExp(`\\b${PREP}next\\s+month\\b`, 'i'),
    resolve: (_m, t) => new Date(t.getFullYear(), t.getMonth() + 1, 1),
  },
  {
    // (on|by|this|next|coming) Friday: the next such day after today ("this Friday" on a Friday is today)
    re: new RegExp(`\\b${PREP}(this\\s+|next\\s+|coming\\s+|this\\s+coming\\s+)?${WEEKDAY_RE}\\b`, 'i'),
    resolve: (m, t) => {
      const idx = weekdayIndex(m[2]!);
      if (idx < 0) return null;
      const diff = (idx - t.getDay() + 7) % 7;
      if (diff === 0) return /^this\s+$/i.test(m[1] ?? '') ? t : addDays(t, 7);
      return addDays(t, diff);
    },
  },
];

export interface DateExtraction {
  /** "YYYY-MM-DD" or null */
  date: string | null;
  /** the text with the date phrase removed and whitespace tidied */
  rest: string;
  /** the phrase that was recognised */
  phrase?: string;
}

/**
 * Finds the first date phrase in text (by rule priority), removes it, resolves it against today.
 * `skipPossessive`: a day named as an owner ("tomorrow's meeting", "Friday's plan") is not a date phrase.
 */
export function extractDate(text: string, todayIso: string, opts: { skipPossessive?: boolean } = {}): DateExtraction {
  const today = fromIso(todayIso);
  // blanked out, so the positions in `scan` are those in `text`
  const scan = opts.skipPossessive ? text.replace(/[\p{L}\p{N}]+['’]s\b/gu, (w) => ' '.repeat(w.length)) : text;
  for (const rule of RULES) {
    const m = rule.re.exec(scan);
    if (!m) continue;
    const d = rule.resolve(m, today);
    if (!d) continue;
    const rest = (text.slice(0, m.index) + ' ' + text.slice(m.index + m[0].length))
      .replace(/\s+([,.;:!?])/g, '$1')
      .replace(/\s{2,}/g, ' ')
      .replace(/[\s,;:-]+$/, '')
      .trim();
    return { date: toIso(d), rest, phrase: text.slice(m.index, m.index + m[0].length).trim() };
  }
  return { date: null, rest: text.trim() };
}

/** The whole text is a date phrase (e.g. "friday", "next week", "2026-12-01"). */
export function parseDateOnly(text: string, todayIso: string): string | null {
  const r = extractDate(text, todayIso);
  return r.date && r.rest.replace(/[\s.!,]/g, '') === '' ? r.date : null;
}

const SHORT_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "today", "tomorrow", "yesterday", or "Fri 27 Nov" (with the year when not this year). */
export function describeDate(iso: string, todayIso: string): string {
  const d = fromIso(iso);
  const t = fromIso(todayIso);
  const diff = Math.round((d.getTime() - t.getTime()) / 86_400_000);
  if (diff === 0) return 'today';
  if (diff === 1) return 'tomorrow';
  if (diff === -1) return 'yesterday';
  const base = `${SHORT_DAYS[d.getDay()]} ${d.getDate()} ${SHORT_MONTHS[d.getMonth()]}`;
  return d.getFullYear() === t.getFullYear() ? base : `${base} ${d.getFullYear()}`;
}

export interface TimeExtraction {
  /** the text with the time phrase removed */
  rest: string;
  /** the phrase as the user wrote it ("at 5pm", "in 2 hours"), or undefined when there was none */
  phrase?: string;
  /** the day the time falls on, "YYYY-MM-DD" (tomorrow for "at 9am" said at 22:00, for "in 3 hours" too) */
  date?: string;
}

/** Every time chrono-node reads with a certain hour has a digit or one of these words. */
const MAY_NAME_A_TIME =
  /\d|\b(?:noon|midnight|midday|mid-day|now|tonight|morning|afternoon|evening|night|hours?|minutes?|mins?|hrs?|o['’]?clock|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|half|quarter)\b/i;

/**
 * Finds a time of day or a number of hours/minutes from now. `wallClock` is the
 * user's local date and time, as a Date whose local fields hold them.
 */
export function extractTime(text: string, wallClock: Date): TimeExtraction {
  // chrono-node takes most of a chat turn's time: most messages name no time at all
  if (!MAY_NAME_A_TIME.test(text)) return { rest: text.trim() };
  const found = chrono.casual.parse(text, wallClock, { forwardDate: true }).find((r) => r.start.isCertain('hour'));
  if (!found) return { rest: text.trim() };
  const before = text.slice(0, found.index).replace(/\s+(?:at|by|around|before|until|till)\s*$/i, '');
  const rest = `${before} ${text.slice(found.index + found.text.length)}`
    .replace(/\s{2,}/g, ' ')
    .replace(/[\s,;:-]+$/, '')
    .trim();
  const day = found.start.date();
  return { rest, phrase: text.slice(before.length, found.index + found.text.length).trim(), date: toIso(day) };
}

/** The ISO date `n` days after (or before) another. */
export function addDaysIso(iso: string, n: number): string {
  return toIso(addDays(fromIso(iso), n));
}

/** Day of the week of an ISO date: 0 = Sunday … 6 = Saturday. */
export function weekdayOf(iso: string): number {
  return fromIso(iso).getDay();
}
