// Quality score: how far the extracted text can be trusted, 0..1, graded with gradeFor.
// It is built from signals any extraction yields, without a reference text:
//
//   ocrConfidence  the OCR engine's own mean confidence over OCR pages (weighted by text length)
//   wordRatio      share of Latin-script words found in the word lists (English and the
//                  commonest words of ten other languages); an unknown but word-like word
//                  (letter-pair model, lexicon.ts) counts half. Used for OCR text only: a misread
//                  word ("umosgq") is not in a word list, but a text layer holds the author's
//                  own characters, whose unknown words are names or other languages
//   wellFormed     share of tokens shaped like words, numbers or codes: no letters glued to
//                  stray symbols ("94}", "AZe]")
//   fragments      share of tokens in runs of three or more single letters ("l e t t e r"),
//                  the mark of a broken OCR layer
//   garbage        share of characters outside letters, digits and common punctuation
//   coverage       share of pages with text on them
//
// Each signal maps onto the 0..1 scale on its own (anchored at the grade boundaries), and
// the weakest one decides, times coverage: one broken aspect is enough to distrust a text.
// Calibrated on extractor outputs whose character error rate is known, so that the grade
// bands match the CER bands A <= 2 %, B <= 10 %, C <= 30 %, D > 30 %.
import { interpolate } from '../piecewise-linear.ts';
import { gradeFor, type QualityGrade } from '../types.ts';
import { knownWordSet, wordLikeness } from './lexicon.ts';

export interface QualityPage {
  text: string;
  ocr: boolean;
  /** 0..1; 1 for a text layer; NaN when the engine gave none. */
  confidence: number;
}

export interface QualityResult {
  score: number;
  grade: QualityGrade;
  signals: Record<string, number>;
}

