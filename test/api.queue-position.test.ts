// Queue position and ETA (docs/contract.md, "Queue position and ETA"): positions count the
// organization's own jobs that start first, fall as jobs leave the queue, put a later HIGH job
// ahead of earlier NORMAL ones, skip cancelled jobs and ignore another organization's backlog;
// the ETAs appear once the organization has completed jobs to measure, not before.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dataUrl, makeSlowPdf } from '../testkit/fixtures.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

let s: TestServer;
beforeAll(async () => {
  // Two run slots, each organization may hold one (WORKER_CONCURRENCY - 1): a slow job of A in
  // one and a slow job of B in the other keep everything else of both queued until released.
  s = await startTestServer({ env: { WORKER_CONCURRENCY: '2' } });
  slowUrl = dataUrl(await makeSlowPdf(20));
});
afterAll(async () => {
  await s?.close();
});

const CREATE = `mutation($input: CreateJobInput!) { createJob(input: $input) { id } }`;
const LIST = `query { jobs(first: 100) { nodes { id status queuePosition estimatedStartAt estimatedCompletionAt } } }`;
const text = (body: string) => ({ url: dataUrl(Buffer.from(body), 'text/plain') });

interface Row {
  id: string;
  status: string;
  queuePosition: number | null;
  estimatedStartAt: string | null;
  estimatedCompletionAt: string | null;
}

async function listing(key = s.keyA): Promise<Map<string, Row>> {
  const res = await s.gql<{ jobs: { nodes: Row[] } }>(LIST, {}, key);
  expect(res.errors).toBeUndefined();
  return new Map(res.data!.jobs.nodes.map((n) => [n.id, n]));
}

async function create(input: Record<string, unknown>, key = s.keyA): Promise<string> {
  const res = await s.gql<{ createJob: { id: string } }>(CREATE, { input }, key);
  expect(res.errors).toBeUndefined();
  return res.data!.createJob.id;
}

async function startSlow(key: string): Promise<string> {
  const id = await create({ endpoint: 'PARSE', document: { url: slowUrl }, options: { ocr: 'FORCE' } }, key);
  const sub = s.subscribe(`subscription($id: ID) { jobUpdated(id: $id) { status stage } }`, { id }, key);
  await sub.until((e) => e.status === 'IN_PROGRESS' && e.stage === 'OCR');
  sub.stop();
  return id;
}

let slowUrl: string;

