// Mutations per organization per minute. A fixed window counted in Postgres (one upsert per
// request, commits shared), so the limit holds across every API process sharing the database.
import { type Placeholder, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import type { GroupCommit } from '../db/group-commit.ts';
import { ApiError } from './errors.ts';

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the window resets. */
  retryAfter: number;
}

/**
 * The upsert that counts `fields` mutations in the organization's current window; it returns
 * `count` and `retry_after`. Also a CTE of createJob's one statement (./create.ts).
 */
export function countMutations(organizationId: string | Placeholder, fields: number): SQL {
  return sql`
    insert into rate_limits (organization_id, window_start, count)
    values (${organizationId}, date_trunc('minute', now()), ${fields})
    on conflict (organization_id, window_start) do update set count = rate_limits.count + ${fields}
    returning count, ceil(extract(epoch from window_start + interval '1 minute' - now()))::int as retry_after`;
}

/** Counts `fields` mutations of the organization in the current window; allowed while within `limit`. */
export async function takeMutations(
  commits: GroupCommit,
  db: Database,
  organizationId: string,
  fields: number,
  limit: number,
): Promise<RateDecision> {
  // Concurrent mutations share the commit: one organization's counter row is otherwise
  // locked from each upsert until its commit is flushed, one mutation per flush.
  const [row] = await commits.run(organizationId, (tx) =>
    tx.execute<{ count: number; retry_after: number }>(countMutations(organizationId, fields)),
  );
  if (!row) throw new Error('rate limit upsert returned no row');
  return decide(db, organizationId, fields, limit, row);
}

/** What a counted window says; the first request of a window clears the organization's past ones. */
export async function decide(
  db: Database,
  organizationId: string,
  fields: number,
  limit: number,
  row: { count: number; retry_after: number },
): Promise<RateDecision> {
  if (row.count === fields) {
    await db.execute(sql`
      delete from rate_limits
      where organization_id = ${organizationId} and window_start < date_trunc('minute', now())`);
  }
  return { allowed: row.count <= limit, retryAfter: Math.max(1, row.retry_after) };
}

/** Seconds until the current window resets (at least 1), by the database's clock as the windows are. */
export async function secondsLeftInWindow(db: Database): Promise<number> {
  const [row] = await db.execute<{ s: number }>(
    sql`select ceil(extract(epoch from date_trunc('minute', now()) + interval '1 minute' - now()))::int as s`,
  );
  return Math.max(1, Number(row?.s ?? 60));
}

/** The RATE_LIMITED error of a request with `fields` mutation fields. */
export function rateLimited(limit: number, fields: number, retryAfter: number): ApiError {
  return new ApiError(
    'RATE_LIMITED',
    `more than ${limit} mutation fields this minute (this request has ${fields}); retry in ${retryAfter} s`,
    { retryAfter },
  );
}
