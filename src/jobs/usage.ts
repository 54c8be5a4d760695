// Usage: what an organization's jobs used, from usage_daily (counted as jobs finish, see
// the usage part of a terminal transition in src/jobs/lifecycle.ts), so it outlives retention.
import { and, eq, gte, lte, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { usageDaily } from '../db/schema.ts';
import type { Endpoint } from '../pipeline/types.ts';
import { badInput } from './errors.ts';

/** Days one usage query covers at most. */
export const MAX_USAGE_DAYS = 366;

export interface Usage {
  jobs: number;
  pages: number;
  byEndpoint: { endpoint: Endpoint; jobs: number; pages: number }[];
  byDay: { day: string; jobs: number; pages: number }[];
}

/**
 * Usage from `from`'s UTC day to `to`'s (both included); the last 30 days to today when
 * absent. Days are whole UTC days: usage is counted per day, not per instant.
 */
export async function getUsage(
  db: Database,
  organizationId: string,
  range: { from?: Date | null | undefined; to?: Date | null | undefined },
  now = new Date(),
): Promise<Usage> {
  const to = range.to ?? now;
  const from = range.from ?? new Date(to.getTime() - 29 * 86_400_000);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw badInput('from and to must be dates');
  if (from > to) throw badInput('from must not be after to', { field: 'from' });
  if (to.getTime() - from.getTime() > MAX_USAGE_DAYS * 86_400_000) {
    throw badInput(`usage covers at most ${MAX_USAGE_DAYS} days per query`, { field: 'from' });
  }
  const rows = await db
    .select({
      day: usageDaily.day,
      endpoint: usageDaily.endpoint,
      jobs: usageDaily.jobs,
      pages: usageDaily.pages,
    })
    .from(usageDaily)
    .where(
      and(
        eq(usageDaily.organizationId, organizationId),
        gte(usageDaily.day, utcDay(from)),
        lte(usageDaily.day, utcDay(to)),
      ),
    )
    .orderBy(usageDaily.day, sql`${usageDaily.endpoint}::text`);
  const byEndpoint = new Map<Endpoint, { endpoint: Endpoint; jobs: number; pages: number }>();
  const byDay = new Map<string, { day: string; jobs: number; pages: number }>();
  for (const r of rows) {
    const e = byEndpoint.get(r.endpoint as Endpoint) ?? {
      endpoint: r.endpoint as Endpoint,
      jobs: 0,
      pages: 0,
    };
    e.jobs += r.jobs;
    e.pages += r.pages;
    byEndpoint.set(e.endpoint, e);
    const d = byDay.get(r.day) ?? { day: r.day, jobs: 0, pages: 0 };
    d.jobs += r.jobs;
    d.pages += r.pages;
    byDay.set(r.day, d);
  }
  const total = rows.reduce((t, r) => ({ jobs: t.jobs + r.jobs, pages: t.pages + r.pages }), {
    jobs: 0,
    pages: 0,
  });
  return { ...total, byEndpoint: [...byEndpoint.values()], byDay: [...byDay.values()] };
}

function utcDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}
