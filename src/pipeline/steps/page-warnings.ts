// Warnings about single pages: one that gave no text, one OCR read with little confidence. The
// job still completes with the other pages; these say which pages its result is missing or
// cannot vouch for.
import type { OcrMode, PipelineWarning } from '../types.ts';
import { MIN_PAGE_CHARS } from './quality.ts';

/**
 * Under this OCR confidence a page is LOW_CONFIDENCE_PAGE: the engine is less sure of its
 * reading than not, and the quality score puts such a text in grade D.
 */
export const LOW_CONFIDENCE_BELOW = 0.5;

export interface PageForWarnings {
  /** 1-based. */
  index: number;
  text: string;
  ocr: boolean;
  /** 0..1; NaN when the engine gave none. */
  confidence: number;
}

export function pageWarnings(pages: readonly PageForWarnings[], ocr: OcrMode): PipelineWarning[] {
  const warnings: PipelineWarning[] = [];
  for (const p of pages) {
    const empty = p.text.replace(/\s/g, '').length < MIN_PAGE_CHARS;
    if (empty) {
      warnings.push({ code: 'PAGE_UNREADABLE', page: p.index, message: emptyPageMessage(p, ocr) });
    } else if (p.ocr && Number.isFinite(p.confidence) && p.confidence < LOW_CONFIDENCE_BELOW) {
      warnings.push({
        code: 'LOW_CONFIDENCE_PAGE',
        page: p.index,
        message: `OCR read page ${p.index} with confidence ${p.confidence.toFixed(2)} (below ${LOW_CONFIDENCE_BELOW.toFixed(2)}): its text may be wrong.`,
      });
    }
  }
  return warnings;
}

function emptyPageMessage(p: PageForWarnings, ocr: OcrMode): string {
  // With OCR off an image page is still marked as an OCR page: it is one, left unread.
  if (ocr === 'OFF')
    return `Page ${p.index} gave no text: it has no text layer and OCR was off (options.ocr OFF).`;
  if (p.ocr)
    return `Page ${p.index} gave no text: OCR read nothing on it (a blank page, or a scan too faint or damaged to read).`;
  return `Page ${p.index} has no text (fewer than ${MIN_PAGE_CHARS} characters).`;
}
