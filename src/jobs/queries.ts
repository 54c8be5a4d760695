// Reading jobs, documents and feedback. Every query has the organization in its WHERE clause.
import { and, asc, count, desc, eq, gt, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { type IdKind, isId } from '../db/ids.ts';
import { executePrepared, rowOf } from '../db/prepared.ts';
import { documents, type JobRow, type JobStatus, jobs } from '../db/schema.ts';
import type { Endpoint, QualityGrade } from '../pipeline/types.ts';
import { badInput } from './errors.ts';
import { validateMetadata } from './limits.ts';
import {
  estimatesOf,
  type PlaceRow,
  pageJobs,
  placesOf,
  type QueueEstimate,
  type ThroughputRow,
  throughputOf,
} from './queue-position.ts';

export interface JobFilter {
  status?: JobStatus[] | null | undefined;
  endpoint?: Endpoint[] | null | undefined;
  qualityGrade?: QualityGrade[] | null | undefined;
  metadata?: Record<string, string> | null | undefined;
  createdAfter?: Date | null | undefined;
  createdBefore?: Date | null | undefined;
}

export const PAGE_DEFAULT = 20;
export const PAGE_MAX = 100;

/** Jobs stored, by status and endpoint, across organizations (the metrics page's gauge). */
export function countJobsByStatus(
  db: Database,
): Promise<{ status: JobStatus; endpoint: Endpoint; n: number }[]> {
  return db
    .select({ status: jobs.status, endpoint: jobs.endpoint, n: count() })
    .from(jobs)
    .groupBy(jobs.status, jobs.endpoint);
}

export async function getJob(db: Database, organizationId: string, id: string): Promise<JobRow | null> {
  if (!isId('job', id)) return null;
  const [row] = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.id, id), eq(jobs.organizationId, organizationId)));
  return row ?? null;
}

/** Document metadata; the bytes are read only by the worker. */
export const documentColumns = {
  id: documents.id,
  organizationId: documents.organizationId,
  filename: documents.filename,
  mimeType: documents.mimeType,
  sizeBytes: documents.sizeBytes,
  sha256: documents.sha256,
  pageCount: documents.pageCount,
  createdAt: documents.createdAt,
};
export type DocumentInfo = { [K in keyof typeof documentColumns]: (typeof documents.$inferSelect)[K] };

export async function getDocument(
  db: Database,
  organizationId: string,
  id: string,
): Promise<DocumentInfo | null> {
  if (!isId('document', id)) return null;
  const [row] = await db
    .select(documentColumns)
    .from(documents)
    .where(and(eq(documents.id, id), eq(documents.organizationId, organizationId)));
  return row ?? null;
}

export async function getDocuments(
  db: Database,
  organizationId: string,
  ids: string[],
): Promise<DocumentInfo[]> {
  if (ids.length === 0) return [];
  return db
    .select(documentColumns)
    .from(documents)
    .where(and(eq(documents.organizationId, organizationId), inArray(documents.id, ids)));
}

export function filterConditions(organizationId: string, filter: JobFilter | null | undefined): SQL[] {
  const where: SQL[] = [eq(jobs.organizationId, organizationId)];
  if (!filter) return where;
  if (filter.status?.length) where.push(inArray(jobs.status, filter.status));
  if (filter.endpoint?.length) where.push(inArray(jobs.endpoint, filter.endpoint));
  if (filter.qualityGrade?.length) where.push(inArray(jobs.qualityGrade, filter.qualityGrade));
  if (filter.metadata && Object.keys(filter.metadata).length > 0) {
    where.push(sql`${jobs.metadata} @> ${JSON.stringify(filter.metadata)}::jsonb`);
  }
  if (filter.createdAfter) where.push(gt(jobs.createdAt, filter.createdAfter));
  if (filter.createdBefore) where.push(lt(jobs.createdAt, filter.createdBefore));
  return where;
}

