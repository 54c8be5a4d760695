// T4, database down at boot: an api and a worker process start while Postgres is stopped;
// DOWN seconds later it starts. Both must stay up meanwhile, become ready on their own (no
// restart) soon after the database is back, and then run a job.
//
//   npm run fault:db-at-boot -- [--down 10]
import { parseArgs } from 'node:util';
import {
  CREATE_JOB,
  gql,
  startCluster,
  startDocketProcess,
  subscribe,
  textDataUrl,
  verdict,
} from './harness.ts';

const { values } = parseArgs({ options: { down: { type: 'string', default: '10' } } });
const downMs = Math.min(120, Number(values.down)) * 1000;
const READY_WITHIN_MS = 30_000;
const failures: string[] = [];

const cluster = await startCluster('db-at-boot');
await cluster.crash();
const api = startDocketProcess('api', cluster.url);
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
  await w.stop();
  await a.stop();
} catch (err) {
  failures.push((err as Error).message);
  for (const p of [api, worker]) await p.then((x) => x.stop()).catch(() => {});
} finally {
  await cluster.close();
}
verdict('db-at-boot', failures);
