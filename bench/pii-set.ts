// The presidio-research PII set: synthetic sentences with exact spans. Scored per token,
// as presidio-research's own evaluator does: each whitespace-separated token takes the
// type of the gold span and of the finding that cover it, and per type a token is a true
// positive when both agree. Token scoring keeps a long address found as one span from
// counting as one hit and four misses when the gold splits it into pieces.
import { readFileSync } from 'node:fs';
import { detectPii } from '../src/pipeline/steps/pii.ts';
import type { Counts } from './metrics.ts';

// Presidio's entity names onto Docket's finding types; the rest (GPE, ORGANIZATION,
// DATE_TIME, TITLE, AGE, NRP, DOMAIN_NAME, ZIP_CODE, US_DRIVER_LICENSE) Docket does not
// detect, and their tokens count as "no PII".
export const PRESIDIO_TYPES: Record<string, string> = {
  EMAIL_ADDRESS: 'EMAIL',
  PHONE_NUMBER: 'PHONE_NUMBER',
  CREDIT_CARD: 'CREDIT_CARD',
  US_SSN: 'US_SSN',
  IBAN_CODE: 'IBAN',
  IP_ADDRESS: 'IP_ADDRESS',
  PERSON: 'PERSON',
  STREET_ADDRESS: 'ADDRESS',
  ADDRESS: 'ADDRESS',
};

interface Sentence {
  full_text: string;
  spans: { entity_type: string; start_position: number; end_position: number }[];
}

export interface PiiError {
  type: string;
  kind: 'fp' | 'fn';
  token: string;
  text: string;
}

export interface PiiSetResult {
  sentences: number;
  counts: Record<string, Counts>;
  errors: PiiError[];
}

function typeAt(
  spans: { type: string; start: number; end: number }[],
  start: number,
  end: number,
): string | undefined {
  return spans.find((s) => start < s.end && s.start < end)?.type;
}

/**
 * `path`: a file of sentences in presidio-research's format: the corpus's
 * synth_dataset_v2.dev.json (754 sentences, the one the detectors were tuned on),
 * generated_small.json (100, held out), or bench/written/pii-sentences.json.
 */
export function evaluatePresidio(path: string): PiiSetResult {
  const sentences = JSON.parse(readFileSync(path, 'utf8')) as Sentence[];
  const counts: Record<string, Counts> = {};
  const errors: PiiError[] = [];
  for (const type of Object.values(PRESIDIO_TYPES)) counts[type] = { tp: 0, fp: 0, fn: 0 };
  for (const s of sentences) {
    const gold = s.spans
      .filter((g) => PRESIDIO_TYPES[g.entity_type])
      .map((g) => ({ type: PRESIDIO_TYPES[g.entity_type]!, start: g.start_position, end: g.end_position }));
    const found = detectPii(s.full_text);
    for (const m of s.full_text.matchAll(/\S+/g)) {
      const start = m.index;
      const end = start + m[0].length;
      const want = typeAt(gold, start, end);
      const got = typeAt(found, start, end);
      if (want && want === got) counts[want]!.tp++;
      else {
        if (got && counts[got]) {
          counts[got].fp++;
          errors.push({ type: got, kind: 'fp', token: m[0], text: s.full_text });
        }
        if (want) {
          counts[want]!.fn++;
          errors.push({ type: want, kind: 'fn', token: m[0], text: s.full_text });
        }
      }
    }
  }
  return { sentences: sentences.length, counts, errors };
}
