import type { Intent } from '../intent.js';

/** Ways of asking about, or acting for, someone else's account. */
const OTHER_USERS = [
  /\b(?:every|all|other|another|each|any|different)\s+(?:users?|accounts?|people|persons?|customers?|members?)\b/,
  /\b(?:everyone|everybody|someone else|somebody else|anyone else|other people)(?:'s)?\b/,
  /\b(?:users?|accounts?)\s*(?:id\s*)?#?\d+\b/,
  /\b(?:[\w.+-]+@[\w-]+\.[\w.]+)'?s?\s+(?:tasks?|todos?|list)\b/,
  /\b(?:as\s+(?:an?\s+)?admin(?:istrator)?|superuser|sudo)\b/,
];

/** Anything about other users' data is refused before any other reading. */
export const privacy: Intent = {
  name: 'privacy',
  handle(u) {
    const lower = u.bare.toLowerCase();
    return OTHER_USERS.some((re) => re.test(lower))
      ? "I can only see and change your own tasks — I have no access to anyone else's data, and I won't act on other accounts."
      : null;
  },
};
