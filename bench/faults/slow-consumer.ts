// Slow consumers (issue item 8): NORMAL WebSocket subscribers follow an organization's jobs
// while JOBS jobs with 8 KiB of metadata run; then the same again with SLOW more WebSocket
// subscribers that select that metadata under 15 aliases (~120 KiB an event) and stop reading
// after their first event. Pass: the normal subscribers get a terminal event for every job in
// both runs, every slow one is disconnected, and the api's RSS stays within 200 MiB of where
// it started. Figures: delivery p50/p99 of the normal subscribers without and with the slow
// ones, api RSS peak, when the slow ones were dropped. SLOW_CONSUMER_SECONDS is 5 here.
//
//   npm run fault:slow-consumer -- [--jobs 100] [--normal 20] [--slow 20]
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
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
  subscriberGauge,
  TERMINAL,
  textDataUrl,
  verdict,
  waitFor,
} from '../harness/index.ts';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '100' },
    normal: { type: 'string', default: '20' },
    slow: { type: 'string', default: '20' },
  },
});
const jobCount = Math.min(2000, Number(values.jobs));
const normalCount = Math.min(200, Number(values.normal));
const slowCount = Math.min(200, Number(values.slow));
const RSS_GROWTH_LIMIT_MB = 200;
const failures: string[] = [];
const METADATA = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`, 'x'.repeat(500)]));
const BIG = `subscription { jobUpdated { id ${Array.from({ length: 15 }, (_, i) => `m${i}: metadata`).join(' ')} } }`;

const cluster = await startCluster('slow-consumer');
const api = await startDocketProcess('api', cluster.url, { SLOW_CONSUMER_SECONDS: '5' });
const worker = await startDocketProcess('worker', cluster.url, { WORKER_CONCURRENCY: '2' });
const url = api.url as string;
const key = cluster.keyA;

const subscribers = () => subscriberGauge(url);

/** A raw graphql-ws client that stops reading after its first event. */
function slowClient() {
  const ws = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  let received = 0;
  let paused = false;
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  ws.on('open', () =>
    ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${key}` } })),
  );
  ws.on('message', (data: Buffer) => {
    received += data.length;
    const type = (JSON.parse(data.toString()) as { type: string }).type;
    if (type === 'connection_ack')
      ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: BIG } }));
    if (type === 'next' && !paused) {
      paused = true;
      ws.pause();
    }
  });
  return { ws, closed, received: () => received };
}

async function run(label: string, slow: number) {
  const latencies: number[] = [];
  const normal = Array.from({ length: normalCount }, () =>
    subscribe(
      url,
      key,
      'subscription { jobUpdated { id status updatedAt } }',
      {},
      {
        onEvent: (e) => latencies.push(Date.now() - Date.parse(e.updatedAt)),
      },
    ),
  );
  const slowOnes = Array.from({ length: slow }, slowClient);
  await waitFor(async () => (await subscribers()) === normalCount + slow, 60_000, 200);
  const rssBefore = await rssMb(api.child.pid as number);
  const rss = sampler(() => rssMb(api.child.pid as number), 500);
  const started = Date.now();
  const ids: string[] = [];
  await pool(
    Array.from({ length: jobCount }, (_, i) => i),
    10,
    async (i) => {
      const res = await gql(url, key, CREATE_JOB, {
        input: { endpoint: 'PARSE', document: { url: textDataUrl(`slow ${i}`) }, metadata: METADATA },
      });
      if (res.data?.createJob) ids.push(res.data.createJob.id);
    },
  );
  const terminalSeen = (events: Record<string, any>[]) =>
    new Set(events.filter((e) => TERMINAL.includes(e.status)).map((e) => e.id)).size;
  const allSeen = await waitFor(
    async () => normal.every((s) => terminalSeen(s.events) >= ids.length),
    600_000,
    500,
  );
  const droppedAll = await waitFor(async () => (await subscribers()) === normalCount, 60_000, 500);
  const droppedAfter = (Date.now() - started) / 1000;
  const peak = Math.max(...rss.stop());
  const complete = normal.filter((s) => terminalSeen(s.events) >= ids.length).length;
  console.log(
    `${label}: ${ids.length} jobs; ${complete}/${normalCount} normal subscribers saw every terminal event; ` +
      `delivery p50 ${quantile(latencies, 0.5)} ms, p99 ${quantile(latencies, 0.99)} ms over ${latencies.length} events; ` +
      `api RSS ${rssBefore.toFixed(0)} MiB before, peak ${peak.toFixed(0)} MiB (+${(peak - rssBefore).toFixed(0)})`,
  );
  if (!allSeen)
    failures.push(`${label}: ${normalCount - complete} normal subscribers missed terminal events`);
  if (peak - rssBefore > RSS_GROWTH_LIMIT_MB)
    failures.push(`${label}: api RSS grew ${(peak - rssBefore).toFixed(0)} MiB`);
  if (slow > 0) {
    for (const c of slowOnes) c.ws.resume();
    const codes = await Promise.all(
      slowOnes.map((c) => Promise.race([c.closed, new Promise((r) => setTimeout(() => r('open'), 10_000))])),
    );
    const closedCount = codes.filter((c) => c !== 'open').length;
    const byCode = new Map<unknown, number>();
    for (const c of codes) byCode.set(c, (byCode.get(c) ?? 0) + 1);
    const producedMb = (ids.length * 5 * JSON.stringify(METADATA).length * 15) / 2 ** 20;
    const receivedMb = slowOnes.reduce((n, c) => n + c.received(), 0) / slowOnes.length / 2 ** 20;
    console.log(
      `${label}: ${closedCount}/${slow} slow subscribers disconnected (${[...byCode].map(([c, n]) => `${c}: ${n}`).join(', ')}), ` +
        `${droppedAll ? `all gone from the gauge ${droppedAfter.toFixed(1)} s after the burst began` : 'NOT all gone from the gauge'}; ` +
        `each had read ${receivedMb.toFixed(1)} MiB of about ${producedMb.toFixed(0)} MiB produced for it`,
    );
    if (closedCount !== slow || !droppedAll)
      failures.push(`${label}: ${slow - closedCount} slow subscribers still connected`);
  }
  for (const s of normal) s.stop();
  for (const c of slowOnes) c.ws.terminate();
  await waitFor(async () => (await subscribers()) === 0, 30_000, 200);
}

try {
  await run('without slow subscribers', 0);
  await run(`with ${slowCount} slow subscribers`, slowCount);
  if (api.child.exitCode !== null) failures.push('the api exited');
} finally {
  await worker.stop(5000);
  await api.stop();
  await cluster.close();
}
verdict('slow-consumer', failures);
