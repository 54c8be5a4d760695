// `npm run bench:cli`: "a person drops 50 PDFs on the CLI and watches them finish". Makes 50
// small one-page PDFs, runs `docket upload … --wait --out DIR` as a person would (a child
// process) against a Docket it starts (api + worker processes on a throwaway database), and
// prints files/s, total time and failures: medians of ROUNDS batches, beside the baseline of
// a single file through the same command in the same run.
//
//   npm run bench:cli -- [--files 50] [--rounds 3] [--endpoint process]
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { makePdf } from '../testkit/fixtures.ts';
import { startCluster, startDocketProcess, verdict } from './harness/index.ts';

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '3' },
    endpoint: { type: 'string', default: 'process' },
  },
});
const FILES = Math.min(500, Number(values.files));
const ROUNDS = Math.min(10, Number(values.rounds));
const RUN_TIMEOUT_MS = 600_000;
const failures: string[] = [];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

const dir = path.resolve('.data/bench-cli');
await rm(dir, { recursive: true, force: true });
await mkdir(path.join(dir, 'in'), { recursive: true });
const files: string[] = [];
for (let i = 1; i <= FILES; i++) {
  const file = path.join(dir, 'in', `invoice-${String(i).padStart(3, '0')}.pdf`);
  const text = `ACME Supplies Ltd\nInvoice INV-${1000 + i}\nDate: 2026-11-${String((i % 28) + 1).padStart(2, '0')}\nWidgets x${i}  ${(i * 12.5).toFixed(2)} EUR\nTotal: ${(i * 12.5 * 1.2).toFixed(2)} EUR\nContact: billing@acme.example`;
  await writeFile(file, await makePdf([text]));
  files.push(file);
}

const cluster = await startCluster('bench-cli');
const workers = availableParallelism();
const [api, worker] = await Promise.all([
  startDocketProcess('api', cluster.url),
  // As `npm start` runs them: one job per core.
  startDocketProcess('worker', cluster.url, { WORKER_CONCURRENCY: String(workers) }),
]);
const url = api.url as string;

/** One `docket upload` of `batch` into a fresh output folder; its wall time and outcome. */
async function upload(batch: string[], round: string) {
  const out = path.join(dir, 'out', round);
  const started = performance.now();
  const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [
        'src/cli/docket.ts',
        'upload',
        ...batch,
        '--endpoint',
        values.endpoint,
        '--wait',
        '--out',
        out,
        '--json',
        '--url',
        url,
        '--key',
        cluster.keyA,
      ],
      { env: { PATH: process.env.PATH ?? '' }, timeout: RUN_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
  });
  const seconds = (performance.now() - started) / 1000;
  let results: { status: string }[] = [];
  try {
    results = JSON.parse(run.stdout);
  } catch {
    failures.push(`round ${round}: no JSON on stdout (exit ${run.code}): ${run.stderr.slice(-500)}`);
  }
  const failed = results.filter((r) => r.status !== 'COMPLETED').length + (batch.length - results.length);
  const written = await readdir(out).catch(() => [] as string[]);
  for (const name of written.slice(0, 3)) {
    const job = JSON.parse(await readFile(path.join(out, name), 'utf8'));
    if (job.status !== 'COMPLETED') failures.push(`round ${round}: ${name} is ${job.status}`);
  }
  if (run.code !== 0) failures.push(`round ${round}: exit code ${run.code}`);
  if (failed > 0) failures.push(`round ${round}: ${failed} of ${batch.length} files did not complete`);
  if (written.length !== batch.length) {
    failures.push(`round ${round}: ${written.length} result files for ${batch.length} uploads`);
  }
  return { seconds, failed };
}

try {
  const single: number[] = [];
  const batches: { seconds: number; failed: number }[] = [];
  for (let r = 1; r <= ROUNDS; r++) {
    single.push((await upload([files[r % files.length] as string], `single-${r}`)).seconds);
    const b = await upload(files, `batch-${r}`);
    batches.push(b);
    console.log(
      `round ${r}: ${FILES} files in ${b.seconds.toFixed(1)} s (${(FILES / b.seconds).toFixed(2)} files/s), ${b.failed} failed; one file ${single.at(-1)?.toFixed(2)} s`,
    );
  }
  const total = median(batches.map((b) => b.seconds));
  console.log(
    `docket upload ${FILES} one-page PDFs --endpoint ${values.endpoint} --wait --out DIR, ${workers} worker slots, ${ROUNDS} rounds:`,
  );
  console.log(
    `  median ${total.toFixed(1)} s total, ${(FILES / total).toFixed(2)} files/s, failures ${batches.reduce((n, b) => n + b.failed, 0)}`,
  );
  console.log(`  baseline: one file through the same command, median ${median(single).toFixed(2)} s`);
} catch (err) {
  failures.push((err as Error).message);
} finally {
  await worker.stop();
  await api.stop();
  await cluster.close();
  await rm(dir, { recursive: true, force: true });
}
verdict('bench:cli', failures);
