// SPLIT: cut a multi-page file into documents. Every page is classified on its own; a page
// with weak evidence (a terms page, an appendix, a blank) joins the range before it; a page
// whose category differs begins a new range, and so does a page with a strong start cue (a
// title naming a category, "Page 1 of N") even when the category repeats — two invoices in a
// row are two documents. "Page 3 of 4" ties a page to the range before it.

import type { Category } from '../types.ts';
import { headingStems, stemsOf, wordsOf } from './category-cues.ts';
import {
  assertCategories,
  type CategoryEvidence,
  categoryEvidence,
  type PreparedCategories,
  prepareCategories,
} from './classify.ts';

export interface SplitRange {
  name: string;
  pages: [number, number];
}

/** Below this much evidence a page does not decide its category by itself. */
const WEAK_EVIDENCE = 1.5;

interface PageVerdict {
  evidence: CategoryEvidence[];
  best: number;
  strong: boolean;
  startsDocument: boolean;
  continues: boolean;
}

const PAGE_RE =
  /\b(?:page|seite|pagina|página|strona|blad|pag\.)\s*:?\s*(\d{1,4})(?:\s*(?:of|\/|von|sur|de|di|z|van)\s*(\d{1,4}))?\b/i;

/** "Page 2 of 3", "Seite 2", "Page: 1 / 1" in a page's header or footer lines. */
function pageNumbering(text: string): { page: number; of: number | null } | null {
  const lines = text.split('\n').filter((l) => l.trim());
  for (const line of [...lines.slice(0, 5), ...lines.slice(-5)]) {
    const m = line.match(PAGE_RE);
    if (m) return { page: Number(m[1]), of: m[2] ? Number(m[2]) : null };
  }
  return null;
}

function verdict(
  text: string,
  prepared: PreparedCategories,
  headings: string[][],
  pageCount: number,
): PageVerdict {
  // Each page is scored as the single-page document it may be; it was not OCR'd as far as
  // the card-like shape cue is concerned (a page of a pile is not a card).
  const { evidence } = categoryEvidence(text, prepared, { pageCount: pageCount > 1 ? 2 : 1, ocr: false });
  let best = 0;
  evidence.forEach((e, i) => {
    if (e.raw > evidence[best]!.raw) best = i;
  });
  const top = evidence[best]!;
  const runnerUp = Math.max(0, ...evidence.filter((_, i) => i !== best).map((e) => e.raw));
  const strong = top.raw >= WEAK_EVIDENCE && top.raw > runnerUp * 1.2;
  const numbering = pageNumbering(text);
  // A heading that names a category: a short line among the first ones.
  const heading = text
    .split(/\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 5)
    .some((line) => {
      if (wordsOf(line).length > 6) return false;
      const stems = ` ${stemsOf(line)} `;
      return headings.some((h) => h.some((stem) => stems.includes(` ${stem} `)));
    });
  return {
    evidence,
    best,
    strong,
    startsDocument: numbering ? numbering.page === 1 : heading,
    continues: numbering !== null && numbering.page > 1,
  };
}

export function splitDocument(pages: string[], categories: Category[]): SplitRange[] {
  assertCategories(categories);
  if (!Array.isArray(pages) || pages.length === 0) return [];
  const prepared = prepareCategories(categories);
  const headings = categories.map(headingStems);
  const verdicts = pages.map((p) =>
    verdict(typeof p === 'string' ? p : '', prepared, headings, pages.length),
  );

  // Group pages into ranges of page indices.
  const groups: number[][] = [];
  let currentCategory = -1;
  verdicts.forEach((v, i) => {
    const current = groups[groups.length - 1];
    const newCategory = v.strong && v.best !== currentCategory;
    const restart = v.startsDocument && v.strong && !v.continues;
    if (!current || (!v.continues && (newCategory || restart))) {
      // A weak page never opens a range unless it is the first page.
      if (current && !v.strong) {
        current.push(i);
        return;
      }
      groups.push([i]);
      if (v.strong) currentCategory = v.best;
      else currentCategory = -1;
      return;
    }
    current.push(i);
    if (currentCategory < 0 && v.strong) currentCategory = v.best;
  });

  // A leading range of weak pages (a cover sheet) joins the first decided range after it.
  if (groups.length > 1) {
    const first = groups[0]!;
    if (first.every((i) => !verdicts[i]!.strong)) {
      groups.splice(0, 1);
      groups[0]!.unshift(...first);
    }
  }

  return groups.map((group) => {
    // The range's category: the most evidence summed over its pages.
    const totals = categories.map((_, c) => group.reduce((sum, i) => sum + verdicts[i]!.evidence[c]!.raw, 0));
    let best = 0;
    totals.forEach((t, c) => {
      if (t > totals[best]!) best = c;
    });
    return {
      name: categories[best]!.name,
      pages: [group[0]! + 1, group[group.length - 1]! + 1] as [number, number],
    };
  });
}
