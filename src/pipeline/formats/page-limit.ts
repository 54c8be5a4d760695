import type { PipelineLimits } from '../types.ts';
import { PipelineError } from '../types.ts';

/** Fails with too_many_pages before any page is worked on. */
export function assertPageCount(pageCount: number, limits: PipelineLimits, what: string): void {
  if (pageCount <= limits.maxPages) return;
  throw new PipelineError(
    'too_many_pages',
    `The ${what} has ${pageCount} pages; at most ${limits.maxPages} are allowed.`,
    {
      pageCount,
      maxPages: limits.maxPages,
    },
  );
}

/** Fails before an image is decoded: no size at all is corrupt_document, too many pixels document_too_large. */
export function assertImageSize(width: number, height: number, limits: PipelineLimits, page: number): void {
  if (width <= 0 || height <= 0)
    throw new PipelineError('corrupt_document', 'The image has no size.', { page });
  if (width * height <= limits.maxPixels) return;
  throw new PipelineError(
    'document_too_large',
    `The image is ${width}×${height} pixels; at most ${limits.maxPixels} pixels are allowed.`,
    { page, width, height, maxPixels: limits.maxPixels },
  );
}
