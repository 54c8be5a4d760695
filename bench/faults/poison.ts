// Poison documents (issue item 5, T10). Part 1: every corrupt, truncated and encrypted file of
// ../shared/corpus (skipped, saying so, when it is absent) and bombs made here — an empty file,
// a wrong-type file, a PNG claiming 100k × 100k pixels, a 10,000-page PDF, a PDF nested 100,000
// deep, a zip bomb named .docx — each sent while good jobs are in flight. Pass: each poison job
// FAILED with its contract code within JOB_TIMEOUT_SECONDS, after one attempt (a permanent
// error is not retried, so nothing reaches the dead-letter queue); the worker process is the one
// started; every good job COMPLETED.
// Part 2 (T10): GOOD good jobs alone (the baseline) and GOOD good jobs with 5 % poison mixed
// in, in ROUNDS alternating rounds. Pass: good-job throughput ≥ 90 % of the baseline, 0 good
// jobs failed.
//
//   npm run fault:poison -- [--good 1000] [--rounds 5] [--concurrency 20]
import { parseArgs } from 'node:util';
import { makePdf } from '../../testkit/fixtures.ts';
import {
  CREATE_JOB,
  gql,
  pool,
  startCluster,
  startDocketProcess,
  verdict,
  waitFor,
} from '../harness/index.ts';
import { corpusPoison, madePoison, type Poison } from './poison-docs.ts';

const { values } = parseArgs({
  options: {
    good: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '20' },
  },
});
const goodCount = Math.min(10_000, Number(values.good));
const rounds = Math.min(20, Math.max(1, Number(values.rounds)));
const concurrency = Math.min(100, Number(values.concurrency));
const TIMEOUT_S = 60;
const failures: string[] = [];

const cluster = await startCluster('poison');
const env = { WORKER_CONCURRENCY: '2', JOB_TIMEOUT_SECONDS: String(TIMEOUT_S) };
const api = await startDocketProcess('api', cluster.url, env);
const worker = await startDocketProcess('worker', cluster.url, env);
const url = api.url as string;

const fromCorpus = await corpusPoison();
if (!fromCorpus)
  console.log('../shared/corpus is absent: the corpus part is skipped, only the made bombs run');
const poisons = [...(fromCorpus ?? []), ...(await madePoison())];
const goodPdf = Buffer.from(await makePdf(['Invoice 42\nTotal due: 118.00 EUR\nPay by 2026-12-31'])).toString(
  'base64',
);

interface Sent {
  id: string;
  poison: Poison | null;
  sentAt: number;
}

async function send(poison: Poison | null, tag: string): Promise<Sent> {
  const document = poison
    ? {
        url: `data:application/octet-stream;base64,${poison.bytes.toString('base64')}`,
        filename: poison.filename,
      }
    : { url: `data:application/pdf;base64,${goodPdf}`, filename: 'good.pdf' };
  const sentAt = Date.now();
  const res = await gql(url, cluster.keyA, CREATE_JOB, {
    input: { endpoint: 'PARSE', document, metadata: { tag } },
  });
  const id = res.data?.createJob?.id as string | undefined;
  if (!id) throw new Error(`createJob failed: ${JSON.stringify(res.errors)}`);
  return { id, poison, sentAt };
}

async function settle(sent: Sent[]): Promise<void> {
  const ids = sent.map((s) => s.id);
  const ok = await waitFor(
    async () => {
      const [row] = await cluster.sql<{ n: number }[]>`
      select count(*)::int as n from jobs where id = any(${ids}) and status not in ('COMPLETED', 'FAILED', 'CANCELLED')`;
      return row?.n === 0;
    },
    600_000,
    500,
  );
  if (!ok) failures.push(`jobs still not terminal after 10 minutes`);
}

interface Row {
  id: string;
  status: string;
  attempts: number;
  error: { code: string; message: string } | null;
  created_at: string;
  updated_at: string;
}
async function rows(sent: Sent[]): Promise<Map<string, Row>> {
  const list = await cluster.sql<Row[]>`
    select id, status, attempts, error, created_at, updated_at from jobs where id = any(${sent.map((s) => s.id)})`;
  return new Map(list.map((r) => [r.id, r]));
}

