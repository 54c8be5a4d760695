// Cancelling a running job: it stops at its next checkpoint and is CANCELLED within 5 s,
// with no event or result after that.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dataUrl, makeSlowPdf } from '../testkit/fixtures.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
});

it('an IN_PROGRESS job is cancelled within 5 s and nothing is written after', async () => {
  const res = await s.gql(
    `mutation($url: String!) { createJob(input: { endpoint: PARSE, document: { url: $url }, options: { ocr: FORCE } }) { id } }`,
    { url: dataUrl(await makeSlowPdf()) },
  );
  const id = res.data!.createJob.id;
  const sub = s.subscribe(
    `subscription($id: ID) { jobUpdated(id: $id) { status stage progress version response { statusCode } } }`,
    { id },
  );
  await sub.until((e) => e.status === 'IN_PROGRESS' && e.stage === 'OCR' && e.progress > 0);
  const asked = Date.now();
  const cancel = await s.gql(`mutation($id: ID!) { cancelJob(id: $id) { status } }`, { id });
  expect(cancel.data!.cancelJob.status).toBe('CANCELLED');
  await sub.done;
  expect(Date.now() - asked).toBeLessThan(5000);
  const last = sub.events.at(-1)!;
  expect(last.status).toBe('CANCELLED');
  expect(sub.events.filter((e) => e.status === 'CANCELLED')).toHaveLength(1);
  // The run noticed and stopped: the job stays as the cancel left it.
  const after = await s.gql(`query($id: ID!) { job(id: $id) { status version response { statusCode } } }`, {
    id,
  });
  const completed = await s.gql(`mutation($id: ID!) { cancelJob(id: $id) { status version } }`, { id });
  expect(completed.data!.cancelJob).toEqual({ status: 'CANCELLED', version: last.version });
  expect(after.data!.job).toEqual({ status: 'CANCELLED', version: last.version, response: null });
});

it('cancelling a completed job is CONFLICT and changes nothing', async () => {
  const res = await s.gql(
    `mutation($url: String!) { createJob(input: { endpoint: PARSE, document: { url: $url } }) { id } }`,
    { url: dataUrl(Buffer.from('short text'), 'text/plain') },
  );
  const id = res.data!.createJob.id;
  const sub = s.subscribe(`subscription($id: ID) { jobUpdated(id: $id) { status version } }`, { id });
  await sub.done;
  expect(sub.events.at(-1)!.status).toBe('COMPLETED');
  const cancel = await s.gql(`mutation($id: ID!) { cancelJob(id: $id) { status } }`, { id });
  expect(cancel.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  expect(cancel.errors?.[0]?.message).toMatch(/COMPLETED/);
  const job = await s.gql(`query($id: ID!) { job(id: $id) { status version } }`, { id });
  expect(job.data!.job).toEqual({ status: 'COMPLETED', version: sub.events.at(-1)!.version });
});
