// Evidence for a category: the known document type its name or description names
// (doc-types.ts), and phrases from its name and description themselves. Text and cues are compared as stemmed words, so
// "invoices", "Invoice" and "INVOICED" all count for "invoice".

import type { Category } from '../types.ts';
import { DOC_TYPES, type DocType } from './doc-types.ts';
import { fold } from './layout.ts';

export interface Cue {
  /** Stemmed words joined by single spaces. */
  stems: string;
  /** The phrase as it reads, for the reasoning. */
  phrase: string;
  weight: number;
}

const STOPWORDS = new Set(
  (
    'a an and are as at be by for from has have in is it its of on or that the this to was were will with ' +
    'any all can may not no our your you we they their them such which who whom whose what when where why how ' +
    'document documents file page pages type kind one other some usually often also e g eg ie etc like'
  ).split(' '),
);

export function stem(word: string): string {
  let w = word;
  for (const [suffix, replacement] of [
    ['ies', 'y'],
    ['ing', ''],
    ['ed', ''],
    ['es', ''],
    ['s', ''],
  ] as const) {
    // (Dutch "vertraging", a delay, is not the German "Vertrag", a contract, in "-ing"; no cue is
    // an English verb in "-age".)
    if (suffix === 'ing' && w.endsWith('aging')) break;
    if (w.endsWith(suffix) && w.length - suffix.length >= 3 && !(suffix === 's' && w.endsWith('ss'))) {
      w = w.slice(0, -suffix.length) + replacement;
      break;
    }
  }
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

export function wordsOf(text: string): string[] {
  return fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

export function stemsOf(text: string): string {
  return wordsOf(text).map(stem).join(' ');
}

function nameWordsOf(category: Category): string[] {
  return wordsOf(category.name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ')).filter(
    (w) => !STOPWORDS.has(w),
  );
}

/**
 * Stemmed words that, as a document's heading, name the category: its own name words and,
 * when it is a known document type, that type's names in other languages ("Factuur",
 * "Rechnung" for an invoice).
 */
export function headingStems(category: Category): string[] {
  const out = new Set(nameWordsOf(category).map(stem));
  const type = matchDocType(category);
  if (type) for (const name of type.type.names) if (!name.includes(' ')) out.add(stem(fold(name)));
  return [...out].filter((s) => s.length >= 3);
}

/** The cues of one category, strongest first; each phrase once, with its highest weight. */
export function cuesFor(category: Category): Cue[] {
  const cues = new Map<string, Cue>();
  const add = (phrase: string, weight: number) => {
    const stems = stemsOf(phrase);
    if (!stems) return;
    const existing = cues.get(stems);
    if (!existing || existing.weight < weight)
      cues.set(stems, { stems, phrase: phrase.trim().toLowerCase(), weight });
  };
  const nameWords = wordsOf(category.name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' '));
  const contentWords = nameWords.filter((w) => !STOPWORDS.has(w));
  if (contentWords.length > 0) add(contentWords.join(' '), 3);
  for (const w of contentWords) if (w.length >= 2) add(w, contentWords.length === 1 ? 3 : 1.5);
  const description = category.description ?? '';
  for (const m of description.matchAll(/["“'‘]([^"”'’]{2,60})["”'’]/g)) add(m[1]!, 2.5);
  const descWords = wordsOf(description).filter((w) => !STOPWORDS.has(w) && w.length >= 3);
  for (const w of descWords) add(w, 1);
  for (let i = 0; i + 1 < descWords.length; i++) add(`${descWords[i]} ${descWords[i + 1]}`, 1.5);
  return [...cues.values()].sort((a, b) => b.weight - a.weight);
}

/**
 * How a cue's stemmed phrase is looked for: as whole words, or, for a long single word, also at
 * the start of a compound ("Rechnung" in "Rechnungsdatum", "factuur" in "Factuurnummer"), as
 * German and Dutch write them.
 */
export function cueNeedle(stems: string): string {
  const compound = !stems.includes(' ') && stems.length >= 6;
  return compound ? ` ${stems}` : ` ${stems} `;
}

/** Where a cue's stemmed phrase stands in the stemmed text: the start of each occurrence. */
export function cueOccurrences(stemmedText: string, stems: string): number[] {
  const needle = cueNeedle(stems);
  // A whole-word needle ends in a space the next occurrence may start with.
  const step = needle.endsWith(' ') ? needle.length - 1 : needle.length;
  const out: number[] = [];
  for (let at = stemmedText.indexOf(needle); at >= 0; at = stemmedText.indexOf(needle, at + step)) {
    // A compound's head, not a word of its own made with "-ing": Dutch "vertraging" (a delay) is
    // no German "Vertrag" (a contract).
    // Nor is an English agent noun: a "contractor" is no "contract".
    if (
      !needle.endsWith(' ') &&
      /^(?:ing(?:en)?|or|er) /.test(stemmedText.slice(at + needle.length, at + needle.length + 6))
    )
      continue;
    out.push(at);
  }
  return out;
}

/** Each known type's names as stemmed phrases, computed once. */
const TYPE_NAMES = DOC_TYPES.map((type) => ({
  type,
  names: type.names.map((n) =>
    wordsOf(n)
      .filter((w) => !STOPWORDS.has(w))
      .map(stem),
  ),
}));

/**
 * The known document type a category means, by its name (or else its description): the type
 * with a name whose words all occur in the category's, covering most of them ("ID card" →
 * id_card, "Rechnung" → invoice, "utility bill" → utility_bill rather than invoice's "bill").
 */
export function matchDocType(category: Category): { type: DocType; by: 'name' | 'description' } | undefined {
  const fromName = bestType(nameWordsOf(category).map(stem));
  if (fromName) return { type: fromName, by: 'name' };
  const description = category.description ?? '';
  const fromDescription = bestType(
    wordsOf(description)
      .filter((w) => !STOPWORDS.has(w))
      .map(stem),
    true,
  );
  return fromDescription ? { type: fromDescription, by: 'description' } : undefined;
}

function bestType(words: string[], loose = false): DocType | undefined {
  if (words.length === 0) return undefined;
  const have = new Set(words);
  let best: { type: DocType; score: number } | undefined;
  for (const { type, names } of TYPE_NAMES) {
    for (const name of names) {
      if (!name.every((w) => have.has(w))) continue;
      // How much of the category's name the type's name explains; a longer name beats a
      // shorter one it contains; between equals, the one naming the last word, the head of an
      // English compound ("offer letter" is a letter).
      const head = name.includes(words[words.length - 1]!) ? 0.001 : 0;
      const score = name.length / words.length + name.length * 0.01 + head;
      if (!best || score > best.score) best = { type, score };
    }
  }
  // A description may say much more than the type's name; a name must mostly be the type's.
  return best && (loose || best.score >= 0.5) ? best.type : undefined;
}
