// T2, SIGTERM drain. Part 1: a worker (WORKER_CONCURRENCY=3, PIPELINE_THREADS=3) runs 3 short jobs (a one-page PDF,
// OCR forced) with 3 more queued behind them; it gets SIGTERM. Pass: the 3 running jobs end
// COMPLETED on their first attempt, no queued job starts in that process after the signal, and
// it exits with code 0 within the stop timeout (20 s) + 2 s. A fresh worker then runs the rest.
// Part 2: a job longer than the stop timeout (a PDF of PAGES pages, OCR forced) gets SIGTERM
// mid-run. Pass: its run is aborted, the process still exits 0 within 22 s, and after a restart
// the job is run again exactly once (attempts = 2) and COMPLETED.
//
//   npm run fault:drain -- [--pages 15]
import { parseArgs } from 'node:util';
import { makePdf, makeSlowPdf } from '../../testkit/fixtures.ts';
import {
  CREATE_JOB,
  collectLogs,
  type DocketProcess,
  gql,
  startCluster,
  startDocketProcess,
  verdict,
  waitFor,
} from '../harness/index.ts';

const { values } = parseArgs({ options: { pages: { type: 'string', default: '15' } } });
const pages = Math.min(60, Number(values.pages));
const STOP_TIMEOUT_MS = 20_000; // src/app.ts close(drainMs)
const failures: string[] = [];

const cluster = await startCluster('drain');
const api = await startDocketProcess('api', cluster.url);
const url = api.url as string;
// One short line, OCR forced: a run of a second or two, long enough to be caught running.
const short = Buffer.from(await makePdf(['Drain: the quick brown fox jumps over the lazy dog'])).toString(
  'base64',
);
const long = Buffer.from(await makeSlowPdf(pages)).toString('base64');

async function submit(key: string, pdf: string, tag: string): Promise<string> {
  const res = await gql(url, key, CREATE_JOB, {
    input: {
      endpoint: 'PARSE',
      document: { url: `data:application/pdf;base64,${pdf}`, filename: `${tag}.pdf` },
      options: { ocr: 'FORCE' },
      metadata: { tag },
    },
  });
  const id = res.data?.createJob?.id as string | undefined;
  if (!id) throw new Error(`createJob failed: ${JSON.stringify(res.errors)}`);
  return id;
}

interface JobState {
  id: string;
  status: string;
  attempts: number;
  progress: number;
}
const states = (ids: string[]) =>
  cluster.sql<JobState[]>`select id, status, attempts, progress from jobs where id = any(${ids})`;

/** SIGTERM; resolves with the exit code and how long the process took to exit. */
async function term(proc: DocketProcess): Promise<{ code: number | null; ms: number }> {
  const at = Date.now();
  proc.child.kill('SIGTERM');
  const killer = setTimeout(() => proc.child.kill('SIGKILL'), 60_000);
  const code = await proc.exited;
  clearTimeout(killer);
  return { code, ms: Date.now() - at };
}

