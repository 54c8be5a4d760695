// The streams behind `jobUpdated`: one job by id, or every matching job of an organization,
// both the one catch-up loop (catch-up.ts) over the hub's live events and job_events.
import type { Database } from '../db/client.ts';
import { notFound } from '../jobs/errors.ts';
import { hasEnded } from '../jobs/lifecycle.ts';
import { type JobFilter, matchesFilter } from '../jobs/queries.ts';
import { type CatchUpStream, catchUpStream } from './catch-up.ts';
import type { JobEventHub } from './hub.ts';
import {
  currentSeq,
  type JobSnapshot,
  loadCurrentJob,
  loadJobEventsAfter,
  loadOrgEventsAfter,
} from './snapshots.ts';

/** Events held for a subscriber that is not reading; past it, it catches up from the database. */
export const SUBSCRIBER_BUFFER = 256;

/**
 * The job as it is now, then one snapshot per version in order, ending after it has ended
 * (terminal or EXPIRED). Memory per subscriber is bounded: a slow reader, a lost notification
 * or a LISTEN reconnect all fall back to reading the missed versions from job_events.
 */
export function watchJob(
  db: Database,
  hub: JobEventHub,
  organizationId: string,
  jobId: string,
): CatchUpStream<JobSnapshot> {
  return catchUpStream<JobSnapshot>(
    {
      subscribe: (onEvent, onResync) => hub.subscribe(organizationId, onEvent, { jobId, onResync }),
      start: async () => {
        const current = await loadCurrentJob(db, organizationId, jobId);
        if (!current) throw notFound('job', jobId);
        return { after: current.version - 1, first: [current] };
      },
      position: (job) => job.version,
      readAfter: (version) => loadJobEventsAfter(db, organizationId, jobId, version),
      isLast: (job) => hasEnded(job.status),
    },
    SUBSCRIBER_BUFFER,
  );
}

/**
 * Every change to the organization's jobs that match `filter`: after the event `since` (a
 * seq) when given, else from now on; each event once, in seq order.
 */
export function watchJobs(
  db: Database,
  hub: JobEventHub,
  organizationId: string,
  filter: JobFilter,
  since?: number,
): CatchUpStream<JobSnapshot> {
  return catchUpStream<JobSnapshot>(
    {
      subscribe: (onEvent, onResync) => hub.subscribe(organizationId, onEvent, { onResync }),
      start: async () => ({
        after: since ?? (await currentSeq(db, organizationId)),
        behind: since !== undefined,
        fromNow: since === undefined,
      }),
      position: (event) => event.seq,
      readAfter: (seq) => loadOrgEventsAfter(db, organizationId, seq, SUBSCRIBER_BUFFER),
      accept: (event) => matchesFilter(event, filter),
    },
    SUBSCRIBER_BUFFER,
  );
}
