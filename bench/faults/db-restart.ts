// T3, database restart during a burst: JOBS tiny jobs submitted by concurrent clients; a
// third of the way in, Postgres is stopped with `pg_ctl stop -m immediate` (a crash, as
// far as clients can tell) and started again DOWN seconds later. Every acknowledged job must
// be in the database and end terminal, no request may hang past 15 s, the api and worker
// processes must still be the ones started (no restart), and WebSocket subscribers (with
// graphql-ws retries) must have seen a terminal event for every acknowledged job.
//
//   npm run fault:db-restart -- [--jobs 1000] [--down 3] [--concurrency 20]
import { parseArgs } from 'node:util';
import {
  CREATE_JOB,
  gql,
  pool,
  startCluster,
  startDocketProcess,
  subscribe,
  TERMINAL,
  textDataUrl,
  verdict,
  waitFor,
} from '../harness/index.ts';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '1000' },
    down: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '20' },
    subscribers: { type: 'string', default: '5' },
  },
});
const total = Math.min(10_000, Number(values.jobs));
const downMs = Number(values.down) * 1000;
const concurrency = Math.min(100, Number(values.concurrency));
const failures: string[] = [];

const cluster = await startCluster('db-restart');
const api = await startDocketProcess('api', cluster.url);
const worker = await startDocketProcess('worker', cluster.url, { WORKER_CONCURRENCY: '2' });
const url = api.url as string;
const subs = Array.from({ length: Number(values.subscribers) }, () =>
  subscribe(
    url,
    cluster.keyA,
    `subscription { jobUpdated { id status version } }`,
    {},
    { retryAttempts: 100 },
  ),
);

const acked: string[] = [];
let refused = 0;
let hung = 0;
let crashedAt = 0;
let restartedAt = 0;
try {
  // Subscribed before the first job: wait until the api holds every subscription.
  await new Promise((r) => setTimeout(r, 500));
  const crashAfter = Math.floor(total / 3);
  let submitted = 0;
  const fault = (async () => {
    await waitFor(async () => submitted >= crashAfter, 120_000, 20);
    crashedAt = Date.now();
    await cluster.crash();
    console.log(`postgres stopped (immediate) after ${submitted} submissions`);
    await new Promise((r) => setTimeout(r, downMs));
    await cluster.start();
    restartedAt = Date.now();
    console.log(`postgres started again after ${((restartedAt - crashedAt) / 1000).toFixed(1)} s`);
  })();
  await pool(
    Array.from({ length: total }, (_, i) => i),
    concurrency,
    async (i) => {
      submitted++;
      const t = Date.now();
      try {
        const res = await gql(
          url,
          cluster.keyA,
          CREATE_JOB,
          {
            input: {
              endpoint: 'PARSE',
              document: { url: textDataUrl(`burst document ${i}`), filename: `b${i}.txt` },
            },
          },
          15_000,
        );
        const id = res.data?.createJob?.id as string | undefined;
        if (id) acked.push(id);
        else refused++;
      } catch {
        if (Date.now() - t >= 15_000) hung++;
        else refused++;
      }
    },
  );
  await fault;
  console.log(`${acked.length} acknowledged, ${refused} refused with an error, ${hung} hung past 15 s`);
  if (hung) failures.push(`${hung} requests hung past 15 s`);

  const terminalCount = async () => {
    const [row] = await cluster.sql<{ n: number }[]>`
      select count(*)::int as n from jobs where id = any(${acked}) and status in ('COMPLETED', 'FAILED', 'CANCELLED')`;
    return row?.n ?? 0;
  };
  const allTerminal = await waitFor(async () => (await terminalCount()) === acked.length, 120_000, 500);
  const drainedAt = Date.now();
  const [found] = await cluster.sql<
    { n: number }[]
  >`select count(*)::int as n from jobs where id = any(${acked})`;
  const statuses = await cluster.sql<{ status: string; n: number }[]>`
    select status, count(*)::int as n from jobs group by status order by status`;
  console.log(
    `database: ${found?.n}/${acked.length} acknowledged jobs present; ${statuses.map((s) => `${s.status} ${s.n}`).join(', ')}; all terminal ${((drainedAt - restartedAt) / 1000).toFixed(1)} s after the restart`,
  );
  if (found?.n !== acked.length) failures.push(`${acked.length - (found?.n ?? 0)} acknowledged jobs lost`);
  if (!allTerminal)
    failures.push(
      `${acked.length - (await terminalCount())} acknowledged jobs not terminal 120 s after the restart`,
    );

  // Subscribers: a terminal event for every acknowledged job, directly or after reconnecting.
  await waitFor(async () => subs.every((s) => terminalSeen(s.events) >= acked.length), 10_000, 200);
  for (const [i, s] of subs.entries()) {
    const seen = terminalSeen(s.events);
    console.log(
      `subscriber ${i + 1}: terminal events for ${seen}/${acked.length} jobs, ${s.connects()} connection(s)`,
    );
    if (seen < acked.length) {
      // What ended it, if it ended: an error sent on the subscription is not retried.
      const why = s.errors.length ? `; its errors: ${s.errors.map(describe).slice(0, 3).join(' | ')}` : '';
      failures.push(`subscriber ${i + 1} missed ${acked.length - seen} terminal events${why}`);
    }
  }

  for (const p of [api, worker]) {
    const alive = p.child.exitCode === null && p.child.signalCode === null;
    console.log(
      `${p.role} process: ${alive ? 'alive, never restarted' : `exited (${p.child.exitCode ?? p.child.signalCode})`}`,
    );
    if (!alive) failures.push(`${p.role} process died: ${p.output().slice(-2000)}`);
  }
  const ready = await fetch(url.replace('/graphql', '/readyz')).then(
    (r) => r.status,
    () => 0,
  );
  if (ready !== 200) failures.push(`/readyz answers ${ready} after the restart`);
} finally {
  for (const s of subs) s.stop();
  await worker.stop();
  await api.stop();
  await cluster.close();
}

function terminalSeen(events: Record<string, any>[]): number {
  return new Set(events.filter((e) => TERMINAL.includes(e.status)).map((e) => e.id as string)).size;
}

verdict('db-restart', failures);

function describe(err: unknown): string {
  if (err instanceof Error) return err.message;
  return JSON.stringify(err)?.slice(0, 300) ?? String(err);
}
