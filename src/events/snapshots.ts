// Reading events back: the job as one event left it (a snapshot), for one job or a whole
// organization, by version or by seq.
import { and, asc, eq, gt, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { buildStatement, executeBuilt, rowOf } from '../db/prepared.ts';
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
  const keys = JSON.stringify(refs.map((r) => ({ j: r.jobId, v: r.version, o: r.organizationId })));
  const rows = await executeBuilt(db, SNAPSHOTS_BY_REF, { keys });
  const byKey = new Map<string, JobSnapshot>();
  for (const raw of rows) {
    const job = rowOf(jobs, raw);
    const event = rowOf(jobEvents, {
      seq: raw.e_seq,
      version: raw.e_version,
      status: raw.e_status,
      stage: raw.e_stage,
      progress: raw.e_progress,
      attempts: raw.e_attempts,
      created_at: raw.e_created_at,
    });
    byKey.set(`${job.id}/${event.version}`, snapshot(job, event));
  }
  return refs.flatMap((r) => byKey.get(`${r.jobId}/${r.version}`) ?? []);
}

/**
 * loadEventSnapshots' statement, built once and prepared: the hub runs it for every batch of
 * events a subscriber wants (three a job), and building it with drizzle and mapping its rows
 * through drizzle's select cost more CPU than the query. The refs travel as one JSON parameter.
 * Each ref is looked up on its own (a lateral subquery the planner cannot flatten, by its limit):
 * a prepared statement's generic plan takes json_to_recordset for 100 rows, and as a plain join it
 * hashed them against a scan of the whole event table, a cost that grew with every event ever
 * written (2.6 ms for 3 refs at 3,000 events).
 */
export const SNAPSHOTS_BY_REF = buildStatement(sql`
  select x.* from json_to_recordset(${sql.placeholder('keys')}::json) as k(j text, v int, o text)
  cross join lateral (
    select j.*, e.seq as e_seq, e.version as e_version, e.status as e_status, e.stage as e_stage,
      e.progress as e_progress, e.attempts as e_attempts, e.created_at as e_created_at
    from ${jobEvents} e join ${jobs} j on j.id = e.job_id
    where e.job_id = k.j and e.version = k.v and e.organization_id = k.o
    limit 1
  ) x`);

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
