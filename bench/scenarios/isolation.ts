// Scenario 5, isolation of the event loop: one Docket process in role `all`, API query latency
// (`jobs(first: 20)`, back to back) at idle and while OCR jobs (scanned one-page PDFs, OCR
// forced) keep every worker slot busy. The busy figure counts only while the workers are
// saturated: it is checked before and after each repetition. Baseline: the idle figure.
//
//   npm run bench -- --only isolation [--quick] [--isolation-queries 200]
import { availableParallelism } from 'node:os';
import { dataUrl } from '../../testkit/fixtures.ts';
import { scannedPdf } from '../../testkit/format-fixtures.ts';
import {
  type BenchContext,
  CREATE_JOB,
  gql,
  latencyRow,
  median,
  p99,
  pool,
  progress,
  type Row,
  startDocket,
  wallNow,
} from '../harness/index.ts';

const S = 'isolation';
const LIST =
  '{ jobs(first: 20) { pageInfo { hasNextPage endCursor } nodes { id status stage progress endpoint createdAt } } }';

export async function isolation(ctx: BenchContext): Promise<Row[]> {
  const { opts } = ctx;
  const database = await ctx.cluster.database(S);
  const docket = await startDocket('all', database.url);
  const url = docket.url as string;
  const slots = availableParallelism();

  const queries = async (count: number) => {
    const out: number[] = [];
    for (let i = 0; i < count; i++) {
      const t = wallNow();
      const res = await gql(url, database.keyA, LIST);
      out.push(wallNow() - t);
      if (res.errors) throw new Error(`jobs query failed: ${JSON.stringify(res.errors)}`);
    }
    return out;
  };
  const running = async () => {
    const [row] =
      (await database.sql`select count(*)::int as n from jobs where status = 'IN_PROGRESS'`) as unknown as {
        n: number;
      }[];
    return row?.n ?? 0;
  };

  // Some finished jobs to list, and a warm OCR engine on every thread.
  const scan = dataUrl(await scannedPdf(['Warm up the OCR engine', 'and the threads']));
  const ocrJob = {
    endpoint: 'PARSE',
    document: { url: scan, filename: 'scan.pdf' },
    options: { ocr: 'FORCE' },
  };
  // Jobs of two organizations: one organization's backlog leaves a slot free on purpose (fairness).
  const create = async (i: number) => {
    const res = await gql(url, i % 2 ? database.keyB : database.keyA, CREATE_JOB, { input: ocrJob });
    if (!res.data?.createJob?.id) throw new Error(`createJob failed: ${JSON.stringify(res.errors)}`);
  };
  progress('isolation: warm-up');
  await pool(
    Array.from({ length: slots * 2 }, (_, i) => i),
    slots,
    (i) => create(i),
  );
  while (
    (await database.sql`select 1 from jobs where status not in ('COMPLETED', 'FAILED') limit 1`).length > 0
  ) {
    await new Promise((r) => setTimeout(r, 500));
  }
  await queries(20);

  const idle: number[] = [];
  for (let rep = 0; rep < opts.reps; rep++) {
    progress(`isolation: idle rep ${rep + 1}/${opts.reps}`);
    idle.push(...(await queries(opts.isolationQueries)));
  }

  // A backlog large enough that the workers stay busy through every busy repetition.
  const backlog = Math.max(slots * 4, Math.ceil((opts.reps * opts.isolationQueries) / 10));
  progress(`isolation: ${backlog} OCR jobs queued`);
  await pool(
    Array.from({ length: backlog }, (_, i) => i),
    4,
    (i) => create(i),
  );
  const until = Date.now() + 60_000;
  while ((await running()) < slots && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  const busy: number[] = [];
  let unsaturated = 0;
  for (let rep = 0; rep < opts.reps; rep++) {
    const before = await running();
    const samples = await queries(opts.isolationQueries);
    const after = await running();
    progress(`isolation: busy rep ${rep + 1}/${opts.reps}, ${before} → ${after} jobs running`);
    if (before < slots || after < slots) unsaturated++;
    busy.push(...samples);
  }
  await docket.stop(2000);
  await database.drop();

  return [
    latencyRow(S, `jobs(first: 20) while OCR fills ${slots} worker slots (role all)`, busy, opts.reps, {
      baseline: { name: 'idle', median: median(idle), p99: p99(idle) },
      ratio: p99(busy) / p99(idle),
      goal: 'p99 ≤ 2× idle p99',
      met: p99(busy) <= 2 * p99(idle) && unsaturated === 0,
      note: `the ratio is of the p99s (busy / idle); of the medians ${(median(busy) / median(idle)).toFixed(2)}×${unsaturated ? `; ${unsaturated} reps not saturated throughout` : ''}`,
    }),
    latencyRow(S, 'jobs(first: 20) at idle (role all)', idle, opts.reps, { note: 'baseline' }),
  ];
}
