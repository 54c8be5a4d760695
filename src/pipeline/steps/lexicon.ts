// Word lists shared by PII detection and quality scoring. Both are plain data packages
// (no code, nothing fetched at run time); they are loaded on first use because parsing
// them costs ~100 ms and a PARSE of a plain text file may never need them.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

let englishWords: Set<string> | undefined;
let humanNames: Set<string> | undefined;

/** ~275,000 lower-case English words (an-array-of-english-words). */
export function englishWordSet(): Set<string> {
  englishWords ??= new Set(require('an-array-of-english-words') as string[]);
  return englishWords;
}

/**
 * ~200,000 given names and surnames from many countries (humannames), capitalised as names
 * are ("Mette", "Vasquez"). It also holds words that are names only sometimes ("Will",
 * "Street"), so callers weigh a hit against the English word list.
 */
export function humanNameSet(): Set<string> {
  humanNames ??= new Set(Object.keys(require('humannames') as Record<string, number>));
  return humanNames;
}

/** Lower-case and strip diacritics: "Szöllösy" → "szollosy". */
export function foldWord(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

export function isEnglishWord(word: string): boolean {
  const set = englishWordSet();
  const lower = word.toLowerCase();
  return set.has(lower) || set.has(foldWord(word));
}

/** A name hit, tried as written and with diacritics folded ("Åberg" → "Aberg"). */
export function isHumanName(word: string): boolean {
  const set = humanNameSet();
  if (set.has(word)) return true;
  const folded = foldWord(word);
  const capitalised = folded.charAt(0).toUpperCase() + folded.slice(1);
  return set.has(capitalised);
}
