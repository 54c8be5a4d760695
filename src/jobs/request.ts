import type { JobRow } from '../db/schema.ts';

/**
 * The request as clients see it (`Job.request`, webhook bodies): everything asked for except a
 * PDF password, which is kept in the row only so that a retry can open the document again.
 */
export function publicRequest(request: JobRow['request']): JobRow['request'] {
  const options = request?.options as Record<string, unknown> | undefined;
  if (!request || !options || !('password' in options)) return request;
  const { password: _, ...rest } = options;
  return { ...request, options: rest };
}
