// retryJob: a FAILED or CANCELLED job runs again under the same id. Its next attempt numbers
// on from the last (attempt_history keeps them all), its version continues, and its events
// and webhooks come as for any run.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { fromDrizzle, type PgBoss } from 'pg-boss';
import type { Database } from '../db/client.ts';
import type { JobRow, JobStatus } from '../db/schema.ts';
import { currentTraceparent } from '../tracing/index.ts';
import { ApiError, notFound } from './errors.ts';
import { NO_OUTCOME, transition } from './lifecycle.ts';
import { getJob } from './queries.ts';
import { QUEUE_PRIORITY, QUEUES, sendTask } from './queue.ts';

export const RETRYABLE: readonly JobStatus[] = ['FAILED', 'CANCELLED'];

export async function retryJob(
  deps: { db: Database; boss: PgBoss; retentionDays: number },
  organizationId: string,
  id: string,
): Promise<JobRow> {
  const { db, boss } = deps;
  const job = await getJob(db, organizationId, id);
  if (!job) throw notFound('job', id);
  refuseUnretryable(job);
  const queueJobId = randomUUID();
  const retried = await db.transaction(async (tx) => {
    const now = Date.now();
    const row = await transition(
      tx,
      id,
      'QUEUED',
      {
        stage: null,
        ...NO_OUTCOME,
        queueJobId,
        // Retention counts from the retry's end, not from the first run's.
        expiresAt: new Date(now + deps.retentionDays * 86_400_000),
      },
      { from: RETRYABLE },
    );
    if (!row) return null;
    const options = { db: fromDrizzle(tx, sql) };
    // A task of an earlier run the queue may still hold (a retry pending after a dead worker)
    // must not start alongside this one.
    if (job.queueJobId) await boss.cancel(QUEUES.run.name, job.queueJobId, options);
    await sendTask(
      boss,
      'run',
      { jobId: id, organizationId, traceparent: currentTraceparent(), attemptBase: row.attempts },
      { tx, id: queueJobId, group: { id: organizationId }, priority: QUEUE_PRIORITY[row.priority] },
    );
    return row;
  });
  if (retried) return retried;
  // It moved between our read and our write (another retry, retention): answer for where it is.
  const now = await getJob(db, organizationId, id);
  if (!now) throw notFound('job', id);
  refuseUnretryable(now);
  return now;
}

function refuseUnretryable(job: JobRow): void {
  if (job.status === 'EXPIRED') {
    throw new ApiError(
      'CONFLICT',
      'job is EXPIRED: its document and request were deleted at retention, so it cannot run again; create a new job',
    );
  }
  if (!RETRYABLE.includes(job.status)) {
    throw new ApiError('CONFLICT', `job is ${job.status}; only FAILED or CANCELLED jobs can be retried`);
  }
}
