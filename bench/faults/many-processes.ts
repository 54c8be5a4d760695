// Many processes (issue item 3, FAULT-TESTS T6): 2 api and 2 worker processes on one
// database; SUBSCRIBERS WebSocket subscribers spread over both apis and ORGS organizations,
// each following its organization's jobs org-wide; a burst of BURST tiny jobs spread over the
// organizations and both apis. Pass: every subscriber received exactly its organization's
// events as stored (every version of every job, in order, none twice, none of another
// organization), so a terminal event for 100 % of its jobs. Figures: p50/p99 from an event's
// transaction (job_events.created_at) to its delivery, api RSS growth.
//
//   npm run fault:many-processes -- [--burst 2000] [--orgs 10] [--subscribers 100] [--concurrency 2]
import { parseArgs } from 'node:util';
import {
  CREATE_JOB,
  gql,
  pool,
  quantile,
  rssMb,
  sampler,
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
    burst: { type: 'string', default: '2000' },
    orgs: { type: 'string', default: '10' },
    subscribers: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '2' },
  },
});
const burst = Math.min(10_000, Number(values.burst));
const orgCount = Math.min(50, Number(values.orgs));
const subscriberCount = Math.min(500, Number(values.subscribers));
const RSS_GROWTH_LIMIT_MB = 200;
const failures: string[] = [];

const cluster = await startCluster('many-processes');
const keys = await cluster.createKeys('org', orgCount);
const apis = [await startDocketProcess('api', cluster.url), await startDocketProcess('api', cluster.url)];
const workers = [
  await startDocketProcess('worker', cluster.url, { WORKER_CONCURRENCY: values.concurrency as string }),
  await startDocketProcess('worker', cluster.url, { WORKER_CONCURRENCY: values.concurrency as string }),
];
const urls = apis.map((a) => a.url as string);
const SUB =
  'subscription($since: String) { jobUpdated(since: $since) { id version status updatedAt eventCursor } }';

