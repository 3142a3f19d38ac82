import { addTask, draftProblem } from '../actions.js';
import { matchAny } from '../grammar.js';
import type { Intent } from '../intent.js';
import { moveLeadingDate, parseDraft } from '../draft.js';
import { startsWithVerb } from '../verbs.js';
import { dueText, q, truncate } from '../text.js';

/** Sentences that talk rather than ask for something: never offered as tasks. */
const STATEMENTS: RegExp[] = [
  /^(?:i['’]m|i\s+am|im|i\s+was|i\s+feel|i\s+think|i\s+guess|i\s+like|i\s+love|i\s+hate|you['’]re|you\s+are|we['’]re|it['’]s|it\s+is|that['’]s|that\s+is|this\s+is|there['’]s|there\s+is|he['’]s|she['’]s|they['’]re)\b/i,
  /^\S+(?:\s+\S+)?\s+(?:is|are|was|were|looks|seems|feels|went|has|had|did)\b/i,
  /^(?:lol|haha+|hehe|hmm+|meh|ugh|wow|omg|yay|ok+|nah|yes|no|maybe|sure|whatever|idk|test|testing)\b/i,
];
const QUESTION_START = /^(?:how|why|who|when|where|what|is|are|can|could|do|does|will|would|should)\b/i;

/**
 * What no intent claimed: "renew the passport by Friday" (a verb and a date) is
 * added; another short phrase is offered as a task, with its title and due
 * date read the same way, and added only after "yes".
 */
export const offer: Intent = {
  name: 'offer',
  async handle(u, turn) {
    const t = moveLeadingDate(u.core, turn.today);
    const n = t.split(/\s+/).length;
    if (n < 2 || n > 14 || u.question || /[?]/.test(t) || QUESTION_START.test(t)) return null;
    if (matchAny(STATEMENTS, t)) return null;
    const draft = parseDraft(turn, t.replace(/[.!]+$/, ''));
    if (draftProblem(draft)) return null;
    // "finish it tomorrow": which task? (a new one is never called "it")
    if (/^\S+\s+(?:it|that|this|them)$/i.test(draft.title))
      return 'Which task do you mean? For example: "move #3 to tomorrow", or "add call mom tomorrow" for a new one.';
    // "call me tomorrow" asks something of the assistant, and a past date is odd for a new task: both are offered
    if (draft.due_date && draft.due_date >= turn.today && startsWithVerb(t) && !/^\S+\s+(?:me|us)\b/i.test(t))
      return addTask(turn, draft);
    if (n > 10) return null;
    turn.meta.pending = {
      action: 'add',
      candidates: [],
      patch: {
        title: draft.title,
        ...(draft.description ? { description: draft.description } : {}),
        ...(draft.due_date ? { due_date: draft.due_date } : {}),
      },
    };
    const due = draft.due_date ? `, ${dueText(draft.due_date, turn.today)},` : '';
    return `Should I add ${q(truncate(draft.title, 200))}${due} as a new task? Say "yes" to add it.`;
  },
};