/** The same filter, applied to one job in memory (for subscriptions). */
export function matchesFilter(job: JobRow, filter: JobFilter | null | undefined): boolean {
  if (!filter) return true;
  if (filter.status?.length && !filter.status.includes(job.status)) return false;
  if (filter.endpoint?.length && !filter.endpoint.includes(job.endpoint)) return false;
  if (filter.qualityGrade?.length && (!job.qualityGrade || !filter.qualityGrade.includes(job.qualityGrade))) {
    return false;
  }
  if (filter.metadata) {
    for (const [k, v] of Object.entries(filter.metadata)) if (job.metadata[k] !== v) return false;
  }
  if (filter.createdAfter && !(job.createdAt > filter.createdAfter)) return false;
  if (filter.createdBefore && !(job.createdAt < filter.createdBefore)) return false;
  return true;
}

/** Checks a client's filter input; metadata must be strings like the metadata it matches. */
export function parseFilter(input: JobFilter & { metadata?: unknown }): JobFilter {
  const metadata = input.metadata == null ? null : validateMetadata(input.metadata, 'filter.metadata');
  if (input.createdAfter && Number.isNaN(input.createdAfter.getTime()))
    throw badInput('createdAfter is not a date');
  if (input.createdBefore && Number.isNaN(input.createdBefore.getTime()))
    throw badInput('createdBefore is not a date');
  return { ...input, metadata };
}

// Cursors encode the keyset position (created_at, id): stable while rows are added.
interface Position {
  t: number;
  i: string;
}

const MAX_DATE_MS = 8.64e15;

export function encodeCursor(job: Pick<JobRow, 'createdAt' | 'id'>): string {
  return Buffer.from(JSON.stringify({ t: job.createdAt.getTime(), i: job.id })).toString('base64url');
}

export function decodeCursor(cursor: string, name: string, kind: IdKind = 'job'): Position {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const pos = value as Position;
    if (
      typeof pos.t === 'number' &&
      // A creation time, so within Date's range (and Postgres's): 1e300 would reach the query.
      Number.isInteger(pos.t) &&
      pos.t >= 0 &&
      pos.t <= MAX_DATE_MS &&
      typeof pos.i === 'string' &&
      isId(kind, pos.i)
    ) {
      return { t: pos.t, i: pos.i };
    }
  } catch {}
  throw badInput(`${name} is not a cursor this server issued`);
}

export interface PageArgs {
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
  offset?: number | null | undefined;
}

/** A listed job; with `estimates`, its queue fields too (null when it has nothing to estimate). */
export type ListedJob = JobRow & { estimate?: QueueEstimate | null };

