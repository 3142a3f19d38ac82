import { complete, withTask } from '../actions.js';
import { alt, matchAny } from '../grammar.js';
import type { Intent } from '../intent.js';

const DONE = '(?:done|finished|complete|completed|over|sorted|taken care of|ticked off|checked off)';

/** "what isn't done yet" asks; it names no task. */
const NOT_A_QUESTION = '(?!(?:what|which|anything|nothing|everything|all|is|are|do|does|how|show|list|whats)\\b)';

/** Reopening a named task; each pattern captures the reference (group 1). */
const REOPEN_PATTERNS: RegExp[] = [
  /^(?:reopen|re-open|uncheck|untick|unmark|undo|restore|unfinish|uncomplete)\s+(.+)$/i,
  /^(?:mark|set|flag|put)\s+(.+?)\s+(?:as\s+)?(?:not\s+(?:yet\s+)?(?:done|complete|completed|finished)|undone|open|incomplete|unfinished|pending|to\s?do|active)(?:\s+again)?$/i,
  /^(?:i\s+)?(?:didn't|did not|haven't|have not)\s+(?:actually\s+)?(?:do|did|done|finish|finished|complete|completed)\s+(.+?)(?:\s+yet)?$/i,
  new RegExp(
    `^${NOT_A_QUESTION}(.+?)\\s+(?:isn't|is not|wasn't|was not|is still not|isn't actually)\\s+(?:actually\\s+|really\\s+)?${DONE}(?:\\s+yet)?$`,
    'i',
  ),
  new RegExp(`^${NOT_A_QUESTION}(.+?)\\s+(?:is|should be)\\s+(?:still\\s+)?(?:open|not done)(?:\\s+again)?$`, 'i'),
];

/** Words that start a correction of what was just done. */
const CORRECTION_LEADINS = [
  'actually',
  'oops',
  'whoops',
  'wait',
  'sorry',
  'no',
  'nope',
  'hmm',
  'hm',
  'my bad',
  'oh no',
  'oh',
  'uh oh',
  'ugh',
  'err',
  'erm',
  'my mistake',
  'correction',
  'hold on',
  'on second thought',
  'scratch that',
  'wait a sec',
  'hang on',
];
const LEADIN_RE = new RegExp(`^(?:(?:${alt(CORRECTION_LEADINS)})[,!.]?\\s+)+`, 'i');
const SUBJECT =
  '(?:it|that|this|that one|this one|the last one|that task|this task|that last one|the one you just marked|those|these|they|them)';
const BE_NOT =
  "(?:is\\s+not|isn['’]t|isnt|was\\s+not|wasn['’]t|wasnt|['’]s\\s+not|s\\s+not|is\\s+still\\s+not|are\\s+not|aren['’]t|were\\s+not|weren['’]t|['’]re\\s+not)";

