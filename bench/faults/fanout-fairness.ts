// Issue 11 item 6: one organization's subscriptions and fan-out against another's requests.
// An api process (MAX_SUBSCRIPTIONS_PER_ORG at its default, 1000) and a worker. Org A opens
// 1,200 org-wide jobUpdated subscriptions: 1,000 are accepted, 200 refused with RATE_LIMITED.
// Then org B queries back to back, first at idle, then while A's jobs fan each event out to
// A's 1,000 subscribers. Printed: B's query latency p50/p99 idle and under A's fan-out, and the
// deliveries A's subscribers received. Pass: exactly the cap accepted, the rest refused with
// RATE_LIMITED, every accepted subscriber got every event. The latency figures are printed, not
// judged: measure them on a quiet machine.
//
//   npm run fault:fanout-fairness -- [--jobs 10]
import { parseArgs } from 'node:util';
import {
  CREATE_JOB,
  gql,
  quantile,
  startCluster,
  startDocketProcess,
  subscribe,
  textDataUrl,
  verdict,
  waitFor,
} from '../harness/index.ts';

const { values } = parseArgs({ options: { jobs: { type: 'string', default: '10' } } });
const JOBS = Number(values.jobs);
const CAP = 1000;
const OPENED = Number(process.env.FAIRNESS_OPENED ?? 1200);
const failures: string[] = [];

const cluster = await startCluster('fanout-fairness');
const api = await startDocketProcess('api', cluster.url);
const worker = await startDocketProcess('worker', cluster.url);
const url = api.url as string;
const SUB = 'subscription { jobUpdated { id status } }';

async function latencies(until: () => boolean, min: number): Promise<number[]> {
  const out: number[] = [];
  while (out.length < min || !until()) {
    const t = performance.now();
    const r = await gql(url, cluster.keyB, '{ jobs(first: 5) { totalCount } }');
    out.push(performance.now() - t);
    if (r.errors) failures.push(`org B's query failed: ${r.errors[0]?.message}`);
  }
  return out;
}
const fmt = (xs: number[]) =>
  `p50 ${quantile(xs, 0.5).toFixed(1)} ms, p99 ${quantile(xs, 0.99).toFixed(1)} ms (${xs.length} queries)`;

try {
  // Opened 100 at a time: 1,200 handshakes at once overflow the listen backlog.
  const subs: ReturnType<typeof subscribe>[] = [];
  while (subs.length < OPENED) {
    const batch = Array.from({ length: Math.min(100, OPENED - subs.length) }, () =>
      subscribe(url, cluster.keyA, SUB),
    );
    subs.push(...batch);
    await waitFor(async () => batch.every((s) => s.connects() > 0 || s.errors.length > 0), 30_000, 50);
  }
  const refused = () => subs.filter((s) => JSON.stringify(s.errors).includes('RATE_LIMITED')).length;
  await waitFor(async () => refused() >= OPENED - CAP, 60_000, 200);
  // Let the accepted ones settle: one job's events reach all of them.
  const warm = await gql(url, cluster.keyA, CREATE_JOB, {
    input: { endpoint: 'PARSE', document: { url: textDataUrl('warm') } },
  });
  const warmId = warm.data?.createJob.id as string;
  const live = subs.filter((s) => s.errors.length === 0);
  await waitFor(
    async () => live.every((s) => s.events.some((e) => e.id === warmId && e.status === 'COMPLETED')),
    120_000,
    200,
  );
  console.log(`subscriptions: ${live.length} accepted, ${refused()} refused with RATE_LIMITED (cap ${CAP})`);
  const other = subs.find((s) => s.errors.length > 0 && !JSON.stringify(s.errors).includes('RATE_LIMITED'));
  if (other)
    console.log(
      `another refusal: ${String(other.errors[0]).slice(0, 300)} ${JSON.stringify(other.errors[0]).slice(0, 300)}`,
    );
  if (live.length !== CAP) failures.push(`${live.length} accepted, expected ${CAP}`);
  if (refused() !== OPENED - CAP) failures.push(`${refused()} refused, expected ${OPENED - CAP}`);

  const idle = await latencies(() => true, 200);
  const before = live.reduce((n, s) => n + s.events.length, 0);
  const ids: string[] = [];
  for (let i = 0; i < JOBS; i++) {
    const r = await gql(url, cluster.keyA, CREATE_JOB, {
      input: { endpoint: 'PARSE', document: { url: textDataUrl(`fan-out ${i}`) } },
    });
    ids.push(r.data?.createJob.id as string);
  }
  const allDelivered = () =>
    live.every((s) => ids.every((id) => s.events.some((e) => e.id === id && e.status === 'COMPLETED')));
  const busy = await latencies(allDelivered, 50);
  const deliveries = live.reduce((n, s) => n + s.events.length, 0) - before;
  console.log(`org B idle: ${fmt(idle)}`);
  console.log(`org B during org A's fan-out (${JOBS} jobs, ${deliveries} deliveries): ${fmt(busy)}`);
  if (!allDelivered()) failures.push('some accepted subscriber missed an event');
  for (const s of subs) s.stop();
} finally {
  await worker.stop();
  await api.stop();
  await cluster.close();
}
verdict('fanout-fairness', failures);
