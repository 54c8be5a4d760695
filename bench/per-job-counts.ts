// Statements and commits per job, counted by Postgres (pg_stat_statements, xact_commit) rather
// than timed: the figures hold on a loaded machine. An api process alone takes N createJob
// requests (what creating a job costs), then a worker process drains them (what running one
// costs). Statements are the clients' own (track = top: a foreign-key check inside an insert is
// not one); pipelined statements share a round trip, so they bound round trips from above.
// Postgres' idle traffic (pg-boss polling, maintenance) is measured over a quiet window and printed
// beside the counts, not subtracted: a busy worker polls less than an idle one.
//
//   node bench/per-job-counts.ts [--jobs 200] [--clients 8] [--concurrency 4]
import { parseArgs } from 'node:util';
import {
  CREATE_JOB,
  gql,
  pool,
  startCluster,
  startDocketProcess,
  textDataUrl,
  waitFor,
} from './harness/index.ts';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '200' },
    clients: { type: 'string', default: '8' },
    concurrency: { type: 'string', default: '4' },
  },
});
const jobs = Number(values.jobs);
const cluster = await startCluster('per-job-counts');
const { sql } = cluster;
await sql`alter system set shared_preload_libraries = 'pg_stat_statements'`;
await sql`alter system set pg_stat_statements.track = 'top'`;
await cluster.crash();
await cluster.start();
await sql`create extension if not exists pg_stat_statements`;

type Counts = { commits: number; flushes: number; statements: Map<string, number> };
const OWN = '/* per-job-counts */';
async function snapshot(): Promise<Counts> {
  const [{ commits }] = await sql.unsafe<[{ commits: number }]>(
    `${OWN} select xact_commit::int as commits from pg_stat_database where datname = current_database()`,
  );
  // WAL flushes (Postgres 18's pg_stat_io): what a writing commit waits for, where xact_commit
  // also counts every read-only statement.
  const [{ flushes }] = await sql.unsafe<[{ flushes: number }]>(
    `${OWN} select coalesce(sum(fsyncs), 0)::int as flushes from pg_stat_io where object = 'wal'`,
  );
  const rows = await sql.unsafe(
    `${OWN} select query, calls::int as calls from pg_stat_statements s join pg_database d on d.oid = s.dbid
     where d.datname = current_database()`,
  );
  const statements = new Map<string, number>();
  for (const r of rows) {
    if (String(r.query).includes('per-job-counts')) continue;
    // Foreign-key checks Postgres runs inside an insert (pgboss.job_common → pgboss.queue).
    if (
      String(r.query).startsWith('SELECT 1 FROM ONLY') ||
      / FROM ONLY "\w+"\."\w+" x WHERE .* FOR KEY SHARE OF x$/.test(String(r.query))
    )
      continue;
    const q = String(r.query).replace(/\s+/g, ' ').trim();
    statements.set(q, (statements.get(q) ?? 0) + Number(r.calls));
  }
  return { commits, flushes, statements };
}
function diff(a: Counts, b: Counts, ownQueries: number): Counts {
  const statements = new Map<string, number>();
  for (const [q, n] of b.statements) {
    const d = n - (a.statements.get(q) ?? 0);
    if (d > 0) statements.set(q, d);
  }
  // Each snapshot is three autocommit statements of ours.
  return { commits: b.commits - a.commits - ownQueries, flushes: b.flushes - a.flushes, statements };
}
const total = (c: Counts) => [...c.statements.values()].reduce((s, n) => s + n, 0);

async function window(run: () => Promise<void>): Promise<{ counts: Counts; seconds: number }> {
  const before = await snapshot();
  const t0 = Date.now();
  pollCount = 0;
  await run();
  const seconds = (Date.now() - t0) / 1000;
  const polls = pollCount;
  const after = await snapshot();
  return { counts: diff(before, after, 3 + polls), seconds };
}
let pollCount = 0;
async function terminalJobs(): Promise<number> {
  pollCount++;
  const [{ n }] = await sql.unsafe<[{ n: number }]>(
    `${OWN} select count(*)::int as n from jobs where status in ('COMPLETED','FAILED','CANCELLED')`,
  );
  return n;
}

function report(
  label: string,
  w: { counts: Counts; seconds: number },
  idle: { counts: Counts; seconds: number },
) {
  console.log(
    `\n${label}: ${(w.counts.commits / jobs).toFixed(2)} commits/job, ${(w.counts.flushes / jobs).toFixed(2)} WAL flushes/job, ${(total(w.counts) / jobs).toFixed(2)} statements/job ` +
      `(${w.counts.commits} commits, ${total(w.counts)} statements over ${w.seconds.toFixed(1)} s, idle polling included; ` +
      `idle alone: ${(idle.counts.commits / idle.seconds).toFixed(1)} commits/s, ${(total(idle.counts) / idle.seconds).toFixed(1)} statements/s)`,
  );
  const rows = [...w.counts.statements].sort((x, y) => y[1] - x[1]).slice(0, 16);
  for (const [q, n] of rows) console.log(`  ${(n / jobs).toFixed(2).padStart(6)}  ${q.slice(0, 130)}`);
}

const api = await startDocketProcess('api', cluster.url, { RATE_LIMIT_PER_MINUTE: '100000000' });
try {
  const url = api.url as string;
  const create = (i: number) =>
    gql(url, cluster.keyA, CREATE_JOB, {
      input: { endpoint: 'PARSE', document: { url: textDataUrl(`job ${i}`), filename: `${i}.txt` } },
    });
  await pool([0, 1, 2, 3], 2, create); // warm the api's prepared statements
  await new Promise((r) => setTimeout(r, 1000));
  const idleApi = await window(() => new Promise((r) => setTimeout(r, 5000)));
  const created = await window(async () => {
    await pool(
      Array.from({ length: jobs }, (_, i) => i + 10),
      Number(values.clients),
      async (i) => {
        const res = await create(i);
        if (res.errors) throw new Error(JSON.stringify(res.errors));
      },
    );
  });
  report(`createJob (api process alone, ${values.clients} clients)`, created, idleApi);

  const worker = await startDocketProcess('worker', cluster.url, {
    WORKER_CONCURRENCY: values.concurrency as string,
  });
  try {
    // The jobs above drain first; then a quiet window with both processes up, then N more jobs
    // from creation to their end: what a job costs in all, the worker's part being the difference.
    await waitFor(async () => (await terminalJobs()) >= jobs + 4, 300_000, 200);
    await new Promise((r) => setTimeout(r, 1000));
    pollCount = 0;
    const idleBoth = await window(() => new Promise((r) => setTimeout(r, 5000)));
    const whole = await window(async () => {
      await pool(
        Array.from({ length: jobs }, (_, i) => i + 100_000),
        Number(values.clients),
        async (i) => {
          const res = await create(i);
          if (res.errors) throw new Error(JSON.stringify(res.errors));
        },
      );
      await waitFor(async () => (await terminalJobs()) >= 2 * jobs + 4, 300_000, 100);
    });
    report(`createJob → terminal (api + worker, WORKER_CONCURRENCY=${values.concurrency})`, whole, idleBoth);
    const [{ events }] = await sql.unsafe<[{ events: number }]>(
      `${OWN} select count(*)::int as events from job_events`,
    );
    console.log(`\njob events in all: ${events} for ${2 * jobs + 4} jobs`);
  } finally {
    await worker.stop();
  }
} finally {
  await api.stop();
  await cluster.close();
}