const COMMON_PUNCTUATION = /[\p{L}\p{M}\p{N}\s.,;:!?'"’‘“”()[\]{}\-–—/\\&%$€£¥#@*+=<>_|~^°§«»•…]/u;
const STRAY = /[^\p{L}\p{M}\p{N}\s.,;:!?'"’‘“”()\-–—/&%$€£#@*+=•…°«»]/u;

interface TokenStats {
  tokens: number;
  wellFormed: number;
  latinWords: number;
  knownWords: number;
  letters: number;
  latinLetters: number;
  fragmentTokens: number;
}

// Letter-pair log-likelihood above which an unknown word counts as word-like (lexicon.ts).
const PLAUSIBLE_WORD = -2.9;
const PLAUSIBLE_CREDIT = 0.5;

function isWellFormed(core: string): boolean {
  if (/^[$€£¥#+±~]?[\p{N}.,:/%-]+$/u.test(core)) return true; // numbers, dates, amounts, "#90"
  if (/^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$/u.test(core) || /^(?:https?:\/\/|www\.)\S+$/u.test(core)) return true;
  // "duck/goose", "and/or": words joined by a slash.
  if (/^\p{L}+(?:\/\p{L}+)+$/u.test(core)) return true;
  if (/^\p{L}[\p{Ll}\p{M}]*(?:['’-]\p{L}[\p{Ll}\p{M}]*)*$/u.test(core)) return true; // word, Word
  if (/^[\p{Lu}\p{M}]+(?:['’-][\p{Lu}\p{M}]+)*$/u.test(core)) return true; // WORD
  if (/^[\p{Lo}\p{M}]+$/u.test(core)) return true; // scripts without case (CJK, Arabic)
  // Codes such as "TD01167104" or "SX-575-1": letters and digits with no stray symbols.
  if (/^[\p{Lu}\p{N}]+(?:[-/.][\p{Lu}\p{N}]+)*$/u.test(core) && /\p{N}/u.test(core)) return true;
  return false;
}

/** `judgeWords`: look Latin-script words up in the word lists (only OCR text is judged by them). */
function tokenStats(text: string, judgeWords: boolean): TokenStats {
  const words = judgeWords ? knownWordSet() : undefined;
  const stats: TokenStats = {
    tokens: 0,
    wellFormed: 0,
    latinWords: 0,
    knownWords: 0,
    letters: 0,
    latinLetters: 0,
    fragmentTokens: 0,
  };
  const letters = text.replace(/\P{L}+/gu, '');
  stats.letters = codePoints(letters);
  stats.latinLetters = codePoints(letters.replace(/\P{Script=Latin}+/gu, ''));
  let singles = 0;
  const endRun = () => {
    if (singles >= 3) stats.fragmentTokens += singles;
    singles = 0;
  };
  for (const raw of text.split(/\s+/)) {
    if (/^\p{L}$/u.test(raw)) singles++;
    else endRun();
    if (!raw) continue;
    // Sentence punctuation at the edges is normal; inside a token it is not.
    const core = raw
      .replace(/^[\p{Ps}\p{Pi}\p{Po}\p{Pd}<*]+/u, '')
      .replace(/[\p{Pe}\p{Pf}\p{Po}\p{Pd}>*]+$/u, '');
    if (!core) {
      // A bare dash or bullet is layout; a run of symbols ("||", "~~~") is noise.
      stats.tokens++;
      if (raw.length <= 1) stats.wellFormed++;
      continue;
    }
    stats.tokens++;
    if (raw.length === 1 || isWellFormed(core)) stats.wellFormed++;
    if (words && /^\p{Script=Latin}{2,}$/u.test(core)) {
      stats.latinWords++;
      const lower = core.toLowerCase();
      if (words.has(lower) || (lower.endsWith('s') && words.has(lower.slice(0, -1)))) stats.knownWords++;
      // A word-like unknown is more often a name or a word of another language than a
      // misread: it counts half.
      else if (wordLikeness(core) > PLAUSIBLE_WORD) stats.knownWords += PLAUSIBLE_CREDIT;
    }
  }
  endRun();
  return stats;
}

/** Characters (code points, not UTF-16 units) in `text`. */
function codePoints(text: string): number {
  return text.length - (text.match(/[\uD800-\uDBFF]/g)?.length ?? 0);
}

function clamp01(x: number): number {
  return Math.max(0, Math.min(1, x));
}

// Below this a page counts as empty: a page number or a stray mark is not text (steps/page-warnings.ts
// warns of such a page).
export const MIN_PAGE_CHARS = 5;

// Each signal's value at the grade boundaries D|C (0.5), C|B (0.75) and B|A (0.9).
const WELL_FORMED_SCALE = [
  [0.8, 0],
  [0.9, 0.5],
  [0.95, 0.75],
  [0.985, 0.9],
  [1, 1],
] as const;
const WORD_RATIO_SCALE = [
  [0.5, 0],
  [0.84, 0.5],
  [0.9, 0.75],
  [0.975, 0.9],
  [1, 1],
] as const;
const GARBAGE_SCALE = [
  [0, 1],
  [0.01, 0.9],
  [0.03, 0.75],
  [0.08, 0.5],
  [0.2, 0],
] as const;
const FRAGMENT_SCALE = [
  [0, 1],
  [0.01, 0.9],
  [0.03, 0.75],
  [0.06, 0.5],
  [0.2, 0],
] as const;

export function scoreQuality(pages: readonly QualityPage[]): QualityResult {
  // Soft hyphens and zero-width marks are invisible layout, not content.
  const clean = pages.map((p) => ({ ...p, text: p.text.replace(/\p{Cf}/gu, '') }));
  const text = clean.map((p) => p.text).join('\n');
  const chars = codePoints(text.replace(/\s+/gu, ''));
  const stats = tokenStats(
    text,
    clean.some((p) => p.ocr),
  );
  // Letters, marks and digits are never garbage: only the rest is looked at one by one.
  const symbols = text.match(/[^\p{L}\p{M}\p{N}\s]/gu) ?? [];
  const garbage =
    chars === 0 ? 1 : symbols.filter((c) => !COMMON_PUNCTUATION.test(c) || STRAY.test(c)).length / chars;
  const wellFormed = stats.tokens === 0 ? 0 : stats.wellFormed / stats.tokens;
  const fragments = stats.tokens === 0 ? 0 : stats.fragmentTokens / stats.tokens;
  const latinShare = stats.letters === 0 ? 0 : stats.latinLetters / stats.letters;
  const wordRatio = stats.latinWords === 0 ? 1 : stats.knownWords / stats.latinWords;
  const coverage =
    clean.length === 0
      ? 0
      : clean.filter((p) => p.text.replace(/\s/g, '').length >= MIN_PAGE_CHARS).length / clean.length;
  let ocrWeight = 0;
  let ocrSum = 0;
  let ocrChars = 0;
  for (const p of clean) {
    if (!p.ocr) continue;
    ocrChars += p.text.length;
    if (!Number.isFinite(p.confidence)) continue;
    const w = Math.max(1, p.text.length);
    ocrWeight += w;
    ocrSum += w * clamp01(p.confidence);
  }
  const ocrConfidence = ocrWeight === 0 ? Number.NaN : ocrSum / ocrWeight;
  const ocrShare = text.length === 0 ? 0 : Math.min(1, ocrChars / text.length);

  const parts = [
    interpolate(wellFormed, WELL_FORMED_SCALE),
    interpolate(garbage, GARBAGE_SCALE),
    interpolate(fragments, FRAGMENT_SCALE),
  ];
  // The word lists judge OCR text only, and only as far as it is Latin-script words:
  // ten words are too few to judge, and Korean is not missing English words.
  // When the engine reports its confidence, that is the direct measure and the word lists
  // only corroborate it at half weight: they miss words of languages they do not cover.
  // The surer the engine, the less the word lists weigh: from half at confidence 0.8 to 0.15 at
  // 0.9 and above. A short, confidently read page (a receipt of shop and street names the lists
  // lack) is not marked down for the few words it has; a misread page has low confidence.
  const corroborating = Number.isFinite(ocrConfidence)
    ? Math.max(0.15, 0.5 - 3.5 * Math.max(0, ocrConfidence - 0.8))
    : 1;
  const dictionaryWeight = corroborating * ocrShare * latinShare * Math.min(1, stats.latinWords / 10);
  parts.push(1 - dictionaryWeight * (1 - interpolate(wordRatio, WORD_RATIO_SCALE)));
  if (Number.isFinite(ocrConfidence)) parts.push(ocrConfidence);
  let score = Math.min(...parts) * coverage;
  if (chars === 0) score = 0;
  score = Math.round(clamp01(score) * 1000) / 1000;

  const signals: Record<string, number> = {
    wellFormed: round(wellFormed),
    wordRatio: round(wordRatio),
    latinShare: round(latinShare),
    fragments: round(fragments),
    garbage: round(garbage),
    coverage: round(coverage),
    ocrShare: round(ocrShare),
    chars,
  };
  if (Number.isFinite(ocrConfidence)) signals.ocrConfidence = round(ocrConfidence);
  return { score, grade: gradeFor(score), signals };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
