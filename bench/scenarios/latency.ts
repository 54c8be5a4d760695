// Scenario 1, latency: jobs one at a time through createJob, a text document and a 1-page PDF with a text layer.
//   createJob sent → the worker starts it (jobs.started_at, written by the worker at the start of its run)
//   createJob sent → its COMPLETED event arrives at a graphql-ws subscriber
// Baseline, same database: bare pg-boss send → handler start, once with Docket's own queue and
// worker settings and once in pg-boss's best case (no group limit, the shortest poll).
//
//   npm run bench -- --only latency [--quick] [--reps 3] [--latency-jobs 200] [--topology all|split]
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { PgBoss, type WorkOptions } from 'pg-boss';
import { dataUrl, makePdf } from '../../testkit/fixtures.ts';
import {
  against,
  type BenchContext,
  CREATE_JOB,
  gql,
  jobState,
  latencyRow,
  median,
  p99,
  progress,
  type Row,
  startTopology,
  textDataUrl,
  topologyLabel,
  wallNow,
  watchCompletions,
} from '../harness/index.ts';

const S = 'latency';

export async function latency(ctx: BenchContext, topology: 'all' | 'split' = 'all'): Promise<Row[]> {
  const { opts } = ctx;
  const database = await ctx.cluster.database(S);
  const docket = await startTopology(topology, database.url);
  const watch = await watchCompletions(docket.apiUrl, database.keyA);
  const pdf = dataUrl(await makePdf(['Invoice 2026-0042', 'Total: 118.00 EUR', 'Due: 2027-01-01']));
  // Issue #15's two documents: a text document, and a 1-page PDF with a text layer.
  const documents = {
    text: {
      url: textDataUrl('Invoice 2026-0042\nTotal: 118.00 EUR\nDue: 2027-01-01\n'),
      filename: 'invoice.txt',
    },
    pdf: { url: pdf, filename: 'invoice.pdf' },
  };

  const lost: string[] = [];
  const one = async (document: { url: string; filename: string }) => {
    const sent = wallNow();
    const res = await gql(docket.apiUrl, database.keyA, CREATE_JOB, {
      input: { endpoint: 'PARSE', document },
    });
    const answered = wallNow();
    const id = res.data?.createJob?.id as string | undefined;
    if (!id) throw new Error(`createJob failed: ${JSON.stringify(res.errors)}`);
    const done = await watch.wait(id).catch(async () => {
      // Counted and reported rather than ending a long run: the row's note says what happened.
      lost.push(await jobState(database.sql, id));
      progress(`latency: no terminal event within 60 s for ${lost.at(-1)}`);
      return null;
    });
    if (!done) return null;
    if (done.status !== 'COMPLETED') throw new Error(`job ${id} ended ${done.status}`);
    return { id, sent, answered, done: done.at };
  };

  progress(`latency: warm-up (${topology})`);
  for (let i = 0; i < 10; i++) await one(i % 2 ? documents.pdf : documents.text);

  /** One document's jobs one at a time; where the time goes, per job: the createJob answer,
   * answer → worker start, the run (started_at → completed_at, both the worker's clock) and
   * completed_at → the subscriber. */
  const measure = async (kind: keyof typeof documents) => {
    const m = {
      toStart: [] as number[],
      toDone: [] as number[],
      answer: [] as number[],
      pickup: [] as number[],
      runTime: [] as number[],
      delivery: [] as number[],
      events: [] as number[],
    };
    for (let rep = 0; rep < opts.reps; rep++) {
      progress(`latency: Docket rep ${rep + 1}/${opts.reps}, ${opts.latencyJobs} ${kind} jobs one at a time`);
      const runs = [];
      for (let i = 0; i < opts.latencyJobs; i++) {
        const r = await one(documents[kind]);
        if (r) runs.push(r);
      }
      const rows = (await database.sql`
        select id, extract(epoch from started_at) * 1000 as started, extract(epoch from completed_at) * 1000 as completed,
               (select count(*) from job_events e where e.job_id = jobs.id)::int as events
        from jobs where id in ${database.sql(runs.map((r) => r.id))}
      `) as unknown as { id: string; started: string; completed: string; events: number }[];
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const r of runs) {
        const row = byId.get(r.id) as (typeof rows)[number];
        const [started, completed] = [Number(row.started), Number(row.completed)];
        m.toStart.push(started - r.sent);
        m.toDone.push(r.done - r.sent);
        m.answer.push(r.answered - r.sent);
        m.pickup.push(started - r.answered);
        m.runTime.push(completed - started);
        m.delivery.push(r.done - completed);
        m.events.push(row.events);
      }
    }
    return m;
  };
  const text = await measure('text');
  const onePage = await measure('pdf');
  await watch.close();
  await docket.stop();

  // Baselines on the same database, with Docket stopped.
  const concurrency = availableParallelism();
  const docketLike: WorkOptions = {
    localConcurrency: concurrency,
    localGroupConcurrency: Math.max(1, concurrency - 1),
    pollingIntervalSeconds: 2,
    notifyPollingIntervalSeconds: 2,
    burstWhenReadyExceeds: 1,
  };
  const bestCase: WorkOptions = { localConcurrency: 1, pollingIntervalSeconds: 0.5 };
  const bareDocketLike = await bareSendToStart(ctx, database.url, 'docket-settings', docketLike, true);
  const bareBest = await bareSendToStart(ctx, database.url, 'best-case', bestCase, false);
  await database.drop();

  const topo = topologyLabel(topology);
  const lostNote = lost.length
    ? `; ${lost.length} terminal events not received within 60 s (left out): ${lost.join('; ')}`
    : '';
  const toCompleted = (m: typeof text, what: string, p50: number, p99at: number) =>
    latencyRow(S, `createJob → COMPLETED at subscriber, ${what} (${topo})`, m.toDone, opts.reps, {
      ...against('bare pg-boss send → handler, Docket settings', median(m.toDone), bareDocketLike, 'latency'),
      goal: `p50 ≤ ${p50} ms, p99 ≤ ${p99at} ms`,
      met: median(m.toDone) <= p50 && p99(m.toDone) <= p99at,
      note: `${median(m.events)} job events (transactions with a NOTIFY) per job${lostNote}`,
    });
  const parts = (m: typeof text, what: string) => [
    latencyRow(S, `  part (${what}): createJob answered`, m.answer, opts.reps),
    latencyRow(S, `  part (${what}): answer → worker start`, m.pickup, opts.reps),
    latencyRow(S, `  part (${what}): run, started_at → completed_at`, m.runTime, opts.reps),
    latencyRow(S, `  part (${what}): completed_at → event at subscriber`, m.delivery, opts.reps),
  ];
  const toStart = [...text.toStart, ...onePage.toStart];
  return [
    latencyRow(S, `createJob → worker start (${topo})`, toStart, opts.reps, {
      ...against('bare pg-boss send → handler, Docket settings', median(toStart), bareDocketLike, 'latency'),
      goal: 'p50 ≤ 5 ms',
      met: median(toStart) <= 5,
    }),
    latencyRow(S, 'bare pg-boss send → handler, best case (poll 0.5 s, no group)', bareBest, opts.reps, {
      note: 'baseline',
    }),
    toCompleted(text, 'text document', 15, 40),
    ...parts(text, 'text'),
    toCompleted(onePage, '1-page PDF', 25, 50),
    ...parts(onePage, 'PDF'),
  ];
}

