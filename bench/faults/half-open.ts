// T5, half-open database connections. Docket's api and worker reach Postgres through a TCP proxy
// in this script. For DOWN seconds the proxy black-holes everything: bytes on every open
// connection are dropped, and new connections are accepted and then hear nothing, with no FIN
// and no RST, as through a dead NAT or firewall. Connections that lived through it stay black
// holes for good (their state is lost); connections made after it heals work.
// Pass: /readyz turns non-200 within 30 s of the fault; after healing /readyz is 200 again,
// jobs created then complete, and an organization-wide jobUpdated subscriber opened before the
// fault receives their terminal events (LISTEN restored), all within 120 s of the heal.
//
//   npm run fault:half-open -- [--down 90] [--jobs 5]
import { createServer, type Socket, connect as tcpConnect } from 'node:net';
import { parseArgs } from 'node:util';
import {
  CREATE_JOB,
  gql,
  startCluster,
  startDocketProcess,
  subscribe,
  textDataUrl,
  verdict,
  waitFor,
} from '../harness/index.ts';

const { values } = parseArgs({
  options: { down: { type: 'string', default: '90' }, jobs: { type: 'string', default: '5' } },
});
const downMs = Math.min(300, Number(values.down)) * 1000;
const jobCount = Math.min(100, Number(values.jobs));
const NOT_READY_WITHIN_MS = 30_000;
const HEALED_WITHIN_MS = 120_000;
const failures: string[] = [];

const cluster = await startCluster('half-open');
const upstreamPort = Number(new URL(cluster.url).port);

// The proxy: each client connection is paired with one to Postgres. `holed` connections drop
// every byte both ways and are never closed.
let blackHole = false;
const live = new Set<Socket>();
const holed = new Set<Socket>();
const proxy = createServer((client) => {
  const server = tcpConnect(upstreamPort, '127.0.0.1');
  const pair = [client, server];
  for (const s of pair) (blackHole ? holed : live).add(s);
  client.on('data', (d) => {
    if (!holed.has(client)) server.write(d);
  });
  server.on('data', (d) => {
    if (!holed.has(server)) client.write(d);
  });
  for (const s of pair) {
    s.on('error', () => {});
    s.on('close', () => {
      live.delete(s);
      // A live connection closes both ends as a real one would; a holed one says nothing.
      for (const other of pair) if (!holed.has(other)) other.destroy();
    });
  }
});
await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
const proxied = cluster.url.replace(`:${upstreamPort}/`, `:${(proxy.address() as { port: number }).port}/`);

const api = await startDocketProcess('api', proxied);
const worker = await startDocketProcess('worker', proxied);
const url = api.url as string;
const readyz = () =>
  fetch(url.replace('/graphql', '/readyz'), { signal: AbortSignal.timeout(5000) }).then(
    (r) => r.status,
    () => 0,
  );

async function runJobs(tag: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < jobCount; i++) {
    const res = await gql(
      url,
      cluster.keyA,
      CREATE_JOB,
      {
        input: {
          endpoint: 'PARSE',
          document: { url: textDataUrl(`${tag} ${i}`), filename: `${tag}-${i}.txt` },
        },
      },
      20_000,
    ).catch(
      (err: Error) =>
        ({ errors: [{ message: err.message }] }) as { data?: undefined; errors: { message: string }[] },
    );
    const id = res.data?.createJob?.id as string | undefined;
    if (id) ids.push(id);
  }
  return ids;
}
const completed = async (ids: string[]) => {
  const [row] = await cluster.sql<{ n: number }[]>`
    select count(*)::int as n from jobs where id = any(${ids}) and status = 'COMPLETED'`;
  return row?.n ?? 0;
};

const sub = subscribe(
  url,
  cluster.keyA,
  `subscription { jobUpdated(filter: { status: [COMPLETED] }) { id status } }`,
  {},
  { retryAttempts: 100 },
);
let summary = '';
try {
  const before = await runJobs('before');
  if (!(await waitFor(async () => (await completed(before)) === before.length, 60_000)))
    throw new Error('jobs before the fault did not complete');
  await waitFor(async () => before.every((id) => sub.events.some((e) => e.id === id)), 10_000);
  if (!before.every((id) => sub.events.some((e) => e.id === id)))
    throw new Error('the subscriber missed jobs before the fault');

  // The fault.
  const faultAt = Date.now();
  blackHole = true;
  // Every connection open now is a black hole from here on.
  for (const s of live) holed.add(s);
  live.clear();
  let notReadyAt = 0;
  while (Date.now() - faultAt < downMs) {
    const status = await readyz();
    if (status !== 200 && !notReadyAt) notReadyAt = Date.now();
    await new Promise((r) => setTimeout(r, 1000));
  }
  blackHole = false;
  const healedAt = Date.now();
  const notReadyMs = notReadyAt ? notReadyAt - faultAt : Number.NaN;
  console.log(
    `black hole for ${downMs / 1000} s (${holed.size / 2} connections); /readyz non-200 ${notReadyAt ? `${(notReadyMs / 1000).toFixed(1)} s after the fault` : 'never'}`,
  );
  if (!notReadyAt || notReadyMs > NOT_READY_WITHIN_MS)
    failures.push(`/readyz did not turn non-200 within ${NOT_READY_WITHIN_MS / 1000} s`);

  const readyAgain = await waitFor(async () => (await readyz()) === 200, HEALED_WITHIN_MS, 500);
  const readyMs = Date.now() - healedAt;
  const after = await runJobs('after');
  const done = await waitFor(
    async () => (await completed(after)) === after.length && after.length === jobCount,
    HEALED_WITHIN_MS - (Date.now() - healedAt),
    500,
  );
  const doneMs = Date.now() - healedAt;
  await waitFor(async () => after.every((id) => sub.events.some((e) => e.id === id)), 10_000);
  const heard = after.filter((id) => sub.events.some((e) => e.id === id)).length;
  summary = `black hole ${downMs / 1000} s; /readyz non-200 ${(notReadyMs / 1000).toFixed(1)} s after the fault (limit 30 s); after healing: /readyz 200 ${readyAgain ? `after ${(readyMs / 1000).toFixed(1)} s` : 'never'}, ${after.length}/${jobCount} jobs accepted, ${await completed(after)} COMPLETED ${done ? `${(doneMs / 1000).toFixed(1)} s after the heal` : 'by the deadline'}, the subscriber heard ${heard}/${after.length} (connections ${sub.connects()})`;
  console.log(summary);
  if (!readyAgain) failures.push('/readyz not 200 again within 120 s of the heal');
  if (!done)
    failures.push(`jobs created after healing: ${await completed(after)}/${jobCount} completed within 120 s`);
  if (heard !== after.length || after.length === 0)
    failures.push(`the subscriber heard ${heard}/${after.length} jobs after healing`);
  if (api.child.exitCode !== null || worker.child.exitCode !== null) failures.push('a Docket process died');
} catch (err) {
  failures.push((err as Error).message);
} finally {
  sub.stop();
  for (const s of holed) s.destroy();
  await worker.stop(5000);
  await api.stop(5000);
  proxy.close();
  await cluster.close();
}
console.log(`half-open: ${summary}`);
verdict('half-open', failures);
