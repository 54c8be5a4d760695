// Cancelling a running job: it stops at its next checkpoint and is CANCELLED within 5 s,
// with no event or result after that.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect } from '../src/db/client.ts';
import { eventPayload, JOB_EVENTS_CHANNEL } from '../src/jobs/lifecycle.ts';
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

it('a running job takes a late QUEUED event of its own for what it is, not for a cancel', async () => {
  const res = await s.gql(
    `mutation($url: String!) { createJob(input: { endpoint: PARSE, document: { url: $url }, options: { ocr: FORCE } }) { id } }`,
    { url: dataUrl(await makeSlowPdf(2)) },
  );
  const id = res.data!.createJob.id;
  const sub = s.subscribe(`subscription($id: ID) { jobUpdated(id: $id) { status stage progress version } }`, {
    id,
  });
  await sub.until((e) => e.status === 'IN_PROGRESS' && e.progress > 0);
  // The job's first event, as it reaches a worker whose LISTEN is slower than its start.
  const admin = connect(s.databaseUrl, { max: 1 });
  const [row] = await admin.sql<
    { organization_id: string }[]
  >`select organization_id from jobs where id = ${id}`;
  await admin.sql`select pg_notify(${JOB_EVENTS_CHANNEL}, ${eventPayload({ jobId: id, organizationId: row!.organization_id, version: 1, status: 'QUEUED' })})`;
  await admin.sql.end({ timeout: 1 });
  await sub.done;
  expect(sub.events.at(-1)!.status).toBe('COMPLETED');
}, 60_000);
