// T1, dead worker: N times, SIGKILL the worker process while it runs a slow job (OCR forced
// on a multi-page PDF) and start a fresh one. Every job must end terminal within
// heartbeat + monitor interval + 2·D + 10 s of the kill (FAULT-TESTS.md; D is the job's run time,
// measured on a run of the same document, not killed, on a warm worker before the first kill), none may stay
// IN_PROGRESS, and `attempts` must show the retry.
//
//   npm run fault:dead-worker -- [--times 20] [--pages 1]
import { parseArgs } from 'node:util';
import { makeSlowPdf } from '../../testkit/fixtures.ts';
import {
  CREATE_JOB,
  type DocketProcess,
  gql,
  quantile,
  startCluster,
  startDocketProcess,
  subscribe,
  TERMINAL,
  verdict,
} from '../harness/index.ts';

const { values } = parseArgs({
  options: { times: { type: 'string', default: '20' }, pages: { type: 'string', default: '1' } },
});
const times = Math.min(100, Number(values.times));
const pages = Number(values.pages);
const HEARTBEAT_S = 10;
/** pg-boss's monitor and supervise interval in Docket (src/jobs/queue.ts). */
const MONITOR_S = 2;
const failures: string[] = [];

const cluster = await startCluster('dead-worker');
const env = { HEARTBEAT_SECONDS: String(HEARTBEAT_S) };
const api = await startDocketProcess('api', cluster.url, env);
let worker: DocketProcess = await startDocketProcess('worker', cluster.url, env);
const url = api.url as string;
const pdf = Buffer.from(await makeSlowPdf(pages)).toString('base64');

/** D: one run of the document, start to end, not killed. */
async function runTime(): Promise<number> {
  const res = await gql(url, cluster.keyA, CREATE_JOB, {
    input: {
      endpoint: 'PARSE',
      document: { url: `data:application/pdf;base64,${pdf}`, filename: 'slow-d.pdf' },
      options: { ocr: 'FORCE' },
    },
  });
  const id = res.data?.createJob?.id as string;
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
    const [row] = await cluster.sql<{ status: string; ms: number | null }[]>`
      select status, extract(epoch from completed_at - started_at)::float8 * 1000 as ms from jobs where id = ${id}`;
    if (row && TERMINAL.includes(row.status)) return row.ms ?? Number.NaN;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the run measuring D (${id}) did not end within 120 s`);
}
await runTime(); // the first run warms the worker's pipeline threads up
const runMs = await runTime();
const limitMs = (HEARTBEAT_S + MONITOR_S + 10) * 1000 + 2 * runMs;
console.log(
  `D (one run, not killed): ${(runMs / 1000).toFixed(1)} s; limit ${(limitMs / 1000).toFixed(1)} s after a kill`,
);

const killToRetry: number[] = [];
const killToTerminal: number[] = [];
const ids: string[] = [];
try {
  for (let i = 0; i < times; i++) {
    const sentAt = Date.now();
    const res = await gql(url, cluster.keyA, CREATE_JOB, {
      input: {
        endpoint: 'PARSE',
        // Distinct bytes per round: a cache of earlier results must not make the rerun instant.
        document: { url: `data:application/pdf;base64,${pdf}`, filename: `slow-${i}.pdf` },
        options: { ocr: 'FORCE' },
        metadata: { round: String(i) },
      },
    });
    const createdAt = Date.now();
    const id = res.data?.createJob?.id as string | undefined;
    if (!id) throw new Error(`createJob failed: ${JSON.stringify(res.errors)}`);
    ids.push(id);
    const sub = subscribe(
      url,
      cluster.keyA,
      `subscription($id: ID) { jobUpdated(id: $id) { status progress attempts } }`,
      {
        id,
      },
    );
    // Mid-run: the pipeline has reported progress on this attempt.
    while (!sub.events.some((e) => e.status === 'IN_PROGRESS' && e.progress > 0)) {
      if (sub.events.some((e) => TERMINAL.includes(e.status)))
        throw new Error(`job ${id} finished before the kill`);
      await Promise.race([sub.done, new Promise((r) => setTimeout(r, 20))]);
    }
    console.log(
      `round ${i + 1}: createJob took ${((createdAt - sentAt) / 1000).toFixed(1)} s, mid-run ${((Date.now() - createdAt) / 1000).toFixed(1)} s later`,
    );
    const killedAt = Date.now();
    worker.child.kill('SIGKILL');
    await worker.exited;
    worker = await startDocketProcess('worker', cluster.url, env);
    await Promise.race([sub.done, new Promise((r) => setTimeout(r, 120_000))]);
    sub.stop();
    const [row] = await cluster.sql<
      { status: string; attempts: number; retried_at: string | null; updated_at: string }[]
    >`
      select j.status, j.attempts, j.updated_at,
        (select min(e.created_at) from job_events e where e.job_id = j.id and e.attempts >= 2) as retried_at
      from jobs j where j.id = ${id}`;
    if (!row) throw new Error(`job ${id} is missing`);
    const toTerminal = Date.parse(row.updated_at) - killedAt;
    const toRetry = row.retried_at ? Date.parse(row.retried_at) - killedAt : Number.NaN;
    killToTerminal.push(toTerminal);
    killToRetry.push(toRetry);
    console.log(
      `round ${i + 1}/${times}: ${row.status} attempts=${row.attempts} retry started ${(toRetry / 1000).toFixed(1)} s, terminal ${(toTerminal / 1000).toFixed(1)} s after the kill`,
    );
    if (!TERMINAL.includes(row.status)) failures.push(`round ${i + 1}: job ${id} is ${row.status}`);
    if (row.status !== 'COMPLETED') failures.push(`round ${i + 1}: job ${id} ended ${row.status}`);
    if (row.attempts !== 2) failures.push(`round ${i + 1}: attempts ${row.attempts}, expected 2`);
    if (!(toTerminal <= limitMs)) {
      failures.push(
        `round ${i + 1}: terminal ${(toTerminal / 1000).toFixed(1)} s after the kill (> ${(limitMs / 1000).toFixed(1)} s)`,
      );
    }
  }
  const [stuck] = await cluster.sql<{ n: number }[]>`
    select count(*)::int as n from jobs where status::text <> all(${[...TERMINAL]})`;
  if (stuck?.n) failures.push(`${stuck.n} jobs not terminal at the end`);
} finally {
  await worker.stop();
  await api.stop();
  await cluster.close();
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
console.log(
  `dead-worker: ${ids.length} kills; kill → retry running: median ${s(quantile(killToRetry, 0.5))}, max ${s(Math.max(...killToRetry))}; kill → terminal: median ${s(quantile(killToTerminal, 0.5))}, max ${s(Math.max(...killToTerminal))} (limit ${s(limitMs)}: heartbeat ${HEARTBEAT_S} s + monitor ${MONITOR_S} s + 2 × D ${s(runMs)} + 10 s)`,
);
verdict('dead-worker', failures);
