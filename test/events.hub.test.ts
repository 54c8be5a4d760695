// The event hub against a real database: a job version this process wrote and offered before
// its commit reaches the subscribers as offered (no read back); anything else is read back.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect } from '../src/db/client.ts';
import { JobEventHub } from '../src/events/hub.ts';
import type { JobSnapshot } from '../src/events/snapshots.ts';
import { transition } from '../src/jobs/lifecycle.ts';
import { dataUrl } from '../testkit/fixtures.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

let api: TestServer;
let own: ReturnType<typeof connect>;
let hub: JobEventHub;
beforeAll(async () => {
  api = await startTestServer({ role: 'api' }); // no worker: the jobs stay QUEUED for the test to move
  own = connect(api.databaseUrl, { max: 4 });
  hub = new JobEventHub(own.db, own.sql, api.databaseUrl);
  await hub.start();
});
afterAll(async () => {
  await hub?.stop();
  await own?.sql.end({ timeout: 1 });
  await api?.close();
});

async function queuedJob(): Promise<{ id: string; organizationId: string }> {
  const res = await api.gql(
    `mutation($url: String!) { createJob(input: { endpoint: PARSE, document: { url: $url } }) { id } }`,
    {
      url: dataUrl(new TextEncoder().encode('hello'), 'text/plain'),
    },
  );
  const id = res.data!.createJob.id as string;
  const [row] = await own.sql<
    { organization_id: string }[]
  >`select organization_id from jobs where id = ${id}`;
  return { id, organizationId: row!.organization_id };
}

function nextEvent(organizationId: string): Promise<JobSnapshot> {
  return new Promise((resolve) => {
    const off = hub.subscribe(organizationId, (job) => {
      off();
      resolve(job);
    });
  });
}

it('delivers the version offered before its commit as offered, with its seq', async () => {
  const job = await queuedJob();
  const event = nextEvent(job.organizationId);
  const moved = await own.db.transaction(async (tx) => {
    const row = await transition(tx, job.id, 'IN_PROGRESS', { stage: 'VALIDATION' }, { startsAttempt: 1 });
    // A mark the database does not hold: seen by the subscriber only if the offer was used.
    hub.offer({ ...row!, warnings: [{ code: 'offered', message: 'from the writer', page: null }] as never });
    return row!;
  });
  const got = await event;
  expect(got).toMatchObject({
    id: job.id,
    version: moved.version,
    status: 'IN_PROGRESS',
    seq: moved.eventSeq,
  });
  expect(got.warnings).toEqual([{ code: 'offered', message: 'from the writer', page: null }]);
  const [stored] = await own.sql<
    { seq: number }[]
  >`select seq::int from job_events where job_id = ${job.id} and version = ${moved.version}`;
  expect(stored!.seq).toBe(moved.eventSeq);
});

it('reads back a version whose offer does not match what was committed', async () => {
  const job = await queuedJob();
  const event = nextEvent(job.organizationId);
  await own.db.transaction(async (tx) => {
    const row = await transition(tx, job.id, 'IN_PROGRESS', { stage: 'VALIDATION' }, { startsAttempt: 1 });
    // As if a write that rolled back had offered another status for this version.
    hub.offer({
      ...row!,
      status: 'COMPLETED',
      warnings: [{ code: 'offered', message: 'stale', page: null }] as never,
    });
  });
  const got = await event;
  expect(got).toMatchObject({ id: job.id, status: 'IN_PROGRESS' });
  expect(got.warnings).toEqual([]);
});