export interface JobPage {
  jobs: ListedJob[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  totalCount: () => Promise<number>;
}

/** Newest first. `first/after` pages forward, `last/before` backward, `offset` skips rows. */
export async function listJobs(
  db: Database,
  organizationId: string,
  filter: JobFilter | null | undefined,
  args: PageArgs,
  /** Compute the queue fields of the page in the same statement (queuePosition and the ETAs). */
  opts: { estimates?: boolean } = {},
): Promise<JobPage> {
  const { first, after, last, before, offset } = args;
  if (first != null && last != null) throw badInput('pass first or last, not both');
  for (const [name, n] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (n != null && (n < 0 || n > PAGE_MAX)) throw badInput(`${name} must be between 0 and ${PAGE_MAX}`);
  }
  if (offset != null && (offset < 0 || offset > 1_000_000))
    throw badInput('offset must be between 0 and 1000000');
  if (offset != null && (after != null || before != null || last != null)) {
    throw badInput('offset pages with first only; use after/before cursors otherwise');
  }
  const where = filterConditions(organizationId, filter);
  const backward = last != null || (before != null && first == null);
  const limit = (backward ? last : first) ?? PAGE_DEFAULT;
  if (after != null) where.push(beyond(decodeCursor(after, 'after'), 'older'));
  if (before != null) where.push(beyond(decodeCursor(before, 'before'), 'newer'));

  const order = backward ? [asc(jobs.createdAt), asc(jobs.id)] : [desc(jobs.createdAt), desc(jobs.id)];
  const query = db
    .select()
    .from(jobs)
    .where(and(...where))
    .orderBy(...order)
    .limit(limit + 1)
    .offset(offset ?? 0);
  const rows = opts.estimates ? await withEstimates(db, organizationId, query.getSQL()) : await query;
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  if (backward) page.reverse();
  const countWhere = filterConditions(organizationId, filter);
  return {
    jobs: page,
    hasNextPage: backward ? before != null : more,
    hasPreviousPage: backward ? more : after != null || (offset ?? 0) > 0,
    totalCount: async () => {
      const [row] = await db
        .select({ n: count() })
        .from(jobs)
        .where(and(...countWhere));
      return row?.n ?? 0;
    },
  };
}

// A row comparison, so Postgres can walk the (organization, created_at, id) index.
function beyond(pos: Position, side: 'older' | 'newer'): SQL {
  const t = new Date(pos.t).toISOString();
  return side === 'older'
    ? sql`(${jobs.createdAt}, ${jobs.id}) < (${t}::timestamptz, ${pos.i})`
    : sql`(${jobs.createdAt}, ${jobs.id}) > (${t}::timestamptz, ${pos.i})`;
}

/**
 * The rows of a list statement with their queue fields, in one statement: no second round trip
 * after the list, which the fields' cost goal (≤ 2 ms a page of 100, docs/performance.md) has no
 * room for. The page's open jobs feed docket_queue_places; the throughput comes back on the first row.
 */
async function withEstimates(db: Database, organizationId: string, list: SQL): Promise<ListedJob[]> {
  // Prepared: parsing and planning this long statement anew each time cost 0.3 ms, a sixth of
  // the fields' budget. Its text is the same for every page with the same kind of filter.
  const raw = await executePrepared(db, estimatedListQuery(organizationId, list));
  const rows = raw.map((r) => rowOf(jobs, r) as ListedJob);
  const first = raw[0];
  const throughput: ThroughputRow | undefined =
    first && first.est_now != null
      ? {
          now: first.est_now as string,
          done: first.est_done as string,
          oldest: first.est_oldest as string | null,
          by_endpoint: first.est_by_endpoint as ThroughputRow['by_endpoint'],
        }
      : undefined;
  const places: PlaceRow[] = raw.map((r) => ({
    id: r.id as string,
    position: r.est_position as PlaceRow['position'],
    page_count: r.est_page_count as number | null,
  }));
  const estimates = estimatesOf(rows, places, throughput);
  for (const row of rows) row.estimate = estimates.get(row.id) ?? null;
  return rows;
}

/**
 * A list statement's rows with their queue fields (bench/scenarios/queue-position.ts EXPLAINs it).
 * The page's open jobs go to docket_queue_places as arrays aggregated in one pass (same order in
 * each); the throughput is read only when the page has an open job, onto its first row.
 */
export function estimatedListQuery(organizationId: string, list: SQL): SQL {
  return sql`
    with listed as materialized (select l.*, row_number() over () as listed_n from (${list}) l),
    ${pageJobs(sql`listed`)},
    places as (select p.* from page, ${placesOf(organizationId, sql`page.ids, page.priorities, page.seqs, page.documents`)} p),
    throughput as (select t.* from page, ${throughputOf(organizationId)} t where page.ids is not null)
    select listed.*, places.position as est_position, places.page_count as est_page_count,
      throughput.now as est_now, throughput.done as est_done, throughput.oldest as est_oldest,
      throughput.by_endpoint as est_by_endpoint
    from listed
    left join places on places.id = listed.id
    left join throughput on listed.listed_n = 1
    order by listed.listed_n`;
}
