// The streams behind `jobUpdated`: one job by id, or every matching job of an organization.
import { Repeater } from 'graphql-yoga';
import type { Database } from '../db/client.ts';
import type { JobRow } from '../db/schema.ts';
import { ApiError, notFound } from './errors.ts';
import { type JobEventHub, loadJobEventsAfter, loadOrgEventsSince } from './events.ts';
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

/** How far back a catch-up after a LISTEN gap reaches before the last event delivered. */
const CATCH_UP_MARGIN_MS = 5000;
/** Jobs whose last sent version a subscriber remembers, to send only what a catch-up missed. */
const REMEMBERED_JOBS = 10_000;

/**
 * Every change to the organization's jobs that match `filter`, as it happens. A subscriber
 * that falls SUBSCRIBER_BUFFER events behind is ended with an error rather than letting
 * the server's memory grow; it can subscribe again. When the LISTEN reconnects (a database
 * restart), the events committed meanwhile are read back from job_events and the ones this
 * subscriber has not had are sent.
 */
export function watchJobs(db: Database, hub: JobEventHub, organizationId: string, filter: JobFilter) {
  return new Repeater<JobRow>(async (push, stop) => {
    let queued = 0;
    let lastAt = new Date();
    const sent = new Map<string, number>();
    const send = (job: JobRow) => {
      if (!matchesFilter(job, filter) || (sent.get(job.id) ?? 0) >= job.version) return;
      if (queued >= SUBSCRIBER_BUFFER) {
        stop(new ApiError('RATE_LIMITED', `subscriber fell more than ${SUBSCRIBER_BUFFER} events behind`));
        return;
      }
      sent.delete(job.id);
      sent.set(job.id, job.version);
      if (sent.size > REMEMBERED_JOBS) sent.delete(sent.keys().next().value as string);
      if (job.updatedAt > lastAt) lastAt = job.updatedAt;
      queued++;
      void push(job).then(() => queued--);
    };
    const catchUp = async () => {
      const since = new Date(lastAt.getTime() - CATCH_UP_MARGIN_MS);
      const missed = await loadOrgEventsSince(db, organizationId, since, SUBSCRIBER_BUFFER).catch(() => []);
      for (const job of missed) send(job);
    };
    const unsubscribe = hub.subscribe(organizationId, send, { onResync: () => void catchUp() });
    await stop;
    unsubscribe();
  });
}