let part1 = '';
let part2 = '';
const workers: DocketProcess[] = [];
try {
  // Part 1. Jobs of two organizations, so all 3 slots run at once (one organization's
  // backlog gets WORKER_CONCURRENCY - 1 slots).
  const w1 = await startDocketProcess('worker', cluster.url, {
    WORKER_CONCURRENCY: '3',
    PIPELINE_THREADS: '3',
  });
  workers.push(w1);
  const log1 = collectLogs(w1);
  const ids: string[] = [];
  for (let i = 0; i < 6; i++)
    ids.push(await submit(i % 2 ? cluster.keyB : cluster.keyA, short, `short-${i}`));
  const busy = await waitFor(
    async () => {
      const s = await states(ids);
      return s.filter((j) => j.status === 'IN_PROGRESS' && j.progress > 0).length === 3;
    },
    60_000,
    50,
  );
  if (!busy) throw new Error('3 jobs never ran at once');
  const running = (await states(ids)).filter((j) => j.status === 'IN_PROGRESS').map((j) => j.id);
  const signalAt = Date.now();
  const { code, ms } = await term(w1);
  const after = await states(ids);
  const startedAfter = log1.filter((l) => l.msg === 'job started' && l.time >= signalAt).map((l) => l.jobId);
  const done = after.filter((j) => running.includes(j.id) && j.status === 'COMPLETED' && j.attempts === 1);
  part1 = `${running.length} running at SIGTERM: ${done.length} COMPLETED on attempt 1; ${startedAfter.length} jobs started after the signal; exit code ${code} after ${(ms / 1000).toFixed(1)} s (limit ${(STOP_TIMEOUT_MS + 2000) / 1000} s)`;
  console.log(`part 1: ${part1}`);
  for (const j of after)
    console.log(
      `  ${j.id}: ${j.status} attempts=${j.attempts}${running.includes(j.id) ? ' (running at SIGTERM)' : ''}`,
    );
  if (done.length !== running.length)
    failures.push(`part 1: ${running.length - done.length} running jobs did not complete on attempt 1`);
  if (startedAfter.length > 0) failures.push(`part 1: ${startedAfter.length} jobs started after SIGTERM`);
  if (code !== 0) failures.push(`part 1: exit code ${code}`);
  if (ms > STOP_TIMEOUT_MS + 2000) failures.push(`part 1: exit took ${(ms / 1000).toFixed(1)} s`);

  const w2 = await startDocketProcess('worker', cluster.url, {
    WORKER_CONCURRENCY: '3',
    PIPELINE_THREADS: '3',
  });
  workers.push(w2);
  const rest = await waitFor(async () => (await states(ids)).every((j) => j.status === 'COMPLETED'), 120_000);
  if (!rest) failures.push('part 1: the queued jobs did not complete on the fresh worker');

  // Part 2: a run longer than the stop timeout.
  const id = await submit(cluster.keyA, long, 'long');
  const createdAt = Date.now();
  if (!(await waitFor(async () => ((await states([id]))[0]?.progress ?? 0) > 0, 120_000, 50)))
    throw new Error('the long job never started');
  const runningFor = Date.now() - createdAt;
  const stop2 = await term(w2);
  const [mid] = await states([id]);
  console.log(
    `part 2: SIGTERM ${(runningFor / 1000).toFixed(1)} s after creating a ${pages}-page job; exit code ${stop2.code} after ${(stop2.ms / 1000).toFixed(1)} s; job ${mid?.status} at progress ${mid?.progress.toFixed(2)}`,
  );
  if (stop2.code !== 0) failures.push(`part 2: exit code ${stop2.code}`);
  if (stop2.ms > STOP_TIMEOUT_MS + 2000) failures.push(`part 2: exit took ${(stop2.ms / 1000).toFixed(1)} s`);
  if (mid?.status === 'COMPLETED')
    failures.push('part 2: the long job finished within the stop timeout: raise --pages');
  const restartAt = Date.now();
  const w3 = await startDocketProcess('worker', cluster.url, {
    WORKER_CONCURRENCY: '3',
    PIPELINE_THREADS: '3',
  });
  workers.push(w3);
  const finished = await waitFor(async () => (await states([id]))[0]?.status === 'COMPLETED', 300_000, 500);
  const [end] = await states([id]);
  const attemptsSeen = await cluster.sql<{ attempts: number }[]>`
    select distinct attempts from job_events where job_id = ${id} and status = 'IN_PROGRESS' order by attempts`;
  part2 = `a ${pages}-page run cut by SIGTERM: exit ${stop2.code} after ${(stop2.ms / 1000).toFixed(1)} s; after the restart ${end?.status} with attempts = ${end?.attempts} (attempts run: ${attemptsSeen.map((a) => a.attempts).join(', ')}), ${((Date.now() - restartAt) / 1000).toFixed(0)} s after it`;
  console.log(`part 2: ${part2}`);
  if (!finished) failures.push(`part 2: the job is ${end?.status} after the restart`);
  if (end?.attempts !== 2 || attemptsSeen.length !== 2)
    failures.push(`part 2: attempts ${end?.attempts}, expected exactly 2`);
} finally {
  for (const w of workers) await w.stop();
  await api.stop();
  await cluster.close();
}

console.log(`drain: part 1: ${part1}; part 2: ${part2}`);
verdict('drain', failures);
