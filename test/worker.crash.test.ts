// A worker process killed with SIGKILL mid-job: pg-boss's heartbeat notices, the job is
// retried on another worker and completes, with `attempts` showing the retry and the attempt
// history the lost one.
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dataUrl, makeSlowPdf } from '../testkit/fixtures.ts';
import { startTestServer, startWorkerProcess, type TestServer } from './helpers/server.ts';

let api: TestServer;
const children: ChildProcess[] = [];

beforeAll(async () => {
  api = await startTestServer({ role: 'api' });
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await api?.close();
});

it('a job whose worker was killed is picked up again and completes', async () => {
  const first = await startWorkerProcess(api.databaseUrl);
  children.push(first);
  const res = await api.gql(
    `mutation($url: String!) { createJob(input: { endpoint: PARSE, document: { url: $url }, options: { ocr: FORCE } }) { id } }`,
    { url: dataUrl(await makeSlowPdf(4)) },
  );
  const id = res.data!.createJob.id;
  const sub = api.subscribe(
    `subscription($id: ID) { jobUpdated(id: $id) { status stage progress attempts version } }`,
    { id },
  );
  await sub.until((e) => e.status === 'IN_PROGRESS' && e.progress > 0);
  const killedAt = Date.now();
  first.kill('SIGKILL');
  children.push(await startWorkerProcess(api.databaseUrl));
  await sub.done;
  console.log(`retried and completed ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill`);
  const last = sub.events.at(-1)!;
  expect(last.status).toBe('COMPLETED');
  expect(last.attempts).toBe(2);
  const progress = sub.events.map((e) => e.progress);
  expect(progress).toEqual([...progress].sort((a, b) => a - b));
  // The history keeps the attempt the dead worker held, as LOST, before the one that completed.
  const history = await api.gql(
    `query($id: ID!) { job(id: $id) { attemptHistory { attempt outcome endedAt } } }`,
    {
      id,
    },
  );
  expect(history.errors).toBeUndefined();
  const attempts = history.data!.job.attemptHistory as {
    attempt: number;
    outcome: string;
    endedAt: string;
  }[];
  expect(attempts.map((a) => [a.attempt, a.outcome])).toEqual([
    [1, 'LOST'],
    [2, 'COMPLETED'],
  ]);
  expect(attempts.every((a) => a.endedAt)).toBe(true);
}, 240_000);
