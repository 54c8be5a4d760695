// Reading events back: the job as one event left it (a snapshot), for one job or a whole
// organization, by version or by seq.
import { and, asc, eq, gt, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { executePrepared, rowOf } from '../db/prepared.ts';
import { type JobRow, jobEvents, jobs, organizations, TERMINAL_STATUSES } from '../db/schema.ts';
import { type JobEventRef, NO_OUTCOME } from '../jobs/lifecycle.ts';

/** The job as one event left it, with that event's place in the organization's stream. */
export type JobSnapshot = JobRow & { seq: number };

/**
 * The jobs as they were at the given versions, in the order asked: each row, with the
 * lifecycle fields taken from that version's event. Results appear only in the version that
 * finished the job. Refs whose job or event is gone are left out.
 */
export async function loadEventSnapshots(db: Database, refs: readonly JobEventRef[]): Promise<JobSnapshot[]> {
  if (refs.length === 0) return [];
  // One text for any number of refs (three array parameters), so it runs prepared: it is on
  // the path of every event to its subscribers.
  const raw = await executePrepared(
    db,
    sql`select j.*, e.seq as ev_seq, e.version as ev_version, e.status as ev_status, e.stage as ev_stage,
      e.progress as ev_progress, e.attempts as ev_attempts, e.created_at as ev_created_at
    from unnest(${sql.param(refs.map((r) => r.jobId))}::text[], ${sql.param(refs.map((r) => r.version))}::int[],
      ${sql.param(refs.map((r) => r.organizationId))}::text[]) as k(job_id, version, organization_id)
    join ${jobEvents} e on e.job_id = k.job_id and e.version = k.version and e.organization_id = k.organization_id
    join ${jobs} j on j.id = e.job_id`,
  );
  const byKey = new Map(
    raw.map((r) => {
      const event = rowOf(jobEvents, {
        seq: r.ev_seq,
        version: r.ev_version,
        status: r.ev_status,
        stage: r.ev_stage,
        progress: r.ev_progress,
        attempts: r.ev_attempts,
        created_at: r.ev_created_at,
      });
      return [`${r.id}/${event.version}`, snapshot(rowOf(jobs, r), event)];
    }),
  );
  return refs.flatMap((r) => byKey.get(`${r.jobId}/${r.version}`) ?? []);
}

/** Events of a job after `afterVersion`, oldest first, as snapshots. */
export function loadJobEventsAfter(
  db: Database,
  organizationId: string,
  jobId: string,
  afterVersion: number,
): Promise<JobSnapshot[]> {
  return loadSnapshots(db, organizationId, jobId, gt(jobEvents.version, afterVersion));
}

/** The job as it is now, with its latest event's seq. */
export async function loadCurrentJob(
  db: Database,
  organizationId: string,
  jobId: string,
): Promise<JobSnapshot | null> {
  const [job] = await loadSnapshots(db, organizationId, jobId, eq(jobEvents.version, jobs.version));
  return job ?? null;
}

/** The organization's events after `afterSeq`, in seq order, at most `limit`, as snapshots. */
export async function loadOrgEventsAfter(
  db: Database,
  organizationId: string,
  afterSeq: number,
  limit: number,
): Promise<JobSnapshot[]> {
  const rows = await db
    .select({ job: jobs, event: jobEvents })
    .from(jobEvents)
    .innerJoin(jobs, eq(jobs.id, jobEvents.jobId))
    .where(and(eq(jobEvents.organizationId, organizationId), gt(jobEvents.seq, afterSeq)))
    .orderBy(asc(jobEvents.seq))
    .limit(limit);
  return rows.map((r) => snapshot(r.job, r.event));
}

/** The seq of the organization's latest event (0 before its first). */
export async function currentSeq(db: Database, organizationId: string): Promise<number> {
  const [row] = await db
    .select({ seq: organizations.eventSeq })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  return row?.seq ?? 0;
}

async function loadSnapshots(
  db: Database,
  organizationId: string,
  jobId: string,
  versions: SQL,
): Promise<JobSnapshot[]> {
  const rows = await db
    .select({ job: jobs, event: jobEvents })
    .from(jobEvents)
    .innerJoin(jobs, eq(jobs.id, jobEvents.jobId))
    .where(and(eq(jobEvents.jobId, jobId), eq(jobEvents.organizationId, organizationId), versions))
    .orderBy(jobEvents.version);
  return rows.map((r) => snapshot(r.job, r.event));
}

function snapshot(job: JobRow, event: typeof jobEvents.$inferSelect): JobSnapshot {
  if (event.version === job.version) return { ...job, seq: event.seq };
  const finished = TERMINAL_STATUSES.includes(event.status);
  return {
    ...job,
    seq: event.seq,
    version: event.version,
    status: event.status,
    stage: event.stage,
    progress: event.progress,
    attempts: event.attempts,
    updatedAt: event.createdAt,
    // A later EXPIRED dropped these; an earlier version had not produced them yet.
    ...(finished ? {} : NO_OUTCOME),
  };
}
