// Priority: within an organization a HIGH job starts before its earlier NORMAL ones, while
// another organization's job is not held back by either (fairness is per organization).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dataUrl, makeSlowPdf } from '../testkit/fixtures.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

let s: TestServer;
beforeAll(async () => {
  // Two run slots: each organization may hold one of them at a time (WORKER_CONCURRENCY - 1).
  s = await startTestServer({ env: { WORKER_CONCURRENCY: '2' } });
});
afterAll(async () => {
  await s?.close();
});

const CREATE = `mutation($input: CreateJobInput!) { createJob(input: $input) { id priority } }`;
const text = (body: string) => ({ url: dataUrl(Buffer.from(body), 'text/plain') });

it('a HIGH job starts before earlier NORMAL ones of its organization; another organization is not delayed', async () => {
  const slow = dataUrl(await makeSlowPdf(20));
  const started: string[] = [];
  const watchA = s.subscribe(`subscription { jobUpdated(filter: { status: [IN_PROGRESS] }) { id status } }`);
  const watchB = s.subscribe(
    `subscription { jobUpdated(filter: { status: [IN_PROGRESS] }) { id status } }`,
    {},
    s.keyB,
  );

  // Org A: a slow job takes A's slot; two NORMAL jobs then one HIGH queue up behind it.
  const blocker = await s.gql(CREATE, {
    input: { endpoint: 'PARSE', document: { url: slow }, options: { ocr: 'FORCE' } },
  });
  const blockerId = blocker.data!.createJob.id;
  const blockerSub = s.subscribe(`subscription($id: ID) { jobUpdated(id: $id) { status stage progress } }`, {
    id: blockerId,
  });
  await blockerSub.until((e) => e.status === 'IN_PROGRESS' && e.stage === 'OCR');
  const normal1 = (await s.gql(CREATE, { input: { endpoint: 'PARSE', document: text('normal one') } })).data!
    .createJob;
  const normal2 = (await s.gql(CREATE, { input: { endpoint: 'PARSE', document: text('normal two') } })).data!
    .createJob;
  const high = (
    await s.gql(CREATE, { input: { endpoint: 'PARSE', document: text('high'), priority: 'HIGH' } })
  ).data!.createJob;
  expect([normal1.priority, normal2.priority, high.priority]).toEqual(['NORMAL', 'NORMAL', 'HIGH']);

  // Org B's job, sent last, runs in the other slot while A's slow job still holds its own.
  const b = (await s.gql(CREATE, { input: { endpoint: 'PARSE', document: text('org b') } }, s.keyB)).data!
    .createJob;
  await watchB.until((e) => e.id === b.id);
  const blockerNow = await s.gql(`query($id: ID!) { job(id: $id) { status } }`, { id: blockerId });
  expect(blockerNow.data!.job.status).toBe('IN_PROGRESS');
  // Nothing of A's queue started meanwhile: its slot is the blocker's.
  for (const id of [normal1.id, normal2.id, high.id]) {
    const j = await s.gql(`query($id: ID!) { job(id: $id) { status } }`, { id });
    expect(j.data!.job.status).toBe('QUEUED');
  }

  // Free A's slot: the HIGH job goes first, then the NORMAL ones in their order.
  await s.gql(`mutation($id: ID!) { cancelJob(id: $id) { status } }`, { id: blockerId });
  const queued = new Set([normal1.id, normal2.id, high.id]);
  for (;;) {
    const e = await watchA.until((ev) => queued.has(ev.id) && !started.includes(ev.id));
    started.push(e.id);
    if (started.length === 3) break;
  }
  expect(started[0]).toBe(high.id);
  expect(started.slice(1)).toEqual([normal1.id, normal2.id]);
});
