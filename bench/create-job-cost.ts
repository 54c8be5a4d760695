// What one createJob costs the api: sequential round trips (p50, p99) and the api process's CPU
// per createJob (/proc), for a text document with the rate limit lifted. The api runs alone
// (role `api`), so its CPU is the request's and nothing else's; the statements and commits
// behind it are npm run bench:per-job's. With DOCKET_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR"
// the api writes a CPU profile of the run.
//
//   node bench/create-job-cost.ts [--jobs 2000] [--role api|all]
import { parseArgs } from 'node:util';
import {
  CREATE_JOB,
  cpuSeconds,
  gql,
  startCluster,
  startDocketProcess,
  textDataUrl,
} from './harness/index.ts';

const { values } = parseArgs({
  options: { jobs: { type: 'string', default: '2000' }, role: { type: 'string', default: 'api' } },
});
const jobs = Number(values.jobs);
const role = values.role === 'all' ? 'all' : 'api';
const cluster = await startCluster('create-job-cost');
const api = await startDocketProcess(role, cluster.url, { RATE_LIMIT_PER_MINUTE: '100000000' });
try {
  const url = api.url as string;
  const create = async (i: number) => {
    const input = { endpoint: 'PARSE', document: { url: textDataUrl(`job ${i}`), filename: `${i}.txt` } };
    const res = await gql(url, cluster.keyA, CREATE_JOB, { input });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
  };
  for (let i = 0; i < 50; i++) await create(-i - 1); // warm up: JIT, prepared statements
  const pid = api.child.pid as number;
  const cpuBefore = await cpuSeconds(pid);
  const times: number[] = [];
  for (let i = 0; i < jobs; i++) {
    const t0 = performance.now();
    await create(i);
    times.push(performance.now() - t0);
  }
  const cpu = (await cpuSeconds(pid)) - cpuBefore;
  times.sort((a, b) => a - b);
  const at = (q: number) =>
    (times[Math.min(times.length - 1, Math.floor(q * times.length))] as number).toFixed(2);
  console.log(
    `createJob, ${jobs} sequential, role ${role}: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms; ` +
      `api CPU ${((cpu / jobs) * 1000).toFixed(2)} ms per createJob`,
  );
} finally {
  await api.stop();
  await cluster.close();
}
