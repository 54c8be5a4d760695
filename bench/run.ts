// `npm run bench`: end-to-end figures of a real Docket (api + worker in one process) on the
// machine it runs on, each beside a baseline measured in the same run. Medians, not means.
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createClient } from 'graphql-ws';
import { PgBoss } from 'pg-boss';
import postgres from 'postgres';
import { startDocket } from '../src/app.ts';
import { createKey } from '../src/auth/keys.ts';
import { loadConfig } from '../src/config.ts';
import { connect } from '../src/db/client.ts';
import { startEmbeddedPostgres } from '../src/db/embedded.ts';
import { createLogger } from '../src/log.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const BURST = Number(process.env.BENCH_BURST ?? 200);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

const embedded = process.env.DATABASE_URL
  ? null
  : await startEmbeddedPostgres({ dir: '.data/bench-postgres', port: 54332, database: 'postgres' });
const adminUrl = process.env.DATABASE_URL ?? (embedded?.url as string);
const dbName = `docket_bench_${process.pid}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${dbName}`);
const url = new URL(adminUrl);
url.pathname = `/${dbName}`;

const config = loadConfig({
  DATABASE_URL: url.toString(),
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'silent',
  DATA_DIR: '.data/bench',
});
const docket = await startDocket(config, 'all', createLogger('silent'));
const { db, sql } = connect(url.toString(), { max: 2 });
const key = (await createKey(db, 'bench')).key;
const api = `http://127.0.0.1:${docket.port}/graphql`;

async function gql(query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(api, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data: any; errors?: unknown[] };
}

const ws = createClient({
  url: api.replace('http', 'ws'),
  connectionParams: { authorization: `Bearer ${key}` },
});
function watchUntilDone(id: string): Promise<{ startedAt: number; doneAt: number }> {
  return new Promise((resolve, reject) => {
    let startedAt = 0;
    ws.subscribe(
      { query: 'subscription($id: ID) { jobUpdated(id: $id) { status } }', variables: { id } },
      {
        next: (v) => {
          const status = (v.data as any)?.jobUpdated?.status;
          if (status === 'IN_PROGRESS' && !startedAt) startedAt = performance.now();
          if (status === 'COMPLETED' || status === 'FAILED')
            resolve({ startedAt, doneAt: performance.now() });
        },
        error: reject,
        complete: () => {},
      },
    );
  });
}

const text = (i: number) =>
  `data:text/plain;base64,${Buffer.from(`Invoice ${i}\nTotal: ${i}.00 EUR\n`).toString('base64')}`;
const createQ =
  'mutation($url: String!) { createJob(input: { endpoint: PARSE, document: { url: $url } }) { id } }';

// Warm up the threads, the word lists and the connections.
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  const { data } = await gql(createQ, { url: text(i) });
  await watchUntilDone(data.createJob.id);
  void t0;
}

// 1. One job at a time: create → running → completed, through the API.
const toStart: number[] = [];
const toDone: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const t0 = performance.now();
  const { data } = await gql(createQ, { url: text(i) });
  const { startedAt, doneAt } = await watchUntilDone(data.createJob.id);
  toStart.push(startedAt - t0);
  toDone.push(doneAt - t0);
}

// Baseline: a bare pg-boss round trip (send → handler → complete) on the same database.
const boss = new PgBoss({ connectionString: url.toString(), schema: 'pgboss', useListenNotify: true });
await boss.start();
await boss.createQueue('bench-baseline', { notify: true });
const pending = new Map<string, () => void>();
await boss.work(
  'bench-baseline',
  { pollingIntervalSeconds: 2, notifyPollingIntervalSeconds: 10 },
  async ([job]) => {
    if (job) pending.get((job.data as { k: string }).k)?.();
  },
);
const bare: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const t0 = performance.now();
  await new Promise<void>((resolve) => {
    pending.set(String(i), resolve);
    void boss.send('bench-baseline', { k: String(i) });
  });
  bare.push(performance.now() - t0);
}
await boss.stop({ graceful: false, close: true });

// 2. A burst of tiny jobs created at once: throughput end to end.
const t0 = performance.now();
const ids = await Promise.all(
  Array.from({ length: BURST }, (_, i) =>
    gql(createQ, { url: text(i) }).then((r) => r.data.createJob.id as string),
  ),
);
const created = performance.now();
await Promise.all(ids.map((id) => watchUntilDone(id)));
const burstSeconds = (performance.now() - t0) / 1000;

// 3. Reads: a page of 20 jobs against the smallest query the server answers.
const list: number[] = [];
const trivial: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  let s = performance.now();
  await gql('{ __typename }');
  trivial.push(performance.now() - s);
  s = performance.now();
  await gql(
    '{ jobs(first: 20) { totalCount nodes { id status endpoint createdAt document { filename } } } }',
  );
  list.push(performance.now() - s);
}

console.log(
  `Docket bench — ${cpus()[0]?.model ?? 'cpu'} ×${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
);
console.log(
  `database: ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PostgreSQL'}; ${ROUNDS} rounds, burst of ${BURST}\n`,
);
const rows: [string, string, string, string][] = [
  [
    'create → IN_PROGRESS (one at a time)',
    ms(median(toStart)),
    `bare pg-boss round trip ${ms(median(bare))}`,
    `${(median(toStart) / median(bare)).toFixed(2)}×`,
  ],
  [
    'create → COMPLETED, 1-page text PARSE',
    ms(median(toDone)),
    `bare pg-boss round trip ${ms(median(bare))}`,
    `${(median(toDone) / median(bare)).toFixed(2)}×`,
  ],
  [`burst of ${BURST}: created`, `${(BURST / ((created - t0) / 1000)).toFixed(0)} jobs/s`, '', ''],
  [`burst of ${BURST}: completed`, `${(BURST / burstSeconds).toFixed(1)} jobs/s`, '', ''],
  [
    'jobs(first: 20) query',
    ms(median(list)),
    `{ __typename } ${ms(median(trivial))}`,
    `${(median(list) / median(trivial)).toFixed(2)}×`,
  ],
];
for (const r of rows) console.log(`${r[0].padEnd(40)} ${r[1].padStart(12)}   ${r[2].padEnd(36)} ${r[3]}`);

await ws.dispose();
await sql.end();
await docket.close(2000);
await admin.unsafe(`drop database ${dbName} with (force)`);
await admin.end();
await embedded?.stop();
process.exit(0);
