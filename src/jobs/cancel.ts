import { sql } from 'drizzle-orm';
import { fromDrizzle, type PgBoss } from 'pg-boss';
import type { Database } from '../db/client.ts';
import type { JobRow } from '../db/schema.ts';
import { ApiError, notFound } from './errors.ts';
import { hasEnded, transition } from './lifecycle.ts';
import { getJob } from './queries.ts';
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
