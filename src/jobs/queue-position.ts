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
// (migrations/0007_queue_position.sql). With head = the lane's lowest QUEUED seq (one index
// probe), the jobs ahead of seq s in its lane are s - head, less the seqs of (head, s) that left
// without starting: jobs cancelled (or failed by the dead letter) while queued, and the old seqs
// of jobs retryJob queued again (queue_lane_skips). Both are indexed and normally few past the
// head, so the cost follows them, not the queue's depth. A
// job that starts before one queued ahead of it in its lane (a claim race, a worker that died
// between claim and start) is still counted until the head passes it: off by one, briefly.
import { type SQL, sql } from 'drizzle-orm';
import { type Database, executePrepared } from '../db/client.ts';
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
  const page = open.map((j) => ({
    id: j.id,
    priority: j.priority,
    seq: j.status === 'QUEUED' ? j.queueSeq : null,
    document: j.documentId,
  }));
  const rows = await executePrepared<PlaceRow & ThroughputRow>(db, sql`
    with page as (
      select * from jsonb_to_recordset(${JSON.stringify(page)}::jsonb)
        as page(id text, priority job_priority, seq bigint, document text)
    ), ${estimateCtes(organizationId)}
    select places.*, throughput.* from places cross join throughput`);
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
  const throughput = throughputOf(throughputRow);
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
 * CTEs after one named `page (id, priority, seq, document)`, the page's open jobs with seq null
 * unless QUEUED: `places (id, position, page_count)` and `throughput` (one row), in a statement
 * whatever the queue's depth (bench/scenarios/queue-position.ts EXPLAINs it).
 */
export function estimateCtes(organizationId: string): SQL {
  // Seqs of a lane strictly between lo and hi that left it without starting.
  const gone = (priority: SQL, lo: SQL, hi: SQL) => sql`(
    (select count(*) from jobs c where c.organization_id = ${organizationId} and c.priority = ${priority}
       and c.status in ('CANCELLED', 'FAILED') and c.queue_seq is not null
       and c.queue_seq > ${lo} and c.queue_seq < ${hi})
    + (select count(*) from queue_lane_skips k where k.organization_id = ${organizationId}
       and k.priority = ${priority} and k.seq > ${lo} and k.seq < ${hi}))`;
  // Per lane: head, last, and low = the page's lowest queued seq in it. The seqs gone below low
  // are counted once for the lane, those of [low, s) per job over the page's own short span; a
  // lane's whole size only where a page job of a lower priority needs it. So the statement
  // reads the departed seqs behind the head once at most, never the queued jobs. Lanes with no
  // queued page job and no page job below them cost nothing but their head's probe.
  return sql`lane as materialized (
      select p.priority,
        (select min(q.queue_seq) from jobs q where q.organization_id = ${organizationId}
           and q.priority = p.priority and q.status = 'QUEUED') as head,
        (select l.last_seq from queue_lanes l where l.organization_id = ${organizationId}
           and l.priority = p.priority) as last,
        (select min(pg.seq) from page pg where pg.priority = p.priority) as low
      from unnest(enum_range(null::job_priority)) as p(priority)
      where exists (select 1 from page pg where pg.seq is not null and pg.priority <= p.priority)
    ), lane_gone as materialized (
      select lane.*,
        case when lane.head is null or lane.low is null then 0
          else ${gone(sql`lane.priority`, sql`lane.head`, sql`lane.low`)} end as gone_below_low,
        case when lane.head is null or not exists (select 1 from page pg where pg.seq is not null and pg.priority < lane.priority)
          then 0 when lane.low is null
          then lane.last - lane.head + 1 - ${gone(sql`lane.priority`, sql`lane.head`, sql`lane.last + 1`)}
          else null end as whole
      from lane
    ), lane_size as materialized (
      -- A lane with page jobs in it: its size from the departed seqs already counted below low.
      select g.*, coalesce(g.whole, case when g.head is null then 0
        else g.last - g.head + 1 - g.gone_below_low
          - ${gone(sql`g.priority`, sql`greatest(g.low, g.head + 1) - 1`, sql`g.last + 1`)} end) as queued
      from lane_gone g
    ), places as (
      select page.id, d.page_count,
        case when page.seq is null or own.head is null then null else
          greatest(0, page.seq - own.head - own.gone_below_low
            - ${gone(sql`page.priority`, sql`greatest(own.low, own.head + 1) - 1`, sql`page.seq`)})
          + (select coalesce(sum(h.queued), 0) from lane_size h where h.priority > page.priority)
        end as position
      from page
      left join lane_size own on own.priority = page.priority
      left join documents d on d.id = page.document and d.organization_id = ${organizationId}
    ), recent as (
      -- The organization's latest completions (THROUGHPUT_SAMPLE within THROUGHPUT_WINDOW_MINUTES).
      select j.endpoint, j.completed_at, d.page_count,
        -- The last attempt's start: a retried job's first run is not this run.
        (j.attempt_history -> -1 ->> 'startedAt')::timestamptz as started_at
      from jobs j join documents d on d.id = j.document_id
      where j.organization_id = ${organizationId} and j.status = 'COMPLETED'
        and j.completed_at > now() - make_interval(mins => ${THROUGHPUT_WINDOW_MINUTES})
      order by j.completed_at desc
      limit ${THROUGHPUT_SAMPLE}
    ), throughput as (
      -- Per endpoint [seconds of run, pages, jobs] over the runs whose pages were counted.
      select now() as now, (select count(*) from recent) as done,
        (select min(completed_at) from recent) as oldest,
        (select jsonb_object_agg(e.endpoint, jsonb_build_array(e.seconds, e.pages, e.jobs)) from (
          select endpoint, sum(extract(epoch from completed_at - started_at))::float8 as seconds,
            sum(page_count) as pages, count(*) as jobs
          from recent where started_at is not null and page_count > 0 group by endpoint) e) as by_endpoint
    )`;
}

interface Throughput {
  /** The database's clock, which every timestamp here comes from. */
  now: Date;
  /** Jobs of the organization completed per second lately; null without a basis. */
  perSecond: number | null;
  /** Per endpoint: seconds of run per page, and pages per job, over its recent completions. */
  byEndpoint: Map<string, { secondsPerPage: number; pagesPerJob: number }>;
}

function throughputOf(row: ThroughputRow): Throughput {
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