/** Checks good jobs COMPLETED and poison FAILED with its code after one attempt; returns good jobs/s. */
function check(label: string, sent: Sent[], byId: Map<string, Row>): number {
  let goodFailed = 0;
  let lastGood = 0;
  for (const s of sent) {
    const row = byId.get(s.id);
    if (!row) {
      failures.push(`${label}: job ${s.id} is missing`);
      continue;
    }
    if (!s.poison) {
      if (row.status !== 'COMPLETED') goodFailed++;
      lastGood = Math.max(lastGood, Date.parse(row.updated_at));
      continue;
    }
    const took = (Date.parse(row.updated_at) - Date.parse(row.created_at)) / 1000;
    if (row.status !== 'FAILED' || row.error?.code !== s.poison.code)
      failures.push(
        `${label}: ${s.poison.name}: ${row.status} ${row.error?.code ?? ''}, expected FAILED ${s.poison.code}`,
      );
    if (row.attempts !== 1)
      failures.push(
        `${label}: ${s.poison.name}: ${row.attempts} attempts (a permanent error is not retried)`,
      );
    if (took > TIMEOUT_S)
      failures.push(`${label}: ${s.poison.name}: terminal after ${took.toFixed(1)} s (> ${TIMEOUT_S} s)`);
  }
  if (goodFailed > 0) failures.push(`${label}: ${goodFailed} good jobs did not complete`);
  const first = Math.min(...sent.map((s) => s.sentAt));
  const good = sent.filter((s) => !s.poison).length;
  return good / ((lastGood - first) / 1000);
}

let part1 = '';
let baseline = Number.NaN;
let mixed = Number.NaN;
try {
  // Part 1: each poison document once, with good jobs sent around it.
  const items: (Poison | null)[] = poisons.flatMap((p) => [null, p, null]);
  const sent1 = await pool(items, concurrency, (p, i) => send(p, `part1-${i}`));
  await settle(sent1);
  const rows1 = await rows(sent1);
  check('part 1', sent1, rows1);
  for (const s of sent1.filter((x) => x.poison)) {
    const r = rows1.get(s.id);
    const took = r ? ((Date.parse(r.updated_at) - Date.parse(r.created_at)) / 1000).toFixed(1) : '?';
    console.log(`  ${s.poison?.name}: ${r?.status} ${r?.error?.code} in ${took} s — ${r?.error?.message}`);
  }
  part1 = `${poisons.length} poison documents (${fromCorpus?.length ?? 0} from the corpus), ${sent1.length - poisons.length} good jobs around them`;
  console.log(`part 1: ${part1}`);

  // Part 2: rounds alternating the baseline (good jobs only) and the same good jobs with 5 %
  // poison mixed in, so that other load on the machine weighs on both alike.
  const perRound = Math.ceil(goodCount / rounds);
  const poisonPerRound = Math.round(perRound * 0.05);
  const time = { base: 0, mixed: 0 };
  let nextPoison = 0;
  for (let r = 0; r < rounds; r++) {
    const sentBase = await pool(
      Array.from({ length: perRound }, () => null),
      concurrency,
      (p, i) => send(p, `base-${r}-${i}`),
    );
    await settle(sentBase);
    const base = check('baseline', sentBase, await rows(sentBase));
    time.base += perRound / base;
    const mix: (Poison | null)[] = Array.from({ length: perRound }, () => null);
    for (let k = 0; k < poisonPerRound; k++) {
      const at = Math.floor(((k + 0.5) * mix.length) / poisonPerRound);
      mix.splice(at, 0, poisons[nextPoison++ % poisons.length] as Poison);
    }
    const sentMix = await pool(mix, concurrency, (p, i) => send(p, `mix-${r}-${i}`));
    await settle(sentMix);
    const withPoison = check('mixed', sentMix, await rows(sentMix));
    time.mixed += perRound / withPoison;
    console.log(
      `round ${r + 1}/${rounds}: ${perRound} good jobs alone ${base.toFixed(1)} jobs/s; with ${poisonPerRound} poison ${withPoison.toFixed(1)} good jobs/s`,
    );
  }
  baseline = (perRound * rounds) / time.base;
  mixed = (perRound * rounds) / time.mixed;
  if (!(mixed >= 0.9 * baseline))
    failures.push(
      `good-job throughput with poison ${((100 * mixed) / baseline).toFixed(0)} % of the baseline (< 90 %)`,
    );

  const [dead] = await cluster.sql<{ n: number }[]>`
    select count(*)::int as n from pgboss.job where name = 'docket-run-dead'`;
  if (dead?.n) failures.push(`${dead.n} runs reached the dead-letter queue`);
  if (worker.child.exitCode !== null || worker.child.signalCode !== null)
    failures.push('the worker process died');
} finally {
  await worker.stop();
  await api.stop();
  await cluster.close();
}

console.log(
  `poison: part 1: ${part1}; part 2: ${goodCount} good jobs each way, good-job throughput ${mixed.toFixed(1)} jobs/s with 5 % poison vs ${baseline.toFixed(1)} jobs/s alone (${((100 * mixed) / baseline).toFixed(0)} %, floor 90 %)`,
);
verdict('poison', failures);
