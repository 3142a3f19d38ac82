import type { Task } from '../../tasks.js';
import { describeDate } from '../dates.js';

export const q = (s: string) => `“${s}”`;
/** A task as replies name it: its title and its number, so the user sees which one was acted on. */
export const named = (t: Pick<Task, 'id' | 'title'>) => `${q(t.title)} (#${t.id})`;

export function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

export function stripQuotes(s: string): string {
  return s
    .trim()
    .replace(/^["“'‘]+|["”'’]+$/g, '')
    .trim();
}

/** One task in a numbered list: "#3 pay rent (due tomorrow)". */
export function line(t: Task, today: string): string {
  const parts = [`#${t.id} ${t.title}`];
  if (t.completed) parts.push('(done)');
  else if (t.due_date) {
    const overdue = t.due_date < today;
    parts.push(`(${overdue ? 'overdue, was due' : 'due'} ${describeDate(t.due_date, today)})`);
  }
  return parts.join(' ');
}

/** "due tomorrow (2026-11-25)" */
export function dueText(iso: string, today: string): string {
  return `due ${describeDate(iso, today)} (${iso})`;
}

export function words(s: string): string[] {
  return s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s'-]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

export function stem(w: string): string {
  return w.replace(/'s$/, '').replace(/(ing|es|s)$/, '') || w;
}

/** Words that do not help tell one task from another ("the", "task"). */
export const STOPWORDS = new Set([
  'the',
  'a',
  'an',
  'my',
  'to',
  'of',
  'for',
  'on',
  'in',
  'at',
  'and',
  'task',
  'todo',
  'item',
  'one',
  'that',
  'this',
]);

export const ORDINALS: Record<string, number> = {
  first: 1,
  '1st': 1,
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  '4th': 4,
  fifth: 5,
  '5th': 5,
  sixth: 6,
  '6th': 6,
  seventh: 7,
  '7th': 7,
  eighth: 8,
  '8th': 8,
  ninth: 9,
  '9th': 9,
  tenth: 10,
  '10th': 10,
};

/** Counts written as words ("add three tasks: …"). */
export const COUNT_WORDS: Record<string, number> = {
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  couple: 2,
  'a couple of': 2,
};
