// CLASSIFY: pick one of the caller's categories by the evidence in the text. Each category's
// cues (its name, its description's words and quoted phrases, and a lexicon for common document
// types) are counted in the stemmed text; a cue weighs by its strength, sublinearly by its
// count, more in the title lines, and less when several categories share it (an IDF over the
// categories). Scores are the normalised evidence; the reasoning cites what was found.

import { type Category, PipelineError } from '../types.ts';
import { type Cue, countCue, cuesFor, stemsOf } from './category-cues.ts';

export interface Classification {
  classification: string;
  reasoning: string;
  confidence: number;
  scores: Record<string, number>;
}

export interface CategoryEvidence {
  category: Category;
  raw: number;
  cues: number;
  found: { phrase: string; count: number; contribution: number }[];
}

// Only the start of a very long text is read: the type of a document shows early, and
// counting cues over hundreds of megabytes would only cost time.
const MAX_CHARS = 400_000;
const TITLE_CHARS = 300;

export function assertCategories(categories: Category[]): void {
  if (!Array.isArray(categories) || categories.length === 0) {
    throw new PipelineError('invalid_request', 'at least one category is needed; none were given');
  }
  const names = new Set<string>();
  for (const c of categories) {
    if (!c || typeof c.name !== 'string' || !c.name.trim()) {
      throw new PipelineError('invalid_request', 'every category needs a non-empty name');
    }
    if (names.has(c.name)) throw new PipelineError('invalid_request', `category "${c.name}" is given twice`);
    names.add(c.name);
  }
}

/** Evidence for each category in `text`; `cueSets` lets callers that score many pages reuse the cues. */
export function categoryEvidence(
  text: string,
  categories: Category[],
  cueSets = categories.map(cuesFor),
): CategoryEvidence[] {
  const body = ` ${stemsOf(text.slice(0, MAX_CHARS))} `;
  const title = ` ${stemsOf(text.trimStart().slice(0, TITLE_CHARS))} `;
  // In how many categories' cue sets each cue appears: shared cues discriminate less.
  const df = new Map<string, number>();
  for (const cues of cueSets) for (const c of cues) df.set(c.stems, (df.get(c.stems) ?? 0) + 1);
  return categories.map((category, i) => {
    const cues: Cue[] = cueSets[i] ?? [];
    const found: CategoryEvidence['found'] = [];
    let raw = 0;
    for (const cue of cues) {
      const count = countCue(body, cue);
      if (count === 0) continue;
      const idf = 1 / (df.get(cue.stems) ?? 1);
      const inTitle = countCue(title, cue) > 0 ? 1.5 : 1;
      const contribution = cue.weight * (1 + Math.log(count)) * idf * inTitle;
      raw += contribution;
      found.push({ phrase: cue.phrase, count, contribution });
    }
    found.sort((a, b) => b.contribution - a.contribution);
    return { category, raw, cues: cues.length, found };
  });
}

const quote = (s: string) => `"${s}"`;
const round3 = (n: number) => Math.round(n * 1000) / 1000;

export function summarise(evidence: CategoryEvidence[]): Classification {
  // Smoothing keeps a category without evidence from a score of exactly 0 and spreads the
  // scores evenly when nothing was found at all.
  const smoothing = 0.25;
  const total = evidence.reduce((sum, e) => sum + e.raw + smoothing, 0);
  const scores: Record<string, number> = {};
  for (const e of evidence) scores[e.category.name] = round3((e.raw + smoothing) / total);
  const ranked = [...evidence].sort((a, b) => b.raw - a.raw);
  const top = ranked[0]!;
  const second = ranked[1];
  if (top.raw === 0) {
    return {
      classification: top.category.name,
      reasoning: `No evidence for any category was found in the text; chose "${top.category.name}", the first given.`,
      confidence: round3(1 / evidence.length / 2),
      scores,
    };
  }
  const share = (top.raw + smoothing) / total;
  // Little evidence caps the confidence however lopsided the scores are.
  const strength = 1 - Math.exp(-top.raw / 3);
  const confidence = round3(Math.min(0.99, share * (0.5 + 0.5 * strength)));
  const cited = top.found
    .slice(0, 5)
    .map((f) => (f.count > 1 ? `${quote(f.phrase)} ×${f.count}` : quote(f.phrase)));
  let reasoning = `Chose ${quote(top.category.name)}: found ${cited.join(', ')} (${top.found.length} of ${top.cues} cues).`;
  for (const other of ranked.slice(1, 3)) {
    const words = other.found.slice(0, 3).map((f) => quote(f.phrase));
    reasoning +=
      words.length === 0
        ? ` ${quote(other.category.name)} matched nothing.`
        : ` ${quote(other.category.name)} matched ${other.found.length <= 1 ? 'only ' : ''}${words.join(', ')}${other.found.length > 3 ? ` and ${other.found.length - 3} more` : ''}.`;
  }
  if (second && second.raw > top.raw * 0.8) reasoning += ' The margin is small.';
  return { classification: top.category.name, reasoning, confidence, scores };
}

export function classifyDocument(text: string, categories: Category[]): Classification {
  assertCategories(categories);
  return summarise(categoryEvidence(text ?? '', categories));
}
