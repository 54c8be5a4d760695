// The job lifecycle as a state machine. This is the only code that writes a job's status:
// every change bumps `version`, appends a job event and NOTIFYs, in one transaction; a
// terminal change also queues the organization's webhook deliveries in that transaction.
//
//   VALIDATING → QUEUED → IN_PROGRESS → COMPLETED | FAILED | CANCELLED
//   (any non-terminal state → CANCELLED;  any terminal state → EXPIRED)
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { PgBoss } from 'pg-boss';
import { z } from 'zod';
import type { Executor } from '../db/client.ts';
import {
  JOB_STATUSES,
  type JobRow,
  type JobStatus,
  jobEvents,
  jobs,
  organizations,
  TERMINAL_STATUSES,
} from '../db/schema.ts';
import type { Stage } from '../pipeline/types.ts';
import { enqueueDeliveries } from './webhooks.ts';

// Job events travel as Postgres NOTIFY on one channel. Payloads are small (ids, version and
// status; NOTIFY caps at 8000 bytes): a listener loads the job itself (events/hub.ts).
export const JOB_EVENTS_CHANNEL = 'docket_job_events';

export interface JobEventRef {
  jobId: string;
  organizationId: string;
  version: number;
  status: JobStatus;
}

const payloadSchema = z.object({
  j: z.string(),
  o: z.string(),
  v: z.number().int(),
  s: z.enum(JOB_STATUSES),
});

/** The NOTIFY payload of an event on JOB_EVENTS_CHANNEL. */
export function eventPayload(ref: JobEventRef): string {
  return JSON.stringify({ j: ref.jobId, o: ref.organizationId, v: ref.version, s: ref.status });
}

/** The event a NOTIFY payload names; null for anything else on the channel. */
export function readEventPayload(raw: string): JobEventRef | null {
  try {
    const p = payloadSchema.parse(JSON.parse(raw));
    return { jobId: p.j, organizationId: p.o, version: p.v, status: p.s };
  } catch {
    return null;
  }
}

/** The states a job may be in for it to move to a given state. */
const FROM: Record<JobStatus, readonly JobStatus[]> = {
  VALIDATING: [],
  QUEUED: ['VALIDATING'],
  // IN_PROGRESS → IN_PROGRESS: a stage or progress change, or a retry starting a new attempt.
  IN_PROGRESS: ['QUEUED', 'IN_PROGRESS'],
  COMPLETED: ['IN_PROGRESS'],
  // QUEUED → FAILED: a job whose every attempt died before it could start.
  FAILED: ['QUEUED', 'IN_PROGRESS'],
  CANCELLED: ['VALIDATING', 'QUEUED', 'IN_PROGRESS'],
  EXPIRED: TERMINAL_STATUSES,
};

/** COMPLETED, FAILED or CANCELLED: the run ended so (docs/glossary.md, "terminal"). */
export function isTerminal(status: JobStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** Terminal or EXPIRED: nothing will happen to the job's run any more (docs/glossary.md, "ended"). */
export function hasEnded(status: JobStatus): boolean {
  return isTerminal(status) || status === 'EXPIRED';
}

export type JobChanges = Partial<
  Pick<
    JobRow,
    | 'request'
    | 'response'
    | 'error'
    | 'qualityScore'
    | 'qualityGrade'
    | 'piiFindings'
    | 'piiFindingsCount'
    | 'privacyApplied'
    | 'processingSummary'
    | 'attempts'
    | 'startedAt'
    | 'completedAt'
  >
> & { stage?: Stage | null; progress?: number };

export interface TransitionOptions {
  /** Only if the job's current attempt is this one: a run fenced out by a retry writes nothing. */
  attempt?: number;
  /** Starts this attempt: only if the job is on an earlier one, and records it (and startedAt, the first time). */
  startsAttempt?: number;
  /** Narrower than the state machine allows, e.g. only from QUEUED. */
  from?: readonly JobStatus[];
  /**
   * The queue, required to reach COMPLETED, FAILED or CANCELLED: the organization's webhook
   * deliveries are sent through it in the same transaction.
   */
  boss?: PgBoss;
}

/**
 * Moves a job to `to` with `changes`, if the state machine allows it from where the job is.
 * Returns the new row, or null when the job is elsewhere (already terminal, cancelled, fenced).
 * Runs in `tx` when given, so the caller can commit it with other writes.
 */
export async function transition(
  exec: Executor,
  jobId: string,
  to: JobStatus,
  changes: JobChanges = {},
  opts: TransitionOptions = {},
): Promise<JobRow | null> {
  const from = opts.from ?? FROM[to];
  const run = async (tx: Executor) => {
    const { progress, ...rest } = changes;
    const conditions = [eq(jobs.id, jobId), inArray(jobs.status, [...from])];
    if (opts.attempt !== undefined) conditions.push(eq(jobs.attempts, opts.attempt));
    if (opts.startsAttempt !== undefined) conditions.push(lt(jobs.attempts, opts.startsAttempt));
    const [row] = await tx
      .update(jobs)
      .set({
        ...rest,
        ...(opts.startsAttempt === undefined
          ? {}
          : { attempts: opts.startsAttempt, startedAt: sql`coalesce(${jobs.startedAt}, now())` }),
        status: to,
        version: sql`${jobs.version} + 1`,
        updatedAt: sql`now()`,
        // Progress never goes backwards, not even when a retry starts over.
        ...(progress === undefined ? {} : { progress: sql`greatest(${jobs.progress}, ${progress})` }),
      })
      .where(and(...conditions))
      .returning();
    if (!row) return null;
    await recordEvent(tx, row);
    if (isTerminal(row.status)) {
      if (!opts.boss) throw new Error(`a transition to ${row.status} needs the queue for its webhooks`);
      await enqueueDeliveries(tx, opts.boss, row);
    }
    return row;
  };
  // Inside a caller's transaction it runs there: a refused change is no error (no row), so the
  // transaction stays usable without a savepoint's two round trips.
  return exec instanceof PgTransaction ? run(exec) : exec.transaction(run);
}

/**
 * Appends the event for the row's current version and notifies listeners on commit, in one
 * statement. The event takes the organization's next `seq`: bumping organizations.event_seq
 * locks that row until commit, so an organization's events commit in seq order with no gaps,
 * which is what lets a subscriber resume after one (`jobUpdated(since:)`). It is the
 * transaction's last write wherever it is called, so the lock is held for little more than
 * the commit, which NOTIFY already serializes.
 */
export async function recordEvent(tx: Executor, row: JobRow): Promise<void> {
  const payload = eventPayload({
    jobId: row.id,
    organizationId: row.organizationId,
    version: row.version,
    status: row.status,
  });
  await tx.execute(sql`
    with next as (
      update ${organizations} set event_seq = event_seq + 1
      where ${organizations.id} = ${row.organizationId} returning event_seq
    ), event as (
      insert into ${jobEvents} (job_id, organization_id, seq, version, status, stage, progress, attempts)
      select ${row.id}, ${row.organizationId}, next.event_seq, ${row.version}::int, ${row.status}::job_status,
        ${row.stage}::pipeline_stage, ${row.progress}::real, ${row.attempts}::int
      from next
    )
    select pg_notify(${JOB_EVENTS_CHANNEL}, ${payload})`);
}
