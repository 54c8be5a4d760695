// Metrics shared by the accuracy sets: order-insensitive word F1, character error rate,
// and precision/recall/F1 over counted matches.
import { distance } from 'fastest-levenshtein';

export function normaliseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function wordCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of normaliseWhitespace(text).split(' ')) {
    if (word) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return counts;
}

/** Word F1 as a bag of words: reading order does not matter, repeated words do. */
export function wordF1(hypothesis: string, reference: string): number {
  const hyp = wordCounts(hypothesis);
  const ref = wordCounts(reference);
  let common = 0;
  let hypTotal = 0;
  let refTotal = 0;
  for (const [w, n] of hyp) {
    hypTotal += n;
    common += Math.min(n, ref.get(w) ?? 0);
  }
  for (const n of ref.values()) refTotal += n;
  if (hypTotal === 0 && refTotal === 0) return 1;
  if (common === 0) return 0;
  const p = common / hypTotal;
  const r = common / refTotal;
  return (2 * p * r) / (p + r);
}

/** Character error rate: edit distance ÷ reference length, after whitespace normalisation. */
export function cer(hypothesis: string, reference: string): number {
  const hyp = normaliseWhitespace(hypothesis);
  const ref = normaliseWhitespace(reference);
  if (ref.length === 0) return hyp.length === 0 ? 0 : 1;
  return distance(hyp, ref) / ref.length;
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export function prf(c: Counts): { precision: number; recall: number; f1: number } {
  const precision = c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

export function mean(values: number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
}
