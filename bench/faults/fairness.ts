// Fairness (issue item 7): organization A submits a burst of BURST tiny jobs; while its
// backlog is still queued, organization B submits one. B's job must start within seconds,
// not after A's backlog. Figure: B's wait from its creation to IN_PROGRESS, and how much of
// A's burst was still queued when B's job started.
//
//   npm run fault:fairness -- [--burst 2000] [--concurrency 2]
import { parseArgs } from 'node:util';
import {
  CREATE_JOB,
  gql,
  pool,
  startCluster,
  startDocketProcess,
  textDataUrl,
  verdict,
  waitFor,
} from '../harness/index.ts';

const { values } = parseArgs({
  options: { burst: { type: 'string', default: '2000' }, concurrency: { type: 'string', default: '2' } },
});
const burst = Math.min(10_000, Number(values.burst));
const START_WITHIN_MS = 10_000;
const failures: string[] = [];

const cluster = await startCluster('fairness');
const api = await startDocketProcess('api', cluster.url);
const worker = await startDocketProcess('worker', cluster.url, {
  WORKER_CONCURRENCY: values.concurrency as string,
});
const url = api.url as string;
const job = (name: string) => ({
  input: { endpoint: 'PARSE', document: { url: textDataUrl(`tiny ${name}`), filename: `${name}.txt` } },
});
try {
  const started = Date.now();
  let refused = 0;
  await pool(
    Array.from({ length: burst }, (_, i) => i),
    50,
    async (i) => {
      const res = await gql(url, cluster.keyA, CREATE_JOB, job(`a${i}`));
      if (!res.data?.createJob) refused++;
    },
  );
  console.log(
    `org A: ${burst} jobs submitted in ${((Date.now() - started) / 1000).toFixed(1)} s (${refused} refused)`,
  );
  if (refused) failures.push(`${refused} of A's jobs were refused`);
  const res = await gql(url, cluster.keyB, CREATE_JOB, job('b'));
  const id = res.data?.createJob?.id as string | undefined;
  if (!id) throw new Error(`B's createJob failed: ${JSON.stringify(res.errors)}`);
  const startedRun = await waitFor(
    async () => {
      const [row] = await cluster.sql<{ n: number }[]>`
      select count(*)::int as n from job_events where job_id = ${id} and status = 'IN_PROGRESS'`;
      return (row?.n ?? 0) > 0;
    },
    600_000,
    100,
  );
  const [row] = await cluster.sql<{ waited_ms: number }[]>`
    select (extract(epoch from (select min(e.created_at) from job_events e
              where e.job_id = j.id and e.status = 'IN_PROGRESS')) - extract(epoch from j.created_at)) * 1000 as waited_ms
    from jobs j where j.id = ${id}`;
  const [queued] = await cluster.sql<{ n: number }[]>`
    select count(*)::int as n from jobs a
    where a.organization_id <> (select organization_id from jobs where id = ${id})
      and not exists (select 1 from job_events e where e.job_id = a.id and e.status = 'IN_PROGRESS'
        and e.created_at <= (select min(created_at) from job_events where job_id = ${id} and status = 'IN_PROGRESS'))`;
  const waited = Number(row?.waited_ms);
  console.log(
    `org B's job started ${(waited / 1000).toFixed(2)} s after it was created, with ${queued?.n} of A's ${burst} jobs not yet started`,
  );
  if (!startedRun || !(waited <= START_WITHIN_MS)) {
    failures.push(`B's job waited ${(waited / 1000).toFixed(1)} s (limit ${START_WITHIN_MS / 1000} s)`);
  }
} finally {
  await worker.stop(5000);
  await api.stop();
  await cluster.close();
}
verdict('fairness', failures);
