// `docket watch`: the organization's jobs as they change, over the filter subscription.
import type { DocketClient, Job } from '../client/index.ts';
import { JOB_COLUMNS, jobRow, table } from './format.ts';
import { filterOf } from './jobs.ts';

const SHOWN = 30;

export async function watch(
  client: DocketClient,
  flags: { status?: string | undefined; endpoint?: string | undefined; json?: boolean | undefined },
): Promise<number> {
  const filter = filterOf(flags);
  const live = process.stdout.isTTY === true && !flags.json;
  const jobs = new Map<string, Job>();
  const draw = () => {
    const rows = [...jobs.values()].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).slice(0, SHOWN);
    const counts = new Map<string, number>();
    for (const j of jobs.values()) counts.set(j.status, (counts.get(j.status) ?? 0) + 1);
    const summary = [...counts].map(([s, n]) => `${s} ${n}`).join(' · ');
    // Home and clear, then the table: the terminal shows one current picture.
    process.stdout.write(
      `\x1b[H\x1b[2J${table(JOB_COLUMNS, rows.map(jobRow))}\n\n${summary || 'waiting for changes…'}  (Ctrl-C to stop)\n`,
    );
  };
  if (live) draw();
  for await (const job of client.jobs.watchAll(filter)) {
    if (flags.json) console.log(JSON.stringify(job));
    else if (live) {
      jobs.set(job.id, job);
      draw();
    } else console.log(jobRow(job).filter(Boolean).join('  '));
  }
  return 0;
}
