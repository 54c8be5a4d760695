import type { Principal } from '../auth/keys.ts';
import type { CatchUpStream } from '../events/catch-up.ts';
import type { JobSnapshot } from '../events/snapshots.ts';
import { ApiError } from '../jobs/errors.ts';
import type { Services } from '../services.ts';
import type { Loaders } from './loaders.ts';

export interface Context {
  services: Services;
  principal: Principal | null;
  loaders: Loaders;
  /** Where this request reached the server (scheme://host), for links it hands out. */
  baseUrl: string;
  /**
   * Set by the rate limit plugin (server/rate-limit.ts) to RATE_LIMIT_PER_MINUTE when the
   * operation is one createJob: the job's write counts it. Taken once, by createDeps.
   */
  deferredRateLimit?: number;
  /**
   * Over graphql-ws, for a jobUpdated subscription whose payload can be shared: hands the event
   * stream to the server, which then writes its live events straight to the socket, executed
   * once for all its subscribers alike (src/server/shared-fanout.ts).
   */
  shareEvents?: (stream: CatchUpStream<JobSnapshot>) => void;
}

/** The caller's organization; every resolver that touches data starts here. */
export function orgOf(ctx: Context): string {
  if (!ctx.principal) {
    throw new ApiError('UNAUTHENTICATED', 'a valid API key is required: Authorization: Bearer dk_…');
  }
  return ctx.principal.organizationId;
}
