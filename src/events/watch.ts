// The streams behind `jobUpdated`: one job by id, or every matching job of an organization.
import { Repeater } from 'graphql-yoga';
import type { Database } from '../db/client.ts';
import { notFound } from '../jobs/errors.ts';
import { hasEnded } from '../jobs/lifecycle.ts';
import { type JobFilter, matchesFilter } from '../jobs/queries.ts';
import {
  currentSeq,
  type JobEventHub,
  type JobSnapshot,
  loadCurrentJob,
  loadJobEventsAfter,
  loadOrgEventsAfter,
} from './hub.ts';

/** Events held for a subscriber that is not reading; past it, it catches up from the database. */
export const SUBSCRIBER_BUFFER = 256;

/**
 * The job as it is now, then one snapshot per version in order, ending after the terminal
 * state. Memory per subscriber is bounded: a slow reader, a lost notification or a LISTEN
 * reconnect all fall back to reading the missed versions from job_events.
 */
export function watchJob(db: Database, hub: JobEventHub, organizationId: string, jobId: string) {
  return new Repeater<JobSnapshot>(async (push, stop) => {
    const pending: JobSnapshot[] = [];
    let catchUp = false;
    let stopped = false;
    let wake: (() => void) | null = null;
    const unsubscribe = hub.subscribe(
      organizationId,
      (job) => {
        if (pending.length >= SUBSCRIBER_BUFFER) {
          pending.length = 0;
          catchUp = true;
        } else pending.push(job);
        wake?.();
      },
      {
        jobId,
        onResync: () => {
          catchUp = true;
          wake?.();
        },
      },
    );
    void stop.then(() => {
      stopped = true;
      wake?.();
    });
    try {
      const current = await loadCurrentJob(db, organizationId, jobId);
      if (!current) throw notFound('job', jobId);
      let last = current.version;
      await push(current);
      if (hasEnded(current.status)) return;
      while (!stopped) {
        if (pending.length === 0 && !catchUp) await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        let batch: JobSnapshot[];
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
          if (hasEnded(job.status)) return;
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
 * Every change to the organization's jobs that match `filter`: after the event `since` (a
 * seq) when given, else from now on. The organization's events carry a gap-free seq in
 * commit order, so a subscriber knows exactly what it has had: whatever it cannot take from
 * the live notifications (a backlog to replay, SUBSCRIBER_BUFFER events not yet read, a
 * LISTEN reconnect, a notification lost or out of turn) it reads from job_events after the
 * last seq it handled. Memory per subscriber stays bounded; each event goes out once, in order.
 */
export function watchJobs(
  db: Database,
  hub: JobEventHub,
  organizationId: string,
  filter: JobFilter,
  since?: number,
) {
  return new Repeater<JobSnapshot>(async (push, stop) => {
    const live: JobSnapshot[] = [];
    let behind = since !== undefined;
    let stopped = false;
    let wake: (() => void) | null = null;
    /** The last seq handled; null until the starting point is read. */
    let last: number | null = null;
    const unsubscribe = hub.subscribe(
      organizationId,
      (event) => {
        // While parked with nothing waiting, the next event in sequence that the filter drops
        // is handled here without waking the loop: with thousands of subscribers, most events
        // match few of them, and a wake-up each costs promises and garbage.
        if (wake && last !== null && !behind && live.length === 0 && event.seq === last + 1) {
          if (!matchesFilter(event, filter)) {
            last = event.seq;
            return;
          }
        }
        if (live.length >= SUBSCRIBER_BUFFER) {
          live.length = 0;
          behind = true;
        } else live.push(event);
        wake?.();
      },
      {
        onResync: () => {
          behind = true;
          wake?.();
        },
      },
    );
    void stop.then(() => {
      stopped = true;
      wake?.();
    });
    try {
      // Read after subscribing: every later event is either notified to us or in job_events.
      last = since ?? (await currentSeq(db, organizationId));
      while (!stopped) {
        if (live.length === 0 && !behind) await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        let batch: JobSnapshot[];
        const next = live.shift();
        if (behind || (next && next.seq > last + 1)) {
          behind = false;
          live.length = 0;
          batch = await loadOrgEventsAfter(db, organizationId, last, SUBSCRIBER_BUFFER);
          // A full page: there may be more to read before the live events.
          if (batch.length === SUBSCRIBER_BUFFER) behind = true;
        } else batch = next ? [next] : [];
        for (const event of batch) {
          if (stopped) return;
          if (event.seq <= last) continue;
          last = event.seq;
          if (matchesFilter(event, filter)) await push(event);
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
