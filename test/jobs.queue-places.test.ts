// The queue places function (migrations/0010_queue_gone_buckets.sql) on a real database, against
// a brute-force count: lanes several buckets long, jobs cancelled and failed while queued, retried
// (their old seqs become skips), expired and deleted, in a seeded order. The bucket counts the
// triggers keep must equal a count from scratch, and every place docket_queue_places gives must
// equal the number of the organization's QUEUED jobs that run first.
import type postgres from 'postgres';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createKey } from '../src/auth/keys.ts';
import { connect } from '../src/db/client.ts';
import { retryOnDeadlock } from '../src/db/deadlock.ts';
import { createTestDatabase } from './helpers/database.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let sql: postgres.Sql;
let org: string;
let close: () => Promise<void>;

beforeAll(async () => {
  database = await createTestDatabase();
  const c = connect(database.url, { max: 2 });
  close = () => c.sql.end();
  org = (await createKey(c.db, 'places')).organizationId;
  sql = c.sql as unknown as postgres.Sql;
  await sql`insert into documents (id, organization_id, filename, mime_type, size_bytes, sha256, page_count)
    values ('doc_places', ${org}, 'a.pdf', 'application/pdf', 1, 'x', 3)`;
});
afterAll(async () => {
  await close?.();
  await database?.drop();
});

/** mulberry32: the same sequence of changes on every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function insertQueued(from: number, count: number) {
  // One statement, trigger on: each job takes the next seq of its lane as createJob's would.
  await sql`
    insert into jobs (id, organization_id, document_id, endpoint, status, priority, progress, version,
                      metadata, created_at, updated_at, expires_at)
    select 'job_' || lpad(g::text, 20, '0'), ${org}, 'doc_places', 'PARSE', 'QUEUED',
           (case when g % 7 = 0 then 'HIGH' when g % 7 = 1 then 'LOW' else 'NORMAL' end)::job_priority,
           0, 1, '{}'::jsonb, now() + g * interval '1 millisecond', now(), now() + interval '1 day'
    from generate_series(${from}::bigint, ${from + count - 1}::bigint) g order by g`;
}

async function bucketsMatchACountFromScratch() {
  const diff = await sql`
    with kept as (select priority, bucket, n from queue_lane_gone where organization_id = ${org} and n <> 0),
    fresh as (
      select priority, seq >> 10 as bucket, count(*) as n from (
        select priority, queue_seq as seq from jobs where organization_id = ${org}
          and status in ('CANCELLED', 'FAILED') and queue_seq is not null
        union all select priority, seq from queue_lane_skips where organization_id = ${org}) g
      group by 1, 2)
    (select * from kept except select * from fresh) union all (select * from fresh except select * from kept)`;
  expect(diff).toEqual([]);
}

/** Places of the given jobs from the function and from a count, side by side. */
async function placesAgainstACount(ids: string[]) {
  const rows = await sql<{ id: string; got: string | null; want: string | null }[]>`
    with page as (select j.* from jobs j where j.id = any(${ids}) and j.status in ('QUEUED', 'IN_PROGRESS'))
    select f.id, f.position::text as got,
      case when me.status = 'QUEUED' then (select count(*) from jobs a where a.organization_id = ${org}
        and a.status = 'QUEUED' and (a.priority > me.priority
          or (a.priority = me.priority and a.queue_seq < me.queue_seq)))::text end as want
    from docket_queue_places(${org}, array(select id from page), array(select priority from page),
      array(select case when status = 'QUEUED' then queue_seq end from page), array(select document_id from page)) f
    join jobs me on me.id = f.id`;
  return rows;
}

