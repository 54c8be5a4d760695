import { and, inArray, sql } from 'drizzle-orm';
import { fromDrizzle, type PgBoss } from 'pg-boss';
import type { Database } from '../db/client.ts';
import { retryOnDeadlock } from '../db/deadlock.ts';
import { type JobRow, jobs } from '../db/schema.ts';
import { ApiError, badInput, notFound } from './errors.ts';
import { hasEnded, transition, transitionMany } from './lifecycle.ts';
import { filterConditions, getJob, type JobFilter } from './queries.ts';
import { QUEUES } from './queue.ts';

/**
 * VALIDATING and QUEUED jobs are cancelled at once; an IN_PROGRESS job is marked cancelled
 * now and its run, which hears the event, stops at its next checkpoint. Cancelling a
 * cancelled job returns it; any other finished job is a CONFLICT.
 */
export async function cancelJob(
  db: Database,
  boss: PgBoss,
  organizationId: string,
  id: string,
): Promise<JobRow> {
  const job = await getJob(db, organizationId, id);
  if (!job) throw notFound('job', id);
  if (job.status === 'CANCELLED') return job;
  if (hasEnded(job.status)) {
    throw new ApiError(
      'CONFLICT',
      `job is ${job.status}; only VALIDATING, QUEUED or IN_PROGRESS jobs can be cancelled`,
    );
  }
  const cancelled = await db.transaction(async (tx) => {
    const row = await transition(tx, id, 'CANCELLED', { stage: null, completedAt: new Date() }, { boss });
    if (row && job.status !== 'IN_PROGRESS' && job.queueJobId) {
      await boss.cancel(QUEUES.run.name, job.queueJobId, { db: fromDrizzle(tx, sql) });
    }
    return row;
  });
  if (cancelled) return cancelled;
  // It finished (or was cancelled) between our read and our write: answer for where it is now.
  return cancelJob(db, boss, organizationId, id);
}

/** Jobs one cancelJobs call cancels at most. */
export const MAX_BULK_CANCEL = 10_000;
/** Jobs cancelled per transaction: keeps each one's locks and its NOTIFY burst short. */
const CANCEL_CHUNK = 500;

export interface BulkCancel {
  /** Jobs this call moved to CANCELLED. */
  cancelled: number;
  /** Jobs that had already finished (COMPLETED, FAILED, CANCELLED or EXPIRED); left as they were. */
  alreadyFinished: number;
}

/**
 * cancelJob for many jobs, named by ids or by a filter (exactly one). Queued jobs never
 * start; running ones stop as cancelJob stops them. Ids that name no job of the
 * organization are in neither count.
 */
export async function cancelJobs(
  db: Database,
  boss: PgBoss,
  organizationId: string,
  target: { ids?: readonly string[] | null | undefined; filter?: JobFilter | null | undefined },
): Promise<BulkCancel> {
  const { ids, filter } = target;
  if ((ids == null) === (filter == null)) {
    throw badInput('cancelJobs takes exactly one of ids or filter', {
      field: ids == null ? 'ids' : 'filter',
    });
  }
  if (ids && ids.length > MAX_BULK_CANCEL) {
    throw badInput(
      `ids: at most ${MAX_BULK_CANCEL} jobs per cancelJobs call, got ${ids.length}; cancel in several calls`,
      { field: 'ids' },
    );
  }
  const where = ids
    ? [...filterConditions(organizationId, null), inArray(jobs.id, [...ids])]
    : filterConditions(organizationId, filter);
  const matched = await db
    .select({ id: jobs.id, status: jobs.status, queueJobId: jobs.queueJobId })
    .from(jobs)
    .where(and(...where))
    .limit(MAX_BULK_CANCEL + 1);
  if (matched.length > MAX_BULK_CANCEL) {
    throw badInput(
      `filter matches more than ${MAX_BULK_CANCEL} jobs, the most one cancelJobs call cancels; ` +
        'narrow it (status, createdBefore, metadata) and call again',
      { field: 'filter' },
    );
  }
  const open = matched.filter((j) => !hasEnded(j.status));
  let cancelled = 0;
  for (let i = 0; i < open.length; i += CANCEL_CHUNK) {
    const chunk = open.slice(i, i + CANCEL_CHUNK);
    // Retried on a deadlock: another bulk cancel of the organization may lock the same queue
    // counters in the other order; the aborted chunk changed nothing.
    cancelled += await retryOnDeadlock(() =>
      db.transaction(async (tx) => {
        const rows = await transitionMany(
          tx,
          organizationId,
          chunk.map((j) => j.id),
          'CANCELLED',
          { stage: null, completedAt: new Date() },
          { boss },
        );
        // Not yet started: take their queue tasks away so no worker picks them up (a running
        // one hears the event and stops, as with cancelJob).
        const moved = new Set(rows.map((r) => r.id));
        const queued = chunk.flatMap((j) =>
          moved.has(j.id) && j.status !== 'IN_PROGRESS' && j.queueJobId ? [j.queueJobId] : [],
        );
        if (queued.length > 0) await boss.cancel(QUEUES.run.name, queued, { db: fromDrizzle(tx, sql) });
        return rows.length;
      }),
    );
  }
  return { cancelled, alreadyFinished: matched.length - cancelled };
}
