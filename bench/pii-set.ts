// The presidio-research PII set: synthetic sentences with exact spans. A predicted span
// counts as a true positive when it overlaps an unmatched gold span of the same type
// (presidio's own evaluator is token-based, so partial overlaps count there too).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectPii } from '../src/pipeline/steps/pii.ts';
import type { Counts } from './metrics.ts';

// Presidio's entity names onto Docket's finding types; the rest (GPE, ORGANIZATION,
// DATE_TIME, TITLE, AGE, NRP, DOMAIN_NAME, ZIP_CODE, US_DRIVER_LICENSE) Docket does not detect.
export const PRESIDIO_TYPES: Record<string, string> = {
  EMAIL_ADDRESS: 'EMAIL',
  PHONE_NUMBER: 'PHONE_NUMBER',
  CREDIT_CARD: 'CREDIT_CARD',
  US_SSN: 'US_SSN',
  IBAN_CODE: 'IBAN',
  IP_ADDRESS: 'IP_ADDRESS',
  PERSON: 'PERSON',
  STREET_ADDRESS: 'ADDRESS',
};

interface Sentence {
  full_text: string;
  spans: { entity_type: string; start_position: number; end_position: number; entity_value: string }[];
}

export interface PiiSetResult {
  counts: Record<string, Counts>;
  errors: { type: string; kind: 'fp' | 'fn'; value: string; text: string }[];
}

export function evaluatePresidio(corpusDir: string): PiiSetResult {
  const path = join(corpusDir, 'pii/presidio-research/synth_dataset_v2.dev.json');
  const sentences = JSON.parse(readFileSync(path, 'utf8')) as Sentence[];
  const counts: Record<string, Counts> = {};
  const errors: PiiSetResult['errors'] = [];
  for (const type of Object.values(PRESIDIO_TYPES)) counts[type] = { tp: 0, fp: 0, fn: 0 };
  for (const s of sentences) {
    const gold = s.spans
      .filter((g) => PRESIDIO_TYPES[g.entity_type])
      .map((g) => ({
        type: PRESIDIO_TYPES[g.entity_type]!,
        start: g.start_position,
        end: g.end_position,
        used: false,
      }));
    for (const f of detectPii(s.full_text)) {
      const c = counts[f.type];
      if (!c) continue;
      const match = gold.find((g) => !g.used && g.type === f.type && f.start < g.end && g.start < f.end);
      if (match) {
        match.used = true;
        c.tp++;
      } else {
        c.fp++;
        errors.push({
          type: f.type,
          kind: 'fp',
          value: s.full_text.slice(f.start, f.end),
          text: s.full_text,
        });
      }
    }
    for (const g of gold) {
      if (g.used) continue;
      counts[g.type]!.fn++;
      errors.push({ type: g.type, kind: 'fn', value: s.full_text.slice(g.start, g.end), text: s.full_text });
    }
  }
  return { counts, errors };
}
