import type { Engine, EngineInput, EngineOutput } from './engine.js';
import type { Intent } from './builtin/intent.js';
import { add } from './builtin/intents/add.js';
import { complete, doneSuffix, taskIsDone } from './builtin/intents/complete.js';
import { del } from './builtin/intents/delete.js';
import { dueOn } from './builtin/intents/due-on.js';
import { language } from './builtin/intents/language.js';
import { list } from './builtin/intents/list.js';
import { offer } from './builtin/intents/offer.js';
import { pending } from './builtin/intents/pending.js';
import { privacy } from './builtin/intents/privacy.js';
import { correction, meant, reopen } from './builtin/intents/reopen.js';
import { smalltalk } from './builtin/intents/smalltalk.js';
import { update } from './builtin/intents/update.js';
import { restore, undo } from './builtin/intents/undo.js';
import { q, truncate } from './builtin/text.js';
import { Turn } from './builtin/turn.js';
import { utterance } from './builtin/utterance.js';

export { matchTasks } from './builtin/references.js';

/**
 * The order intents are tried in; the first that answers wins. Earlier ones
 * are the more specific readings: "task 4 is done" completes before it could
 * be added, "X is done" is read after the add lead-ins ("add X is done" adds),
 * and a phrase nothing claimed is offered as a task last.
 */
const INTENTS: readonly Intent[] = [
  privacy,
  pending,
  smalltalk,
  language,
  undo,
  correction,
  meant,
  update,
  del,
  restore,
  reopen,
  complete,
  dueOn,
  list,
  taskIsDone,
  add,
  doneSuffix,
  offer,
];

/**
 * The default engine: deterministic, rule-based English understanding of
 * common todo phrasings. It acts only through the shared tools, asks when a
 * reference is ambiguous and never picks a task for a destructive action by
 * guesswork. Each intent lives in builtin/intents/ with its phrasings as data.
 */
export class BuiltinEngine implements Engine {
  readonly name = 'builtin';

  async respond(input: EngineInput): Promise<EngineOutput> {
    const turn = new Turn(input);
    const u = utterance(input.message);
    if (!u.bare)
      return { reply: 'Say something like "add buy milk tomorrow" or "what is still open?".', meta: turn.meta };
    for (const intent of INTENTS) {
      const reply = await intent.handle(u, turn);
      if (reply !== null) return { reply, meta: turn.meta };
    }
    return {
      reply: `Sorry, I didn't understand ${q(truncate(u.bare, 60))}. Try "add buy milk tomorrow", "what is still open?", "mark 3 done" or "help".`,
      meta: turn.meta,
    };
  }
}
