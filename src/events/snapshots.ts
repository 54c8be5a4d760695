// Reading events back: the job as one event left it (a snapshot), for one job or a whole
// organization, by version or by seq.
import { and, asc, eq, gt, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
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
  const keys = refs.map((r) => sql`(${r.jobId}, ${r.version}::int, ${r.organizationId})`);
  const rows = await db
    .select({ job: jobs, event: jobEvents })
    .from(jobEvents)
    .innerJoin(jobs, eq(jobs.id, jobEvents.jobId))
    .where(
      sql`(${jobEvents.jobId}, ${jobEvents.version}, ${jobEvents.organizationId}) in (${sql.join(keys, sql`, `)})`,
    );
  const byKey = new Map(rows.map((r) => [`${r.event.jobId}/${r.event.version}`, snapshot(r.job, r.event)]));
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