/** "not done yet" and its kin, about the task just completed (no name: that task is meant). */
const NOT_DONE_PATTERNS: RegExp[] = [
  /^still\s+(?:open|pending|to\s+do|not\s+done|in\s+progress)$/i,
  /^(?:i\s+)?still\s+(?:need|have|got)\s+to\s+(?:do|finish|complete)\s+(?:it|that|this|that one)$/i,
  /^(?:i\s+)?didn['’]t\s+mean\s+to\s+(?:mark|check|tick|complete|finish)\s+(?:it|that|this|that one)(?:\s+(?:off|as\s+)?done|\s+off)?$/i,
  /^(?:i\s+)?(?:didn['’]t|did\s+not|haven['’]t|have\s+not|hadn['’]t)(?:\s+yet)?$/i,
  new RegExp(
    `^(?:${SUBJECT}\\s*)?${BE_NOT}\\s+(?:actually\\s+|quite\\s+|really\\s+|yet\\s+)?${DONE}(?:\\s+yet)?$`,
    'i',
  ),
  new RegExp(`^not\\s+(?:yet\\s+|quite\\s+|really\\s+|actually\\s+)?${DONE}(?:\\s+yet)?$`, 'i'),
  /^not\s+yet$/i,
  /^(?:i\s+)?(?:haven['’]t|have\s+not|havent|didn['’]t|did\s+not|didnt)\s+(?:actually\s+|really\s+)?(?:finish(?:ed)?|do(?:ne)?|complete(?:d)?)(?:\s+(?:it|that|this|that one))?(?:\s+yet)?$/i,
  /^(?:i['’]m|i\s+am|im)\s+not\s+(?:quite\s+|actually\s+)?(?:done|finished)(?:\s+(?:with\s+)?(?:it|that))?(?:\s+yet)?$/i,
  new RegExp(`^(?:${SUBJECT}\\s*)?(?:is|['’]s|s)\\s+still\\s+(?:open|pending|in progress|to do|todo|on)$`, 'i'),
  /^(?:i['’]m\s+|i\s+am\s+|im\s+)?still\s+(?:working\s+on|doing)\s+(?:it|that)$/i,
  /^(?:keep|leave)\s+(?:it|that)\s+open$/i,
  /^(?:it|that)\s+(?:should|needs\s+to)\s+(?:still\s+)?be\s+open$/i,
  /^(?:i\s+)?(?:marked|checked|ticked)\s+(?:it|that)(?:\s+(?:done|off))?\s+by\s+mistake$/i,
  /^(?:don['’]t|do\s+not)\s+mark\s+(?:it|that)\s+(?:as\s+)?done(?:\s+yet)?$/i,
];

/**
 * "actually, not done yet", "oops, that wasn't finished": reopens the task(s)
 * the conversation last marked done, as "undo" would.
 */
export const correction: Intent = {
  name: 'correction',
  async handle(u, turn) {
    if (u.question) return null;
    const rest = u.core
      .replace(LEADIN_RE, '')
      .replace(/,?\s+(?:actually|after all|sorry|then)$/i, '')
      .trim();
    // "I lied, not done", "wait, that's not right, it's not done": one clause says it
    const clauses = [rest, ...rest.split(/\s*[,;]\s*|\s[-–—]\s/)];
    if (!clauses.some((c) => matchAny(NOT_DONE_PATTERNS, c))) return null;
    const ids = turn.lastCompletedIds();
    if (!ids.length) {
      const focus = turn.focusTaskId();
      const task = focus ? await turn.tools.get(focus) : null;
      if (task?.completed) return complete(turn, task, false);
      return 'I haven\'t marked anything done in this conversation. Which task is still open? For example: "reopen #3".';
    }
    const lines: string[] = [];
    for (const id of ids) {
      const task = await turn.tools.get(id);
      lines.push(task ? await complete(turn, task, false) : `Task #${id} is not in your list any more.`);
    }
    return lines.join('\n');
  },
};

/** "reopen pay rent", "mark 3 as not done", "I didn't finish the report". */
export const reopen: Intent = {
  name: 'reopen',
  handle(u, turn) {
    const m = matchAny(REOPEN_PATTERNS, u.core.replace(LEADIN_RE, ''));
    return m ? withTask(turn, m[1]!, 'done', 'reopen', (task) => complete(turn, task, false)) : null;
  },
};

const MEANT_RE = new RegExp(
  `^(?:(?:${alt(CORRECTION_LEADINS)})[,!.]?\\s+)*i\\s+meant\\s+(?!to\\s)(.+?)(?:,?\\s+not\\s+(?:that|this|it)(?:\\s+one)?)?$`,
  'i',
);

/**
 * "oops, I meant #7" right after a completion: the task completed by mistake
 * opens again and the one meant is completed.
 */
export const meant: Intent = {
  name: 'meant',
  async handle(u, turn) {
    const m = MEANT_RE.exec(u.core);
    if (!m) return null;
    const ids = turn.lastCompletedIds();
    if (!ids.length) return 'Which change do you mean? Say "undo" to take back my last change, then tell me again.';
    return withTask(turn, m[1]!, 'open', 'complete', async (task) => {
      const lines: string[] = [];
      for (const id of ids.filter((x) => x !== task.id)) {
        const wrong = await turn.tools.get(id);
        if (wrong) lines.push(await complete(turn, wrong, false));
      }
      lines.push(await complete(turn, task, true));
      return lines.join('\n');
    });
  },
};
