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
