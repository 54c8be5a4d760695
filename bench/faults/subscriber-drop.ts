// Subscribers losing their connection (FAULT-TESTS T7 over WebSocket, T8 over SSE): CLIENTS
// clients follow their organization's jobs org-wide through a TCP proxy; while JOBS jobs are
// submitted and run, the proxy cuts every connection and refuses new ones for DOWN seconds
// (--mode cut), or passes nothing on the open ones for DOWN seconds and then cuts them
// (--mode blackhole, a dead network path). WebSocket clients are the SDK's watchAll, which
// reconnects and resumes after its last eventCursor; SSE clients reconnect with since= the
// same way (and give up on a stream silent for 30 s). Pass: once every job is terminal, each
// client's last known state of every job equals the database's, for 100 % of jobs; the api
// frees the dead subscriptions within its keep-alive + 10 s (graphql-ws pings every 12 s and
// cuts after 12 s without a pong) of the fault. Figures: time to free, time to resync.
//
//   npm run fault:subscriber-drop -- [--transport ws|sse] [--mode cut|blackhole] [--clients 50] [--jobs 200] [--down 30]
import { parseArgs } from 'node:util';
import { DocketClient } from '../../src/client/index.ts';
import { startProxy } from '../../testkit/proxy.ts';
import {
  CREATE_JOB,
  gql,
  pool,
  quantile,
  startCluster,
  startDocketProcess,
  subscriberGauge,
  textDataUrl,
  verdict,
  waitFor,
} from '../harness/index.ts';

const { values } = parseArgs({
  options: {
    transport: { type: 'string', default: 'ws' },
    mode: { type: 'string', default: 'cut' },
    clients: { type: 'string', default: '50' },
    jobs: { type: 'string', default: '200' },
    down: { type: 'string', default: '30' },
  },
});
const transport = values.transport === 'sse' ? 'sse' : 'ws';
const mode = values.mode === 'blackhole' ? 'blackhole' : 'cut';
const clientCount = Math.min(200, Number(values.clients));
const jobCount = Math.min(5000, Number(values.jobs));
const downMs = Math.min(120, Number(values.down)) * 1000;
const FREE_WITHIN_MS = 24_000 + 10_000;
const SILENCE_MS = 30_000;
const failures: string[] = [];

interface Known {
  version: number;
  status: string;
}
interface Client {
  known: Map<string, Known>;
  connects: number;
  stop(): void;
}

const cluster = await startCluster(`subscriber-drop-${transport}`);
const api = await startDocketProcess('api', cluster.url);
const worker = await startDocketProcess('worker', cluster.url, { WORKER_CONCURRENCY: '2' });
const apiUrl = api.url as string;
const proxy = await startProxy(Number(new URL(apiUrl).port));
const viaProxy = `http://127.0.0.1:${proxy.port}/graphql`;
const keys = [cluster.keyA, cluster.keyB];

function remember(known: Map<string, Known>, e: { id: string; version: number; status: string }) {
  const had = known.get(e.id);
  if (!had || had.version < e.version) known.set(e.id, { version: e.version, status: e.status });
}

function wsClient(key: string): Client {
  const known = new Map<string, Known>();
  const sdk = new DocketClient({ url: viaProxy, apiKey: key });
  const client: Client = { known, connects: 0, stop: () => void sdk.close() };
  void (async () => {
    for await (const e of sdk.jobs.watchAll(undefined, { since: '0', retries: 100 })) remember(known, e);
  })().catch((err) => console.error('ws client gave up:', String(err)));
  return client;
}

function sseClient(key: string): Client {
  const known = new Map<string, Known>();
  let since = '0';
  let stopped = false;
  let controller = new AbortController();
  const client: Client = {
    known,
    connects: 0,
    stop: () => {
      stopped = true;
      controller.abort();
    },
  };
  void (async () => {
    for (let failures = 0; !stopped; failures++) {
      controller = new AbortController();
      let silence: ReturnType<typeof setTimeout> | undefined;
      const quiet = () => {
        clearTimeout(silence);
        silence = setTimeout(() => controller.abort(), SILENCE_MS);
      };
      try {
        quiet();
        const res = await fetch(viaProxy, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'text/event-stream',
            authorization: `Bearer ${key}`,
          },
          body: JSON.stringify({
            query:
              'subscription($since: String) { jobUpdated(since: $since) { id version status eventCursor } }',
            variables: { since },
          }),
          signal: controller.signal,
        });
        client.connects++;
        const decoder = new TextDecoder();
        let buffer = '';
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          quiet();
          failures = 0;
          buffer += decoder.decode(chunk, { stream: true });
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const data = /^data: (.*)$/m.exec(buffer.slice(0, end))?.[1];
            buffer = buffer.slice(end + 2);
            const e = data
              ? (JSON.parse(data) as { data?: { jobUpdated?: any } }).data?.jobUpdated
              : undefined;
            if (!e) continue;
            remember(known, e);
            since = e.eventCursor;
          }
        }
      } catch {
        // Dropped, refused or silent: reconnect after a back-off.
      } finally {
        clearTimeout(silence);
      }
      await new Promise((r) => setTimeout(r, Math.min(500 * 2 ** failures, 4000)));
    }
  })();
  return client;
}

const subscribers = () => subscriberGauge(apiUrl);