try {
  const latencies: number[] = [];
  const subs = Array.from({ length: subscriberCount }, (_, i) => {
    const org = i % orgCount;
    // Subscribers of one organization alternate between the apis.
    const api = Math.floor(i / orgCount) % urls.length;
    // since "0": each gets its organization's stream from the start, whenever it connected.
    const sub = subscribe(
      urls[api] as string,
      keys[org] as string,
      SUB,
      { since: '0' },
      {
        onEvent: (e) => latencies.push(Date.now() - Date.parse(e.updatedAt)),
      },
    );
    return { org, api, sub };
  });
  const rssBefore = await Promise.all(apis.map((a) => rssMb(a.child.pid as number)));
  const rss = apis.map((a) => sampler(() => rssMb(a.child.pid as number), 1000));

  const started = Date.now();
  let refused = 0;
  let timedOut = 0;
  await pool(
    Array.from({ length: burst }, (_, i) => i),
    50,
    async (i) => {
      const res = await gql(urls[i % urls.length] as string, keys[i % orgCount] as string, CREATE_JOB, {
        input: { endpoint: 'PARSE', document: { url: textDataUrl(`tiny ${i}`), filename: `t${i}.txt` } },
      }).catch(() => null);
      // A request that timed out may still have committed; the checks below go by the database.
      if (!res) timedOut++;
      else if (!res.data?.createJob) refused++;
    },
  );
  const submitted = (Date.now() - started) / 1000;
  console.log(
    `${burst} jobs submitted in ${submitted.toFixed(1)} s over 2 apis and ${orgCount} orgs (${refused} refused, ${timedOut} timed out at 30 s)`,
  );
  if (refused) failures.push(`${refused} jobs refused`);

  const unfinished = async () => {
    const [row] = await cluster.sql<{ n: number }[]>`
      select count(*)::int as n from jobs where status::text <> all(${[...TERMINAL]})`;
    return row?.n ?? 0;
  };
  const drained = await waitFor(async () => (await unfinished()) === 0, 900_000, 1000);
  const [total] = await cluster.sql<{ n: number }[]>`select count(*)::int as n from jobs`;
  console.log(
    `all ${total?.n} stored jobs terminal ${((Date.now() - started) / 1000).toFixed(1)} s after the burst began${drained ? '' : ' (NOT: timed out)'}`,
  );
  if (!drained) failures.push(`${await unfinished()} jobs not terminal after 900 s`);

  // What each organization's stream is, as stored.
  const rows = await cluster.sql<{ name: string; job_id: string; version: number }[]>`
    select o.name, e.job_id, e.version from job_events e join organizations o on o.id = e.organization_id
    where o.name like 'org-%' order by o.name, e.seq`;
  const stored = new Map<number, string[]>();
  for (const r of rows) {
    const org = Number(r.name.slice(4));
    if (!stored.has(org)) stored.set(org, []);
    stored.get(org)?.push(`${r.job_id}@${r.version}`);
  }
  const complete = (s: (typeof subs)[number]) => s.sub.events.length >= (stored.get(s.org)?.length ?? 0);
  await waitFor(async () => subs.every(complete), 60_000, 500);
  const rssPeak = rss.map((r) => Math.max(...r.stop()));

  let exact = 0;
  let foreign = 0;
  let terminalMissing = 0;
  for (const s of subs) {
    const want = stored.get(s.org) ?? [];
    const got = s.sub.events.map((e) => `${e.id}@${e.version}`);
    const own = new Set(want.map((k) => k.split('@')[0]));
    foreign += s.sub.events.filter((e) => !own.has(e.id)).length;
    const terminals = new Set(s.sub.events.filter((e) => TERMINAL.includes(e.status)).map((e) => e.id));
    terminalMissing += own.size - terminals.size;
    if (got.length === want.length && got.every((k, i) => k === want[i])) exact++;
  }
  console.log(
    `subscribers: ${exact}/${subs.length} received exactly their organization's ${rows.length / orgCount} events (avg) in order; ` +
      `${foreign} events of another organization; ${terminalMissing} terminal events missing`,
  );
  if (exact !== subs.length)
    failures.push(`${subs.length - exact} subscribers' streams differ from the stored events`);
  if (foreign) failures.push(`${foreign} cross-organization events`);
  if (terminalMissing) failures.push(`${terminalMissing} terminal events missing`);
  console.log(
    `delivery (event transaction → client), ${latencies.length} deliveries: p50 ${quantile(latencies, 0.5)} ms, p99 ${quantile(latencies, 0.99)} ms, max ${latencies.reduce((a, b) => Math.max(a, b), 0)} ms`,
  );
  // Group commits of different processes lock organizations' event counters in whatever order
  // their pieces reach them; Postgres breaks a deadlock after deadlock_timeout and the batch
  // re-runs piece by piece (nothing lost). How often it happens:
  const [locks] = await cluster.sql<{ deadlocks: number }[]>`
    select deadlocks::int from pg_stat_database where datname = current_database()`;
  console.log(`deadlocks detected by Postgres: ${locks?.deadlocks ?? '?'}`);
  for (const [i, a] of apis.entries()) {
    const growth = (rssPeak[i] as number) - (rssBefore[i] as number);
    console.log(
      `api ${i + 1}: RSS ${rssBefore[i]?.toFixed(0)} MiB before, peak ${rssPeak[i]?.toFixed(0)} MiB (+${growth.toFixed(0)})`,
    );
    if (growth > RSS_GROWTH_LIMIT_MB) failures.push(`api ${i + 1} grew ${growth.toFixed(0)} MiB`);
    if (a.child.exitCode !== null) failures.push(`api ${i + 1} exited`);
  }
  for (const s of subs) s.sub.stop();
} finally {
  await Promise.all([...workers, ...apis].map((p) => p.stop(5000)));
  await cluster.close();
}
verdict('many-processes', failures);