it('keeps the bucket counts and gives every place as a count would, through cancels, failures, retries, expiry and deletion', async () => {
  const random = rng(7);
  const total = 6000; // NORMAL lane ~4,300 seqs: five buckets of 1,024
  await insertQueued(1, total);
  const id = (n: number) => `job_${String(n).padStart(20, '0')}`;
  const pick = (k: number) => Array.from({ length: k }, () => id(1 + Math.floor(random() * total)));

  // Cancelled while queued, a run of them across a bucket edge, and failed by the dead letter.
  await sql`update jobs set status = 'CANCELLED' where id = any(${pick(400)}) and status = 'QUEUED'`;
  await sql`update jobs set status = 'CANCELLED' where id between ${id(1400)} and ${id(1500)} and status = 'QUEUED'`;
  await sql`update jobs set status = 'FAILED' where id = any(${pick(100)}) and status = 'QUEUED'`;
  // The head moves: the oldest start and complete (a started job keeps its seq).
  await sql`update jobs set status = 'IN_PROGRESS' where id <= ${id(900)} and status = 'QUEUED'`;
  await sql`update jobs set status = 'COMPLETED' where id <= ${id(700)} and status = 'IN_PROGRESS'`;
  await sql`update jobs set status = 'FAILED' where id between ${id(701)} and ${id(750)} and status = 'IN_PROGRESS'`;
  await bucketsMatchACountFromScratch();

  // retryJob: a failed or cancelled job queued again takes a new seq; the old one is a skip.
  const retried = await sql<{ id: string }[]>`
    update jobs set status = 'QUEUED' where id in (select id from jobs where organization_id = ${org}
      and status in ('CANCELLED', 'FAILED') order by id limit 60) returning id`;
  expect(retried.length).toBe(60);
  // Some of them cancelled again (their new seq is gone too). Retention expires finished jobs and
  // an organization's deletion deletes them: here jobs the queue's head has passed (a gone seq
  // that stops being one while still ahead of the head counts as queued until the head passes it,
  // as in src/jobs/queue-position.ts before the buckets).
  await sql`update jobs set status = 'CANCELLED' where id = any(${retried.slice(0, 20).map((r) => r.id)})`;
  await sql`update jobs set status = 'EXPIRED' where id in (select id from jobs where organization_id = ${org}
    and status = 'CANCELLED' and id <= ${id(900)} and id <> all(${retried.map((r) => r.id)})
    order by id desc limit 30)`;
  await sql`delete from jobs where id in (select id from jobs where organization_id = ${org}
    and status = 'FAILED' and id <= ${id(900)} order by id limit 30)`;
  await bucketsMatchACountFromScratch();

  // Pages as listings give them (the newest first, the middle, the front of the queue), a page
  // mixing the retried jobs with old ones, and single jobs.
  const pages: string[][] = [];
  for (const offset of [0, 1500, 3000, 4800, 5900]) {
    const rows = await sql<{ id: string }[]>`select id from jobs where organization_id = ${org}
      order by created_at desc, id desc offset ${offset} limit 101`;
    pages.push(rows.map((r) => r.id));
  }
  pages.push([...retried.map((r) => r.id), ...pick(40)]);
  for (const one of pick(10)) pages.push([one]);
  let compared = 0;
  for (const page of pages) {
    const rows = await placesAgainstACount(page);
    for (const r of rows) expect(r.got, r.id).toBe(r.want);
    compared += rows.filter((r) => r.want !== null).length;
  }
  expect(compared).toBeGreaterThan(400);
}, 60_000);

it('two bulk cancels that lock the same counters in opposite orders both commit, one of them retried', async () => {
  const other = connect(database.url, { max: 2 });
  try {
    const org2 = (await createKey(other.db, 'deadlock')).organizationId;
    await sql`insert into documents (id, organization_id, filename, mime_type, size_bytes, sha256, page_count)
      values ('doc_deadlock', ${org2}, 'a.pdf', 'application/pdf', 1, 'x', 1)`;
    await sql`
      insert into jobs (id, organization_id, document_id, endpoint, status, progress, version, metadata,
                        created_at, updated_at, expires_at)
      select 'job_dl' || lpad(g::text, 18, '0'), ${org2}, 'doc_deadlock', 'PARSE', 'QUEUED', 0, 1, '{}'::jsonb,
             now(), now(), now() + interval '1 day'
      from generate_series(1, 2100) g order by g`;
    const job = (seq: number) => `job_dl${String(seq).padStart(18, '0')}`;
    // Both buckets' counter rows exist (first cancels), so each later cancel locks one.
    await sql`update jobs set status = 'CANCELLED' where id in (${job(10)}, ${job(2010)})`;
    let arrived = 0;
    let bothArrived!: () => void;
    const barrier = new Promise<void>((resolve) => {
      bothArrived = resolve;
    });
    let attempts = 0;
    // Each cancels a job of one bucket, waits (first attempt only) for the other to hold the
    // other bucket, then cancels a job of that bucket: a cycle Postgres breaks by aborting one.
    const bulk = (client: postgres.Sql, first: string, second: string) =>
      retryOnDeadlock(() => {
        attempts++;
        return client.begin(async (tx) => {
          await tx`update jobs set status = 'CANCELLED' where id = ${first}`;
          if (++arrived === 2) bothArrived();
          await barrier;
          await tx`update jobs set status = 'CANCELLED' where id = ${second}`;
        });
      });
    await Promise.all([
      bulk(sql, job(1), job(2001)),
      bulk(other.sql as unknown as postgres.Sql, job(2002), job(2)),
    ]);
    expect(attempts).toBe(3);
    const rows = await sql<{ status: string }[]>`select status from jobs where id in
      (${job(1)}, ${job(2)}, ${job(2001)}, ${job(2002)})`;
    expect(rows.map((r) => r.status)).toEqual(['CANCELLED', 'CANCELLED', 'CANCELLED', 'CANCELLED']);
    const [kept] = await sql<
      { n: string }[]
    >`select sum(n)::text as n from queue_lane_gone where organization_id = ${org2}`;
    expect(kept?.n).toBe('6');
  } finally {
    await other.sql.end();
  }
}, 60_000);
