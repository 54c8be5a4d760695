// CTC decoding of PP-OCR recognition output, with the spaces the Chinese+Latin model leaves out.
//
// The model emits, per time step (8 pixels of a 48-pixel-high line), a distribution over
// blank + the dictionary + space. Greedy decoding keeps each step's best class, folds repeats and
// drops blanks. Trained mostly on Chinese, the model seldom emits the space between Latin words
// ("JOHORBAHRU"), but between the words its space class still rises well above nothing while
// blank wins: that is taken as the word break.

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

/**
 * Where the model thought of a space but did not pick it: between two characters, a step whose
 * space probability reaches this. Measured on rendered lines: ~0 inside words, 0.14–0.6 at
 * breaks the model folds into blank (test/pipeline.ocr-engines.test.ts, docs/accuracy.md).
 */
export const SPACE_MIN_PROBABILITY = 0.08;

/**
 * Puts back the spaces the decoding lost: between two decoded characters, a step whose space
 * probability (`spaceProbability[t]`) reaches `min` is a word break.
 */
export function restoreSpaces(
  chars: DecodedChar[],
  spaceProbability: ArrayLike<number>,
  min = SPACE_MIN_PROBABILITY,
): DecodedChar[] {
  const out: DecodedChar[] = [];
  chars.forEach((c, i) => {
    const prev = chars[i - 1];
    if (prev && prev.char !== ' ' && c.char !== ' ') {
      let peak = 0;
      for (let t = prev.to + 1; t < c.from; t++) peak = Math.max(peak, spaceProbability[t] ?? 0);
      if (peak >= min) out.push({ char: ' ', confidence: peak, from: prev.to + 1, to: c.from - 1 });
    }
    out.push(c);
  });
  return out;
}

/** Below this, a lone glyph of one step at a box's end is a sliver of the next box's first letter. */
const SLIVER_BELOW = 0.7;

/**
 * A line without the sliver of a neighbouring word the detector's box cut through at either end:
 * a glyph of one step, alone after (or before) a space, at the box's first or last steps, read
 * unsure ("JALAN MAJLIS 14/10, S" | "SEKSYEN 14,"; "SHAH ALAM, 9" | "SELANGOR.").
 */
export function withoutSlivers(chars: DecodedChar[], steps: number): DecodedChar[] {
  const sliver = (c: DecodedChar | undefined, space: DecodedChar | undefined, atEdge: boolean) =>
    c !== undefined && space?.char === ' ' && atEdge && c.from === c.to && c.confidence < SLIVER_BELOW;
  let out = chars;
  if (sliver(out.at(-1), out.at(-2), (out.at(-1)?.to ?? 0) >= steps - 3)) out = out.slice(0, -2);
  if (sliver(out[0], out[1], (out[0]?.from ?? steps) <= 2)) out = out.slice(2);
  return out;
}

/** The probability of class `cls` at every step of a steps × classes output. */
export function classProbability(
  probs: Float32Array,
  steps: number,
  classes: number,
  cls: number,
): Float32Array {
  const out = new Float32Array(steps);
  for (let t = 0; t < steps; t++) out[t] = probs[t * classes + cls] as number;
  return out;
}
