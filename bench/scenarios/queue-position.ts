// Queue position at scale (issue 14 item 7): N jobs of organization A — the older half finished
// (the newest of them within the throughput window), the newer half QUEUED in three priority
// lanes with one in 200 cancelled while queued — and a tenth as many queued jobs of B, bulk
// inserted and ANALYZEd. Then `jobs(first: 100)` at the top of the list (the newest jobs: the
// back of the queue, where a count of the jobs ahead would read the whole queue) and at the
// middle of the queue, with and without queuePosition, estimatedStartAt and
// estimatedCompletionAt, alternated, median of each. Goal: ≤ 2 ms more per page. The positions
// of the top page are checked against a brute-force count, and the plan of the list statement
// with the fields (src/jobs/queries.ts, src/jobs/queue-position.ts) is EXPLAINed with ANALYZE and BUFFERS.
//
//   npm run bench -- --only queue-position [--quick] [--listing-rows 1000000] [--listing-queries 20]
import { desc, sql as dsql, eq, type SQL } from 'drizzle-orm';
import { connect } from '../../src/db/client.ts';
import { jobs } from '../../src/db/schema.ts';
import { encodeCursor, estimatedListQuery } from '../../src/jobs/queries.ts';
import {
  against,
  type BenchContext,
  type BenchDatabase,
  gql,
  latencyRow,
  median,
  progress,
  type Row,
  startDocket,
  wallNow,
} from '../harness/index.ts';
import { bulkDocuments } from './listing.ts';

const S = 'queue-position';
const PAGE = 100;
const QUEUE_FIELDS = 'queuePosition estimatedStartAt estimatedCompletionAt';
const list = (fields: string) => `query($after: String) {
  jobs(first: ${PAGE}, after: $after) { nodes { id status endpoint createdAt ${fields} } }
}`;

export async function queuePosition(ctx: BenchContext): Promise<Row[]> {
  const { opts } = ctx;
  const n = opts.listingRows;
  const database = await ctx.cluster.database('queue_position');
  const loadSeconds = await bulkLoad(database, n);
  progress(
    `queue-position: ${n} + ${Math.floor(n / 10)} jobs inserted and analyzed in ${loadSeconds.toFixed(0)} s`,
  );
  const api = await startDocket('api', database.url);
  const url = api.url as string;
  const time = async (query: string, variables: Record<string, unknown>) => {
    const t = wallNow();
    const res = await gql(url, database.keyA, query, variables, 120_000);
    const ms = wallNow() - t;
    if (res.errors) throw new Error(`queue-position query failed: ${JSON.stringify(res.errors)}`);
    return { ms, nodes: (res.data?.jobs?.nodes ?? []) as { id: string; queuePosition?: number | null }[] };
  };
  for (let i = 0; i < 20; i++) await time(list(''), {}); // warm-up

  const rows: Row[] = [];
  const notes: string[] = [];
  const middle = await cursorAt(database, Math.floor(n / 4));
  for (const [where, after] of [
    ['top of the list (back of the queue)', null],
    ['middle of the queue', middle],
  ] as const) {
    const vars = { after };
    const top = await time(list(QUEUE_FIELDS), vars);
    notes.push(`${where}: ${await checkPositions(database, top.nodes)}`);
    const without: number[] = [];
    const withFields: number[] = [];
    for (let rep = 0; rep < opts.reps; rep++) {
      for (let i = 0; i < opts.listingQueries; i++) {
        without.push((await time(list(''), vars)).ms);
        withFields.push((await time(list(QUEUE_FIELDS), vars)).ms);
      }
    }
    const extra = median(withFields) - median(without);
    progress(
      `queue-position: ${where}: ${median(without).toFixed(1)} ms without, ${median(withFields).toFixed(1)} ms with the fields`,
    );
    rows.push(
      latencyRow(S, `jobs(first: ${PAGE}) with the queue fields, ${where}`, withFields, opts.reps, {
        ...against('the same page without them', median(withFields), without, 'latency'),
        goal: '≤ 2 ms more per page',
        met: extra <= 2,
      }),
    );
  }
  const plans = await explain(database);
  for (const p of plans) progress(`queue-position: ${p}`);
  await api.stop(5000);
  await database.drop();
  const first = rows[0] as Row;
  first.note = `${n} + ${Math.floor(n / 10)} rows loaded in ${loadSeconds.toFixed(0)} s. ${notes.join('; ')}. ${plans.join(' ')}`;
  return rows;
}

