// Scenario 4, listing at scale: N jobs of one organization (plus a tenth as many of another,
// interleaved in time) inserted in bulk with generate_series and ANALYZEd; then
// `jobs(first: 50)` over GraphQL at the start, middle and end of the list, by keyset cursor
// (the cursor of the row before, made the way the server makes it) and by offset for
// contrast, without a filter, with a status filter and with an endpoint filter. Each keyset
// page is checked against the offset page at the same depth. Baseline: the offset page; the
// floor is `{ __typename }` over the same HTTP path.
//
//   npm run bench -- --only listing [--quick] [--listing-rows 1000000] [--listing-queries 20]
import { encodeCursor } from '../../src/jobs/queries.ts';
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

const S = 'listing';
const PAGE = 50;
const LIST = `query($after: String, $offset: Int, $filter: JobFilter) {
  jobs(first: ${PAGE}, after: $after, offset: $offset, filter: $filter) {
    pageInfo { hasNextPage endCursor }
    nodes { id status endpoint createdAt }
  }
}`;

interface Filter {
  name: string;
  graphql: Record<string, string[]> | null;
  sql: string;
}
const FILTERS: Filter[] = [
  { name: 'no filter', graphql: null, sql: '' },
  { name: 'status FAILED (1 in 10)', graphql: { status: ['FAILED'] }, sql: `and status = 'FAILED'` },
  {
    name: 'endpoint CLASSIFY (1 in 6)',
    graphql: { endpoint: ['CLASSIFY'] },
    sql: `and endpoint = 'CLASSIFY'`,
  },
];

export async function listing(ctx: BenchContext): Promise<Row[]> {
  const { opts } = ctx;
  const n = opts.listingRows;
  const database = await ctx.cluster.database(S);
  const loadSeconds = await bulkLoad(database, n);
  progress(`listing: ${n} + ${Math.floor(n / 10)} jobs inserted and analyzed in ${loadSeconds.toFixed(0)} s`);
  const api = await startDocket('api', database.url);
  const url = api.url as string;

  const time = async (query: string, variables: Record<string, unknown>) => {
    const t = wallNow();
    const res = await gql(url, database.keyA, query, variables, 120_000);
    const ms = wallNow() - t;
    if (res.errors) throw new Error(`listing query failed: ${JSON.stringify(res.errors)}`);
    return { ms, ids: (res.data?.jobs?.nodes ?? []).map((j: { id: string }) => j.id) as string[] };
  };

  for (let i = 0; i < 20; i++) await time('{ __typename }', {}); // warm-up
  const floor: number[] = [];
  const rows: Row[] = [];
  const plans: string[] = [];
  for (const filter of FILTERS) {
    const matching = await count(database, filter);
    const positions: [string, number][] = [
      ['start', 0],
      ['middle', Math.floor(matching / 2)],
      ['end', Math.max(0, matching - PAGE)],
    ];
    for (const [where, depth] of positions) {
      const cursor = depth === 0 ? null : await cursorBefore(database, filter, depth);
      const keysetVars = { after: cursor, filter: filter.graphql };
      const offsetVars = { offset: depth, filter: filter.graphql };
      // The same page both ways, or the comparison means nothing.
      const [a, b] = [await time(LIST, keysetVars), await time(LIST, offsetVars)];
      if (a.ids.join() !== b.ids.join() || a.ids.length === 0) {
        throw new Error(`keyset and offset pages differ at ${where} (${filter.name})`);
      }
      const keyset: number[] = [];
      const offset: number[] = [];
      // Offset pages deep in a million rows take hundreds of ms: fewer of them.
      const offsetQueries =
        depth === 0 ? opts.listingQueries : Math.max(3, Math.ceil(opts.listingQueries / 4));
      for (let rep = 0; rep < opts.reps; rep++) {
        for (let i = 0; i < opts.listingQueries; i++) {
          keyset.push((await time(LIST, keysetVars)).ms);
          if (filter.graphql === null && where === 'start') floor.push((await time('{ __typename }', {})).ms);
        }
        for (let i = 0; i < offsetQueries; i++) offset.push((await time(LIST, offsetVars)).ms);
      }
      progress(
        `listing: ${filter.name}, ${where} (row ${depth} of ${matching}): keyset ${median(keyset).toFixed(1)} ms, offset ${median(offset).toFixed(1)} ms`,
      );
      rows.push(
        latencyRow(S, `keyset, ${filter.name}, ${where}`, keyset, opts.reps, {
          ...against(`offset ${depth}`, median(keyset), offset, 'latency'),
          goal: 'p50 ≤ 5 ms',
          met: median(keyset) <= 5,
        }),
      );
      if (where === 'end') plans.push(`${filter.name}: ${await plan(database, filter, cursorParts(cursor))}`);
    }
  }
  await api.stop(5000);
  await database.drop();
  rows.push(latencyRow(S, '{ __typename } (the HTTP floor)', floor, opts.reps, { note: 'baseline' }));
  const first = rows[0] as Row;
  first.note = `${n} + ${Math.floor(n / 10)} rows loaded in ${loadSeconds.toFixed(0)} s. Plans of the keyset page at the end: ${plans.join('; ')}`;
  return rows;
}

