// Queue position and ETAs of a page of jobs, in one statement whatever the queue's depth.
//
// The model (docs/contract.md, "Queue position and ETA"). A worker claims runs in the order
// (priority desc, enqueue time) and lets no organization hold more than all of its run slots
// but one (src/worker/index.ts). So within an organization the order is strict, while another
// organization's job never waits behind this one's backlog for more than one slot: its runs
// interleave with it. queuePosition counts the organization's own QUEUED jobs that run first
// (higher priority, or the same priority and queued earlier); other organizations' jobs are not
// counted, their share of the slots shows in the organization's measured throughput instead.
//
// Counting those jobs per job would read the whole queue ahead of it. Instead each job carries
// its seq in its lane (organization, priority), handed out without gaps by a trigger on enqueue
// (migrations/0008_queue_position.sql). With head = the lane's lowest QUEUED seq (one index
// probe), the jobs ahead of seq s in its lane are s - head, less the seqs of (head, s) that left
// without starting: jobs cancelled (or failed by the dead letter) while queued, and the old seqs
// of jobs retryJob queued again (queue_lane_skips). A job that starts before one queued ahead of
// it in its lane (a claim race, a worker that died between claim and start) is still counted
// until the head passes it: off by one, briefly. A job cancelled while queued that expires
// (RETENTION_DAYS) before the head reaches its seq counts as ahead again until the head passes
// it: only in a queue older than the retention.
//
// The SQL is in two functions, docket_queue_places (migrations/0010_queue_gone_buckets.sql) and
// docket_queue_throughput (0009), for their plans: made once per connection, where the same
// statement sent inline took longer to plan than to run. The seqs gone between a lane's head and
// a seq are summed from per-bucket counts that triggers keep (queue_lane_gone, 1,024 seqs a
// bucket), so neither a deep queue nor many cancellations in it make a page dearer. A listed
// page calls both inside its list statement (src/jobs/queries.ts); queueEstimates calls them for
// a job read alone or an event.
import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import type { JobAttemptRecord, JobRow } from '../db/schema.ts';

/** Completions of the organization the throughput is measured from: the latest, this many at most. */
export const THROUGHPUT_SAMPLE = 100;
/** ...and none older than this: an idle organization has no basis for an ETA. */
export const THROUGHPUT_WINDOW_MINUTES = 30;

export interface QueueEstimate {
  /** QUEUED jobs of the organization that run before it; null unless QUEUED. */
  position: number | null;
  estimatedStartAt: Date | null;
  estimatedCompletionAt: Date | null;
}

export const NO_ESTIMATE: QueueEstimate = {
  position: null,
  estimatedStartAt: null,
  estimatedCompletionAt: null,
};

export type EstimatedJob = Pick<
  JobRow,
  'id' | 'organizationId' | 'status' | 'priority' | 'queueSeq' | 'endpoint' | 'documentId'
> & { attemptHistory: readonly JobAttemptRecord[] };

/** Whether a job in this status has anything to estimate. */
export function isEstimated(job: Pick<JobRow, 'status'>): boolean {
  return job.status === 'QUEUED' || job.status === 'IN_PROGRESS';
}

/**
 * Estimates for jobs of one organization, by job id, in one statement (a job read alone, a
 * jobUpdated event). A listed page computes them inside its list statement instead (listJobs).
 */
export async function queueEstimates(
  db: Database,
  organizationId: string,
  jobs: readonly EstimatedJob[],
): Promise<Map<string, QueueEstimate>> {
  const open = jobs.filter(isEstimated);
  if (open.length === 0) return new Map();
  const rows = await db.execute<PlaceRow & ThroughputRow>(sql`
    select p.*, t.* from ${placesOf(organizationId, pageJobsOf(open))} p
    cross join ${throughputOf(organizationId)} t`);
  return estimatesOf(open, rows, rows[0]);
}

/** A page job's place, as the places CTE gives it. */
export type PlaceRow = {
  id: string;
  position: string | number | null;
  page_count: number | null;
};

/** The throughput CTE's one row. */
export type ThroughputRow = {
  now: Date | string;
  done: string | number;
  oldest: Date | string | null;
  by_endpoint: Record<string, [number, number, number]> | string | null;
};

/**
 * The estimates of the open jobs among `jobs` from their places and the organization's
 * throughput (absent when no open job was on the page).
 */