/**
 * generate_series straight into the table, with the seqs the enqueue trigger would have given
 * (the trigger is off for the load: a million upserts of one lane row in one statement is not
 * how jobs arrive).
 */
async function bulkLoad(database: BenchDatabase, n: number): Promise<number> {
  const { sql } = database;
  const t = wallNow();
  const [docA, docB] = await bulkDocuments(database, 2);
  const half = Math.floor(n / 2);
  // History: one job finished every 20 ms up to now, so the newest hundred are well within the
  // 30-minute window; a tenth FAILED, a tenth CANCELLED.
  const history = (q: typeof sql, from: number, count: number) => q`
    insert into jobs (id, organization_id, document_id, endpoint, status, progress, version, metadata,
                      attempts, attempt_history, created_at, updated_at, started_at, completed_at, expires_at)
    select 'job_' || lpad(g::text, 20, '0'), ${database.orgA}, ${docA},
           (array['PROCESS','PARSE','EXTRACT','CLASSIFY','SPLIT','GENERATE_SCHEMA'])[1 + g % 6]::job_endpoint,
           (case when g % 10 = 0 then 'FAILED' when g % 10 = 1 then 'CANCELLED' else 'COMPLETED' end)::job_status,
           1, 3, '{}'::jsonb, 1,
           jsonb_build_array(jsonb_build_object('attempt', 1, 'startedAt', t - interval '1 second',
             'endedAt', t, 'outcome', 'COMPLETED', 'error', null)),
           t - interval '2 seconds', t, t - interval '1 second', t, now() + interval '30 days'
    from generate_series(${from + 1}::bigint, ${from + count}::bigint) g,
         lateral (select now() - (${half} - g) * interval '20 milliseconds' as t) x`;
  // The queue: created after the history, one every millisecond; a tenth HIGH, a tenth LOW, one
  // in 200 cancelled while queued (it keeps its seq).
  const queued = (q: typeof sql, org: string, doc: string, from: number, count: number) => q`
    insert into jobs (id, organization_id, document_id, endpoint, status, priority, progress, version,
                      metadata, created_at, updated_at, completed_at, expires_at, queue_seq)
    select 'job_' || lpad(g::text, 20, '0'), ${org}, ${doc},
           (array['PROCESS','PARSE','EXTRACT','CLASSIFY','SPLIT','GENERATE_SCHEMA'])[1 + g % 6]::job_endpoint,
           (case when g % 200 = 7 then 'CANCELLED' else 'QUEUED' end)::job_status, p, 0, 1, '{}'::jsonb,
           t, t, case when g % 200 = 7 then t end, now() + interval '30 days',
           row_number() over (partition by p order by g)
    from generate_series(${from + 1}::bigint, ${from + count}::bigint) g,
         lateral (select now() + (g - ${from}) * interval '1 millisecond' as t,
           (case when g % 10 = 0 then 'HIGH' when g % 10 = 1 then 'LOW' else 'NORMAL' end)::job_priority as p) x`;
  const chunk = 200_000;
  const withoutTriggers = (work: (q: typeof sql) => Promise<unknown>) =>
    sql.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await work(tx as unknown as typeof sql);
    });
  for (let i = 0; i < half; i += chunk) {
    await withoutTriggers((q) => history(q, i, Math.min(chunk, half - i)));
  }
  progress(`queue-position: ${half} finished jobs inserted`);
  // One statement per organization: row_number() numbers each lane across the whole queue.
  await withoutTriggers((q) => queued(q, database.orgA, docA, half, n - half));
  await withoutTriggers((q) => queued(q, database.orgB, docB, n, Math.floor(n / 10)));
  await sql`insert into queue_lanes (organization_id, priority, last_seq)
    select organization_id, priority, max(queue_seq) from jobs where queue_seq is not null
    group by organization_id, priority`;
  // And the per-bucket counts of the seqs gone (the cancelled ones), as its triggers would.
  await sql`insert into queue_lane_gone (organization_id, priority, bucket, n)
    select organization_id, priority, queue_seq >> 10, count(*) from jobs
    where status in ('CANCELLED', 'FAILED') and queue_seq is not null group by 1, 2, 3`;
  // As autovacuum would have by now: index-only scans need the visibility map.
  await sql`vacuum analyze jobs`;
  await sql`analyze`;
  return (wallNow() - t) / 1000;
}

