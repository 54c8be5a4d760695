// CTC decoding of PP-OCR recognition output, with the spaces the Chinese+Latin model leaves out.
//
// The model emits, per time step (8 pixels of a 48-pixel-high line), a distribution over
// blank + the dictionary + space. Greedy decoding keeps each step's best class, folds repeats and
// drops blanks. Trained mostly on Chinese, the model seldom emits the space between Latin words
// ("JOHORBAHRU"): the time steps still say where each character sits, and a gap clearly wider
// than the line's usual step between letters is a word break.

export interface DecodedChar {
  char: string;
  /** The model's probability for it, 0..1. */
  confidence: number;
  /** First and last time step it was the best class. */
  from: number;
  to: number;
}

/**
 * Greedy CTC decode of one line: `probs` is steps × classes, row-major; class 0 is blank and
 * class i is `dictionary[i - 1]`.
 */
export function ctcDecode(
  probs: Float32Array,
  steps: number,
  classes: number,
  dictionary: readonly string[],
  offset = 0,
): DecodedChar[] {
  const out: DecodedChar[] = [];
  let previous = 0;
  for (let t = 0; t < steps; t++) {
    let best = 0;
    let bestP = -1;
    const row = offset + t * classes;
    for (let c = 0; c < classes; c++) {
      const p = probs[row + c] as number;
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    if (best !== 0 && best === previous) {
      const last = out.at(-1);
      if (last) {
        last.to = t;
        last.confidence = Math.max(last.confidence, bestP);
      }
    } else if (best !== 0) {
      out.push({ char: dictionary[best - 1] ?? '', confidence: bestP, from: t, to: t });
    }
    previous = best;
  }
  return out.filter((c) => c.char !== '');
}

/** Letters and digits of Latin script (with accents): the runs where spaces get lost. */
const LATIN = /[\p{Script=Latin}\p{Nd}]/u;

/**
 * Puts back the spaces between Latin words: between two Latin characters, a step gap larger
 * than `factor` × the line's typical gap between neighbouring characters (the median, at least
 * one step) is a word break. Measured on the receipts of the dev corpus (see docs/accuracy.md).
 */
export function restoreSpaces(chars: DecodedChar[], factor = 1.75): DecodedChar[] {
  const gaps: number[] = [];
  for (let i = 1; i < chars.length; i++) {
    const a = chars[i - 1] as DecodedChar;
    const b = chars[i] as DecodedChar;
    if (a.char !== ' ' && b.char !== ' ') gaps.push(centre(b) - centre(a));
  }
  if (gaps.length < 2) return chars;
  const typical = Math.max(1, median(gaps));
  const out: DecodedChar[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as DecodedChar;
    const prev = out.at(-1);
    if (
      prev &&
      prev.char !== ' ' &&
      c.char !== ' ' &&
      LATIN.test(prev.char) &&
      LATIN.test(c.char) &&
      centre(c) - centre(prev) > factor * typical
    ) {
      out.push({ char: ' ', confidence: c.confidence, from: prev.to, to: c.from });
    }
    out.push(c);
  }
  return out;
}

function centre(c: DecodedChar): number {
  return (c.from + c.to) / 2;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