/**
 * Bare pg-boss on the same database: one instance sends (like the api), another works (like
 * the worker), one task at a time; send → handler start, in this process's clock.
 */
async function bareSendToStart(
  ctx: BenchContext,
  url: string,
  label: string,
  work: WorkOptions,
  grouped: boolean,
): Promise<number[]> {
  const { opts } = ctx;
  const queue = `bench-latency-${label}`;
  const common = { connectionString: url, schema: 'pgboss', useListenNotify: true, max: 6 } as const;
  const sender = new PgBoss({ ...common, supervise: false, schedule: false });
  const worker = new PgBoss({
    ...common,
    superviseIntervalSeconds: 2,
    monitorIntervalSeconds: 2,
    queueCacheIntervalSeconds: 2,
  });
  for (const b of [sender, worker]) b.on('error', () => {});
  await sender.start();
  await worker.start();
  await sender.createQueue(queue, { notify: true });
  // The worker's queue cache learns about the queue (and its notify flag) on its next refresh.
  await new Promise((r) => setTimeout(r, 2500));
  let arrived: ((t: number) => void) | null = null;
  await worker.work(queue, work, async () => {
    arrived?.(performance.now());
  });
  const one = async (i: number) => {
    const t = new Promise<number>((resolve) => {
      arrived = resolve;
    });
    const sent = performance.now();
    await sender.send(queue, { i }, grouped ? { group: { id: 'org' } } : {});
    return (await t) - sent;
  };
  for (let i = 0; i < 10; i++) await one(i);
  const samples: number[] = [];
  for (let rep = 0; rep < opts.reps; rep++) {
    progress(`latency: bare pg-boss (${label}) rep ${rep + 1}/${opts.reps}`);
    for (let i = 0; i < opts.latencyJobs; i++) samples.push(await one(i));
  }
  await worker.stop({ graceful: false, close: true });
  await sender.stop({ graceful: false, close: true });
  return samples;
}
