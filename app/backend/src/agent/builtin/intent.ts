import type { Turn } from './turn.js';
import type { Utterance } from './utterance.js';

/**
 * One thing a user can ask for. `handle` answers when the message is this
 * intent's (doing what it asks through the turn's tools), or returns null to
 * let the next intent try.
 */
export interface Intent {
  readonly name: string;
  handle(u: Utterance, turn: Turn): Promise<string | null> | string | null;
}
