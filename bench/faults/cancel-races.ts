// T11, cancel races, and the CPU a cancelled run leaves behind (issue item 6). Waves of jobs
// (a one-line PDF with OCR forced) are each cancelled at a random moment of one of four phases,
// in turn: just after creation (most still queued), while running, near the end of the run
// (racing the completion), and just after it finished. Pass:
//   queued → CANCELLED and never started (no IN_PROGRESS event);
//   running → CANCELLED, the run stopped within 2 s of the cancel (the worker's log), no
//     result written and no event after the cancel;
//   finished → cancelJob answers CONFLICT and the job stays COMPLETED;
//   every job has exactly one terminal event in job_events.
// Then one long OCR job: the worker's CPU over 2 s windows while it runs and after its cancel.
//
//   npm run fault:cancel-races -- [--jobs 100] [--wave 10]
import { parseArgs } from 'node:util';
import { makePdf, makeSlowPdf } from '../../testkit/fixtures.ts';
import {
  CREATE_JOB,
  collectLogs,
  cpuSeconds,
  gql,
  quantile,
  startCluster,
  startDocketProcess,
  TERMINAL,
  verdict,
  waitFor,
} from '../harness/index.ts';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '100' },
    wave: { type: 'string', default: '10' },
  },
});
const total = Math.min(1000, Number(values.jobs));
const wave = Math.min(50, Number(values.wave));
const ABORT_WITHIN_MS = 2000;
const CANCEL = `mutation($id: ID!) { cancelJob(id: $id) { status } }`;
const failures: string[] = [];

const cluster = await startCluster('cancel-races');
const api = await startDocketProcess('api', cluster.url);
const worker = await startDocketProcess('worker', cluster.url, { WORKER_CONCURRENCY: '2' });
const workerLog = collectLogs(worker);
const url = api.url as string;
const pdf = Buffer.from(await makePdf(['Cancel me: the quick brown fox jumps over the lazy dog'])).toString(
  'base64',
);
const PHASES = ['queued', 'running', 'ending', 'finished'] as const;

/** Waits for the moment of `phase` in job `id`'s life, then a random bit more. */
async function reach(id: string, phase: (typeof PHASES)[number]): Promise<void> {
  const at = async (test: (j: { status: string; progress: number }) => boolean) => {
    await waitFor(
      async () => {
        const [j] = await cluster.sql<{ status: string; progress: number }[]>`
        select status, progress from jobs where id = ${id}`;
        return j !== undefined && test(j);
      },
      120_000,
      20,
    );
  };
  const terminal = (s: string) => TERMINAL.includes(s);
  if (phase === 'running') await at((j) => j.status === 'IN_PROGRESS' || terminal(j.status));
  if (phase === 'ending') await at((j) => j.progress >= 0.5 || terminal(j.status));
  if (phase === 'finished') await at((j) => terminal(j.status));
  await new Promise((r) => setTimeout(r, Math.random() * (phase === 'running' ? 1000 : 200)));
}

interface Cancelled {
  id: string;
  /** When cancelJob answered. */
  answeredAt: number;
  answer: string;
}
const cancels: Cancelled[] = [];
const abortMs: number[] = [];
const counts = { queued: 0, running: 0, finished: 0 };
let cpuBefore = Number.NaN;
let cpuAfter: number[] = [];