it('counts the jobs of its organization that start first, and falls as they leave the queue', async () => {
  const blockerA = await startSlow(s.keyA);
  const blockerB = await startSlow(s.keyB);

  const slow2 = await create({ endpoint: 'PARSE', document: { url: slowUrl }, options: { ocr: 'FORCE' } });
  const n = [];
  for (let i = 0; i < 4; i++) n.push(await create({ endpoint: 'PARSE', document: text(`normal ${i}`) }));
  let rows = await listing();
  expect([slow2, ...n].map((id) => rows.get(id)?.queuePosition)).toEqual([0, 1, 2, 3, 4]);
  // Not queued: no position. No job of A has completed yet: nothing to estimate from.
  expect(rows.get(blockerA)).toMatchObject({ status: 'IN_PROGRESS', queuePosition: null });
  for (const r of rows.values()) expect([r.estimatedStartAt, r.estimatedCompletionAt]).toEqual([null, null]);

  // A HIGH job sent last runs before every NORMAL one.
  const high = await create({ endpoint: 'PARSE', document: text('high'), priority: 'HIGH' });
  // A LOW one runs after all of them.
  const low = await create({ endpoint: 'PARSE', document: text('low'), priority: 'LOW' });
  rows = await listing();
  expect([high, slow2, ...n, low].map((id) => rows.get(id)?.queuePosition)).toEqual([0, 1, 2, 3, 4, 5, 6]);

  // A cancelled job is ahead of nobody.
  const cancel = await s.gql(`mutation($id: ID!) { cancelJob(id: $id) { status } }`, { id: n[1] });
  expect(cancel.errors).toBeUndefined();
  rows = await listing();
  expect(rows.get(n[1]!)?.queuePosition).toBeNull();
  expect([high, slow2, n[0], n[2], n[3], low].map((id) => rows.get(id!)?.queuePosition)).toEqual([
    0, 1, 2, 3, 4, 5,
  ]);

  // Organization B's job comes after all of A's in time, but A's backlog is not ahead of it:
  // A never holds B's slot, so B's job is next once B's own slow job is done.
  const b2 = await create({ endpoint: 'PARSE', document: text('b two') }, s.keyB);
  expect((await listing(s.keyB)).get(b2)?.queuePosition).toBe(0);

  // Free A's slot: the HIGH job runs and completes, then slow2 takes the slot and holds it.
  const slow2Sub = s.subscribe(`subscription($id: ID) { jobUpdated(id: $id) { status stage } }`, {
    id: slow2,
  });
  await s.gql(`mutation($id: ID!) { cancelJob(id: $id) { status } }`, { id: blockerA });
  await slow2Sub.until((e) => e.status === 'IN_PROGRESS' && e.stage === 'OCR');
  slow2Sub.stop();
  rows = await listing();
  expect(rows.get(high)?.status).toBe('COMPLETED');
  expect([n[0], n[2], n[3], low].map((id) => rows.get(id!)?.queuePosition)).toEqual([0, 1, 2, 3]);
  expect(rows.get(slow2)?.queuePosition).toBeNull();
  expect((await listing(s.keyB)).get(b2)?.queuePosition).toBe(0);

  // One completed PARSE job is a basis: queued jobs get both ETAs, in queue order, the running
  // one an end; finished jobs none.
  const at = (id: string, f: 'estimatedStartAt' | 'estimatedCompletionAt') => {
    const v = rows.get(id)?.[f];
    expect(v, `${f} of ${id}`).toBeTruthy();
    return Date.parse(v as string);
  };
  const starts = [n[0], n[2], n[3], low].map((id) => at(id!, 'estimatedStartAt'));
  expect([...starts].sort((x, y) => x - y)).toEqual(starts);
  expect(new Set(starts).size).toBe(starts.length);
  for (const id of [n[0], n[2], n[3], low]) {
    expect(at(id!, 'estimatedCompletionAt')).toBeGreaterThanOrEqual(at(id!, 'estimatedStartAt'));
  }
  expect(rows.get(slow2)?.estimatedStartAt).toBeNull();
  expect(at(slow2, 'estimatedCompletionAt')).toBeGreaterThan(0);
  expect(rows.get(high)).toMatchObject({ estimatedStartAt: null, estimatedCompletionAt: null });
  // B has completed nothing: no basis for its ETAs, whatever A has done.
  expect((await listing(s.keyB)).get(b2)).toMatchObject({
    estimatedStartAt: null,
    estimatedCompletionAt: null,
  });

  // The CLI's listing shows the place and the expected end of each queued job.
  const cli = await promisify(execFile)(
    process.execPath,
    ['src/cli/docket.ts', 'jobs', 'list', '--status', 'QUEUED', '--url', s.url, '--key', s.keyA],
    { env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 },
  );
  expect(cli.stdout).toMatch(/^ID +STATUS +STAGE +ENDPOINT +GRADE +PII +UPDATED +QUEUE +ETA +FILE/m);
  const line = (id: string) => cli.stdout.split('\n').find((l) => l.startsWith(id)) ?? '';
  expect(line(n[0]!)).toMatch(/ #0 +\d\d:\d\d:\d\d /);
  expect(line(low)).toMatch(/ #3 +\d\d:\d\d:\d\d /);

  // The same through job(id:), the path that is not a list.
  const one = await s.gql(`query($id: ID!) { job(id: $id) { queuePosition estimatedStartAt } }`, { id: low });
  expect(one.data?.job.queuePosition).toBe(3);
  expect(one.data?.job.estimatedStartAt).toEqual(expect.any(String));

  await s.gql(`mutation($id: ID!) { cancelJob(id: $id) { status } }`, { id: slow2 });
  await s.gql(`mutation($id: ID!) { cancelJob(id: $id) { status } }`, { id: blockerB }, s.keyB);
}, 240_000);

it('numbers a retried job at the back of its lane', async () => {
  // A's slot is free again; hold it with a slow job so the retried one stays queued.
  const blocker = await startSlow(s.keyA);
  const first = await create({ endpoint: 'PARSE', document: text('first') });
  const retried = await create({ endpoint: 'PARSE', document: text('retried') });
  await s.gql(`mutation($id: ID!) { cancelJob(id: $id) { status } }`, { id: retried });
  const last = await create({ endpoint: 'PARSE', document: text('last') });
  const again = await s.gql(`mutation($id: ID!) { retryJob(id: $id) { status queuePosition } }`, {
    id: retried,
  });
  expect(again.errors).toBeUndefined();
  expect(again.data?.retryJob).toEqual({ status: 'QUEUED', queuePosition: 2 });
  const rows = await listing();
  expect([first, last].map((id) => rows.get(id)?.queuePosition)).toEqual([0, 1]);
  const done = await s.gql(`mutation($ids: [ID!]) { cancelJobs(ids: $ids) { cancelled } }`, {
    ids: [blocker, first, retried, last],
  });
  expect(done.data?.cancelJobs.cancelled).toBe(4);
  const after = await listing();
  for (const id of [blocker, first, retried, last]) expect(after.get(id)?.queuePosition).toBeNull();
}, 120_000);
