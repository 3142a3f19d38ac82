import { alt, whole } from '../grammar.js';
import type { Intent } from '../intent.js';
import { GREETINGS, stripPoliteness } from '../utterance.js';

export const HELP = [
  'I keep your todo list. You can say things like:',
  '• "add buy milk tomorrow", "remind me to renew the passport by Friday", "note to self: call Ana"',
  '• "add milk, eggs and bread" or "add 3 tasks: a, b, c" (one task each); "add urgent: call Alice"',
  '• "what is still open?", "show all", "what\'s done?", "what\'s due tomorrow?"',
  '• "mark 3 done", "I did the laundry", "mark it done" ("actually, not done yet" reopens it)',
  '• "rename 3 to buy oat milk", "move the dentist to next week"',
  '• "delete 3" or "remove the dentist task"',
  '• "undo" takes back the last change I made',
  'After a list, "done with 2" means the second task in that list; "#2" is always task #2.',
  'I understand English only.',
].join('\n');

const GREETING_ONLY = new RegExp(
  `^(?:${alt([...GREETINGS, 'morning', 'evening'])})(?:\\s+(?:there|bot|assistant|friend|buddy|again|everyone))?$`,
  'i',
);

/** Asking for help: whole phrases, then questions about how to use it. */
const HELP_PHRASES = whole([
  'help',
  '?',
  'what can you do',
  'what can you do for me',
  'what else can you do',
  'what are you able to do',
  'what do you do',
  'what are you',
  'who are you',
  'what is this',
  'how does this work',
  'how does it work',
  'how does this app work',
  'how do you work',
  'how do i use this',
  'how do i use you',
  'how do i add a task',
  'how can you help',
  'how can you help me',
  'can you help',
  'can you help me',
  'help me',
  'i need help',
  'i need some help',
  'what can i say',
  'what can i do',
  'what should i say',
  'what do you understand',
  'what are your commands',
  'show me the commands',
  'commands',
  'options',
  'usage',
  'instructions',
  'menu',
  'tips',
  'examples',
  'give me some examples',
  'give me examples',
  'any tips',
  'what now',
  'where do i start',
  'how do i start',
  'get started',
]);
// "how do I delete a task?", "what can I type?", "tell me what you can do", "what's this app for?"
const HELP_QUESTIONS = new RegExp(
  [
    '^how\\s+(?:do|can|should)\\s+i\\b.*$',
    '^what\\s+(?:can|should)\\s+i\\s+(?:say|type|ask|write)\\b.*$',
    '^(?:tell me |show me )?what (?:you|it) (?:can|could) do(?: for me)?$',
    '^what (?:else )?(?:are you able to|can you|could you) (?:do|help(?: me)? with)(?: for me)?$',
    '^(?:tell me |show me )?what (?:(?:sort|kind|type)s? of (?:things|stuff) )?(?:can|could|do|does) (?:you|this(?: app| bot| thing)?|it) (?:do|help with|help me with|understand)(?: for me)?$',
    "^what(?:['’]s| is| does) this(?: app| bot| thing)?(?: do| for| about)?$",
  ].join('|'),
  'i',
);
const HELP_PATTERNS = [HELP_PHRASES, HELP_QUESTIONS];

/** Small talk, matched on the whole message once greetings and politeness are removed. */
const SMALLTALK: { phrases: RegExp; reply: string }[] = [
  { phrases: HELP_PHRASES, reply: HELP },
  { phrases: HELP_QUESTIONS, reply: HELP },
  {
    phrases: whole([
      'tell me a joke',
      'tell me something',
      'sing a song',
      'who made you',
      'who built you',
      'are you a robot',
      'are you a bot',
      'are you human',
      'are you real',
      "what's your name",
      'what is your name',
      'i love you',
      'you are great',
      "you're great",
      'you rock',
      'good bot',
      'bad bot',
      'are you smart',
      'what is the meaning of life',
    ]),
    reply: 'I only keep your todo list, so I will leave that one. Say "help" to see what I can do.',
  },
  {
    phrases: whole([
      'never mind',
      'nevermind',
      'forget it',
      'nothing',
      'no thanks',
      'no thank you',
      'not now',
      'nothing else',
    ]),
    reply: 'OK. I am here when you need me.',
  },
  {
    phrases: whole([
      'thanks',
      'thank you',
      'thank you so much',
      'thanks a lot',
      'thanks so much',
      'thank you very much',
      'many thanks',
      'thx',
      'ty',
      'cheers',
      'great',
      'perfect',
      'awesome',
      'nice',
      'cool',
      'ok',
      'okay',
      'got it',
      'great thanks',
      'perfect thanks',
      'ok thanks',
      'ok thank you',
      'sounds good',
      'brilliant',
      'excellent',
      'lovely',
      'much appreciated',
    ]),
    reply: "You're welcome! Anything else on your list?",
  },
  {
    phrases: whole([
      'how are you',
      'how are you doing',
      "how's it going",
      'how is it going',
      "what's up",
      'whats up',
      'sup',
      "how's your day",
      'how do you do',
      'are you there',
      'you there',
    ]),
    reply: "I'm doing well, thanks! Want to add a task or see what's still open?",
  },
  {
    phrases: whole([
      'bye',
      'goodbye',
      'good bye',
      'see you',
      'see ya',
      'see you later',
      'see you tomorrow',
      'see ya tomorrow',
      'talk tomorrow',
      'until tomorrow',
      'take care',
      'good night',
      'later',
      'cya',
      'ciao',
    ]),
    reply: 'Bye! Your tasks are saved.',
  },
];

/** Greetings (with or without more words), help, thanks, "how are you", goodbyes. */
export const smalltalk: Intent = {
  name: 'smalltalk',
  handle(u) {
    if (GREETING_ONLY.test(u.bare))
      return 'Hello! I can add, list, complete, rename and delete your tasks. What would you like to do?';
    // "hi there, what can you do?": the greeting is stripped in `core`
    const found = SMALLTALK.find((s) => s.phrases.test(u.bare) || s.phrases.test(u.core));
    if (found) return found.reply;
    // "I'm new here. What can you do?": a help question as one of several sentences
    const sentences = u.core.split(/[.!?]+\s+/).map((s) => stripPoliteness(s.replace(/[.!?]+$/, '')));
    if (sentences.length > 1 && sentences.some((s) => HELP_PATTERNS.some((re) => re.test(s)))) return HELP;
    // "ok, thanks. bye!": every sentence small talk, the last one answered
    const each = sentences.map((s) => SMALLTALK.find((x) => x.phrases.test(s)));
    if (sentences.length > 1 && each.every(Boolean)) return each[each.length - 1]!.reply;
    return u.core ? null : HELP;
  },
};
