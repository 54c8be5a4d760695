// T4, database down at boot: an api and a worker process start while Postgres is stopped;
// DOWN seconds later it starts. Both must stay up meanwhile, become ready on their own (no
// restart) soon after the database is back, and then run a job. The api's /healthz must answer
// 200 throughout (polled every 250 ms) and /readyz 503 until the database is up, then 200.
//
//   npm run fault:db-at-boot -- [--down 30]
import { parseArgs } from 'node:util';
import { freePort } from '../../testkit/net.ts';
import {
  CREATE_JOB,
  gql,
  startCluster,
  startDocketProcess,
  subscribe,
  textDataUrl,
  verdict,
} from '../harness/index.ts';

const { values } = parseArgs({ options: { down: { type: 'string', default: '30' } } });
const downMs = Math.min(120, Number(values.down)) * 1000;
const READY_WITHIN_MS = 30_000;
const failures: string[] = [];

const cluster = await startCluster('db-at-boot');
await cluster.crash();
const port = await freePort();
const api = startDocketProcess('api', cluster.url, { PORT: String(port) });
const base = `http://127.0.0.1:${port}`;
// Every answer of /healthz and /readyz from the start to the end, with when it came.
const probes: { at: number; health: number; ready: number }[] = [];
let probing = true;
const status = (path: string) =>
  fetch(base + path, { signal: AbortSignal.timeout(2000) }).then(
    (r) => r.status,
    () => 0,
  );
const prober = (async () => {
  while (probing) {
    const [health, ready] = await Promise.all([status('/healthz'), status('/readyz')]);
    probes.push({ at: Date.now(), health, ready });
    await new Promise((r) => setTimeout(r, 250));
  }
})();
const worker = startDocketProcess('worker', cluster.url);
let died = '';
void api.catch((err: Error) => (died += err.message));
void worker.catch((err: Error) => (died += err.message));
await new Promise((r) => setTimeout(r, downMs));
if (died) failures.push(`a process exited while the database was down: ${died.slice(-2000)}`);
const startedAt = Date.now();
await cluster.start();
const within = new Promise<never>((_, reject) =>
  setTimeout(
    () => reject(new Error(`not ready ${READY_WITHIN_MS / 1000} s after the database`)),
    READY_WITHIN_MS,
  ),
);
try {
  const [a, w] = await Promise.race([Promise.all([api, worker]), within]);
  const readyMs = Date.now() - startedAt;
  console.log(
    `database down ${downMs / 1000} s at boot; api and worker ready ${(readyMs / 1000).toFixed(1)} s after it started`,
  );
  const url = a.url as string;
  const res = await gql(url, cluster.keyA, CREATE_JOB, {
    input: { endpoint: 'PARSE', document: { url: textDataUrl('after the outage'), filename: 'a.txt' } },
  });
  const id = res.data?.createJob?.id as string | undefined;
  if (!id) failures.push(`createJob failed: ${JSON.stringify(res.errors)}`);
  else {
    const sub = subscribe(url, cluster.keyA, `subscription($id: ID) { jobUpdated(id: $id) { status } }`, {
      id,
    });
    await Promise.race([sub.done, new Promise((r) => setTimeout(r, 30_000))]);
    sub.stop();
    const last = sub.events.at(-1)?.status;
    console.log(`a job submitted after boot: ${last}`);
    if (last !== 'COMPLETED') failures.push(`the job ended ${last}`);
  }
  probing = false;
  await prober;
  await w.stop();
  await a.stop();
} catch (err) {
  failures.push((err as Error).message);
  probing = false;
  await prober;
  for (const p of [api, worker]) await p.then((x) => x.stop()).catch(() => {});
} finally {
  await cluster.close();
}
await checkProbes();

verdict('db-at-boot', failures);

/** Judges /healthz and /readyz over the whole run. */
async function checkProbes(): Promise<void> {
  // Until the port opens (node loading src/main.ts) nothing answers, as with any server.
  const booted = probes.findIndex((p) => p.health === 200);
  const after = booted < 0 ? [] : probes.slice(booted);
  const badHealth = after.filter((p) => p.health !== 200).length;
  const readyEarly = after.filter((p) => p.at < startedAt && p.ready !== 503).length;
  const firstReady = after.find((p) => p.ready === 200);
  console.log(
    `/healthz: first 200 ${booted < 0 ? 'never' : `${((probes[booted]?.at ?? 0) - (probes[0]?.at ?? 0)) / 1000} s after the first probe`}, then ${after.length - badHealth}/${after.length} probes 200; /readyz: ${after.filter((p) => p.at < startedAt && p.ready === 503).length} probes 503 while the database was down, first 200 ${firstReady ? `${((firstReady.at - startedAt) / 1000).toFixed(1)} s after it started` : 'never'}`,
  );
  if (booted < 0 || (probes[booted]?.at ?? 0) > startedAt)
    failures.push('/healthz never answered while the database was down');
  if (badHealth > 0) failures.push(`/healthz failed ${badHealth} times`);
  if (readyEarly > 0)
    failures.push(`/readyz answered other than 503 ${readyEarly} times while the database was down`);
  if (!firstReady) failures.push('/readyz never answered 200');
}