export function estimatesOf(
  jobs: readonly EstimatedJob[],
  places: readonly PlaceRow[],
  throughputRow: ThroughputRow | undefined,
): Map<string, QueueEstimate> {
  const out = new Map<string, QueueEstimate>();
  if (!throughputRow) return out;
  const throughput = throughputFrom(throughputRow);
  const byId = new Map(places.map((p) => [p.id, p]));
  for (const job of jobs) {
    if (!isEstimated(job)) continue;
    const place = byId.get(job.id);
    const position = job.status === 'QUEUED' && place?.position != null ? Number(place.position) : null;
    const run = runSeconds(throughput, job.endpoint, place?.page_count ?? null);
    if (job.status === 'QUEUED') {
      // The job starts at the (position + 1)-th completion from now: each frees the slot the next takes.
      const start =
        position === null || throughput.perSecond === null
          ? null
          : new Date(throughput.now.getTime() + ((position + 1) / throughput.perSecond) * 1000);
      out.set(job.id, {
        position,
        estimatedStartAt: start,
        estimatedCompletionAt: start && run !== null ? new Date(start.getTime() + run * 1000) : null,
      });
    } else {
      const startedAt = job.attemptHistory.at(-1)?.startedAt;
      const end = startedAt && run !== null ? new Date(Date.parse(startedAt) + run * 1000) : null;
      out.set(job.id, {
        position: null,
        estimatedStartAt: null,
        // A run past its estimate is still running: it ends no earlier than now.
        estimatedCompletionAt: end && end < throughput.now ? throughput.now : end,
      });
    }
  }
  return out;
}

/**
 * A CTE `page` of one row: the open jobs among the rows of `jobs` (a CTE's name) as
 * docket_queue_places takes them, four arrays aggregated in one pass (so in the same order): ids,
 * priorities, seqs (null unless QUEUED) and documents; all null when none is open.
 */
export function pageJobs(jobs: SQL): SQL {
  return sql`page as (select array_agg(j.id) as ids, array_agg(j.priority) as priorities,
    array_agg(case when j.status = 'QUEUED' then j.queue_seq end) as seqs, array_agg(j.document_id) as documents
    from ${jobs} j where j.status in ('QUEUED', 'IN_PROGRESS'))`;
}

/** The same arrays for jobs at hand (a job read alone, an event's jobs). */
function pageJobsOf(open: readonly EstimatedJob[]): SQL {
  const array = (values: SQL[], type: string) => sql`array[${sql.join(values, sql`, `)}]::${sql.raw(type)}[]`;
  return sql.join(
    [
      array(
        open.map((j) => sql`${j.id}`),
        'text',
      ),
      array(
        open.map((j) => sql`${j.priority}`),
        'job_priority',
      ),
      array(
        open.map((j) => sql`${j.status === 'QUEUED' ? j.queueSeq : null}`),
        'bigint',
      ),
      array(
        open.map((j) => sql`${j.documentId}`),
        'text',
      ),
    ],
    sql`, `,
  );
}

/** Places (id, position, page_count) of a page's open jobs: docket_queue_places(org, ids, priorities, seqs, documents). */
export function placesOf(organizationId: string, page: SQL): SQL {
  return sql`docket_queue_places(${organizationId}, ${page})`;
}

/** The organization's recent throughput, one row (migrations/0009_queue_estimates.sql). */
export function throughputOf(organizationId: string): SQL {
  return sql`docket_queue_throughput(${organizationId}, ${THROUGHPUT_WINDOW_MINUTES}, ${THROUGHPUT_SAMPLE})`;
}

interface Throughput {
  /** The database's clock, which every timestamp here comes from. */
  now: Date;
  /** Jobs of the organization completed per second lately; null without a basis. */
  perSecond: number | null;
  /** Per endpoint: seconds of run per page, and pages per job, over its recent completions. */
  byEndpoint: Map<string, { secondsPerPage: number; pagesPerJob: number }>;
}

function throughputFrom(row: ThroughputRow): Throughput {
  const now = new Date(row.now);
  const done = Number(row.done);
  // Completions over the time since the oldest of them: slots shared with other organizations
  // (fairness) and idle stretches slow it down as they slowed the organization's jobs.
  const span = row.oldest ? Math.max(1, (now.getTime() - new Date(row.oldest).getTime()) / 1000) : 0;
  const perSecond = done > 0 ? done / span : null;
  const sums: Record<string, [number, number, number]> =
    typeof row.by_endpoint === 'string' ? JSON.parse(row.by_endpoint) : (row.by_endpoint ?? {});
  const byEndpoint = new Map(
    Object.entries(sums).map(([endpoint, [seconds, pages, jobs]]) => [
      endpoint,
      { secondsPerPage: seconds / pages, pagesPerJob: pages / jobs },
    ]),
  );
  return { now, perSecond, byEndpoint };
}

/** A run's expected seconds: its endpoint's recent seconds per page times its pages (or their mean). */
function runSeconds(t: Throughput, endpoint: string, pageCount: number | null): number | null {
  const e = t.byEndpoint.get(endpoint);
  if (!e) return null;
  return e.secondsPerPage * (pageCount && pageCount > 0 ? pageCount : e.pagesPerJob);
}