/** One document for each of the two organizations, for bulk-loaded jobs to point at. */
export async function bulkDocuments(database: BenchDatabase, pageCount: number): Promise<[string, string]> {
  const docs: [string, string] = ['doc_bulkaaaaaaaaaaaaaaaa', 'doc_bulkbbbbbbbbbbbbbbbb'];
  for (const [doc, org] of [
    [docs[0], database.orgA],
    [docs[1], database.orgB],
  ] as const) {
    await database.sql`insert into documents (id, organization_id, filename, mime_type, size_bytes, sha256, page_count)
      values (${doc}, ${org}, 'bulk.pdf', 'application/pdf', 1000, 'bulk', ${pageCount})`;
  }
  return docs;
}

/** generate_series straight into the table: ids in the server's format, one document per organization. */
async function bulkLoad(database: BenchDatabase, n: number): Promise<number> {
  const { sql } = database;
  const t = wallNow();
  const [docA, docB] = await bulkDocuments(database, 1);
  // Organization A: one job a second going back N seconds; B: one every 10 s over the same span.
  const insert = (org: string, doc: string, from: number, count: number, step: number) => sql`
    insert into jobs (id, organization_id, document_id, endpoint, status, progress, version, metadata,
                      created_at, updated_at, completed_at, expires_at)
    select 'job_' || lpad(g::text, 20, '0'), ${org}, ${doc},
           (array['PROCESS','PARSE','EXTRACT','CLASSIFY','SPLIT','GENERATE_SCHEMA'])[1 + g % 6]::job_endpoint,
           (case when g % 10 = 0 then 'FAILED' when g % 10 = 1 then 'CANCELLED' else 'COMPLETED' end)::job_status,
           1, 3, jsonb_build_object('batch', (g % 100)::text),
           t, t, t, now() + interval '30 days'
    from generate_series(${from + 1}::bigint, ${from + count}::bigint) g,
         lateral (select date_trunc('milliseconds', now()) - ((g - ${from}) * ${step}) * interval '1 second' as t) x`;
  // Chunks keep one statement's memory and WAL in bounds.
  const chunk = 200_000;
  for (let i = 0; i < n; i += chunk) {
    await insert(database.orgA, docA, i, Math.min(chunk, n - i), 1);
    progress(`listing: inserted ${Math.min(n, i + chunk)} of ${n}`);
  }
  await insert(database.orgB, docB, n, Math.floor(n / 10), 10);
  await sql`analyze jobs`;
  await sql`analyze documents`;
  return (wallNow() - t) / 1000;
}

async function count(database: BenchDatabase, filter: Filter): Promise<number> {
  const [row] = await database.sql.unsafe(
    `select count(*)::int as n from jobs where organization_id = $1 ${filter.sql}`,
    [database.orgA],
  );
  return (row as unknown as { n: number }).n;
}

/** The cursor of the row just before position `depth` (0-based), as the server encodes it. */
async function cursorBefore(database: BenchDatabase, filter: Filter, depth: number): Promise<string> {
  const [row] = await database.sql.unsafe(
    `select id, created_at from jobs where organization_id = $1 ${filter.sql}
     order by created_at desc, id desc offset ${depth - 1} limit 1`,
    [database.orgA],
  );
  const r = row as unknown as { id: string; created_at: Date | string };
  return encodeCursor({ id: r.id, createdAt: new Date(r.created_at) });
}

function cursorParts(cursor: string | null): { t: string; i: string } | null {
  if (!cursor) return null;
  const { t, i } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { t: number; i: string };
  return { t: new Date(t).toISOString(), i };
}

/** The index the keyset page walks, and the rows it reads, from EXPLAIN ANALYZE of the server's query shape. */
async function plan(
  database: BenchDatabase,
  filter: Filter,
  pos: { t: string; i: string } | null,
): Promise<string> {
  const after = pos ? `and (created_at, id) < ($2::timestamptz, $3)` : '';
  const rows = (await database.sql.unsafe(
    `explain (analyze, format json) select * from jobs where organization_id = $1 ${filter.sql} ${after}
     order by created_at desc, id desc limit ${PAGE + 1}`,
    pos ? [database.orgA, pos.t, pos.i] : [database.orgA],
  )) as unknown as { 'QUERY PLAN': { Plan: PlanNode; 'Execution Time': number }[] }[];
  const top = (rows[0] as { 'QUERY PLAN': { Plan: PlanNode; 'Execution Time': number }[] })[
    'QUERY PLAN'
  ][0] as {
    Plan: PlanNode;
    'Execution Time': number;
  };
  const scans: string[] = [];
  const walk = (node: PlanNode) => {
    if (node['Index Name'])
      scans.push(
        `${node['Node Type']} on ${node['Index Name']} (${node['Actual Rows']} rows, ${node['Rows Removed by Filter'] ?? 0} filtered out)`,
      );
    else if (node['Node Type'].includes('Scan'))
      scans.push(`${node['Node Type']} (${node['Actual Rows']} rows)`);
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(top.Plan);
  return `${scans.join(', ')}, ${top['Execution Time'].toFixed(2)} ms in Postgres`;
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Actual Rows': number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}
