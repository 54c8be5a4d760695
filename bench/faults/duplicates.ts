// T9, duplicate submissions: KEYS idempotency keys, each submitted COPIES times by clients
// racing each other (bounded concurrency, copies interleaved). Exactly one job and one queued
// run per (organization, key), every copy answered with that job's id; the same key with a
// different payload is a CONFLICT; another organization's same key is a job of its own.
//
//   npm run fault:duplicates -- [--keys 1000] [--copies 5] [--concurrency 50]
import { parseArgs } from 'node:util';
import {
  CREATE_JOB,
  gql,
  pool,
  startCluster,
  startDocketProcess,
  textDataUrl,
  verdict,
} from '../harness/index.ts';

const { values } = parseArgs({
  options: {
    keys: { type: 'string', default: '1000' },
    copies: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '50' },
  },
});
const keys = Math.min(20_000, Number(values.keys));
const copies = Math.min(50, Number(values.copies));
const concurrency = Math.min(200, Number(values.concurrency));
const failures: string[] = [];

const cluster = await startCluster('duplicates');
// No worker: the jobs stay QUEUED, so the count of queued runs is exact.
const api = await startDocketProcess('api', cluster.url);
const url = api.url as string;
const input = (k: number, text = `document ${k}`) => ({
  endpoint: 'PARSE',
  idempotencyKey: `key-${k}`,
  document: { url: textDataUrl(text), filename: `doc-${k}.txt` },
});

try {
  // Copy c of every key, then copy c + 1 …: the copies of one key are in flight together.
  const submissions = Array.from({ length: keys * copies }, (_, i) => i % keys);
  const idsByKey = new Map<number, Set<string>>();
  let errors = 0;
  const started = Date.now();
  await pool(submissions, concurrency, async (k) => {
    const res = await gql(url, cluster.keyA, CREATE_JOB, { input: input(k) });
    const id = res.data?.createJob?.id as string | undefined;
    if (!id) {
      errors++;
      if (errors <= 5) failures.push(`key-${k}: ${JSON.stringify(res.errors)}`);
      return;
    }
    addTo(idsByKey, k, id);
  });
  const seconds = (Date.now() - started) / 1000;
  const split = [...idsByKey.values()].filter((s) => s.size !== 1).length;
  console.log(
    `${submissions.length} submissions (${keys} keys × ${copies}) in ${seconds.toFixed(1)} s (${(submissions.length / seconds).toFixed(0)}/s): ${errors} errors, ${split} keys answered with more than one id`,
  );
  if (errors) failures.push(`${errors} submissions failed`);
  if (split) failures.push(`${split} keys got more than one job id`);

  const [counts] = await cluster.sql<{ jobs: number; keys: number; runs: number; run_jobs: number }[]>`
    select (select count(*)::int from jobs) as jobs,
      (select count(distinct idempotency_key)::int from jobs) as keys,
      (select count(*)::int from pgboss.job where name = 'docket-run') as runs,
      (select count(distinct data->>'jobId')::int from pgboss.job where name = 'docket-run') as run_jobs`;
  console.log(
    `database: ${counts?.jobs} jobs, ${counts?.keys} keys, ${counts?.runs} queued runs for ${counts?.run_jobs} jobs`,
  );
  if (counts?.jobs !== keys || counts.keys !== keys)
    failures.push(`expected ${keys} jobs, found ${counts?.jobs}`);
  if (counts?.runs !== keys || counts.run_jobs !== keys)
    failures.push(`expected ${keys} queued runs, found ${counts?.runs}`);

  // A different payload under a used key, raced as well: every answer must be CONFLICT.
  const sample = Array.from({ length: Math.min(keys, 100) }, (_, i) => i);
  const conflicts = await pool([...sample, ...sample], concurrency, async (k) => {
    const res = await gql(url, cluster.keyA, CREATE_JOB, { input: input(k, `another document ${k}`) });
    return res.errors?.[0]?.extensions?.code ?? 'OK';
  });
  const notConflict = conflicts.filter((c) => c !== 'CONFLICT').length;
  console.log(`same key, different payload: ${conflicts.length - notConflict}/${conflicts.length} CONFLICT`);
  if (notConflict) failures.push(`${notConflict} different-payload submissions were not CONFLICT`);

  // Keys are scoped per organization: org B's key-k is its own job, raced the same way.
  const other = await pool([...sample, ...sample], concurrency, async (k) => {
    const res = await gql(url, cluster.keyB, CREATE_JOB, { input: input(k) });
    return { k, id: res.data?.createJob?.id as string | undefined };
  });
  const bIds = new Map<number, Set<string>>();
  for (const { k, id } of other) {
    if (id) addTo(bIds, k, id);
  }
  const distinct = sample.filter((k) => {
    const b = bIds.get(k);
    const a = idsByKey.get(k);
    return b?.size === 1 && a && ![...a].some((id) => b.has(id));
  }).length;
  console.log(`another organization, same keys: ${distinct}/${sample.length} got one job of their own`);
  if (distinct !== sample.length)
    failures.push(`${sample.length - distinct} keys of org B did not get one distinct job`);
} finally {
  await api.stop();
  await cluster.close();
}

function addTo(map: Map<number, Set<string>>, k: number, id: string): void {
  const set = map.get(k) ?? new Set<string>();
  set.add(id);
  map.set(k, set);
}

verdict('duplicates', failures);