/** Each returned position against a brute-force count of the QUEUED jobs of A that run first. */
async function checkPositions(
  database: BenchDatabase,
  nodes: { id: string; queuePosition?: number | null }[],
): Promise<string> {
  const queued = nodes.filter((j) => j.queuePosition != null);
  let wrong = 0;
  for (const j of queued.slice(0, 5)) {
    const [row] = await database.sql<{ n: number }[]>`
      select count(*)::int as n from jobs a, jobs me
      where me.id = ${j.id} and a.organization_id = me.organization_id and a.status = 'QUEUED'
        and (a.priority > me.priority or (a.priority = me.priority and a.queue_seq < me.queue_seq))`;
    if (row?.n !== j.queuePosition) wrong++;
  }
  return `${queued.length} of ${nodes.length} queued, ${Math.min(5, queued.length)} positions checked by count, ${wrong} wrong`;
}

/** The cursor just before the `depth`-th newest job of A (0-based), as the server makes it. */
async function cursorAt(database: BenchDatabase, depth: number): Promise<string> {
  const [row] = await database.sql<{ id: string; created_at: Date }[]>`
    select id, created_at from jobs where organization_id = ${database.orgA}
    order by created_at desc, id desc offset ${depth - 1} limit 1`;
  if (!row) throw new Error('no row at that depth');
  return encodeCursor({ id: row.id, createdAt: new Date(row.created_at) });
}

/** EXPLAIN (ANALYZE, BUFFERS) of the top page's list statement with the fields, as the server sends it. */
async function explain(database: BenchDatabase): Promise<string[]> {
  const { sql, db } = connect(database.url, { max: 1 });
  try {
    const list = db
      .select()
      .from(jobs)
      .where(eq(jobs.organizationId, database.orgA))
      .orderBy(desc(jobs.createdAt), desc(jobs.id))
      .limit(PAGE + 1)
      .getSQL();
    const rows = await db.execute<{ 'QUERY PLAN': string }>(
      dsql`explain (analyze, buffers, costs off) ${estimatedListQuery(database.orgA, list)}`,
    );
    // In the database: planning and execution, the list alone and with the fields (the
    // functions' own plans are made once per connection, on the first of these).
    const summary = async (q: SQL) => {
      const [r] = await db.execute<{ 'QUERY PLAN': unknown }>(
        dsql`explain (analyze, summary, timing off, format json) ${q}`,
      );
      const raw = r?.['QUERY PLAN'];
      const [plan] = (typeof raw === 'string' ? JSON.parse(raw) : raw) as {
        'Planning Time': number;
        'Execution Time': number;
      }[];
      return plan ?? { 'Planning Time': Number.NaN, 'Execution Time': Number.NaN };
    };
    const plain: { 'Planning Time': number; 'Execution Time': number }[] = [];
    const merged: typeof plain = [];
    for (let i = 0; i < 20; i++) {
      plain.push(await summary(list));
      merged.push(await summary(estimatedListQuery(database.orgA, list)));
    }
    const ms = (xs: typeof plain, k: 'Planning Time' | 'Execution Time') =>
      median(xs.map((x) => x[k])).toFixed(2);
    return [
      `EXPLAIN list with the fields:\n${rows.map((r) => r['QUERY PLAN']).join('\n')}`,
      `In the database, median of 20, planning + execution: the list ${ms(plain, 'Planning Time')} + ${ms(plain, 'Execution Time')} ms, ` +
        `with the fields ${ms(merged, 'Planning Time')} + ${ms(merged, 'Execution Time')} ms.`,
    ];
  } finally {
    await sql.end();
  }
}
