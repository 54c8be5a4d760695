// The streams behind `jobUpdated`: one job by id, or every matching job of an organization.
import { Repeater } from 'graphql-yoga';
import type { Database } from '../db/client.ts';
import type { JobRow } from '../db/schema.ts';
import { ApiError, notFound } from './errors.ts';
import { type JobEventHub, loadJobEventsAfter } from './events.ts';
import { isTerminal } from './lifecycle.ts';
import { getJob, type JobFilter, matchesFilter } from './queries.ts';

/** Events held for a subscriber that is not reading; past it, it catches up from the database. */
export const SUBSCRIBER_BUFFER = 256;

/**
 * The job as it is now, then one snapshot per version in order, ending after the terminal
 * state. Memory per subscriber is bounded: a slow reader, a lost notification or a LISTEN
 * reconnect all fall back to reading the missed versions from job_events.
 */
export function watchJob(db: Database, hub: JobEventHub, organizationId: string, jobId: string) {
  return new Repeater<JobRow>(async (push, stop) => {
    const pending: JobRow[] = [];
    let catchUp = false;
    let stopped = false;
    let wake: (() => void) | null = null;
    const unsubscribe = hub.subscribe(
      organizationId,
      (job) => {
        if (job.id !== jobId) return;
        if (pending.length >= SUBSCRIBER_BUFFER) {
          pending.length = 0;
          catchUp = true;
        } else pending.push(job);
        wake?.();
      },
      () => {
        catchUp = true;
        wake?.();
      },
    );
    void stop.then(() => {
      stopped = true;
      wake?.();
    });
    try {
      const current = await getJob(db, organizationId, jobId);
      if (!current) throw notFound('job', jobId);
      let last = current.version;
      await push(current);
      if (isTerminal(current.status)) return;
      while (!stopped) {
        if (pending.length === 0 && !catchUp) await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        let batch: JobRow[];
        const next = pending.shift();
        if (catchUp || (next && next.version > last + 1)) {
          catchUp = false;
          pending.length = 0;
          batch = await loadJobEventsAfter(db, organizationId, jobId, last);
        } else batch = next ? [next] : [];
        for (const job of batch) {
          if (stopped) return;
          if (job.version <= last) continue;
          last = job.version;
          await push(job);
          if (isTerminal(job.status)) return;
        }
      }
    } catch (err) {
      stop(err);
    } finally {
      unsubscribe();
      stop();
    }
  });
}

/**
 * Every change to the organization's jobs that match `filter`, as it happens. A subscriber
 * that falls SUBSCRIBER_BUFFER events behind is ended with an error rather than letting
 * the server's memory grow; it can subscribe again.
 */
export function watchJobs(hub: JobEventHub, organizationId: string, filter: JobFilter) {
  return new Repeater<JobRow>(async (push, stop) => {
    let queued = 0;
    const unsubscribe = hub.subscribe(organizationId, (job) => {
      if (!matchesFilter(job, filter)) return;
      if (queued >= SUBSCRIBER_BUFFER) {
        stop(new ApiError('RATE_LIMITED', `subscriber fell more than ${SUBSCRIBER_BUFFER} events behind`));
        return;
      }
      queued++;
      void push(job).then(() => queued--);
    });
    await stop;
    unsubscribe();
  });
}
