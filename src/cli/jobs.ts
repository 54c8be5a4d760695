// `docket jobs list|get|cancel`
import type { DocketClient, JobFilter, JobStatus } from '../client/index.ts';
import { JOB_COLUMNS, jobDetails, jobRow, table } from './format.ts';
import { describeFailure, EXIT, UsageError } from './settings.ts';
import { ENDPOINTS, metadataOf, positiveInt } from './upload.ts';

const STATUSES: readonly JobStatus[] = [
  'VALIDATING',
  'QUEUED',
  'IN_PROGRESS',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'EXPIRED',
];

export interface JobsFlags {
  status?: string | undefined;
  endpoint?: string | undefined;
  first?: string | undefined;
  all?: boolean | undefined;
  json?: boolean | undefined;
  metadata?: string[] | undefined;
}

/** `--status COMPLETED,FAILED --endpoint PARSE --metadata k=v` as a JobFilter. */
export function filterOf(flags: {
  status?: string | undefined;
  endpoint?: string | undefined;
  metadata?: string[] | undefined;
}): JobFilter {
  const filter: JobFilter = {};
  if (flags.status) filter.status = listOf(flags.status, STATUSES, '--status');
  if (flags.endpoint) filter.endpoint = listOf(flags.endpoint, ENDPOINTS, '--endpoint');
  const metadata = metadataOf(flags.metadata);
  if (metadata) filter.metadata = metadata;
  return filter;
}

function listOf<T extends string>(value: string, allowed: readonly T[], flag: string): T[] {
  return value.split(',').map((v) => {
    const upper = v.trim().toUpperCase() as T;
    if (!allowed.includes(upper)) throw new UsageError(`${flag} takes ${allowed.join(', ')}; not "${v}"`);
    return upper;
  });
}

export async function jobs(client: DocketClient, args: string[], flags: JobsFlags): Promise<number> {
  const [sub, id] = args;
  if (sub === 'list') {
    const filter = filterOf(flags);
    const first = positiveInt(flags.first ?? '20', '--first');
    if (flags.all) {
      const all = [];
      for await (const job of client.jobs.list({ first: Math.min(first, 100), filter })) all.push(job);
      if (flags.json) console.log(JSON.stringify(all, null, 2));
      else console.log(table(JOB_COLUMNS, all.map(jobRow)));
      return EXIT.ok;
    }
    const page = await client.jobs.list({ first, filter });
    if (flags.json) console.log(JSON.stringify(page, null, 2));
    else {
      console.log(table(JOB_COLUMNS, page.nodes.map(jobRow)));
      console.log(
        `${page.nodes.length} of ${page.totalCount}${page.pageInfo.hasNextPage ? ' (--all for every page)' : ''}`,
      );
    }
    return EXIT.ok;
  }
  if (sub === 'get') {
    if (!id) throw new UsageError('jobs get needs a job id');
    const job = await client.jobs.get(id);
    if (!job) {
      if (flags.json) console.log('null');
      console.error(`docket: no job ${id}`);
      return EXIT.failures;
    }
    console.log(flags.json ? JSON.stringify(job, null, 2) : jobDetails(job));
    return EXIT.ok;
  }
  if (sub === 'retry') {
    if (!id) throw new UsageError('jobs retry needs a job id');
    const job = await client.jobs.retry(id);
    console.log(flags.json ? JSON.stringify(job, null, 2) : jobDetails(job));
    return EXIT.ok;
  }
  if (sub === 'cancel') {
    const ids = args.slice(1);
    const filter = filterOf(flags);
    if (Object.keys(filter).length > 0) {
      if (ids.length > 0)
        throw new UsageError('jobs cancel takes job ids or --status/--endpoint/--metadata, not both');
      // One call for the lot: the server cancels up to 10,000 matching jobs.
      const counts = await client.jobs.cancelMany({ filter });
      if (flags.json) console.log(JSON.stringify(counts, null, 2));
      else console.log(`${counts.cancelled} cancelled, ${counts.alreadyFinished} already finished`);
      return EXIT.ok;
    }
    if (ids.length === 0)
      throw new UsageError('jobs cancel needs job ids, or a filter: --status, --endpoint, --metadata');
    // Each on its own: one that is unknown or already finished does not keep the others running.
    const outcomes = await Promise.all(
      ids.map((one) =>
        client.jobs.cancel(one).then(
          (job) => ({ id: one, job, error: null }),
          (err: unknown) => ({ id: one, job: null, error: describeFailure(err).message }),
        ),
      ),
    );
    if (flags.json) {
      const out = outcomes.map((o) => o.job ?? { id: o.id, error: o.error });
      console.log(JSON.stringify(ids.length === 1 ? out[0] : out, null, 2));
    } else {
      for (const o of outcomes) {
        if (o.job) console.log(ids.length === 1 ? jobDetails(o.job) : `${o.id}  ${o.job.status}`);
      }
    }
    for (const o of outcomes) if (o.error) console.error(`docket: ${o.id}: ${o.error}`);
    return outcomes.some((o) => o.error) ? EXIT.failures : EXIT.ok;
  }
  throw new UsageError(`unknown jobs command "${sub ?? ''}": list, get ID, retry ID or cancel ID…`);
}

/** `docket usage [--from DATE] [--to DATE]`: the organization's usage, by endpoint and day. */
export async function usage(
  client: DocketClient,
  flags: { from?: string | undefined; to?: string | undefined; json?: boolean | undefined },
): Promise<number> {
  const date = (value: string | undefined, flag: string) => {
    if (value === undefined) return undefined;
    const d = new Date(value);
    if (Number.isNaN(d.getTime()))
      throw new UsageError(`${flag} takes a date like 2026-12-01; not "${value}"`);
    return d;
  };
  const from = date(flags.from, '--from');
  const to = date(flags.to, '--to');
  const u = await client.usage({ ...(from ? { from } : {}), ...(to ? { to } : {}) });
  if (flags.json) {
    console.log(JSON.stringify(u, null, 2));
    return EXIT.ok;
  }
  console.log(`${u.jobs} jobs, ${u.pages} pages`);
  if (u.byEndpoint.length > 0) {
    console.log(
      table(
        ['ENDPOINT', 'JOBS', 'PAGES'],
        u.byEndpoint.map((e) => [e.endpoint, String(e.jobs), String(e.pages)]),
      ),
    );
  }
  if (u.byDay.length > 0) {
    console.log(
      table(
        ['DAY', 'JOBS', 'PAGES'],
        u.byDay.map((d) => [d.day, String(d.jobs), String(d.pages)]),
      ),
    );
  }
  return EXIT.ok;
}
