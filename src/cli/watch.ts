// `docket watch`: the organization's jobs as they change, over the filter subscription. On a
// terminal a live table; otherwise one line per change (or one JSON object per line with
// --json). It runs until `stop` is aborted (Ctrl-C), which is its normal end: exit 0.
import type { DocketClient, Job } from '../client/index.ts';
import { JOB_COLUMNS, jobRow, table } from './format.ts';
import { filterOf } from './jobs.ts';
import { EXIT } from './settings.ts';

const SHOWN = 30;

export async function watch(
  client: DocketClient,
  flags: { status?: string | undefined; endpoint?: string | undefined; json?: boolean | undefined },
  stop: AbortSignal,
): Promise<number> {
  const filter = filterOf(flags);
  const live = process.stdout.isTTY === true && !flags.json;
  const jobs = new Map<string, Job>();
  let connected = false;
  const draw = () => {
    const rows = [...jobs.values()].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).slice(0, SHOWN);
    const counts = new Map<string, number>();
    for (const j of jobs.values()) counts.set(j.status, (counts.get(j.status) ?? 0) + 1);
    const summary = [...counts].map(([s, n]) => `${s} ${n}`).join(' · ');
    const idle = connected ? 'waiting for changes…' : 'connecting…';
    // Home and clear, then the table: the terminal shows one current picture.
    process.stdout.write(
      `\x1b[H\x1b[2J${table(JOB_COLUMNS, rows.map(jobRow))}\n\n${summary || idle}  (Ctrl-C to stop)\n`,
    );
  };
  const onConnected = () => {
    connected = true;
    // Lines and JSON go to stdout for whoever reads them; the notice goes to the person.
    if (live) draw();
    else process.stderr.write('watching for changes (Ctrl-C to stop)\n');
  };
  if (live) draw();

  const events = client.jobs.watchAll(filter, { onConnected });
  const stopped = new Promise<'stopped'>((resolve) => {
    if (stop.aborted) resolve('stopped');
    stop.addEventListener('abort', () => resolve('stopped'), { once: true });
  });
  for (;;) {
    const next = events.next();
    // Left pending at a stop: closing the client ends it, and its rejection is not news.
    next.catch(() => {});
    const step = await Promise.race([next, stopped]);
    if (step === 'stopped' || step.done) break;
    const job = step.value;
    if (flags.json) console.log(JSON.stringify(job));
    else if (live) {
      jobs.set(job.id, job);
      draw();
    } else console.log(jobRow(job).filter(Boolean).join('  '));
  }
  return EXIT.ok;
}