try {
  for (let start = 0; start < total; start += wave) {
    const n = Math.min(wave, total - start);
    await Promise.all(
      Array.from({ length: n }, async (_, k) => {
        const i = start + k;
        const res = await gql(url, cluster.keyA, CREATE_JOB, {
          input: {
            endpoint: 'PARSE',
            document: { url: `data:application/pdf;base64,${pdf}`, filename: `race-${i}.pdf` },
            options: { ocr: 'FORCE' },
            metadata: { n: String(i) },
          },
        });
        const id = res.data?.createJob?.id as string | undefined;
        if (!id) throw new Error(`createJob failed: ${JSON.stringify(res.errors)}`);
        await reach(id, PHASES[i % PHASES.length] as (typeof PHASES)[number]);
        const answer = await gql(url, cluster.keyA, CANCEL, { id });
        cancels.push({
          id,
          answeredAt: Date.now(),
          answer: answer.data?.cancelJob?.status ?? answer.errors?.[0]?.extensions?.code ?? 'no answer',
        });
      }),
    );
    // Let the wave drain so the next starts on an idle worker.
    await waitFor(async () => {
      const [row] = await cluster.sql<{ n: number }[]>`
        select count(*)::int as n from jobs where status::text <> all(${[...TERMINAL]})`;
      return row?.n === 0;
    }, 60_000);
    console.log(
      `wave ${start / wave + 1}: ${Math.min(start + wave, total)}/${total} jobs cancelled at random points`,
    );
  }
  await new Promise((r) => setTimeout(r, 2000)); // late writes from stopped runs would land by now

  for (const c of cancels) {
    const events = await cluster.sql<{ version: number; status: string; created_at: Date }[]>`
      select version, status, created_at from job_events where job_id = ${c.id} order by version`;
    const [job] = await cluster.sql<{ status: string; response: unknown }[]>`
      select status, response from jobs where id = ${c.id}`;
    const terminal = events.filter((e) => TERMINAL.includes(e.status));
    if (terminal.length !== 1) failures.push(`${c.id}: ${terminal.length} terminal events`);
    const started = events.some((e) => e.status === 'IN_PROGRESS');
    if (c.answer === 'CONFLICT') {
      counts.finished++;
      if (job?.status !== 'COMPLETED') failures.push(`${c.id}: CONFLICT but the job is ${job?.status}`);
    } else if (c.answer !== 'CANCELLED') {
      failures.push(`${c.id}: cancelJob answered ${c.answer}`);
    } else if (!started) {
      counts.queued++;
      if (job?.status !== 'CANCELLED') failures.push(`${c.id}: cancelled while queued but ${job?.status}`);
      if (workerLog.some((l) => l.jobId === c.id && l.msg === 'job started'))
        failures.push(`${c.id}: cancelled while queued, yet a run started`);
    } else {
      counts.running++;
      if (job?.status !== 'CANCELLED' || job.response !== null)
        failures.push(`${c.id}: cancelled while running but ${job?.status} with a result`);
      const last = events.at(-1);
      if (last?.status !== 'CANCELLED') failures.push(`${c.id}: an event (${last?.status}) after the cancel`);
      const stopped = workerLog.find(
        (l) => l.jobId === c.id && l.msg === 'job run stopped: cancelled or superseded',
      );
      const finished = workerLog.find((l) => l.jobId === c.id && l.msg === 'job finished');
      if (stopped) abortMs.push(Math.max(0, stopped.time - c.answeredAt));
      else if (finished)
        abortMs.push(Math.max(0, finished.time - c.answeredAt)); // ran to its end, result refused
      else failures.push(`${c.id}: the worker never said its run stopped`);
    }
  }
  const late = abortMs.filter((ms) => ms > ABORT_WITHIN_MS);
  if (late.length > 0) failures.push(`${late.length} runs stopped later than 2 s after the cancel`);

  // CPU of the worker process while a long OCR job runs, then after its cancel.
  const long = Buffer.from(await makeSlowPdf(30)).toString('base64');
  const res = await gql(url, cluster.keyA, CREATE_JOB, {
    input: {
      endpoint: 'PARSE',
      document: { url: `data:application/pdf;base64,${long}` },
      options: { ocr: 'FORCE' },
    },
  });
  const id = res.data?.createJob?.id as string;
  await waitFor(async () => {
    const [row] = await cluster.sql<{ progress: number }[]>`select progress from jobs where id = ${id}`;
    return (row?.progress ?? 0) > 0;
  }, 60_000);
  const pid = worker.child.pid as number;
  const window = async () => {
    const a = await cpuSeconds(pid);
    await new Promise((r) => setTimeout(r, 2000));
    return ((await cpuSeconds(pid)) - a) / 2;
  };
  cpuBefore = await window();
  await gql(url, cluster.keyA, CANCEL, { id });
  cpuAfter = [await window(), await window(), await window()];
  // Relative to the run's own use: on a shared machine a busy worker may get a fraction of a core.
  if (!(cpuBefore > 0.1))
    failures.push(`the worker was not busy before the cancel (${cpuBefore.toFixed(2)} cores)`);
  const settled = cpuAfter[1] as number;
  if (!(settled < Math.max(0.05, cpuBefore / 4)))
    failures.push(
      `the worker still used ${settled.toFixed(2)} cores 2–4 s after the cancel (before: ${cpuBefore.toFixed(2)})`,
    );
} finally {
  await worker.stop();
  await api.stop();
  await cluster.close();
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(
  `cancel-races: ${cancels.length} cancels: ${counts.queued} queued, ${counts.running} running, ${counts.finished} finished (CONFLICT); running → run stopped: median ${s(quantile(abortMs, 0.5))}, max ${s(Math.max(...abortMs))} (limit 2 s)`,
);
console.log(
  `worker CPU (cores): ${cpuBefore.toFixed(2)} during a long OCR run; after its cancel ${cpuAfter.map((c) => c.toFixed(2)).join(', ')} (0–2, 2–4, 4–6 s)`,
);
verdict('cancel-races', failures);
