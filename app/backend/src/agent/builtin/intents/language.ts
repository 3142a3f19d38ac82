import type { Intent } from '../intent.js';
import { IMPERATIVE_VERBS } from '../verbs.js';

/**
 * Words common in short todo messages of other languages written in Latin
 * script (Spanish, French, German, Italian, Portuguese, Dutch) that are not
 * English words. Words that are also English ("die", "pain", "also", "will",
 * "so", "a", "met", "mon") are left out on purpose.
 */
const FOREIGN_WORDS = new Set(
  [
    // Spanish
    'el los las del por para una que mañana manana hoy lunes martes miércoles jueves viernes sábado domingo',
    'comprar llamar pagar limpiar hacer tengo tarea tareas añadir agregar recordar recuérdame recuerdame necesito',
    'hola gracias qué cuál mis leche semana borrar eliminar lista pendientes hecho está terminar',
    // French
    'le les des du une et est avec demain aujourd’hui acheter appeler payer nettoyer ajouter',
    'rappelle rappelle-moi bonjour salut merci je dois faire tâche tâches lait mes lundi mardi mercredi',
    'jeudi vendredi samedi dimanche supprimer quoi plaît oui non fini ajoute',
    // German
    'der das und ist nicht ich muss morgen heute kaufen anrufen bezahlen putzen hinzufügen erinnere mich',
    'aufgabe aufgaben milch brot meine bitte danke hallo guten zu mit für einkaufen termin nächste nächsten',
    'montag dienstag mittwoch donnerstag freitag samstag sonntag löschen erledigt nein',
    // Italian
    'il gli della domani oggi comprare chiamare pagare pulire aggiungere ricordami devo compito compiti latte',
    'pane grazie buongiorno settimana lunedì martedì mercoledì giovedì venerdì sabato domenica cancellare',
    'elimina che sono fatto',
    // Portuguese
    'amanhã hoje ligar limpar adicionar lembrar lembre-me preciso tarefa leite pão olá obrigado obrigada',
    'segunda terça quarta quinta sexta não você meu minha apagar fazer',
    // Dutch
    'het een morgen vandaag kopen bellen betalen schoonmaken toevoegen herinner taak taken melk brood ik moet',
    'niet voor verwijderen lijst boodschappen dank bedankt alsjeblieft',
  ]
    .join(' ')
    .split(' '),
);

/**
 * English words a todo message of any length is likely to contain; words
 * that are as common in those languages ("a", "in", "me", "is", "was", "will") are not counted.
 */
const ENGLISH_WORDS = new Set([
  ...IMPERATIVE_VERBS,
  ..."add the to my i it on at for of and with by do done task tasks todo please what show list delete remove mark complete finish remind remember need have tomorrow today tonight next week yes no ok thanks hi hello hey help all open due this that you can new from up off out about be are not your our his her their we they he she its get got what’s what's whats how when where why who which would should could just some any every monday tuesday wednesday thursday friday saturday sunday milk bread eggs call mom dad doctor dentist meeting report".split(
    ' ',
  ),
]);

/** Letters of Polish, Czech, Turkish, Hungarian, Baltic … that English words never have (unlike "café", "naïve"). */
const NON_ENGLISH_LETTERS = /[ąćęłńśźżğışřůőűžščďťňľĺŕėįųūēīāõã]/i;

/** "j'ai", "d'appeler", "c'est": French elisions (English has none so common). */
const FRENCH_ELISION = /^(?:[cdjlmnst]|qu)'[aeiouhéèêàâîôû]/i;

/** Words that start an English request, whatever language its task is in. */
const COMMANDS = new Set([
  'add',
  'create',
  'new',
  'todo',
  'note',
  'remind',
  'remember',
  'delete',
  'remove',
  'mark',
  'complete',
  'rename',
  'move',
  'show',
  'list',
  'find',
  'search',
]);

function tokens(s: string): string[] {
  return s
    .toLowerCase()
    .replace(/[’]/g, "'")
    .split(/[^\p{L}\p{N}'-]+/u)
    .filter(Boolean);
}

/**
 * True when a message is in another language: more words from the list
 * above than English ones, or no English word and mostly letters of another
 * script (Cyrillic, Greek, CJK, Arabic …). "add café au lait" and "add
 * comprar leche" are English requests.
 */
export function looksNonEnglish(text: string): boolean {
  const ws = tokens(text);
  // "add comprar leche": an English command in front makes the request English
  if (COMMANDS.has(ws[0] ?? '')) return false;
  const english = ws.filter((w) => ENGLISH_WORDS.has(w)).length;
  const foreign = ws.filter((w) => FOREIGN_WORDS.has(w) || FOREIGN_WORDS.has(w.replace(/'/g, '’'))).length;
  const marked = ws.filter((w) => NON_ENGLISH_LETTERS.test(w) || FRENCH_ELISION.test(w)).length;
  if (foreign + marked > english) return true;
  if (english > 0) return false;
  const letters = text.match(/\p{L}/gu) ?? [];
  const latin = text.match(/\p{Script=Latin}/gu) ?? [];
  return letters.length > 0 && latin.length * 2 < letters.length;
}

/** Other languages get one English sentence, never a task made from them. */
export const language: Intent = {
  name: 'language',
  handle(u) {
    return looksNonEnglish(u.bare)
      ? 'Sorry — I understand English only, so I left your list as it was. Try for example "add buy milk tomorrow" or "what is still open?".'
      : null;
  },
};