try {
  const clients = Array.from({ length: clientCount }, (_, i) =>
    (transport === 'ws' ? wsClient : sseClient)(keys[i % keys.length] as string),
  );
  const allUp = await waitFor(async () => (await subscribers()) >= clientCount, 60_000, 250);
  console.log(
    `${transport}: ${clientCount} clients subscribed through the proxy${allUp ? '' : ' (NOT all)'}`,
  );
  if (!allUp) failures.push(`only ${await subscribers()} of ${clientCount} clients subscribed`);

  // Jobs go straight to the api, a third before the fault, the rest while it lasts.
  const ids: string[] = [];
  const submit = (from: number, to: number) =>
    pool(
      Array.from({ length: to - from }, (_, i) => from + i),
      10,
      async (i) => {
        const res = await gql(apiUrl, keys[i % keys.length] as string, CREATE_JOB, {
          input: { endpoint: 'PARSE', document: { url: textDataUrl(`drop ${i}`), filename: `d${i}.txt` } },
        }).catch(() => null);
        // One that timed out may have committed: the checks go by the database's jobs.
        const id = res?.data?.createJob?.id as string | undefined;
        if (id) ids.push(id);
      },
    );
  await submit(0, Math.floor(jobCount / 3));
  const faultAt = Date.now();
  if (mode === 'cut') {
    proxy.setMode('refuse');
    proxy.cut();
  } else proxy.setMode('blackhole');
  const during = submit(Math.floor(jobCount / 3), jobCount);
  const freed = await waitFor(async () => (await subscribers()) === 0, downMs, 250);
  const freedMs = Date.now() - faultAt;
  console.log(
    `${mode}: the api had freed ${freed ? 'every' : 'NOT every'} subscription ${(freedMs / 1000).toFixed(1)} s after the fault (${await subscribers()} left)`,
  );
  if (!freed || freedMs > FREE_WITHIN_MS) {
    failures.push(
      `dead subscriptions not freed within ${FREE_WITHIN_MS / 1000} s (${await subscribers()} left)`,
    );
  }
  await new Promise((r) => setTimeout(r, Math.max(0, faultAt + downMs - Date.now())));
  proxy.cut();
  proxy.setMode('forward');
  const healedAt = Date.now();
  await during;
  console.log(
    `${ids.length}/${jobCount} jobs submitted; network back ${(downMs / 1000).toFixed(0)} s after the fault`,
  );

  const drained = await waitFor(
    async () => {
      const [row] = await cluster.sql<{ n: number }[]>`
      select count(*)::int as n from jobs where status not in ('COMPLETED', 'FAILED', 'CANCELLED')`;
      return row?.n === 0;
    },
    300_000,
    500,
  );
  if (!drained) failures.push('jobs not all terminal after 300 s');
  const truth = new Map(
    (
      await cluster.sql<{ id: string; version: number; status: string; org: string }[]>`
      select j.id, j.version, j.status, o.name as org from jobs j join organizations o on o.id = j.organization_id`
    ).map((r) => [r.id, r]),
  );
  const orgOf = (i: number) => (i % keys.length === 0 ? 'org-a' : 'org-b');
  const consistent = (c: Client, i: number) => {
    let ok = 0;
    let total = 0;
    for (const [id, row] of truth) {
      if (row.org !== orgOf(i)) continue;
      total++;
      const k = c.known.get(id);
      if (k && k.version === row.version && k.status === row.status) ok++;
    }
    return { ok, total, foreign: [...c.known.keys()].filter((id) => truth.get(id)?.org !== orgOf(i)).length };
  };
  const synced: number[] = [];
  const resynced = await waitFor(
    async () => {
      for (const [i, c] of clients.entries()) {
        if (synced[i] === undefined) {
          const { ok, total } = consistent(c, i);
          if (ok === total) synced[i] = Date.now() - healedAt;
        }
      }
      return synced.filter((t) => t !== undefined).length === clients.length;
    },
    120_000,
    250,
  );
  let jobsOk = 0;
  let jobsTotal = 0;
  let foreign = 0;
  for (const [i, c] of clients.entries()) {
    const r = consistent(c, i);
    jobsOk += r.ok;
    jobsTotal += r.total;
    foreign += r.foreign;
  }
  const times = synced.filter((t) => t !== undefined);
  console.log(
    `after the heal: ${times.length}/${clientCount} clients hold the database's state of all their organization's jobs ` +
      `(${jobsOk}/${jobsTotal} client×job pairs, ${((100 * jobsOk) / jobsTotal).toFixed(1)} %); ` +
      `resynced p50 ${(quantile(times, 0.5) / 1000).toFixed(1)} s, max ${(Math.max(...times) / 1000).toFixed(1)} s after the network came back; ` +
      `${foreign} jobs of another organization seen`,
  );
  if (!resynced || jobsOk !== jobsTotal)
    failures.push(`${jobsTotal - jobsOk} client×job states differ from the database`);
  if (foreign) failures.push(`${foreign} cross-organization jobs seen`);
  if (transport === 'sse') {
    const reconnects = clients.map((c) => c.connects - 1);
    console.log(
      `SSE reconnections per client: min ${Math.min(...reconnects)}, max ${Math.max(...reconnects)}`,
    );
  }
  for (const c of clients) c.stop();
  if (api.child.exitCode !== null) failures.push('the api exited');
} finally {
  await proxy.close();
  await worker.stop(5000);
  await api.stop();
  await cluster.close();
}
verdict(`subscriber-drop (${transport}, ${mode})`, failures);
