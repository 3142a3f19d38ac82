import type { Task } from '../../../tasks.js';
import type { PendingAction } from '../../engine.js';
import { addTask, complete, remove, update } from '../actions.js';
import { whole } from '../grammar.js';
import type { Intent } from '../intent.js';
import { matchTasks } from '../references.js';
import { ORDINALS } from '../text.js';
import type { Turn } from '../turn.js';

const CANCEL = whole([
  'cancel',
  'never mind',
  'nevermind',
  'none',
  'neither',
  'no',
  'nope',
  'nah',
  'stop',
  'forget it',
  'none of them',
  'no thanks',
  'no thank you',
  "don't",
  'do not',
  'leave it',
]);
const YES = whole([
  'y',
  'yes',
  'yep',
  'yeah',
  'yup',
  'yes please',
  'sure',
  'ok',
  'okay',
  'please',
  'please do',
  'do it',
  'go ahead',
  'add it',
  'yes add it',
  'sounds good',
  'correct',
  'right',
  'absolutely',
  'of course',
]);
const NUMBER_RE = /^(?:number\s+|no\.?\s*|task\s+)?(#\s*)?(\d{1,15})(?:st|nd|rd|th)?(?:\s+one)?$/;
const ORDINAL_RE = /^(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last)(?:\s+one)?$/;

/** Which of the candidates an answer picks: "2" (of the list shown), "#12", "the first one", title words. */
async function pick(turn: Turn, p: PendingAction, a: string): Promise<number | null> {
  const num = NUMBER_RE.exec(a);
  if (num) {
    const n = Number(num[2]);
    if (!num[1] && n >= 1 && n <= p.candidates.length) return p.candidates[n - 1]!;
    return p.candidates.includes(n) ? n : null;
  }
  const ord = ORDINAL_RE.exec(a);
  if (ord) return p.candidates[(ord[1] === 'last' ? p.candidates.length : ORDINALS[ord[1]!]!) - 1] ?? null;
  const tasks = (await Promise.all(p.candidates.map((c) => turn.tools.get(c)))).filter((t): t is Task => !!t);
  const m = matchTasks(tasks, a.replace(/\s+one$/, ''));
  return m.length === 1 ? m[0]!.id : null;
}

/** The answer to the question the assistant asked last turn ("which one?", "should I add …?"). */
export const pending: Intent = {
  name: 'pending',
  async handle(u, turn) {
    const p = turn.lastMeta()?.pending;
    if (!p) return null;
    const a = u.bare
      .toLowerCase()
      .replace(/^(?:the\s+)?/, '')
      .trim();
    if (CANCEL.test(a)) return 'OK, I left everything as it was.';
    if (p.action === 'add') {
      if (!YES.test(a)) return null;
      return addTask(turn, {
        title: p.patch?.title ?? '',
        description: p.patch?.description ?? '',
        due_date: p.patch?.due_date ?? null,
      });
    }
    const id = await pick(turn, p, a);
    if (id === null) return null;
    const task = await turn.tools.get(id);
    if (!task) return "That task isn't in your list any more.";
    switch (p.action) {
      case 'complete':
        return complete(turn, task, true);
      case 'reopen':
        return complete(turn, task, false);
      case 'delete':
        return remove(turn, task);
      case 'update':
        return update(turn, task, p.patch ?? {});
    }
  },
};
