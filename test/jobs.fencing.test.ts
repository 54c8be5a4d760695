// Zombie attempts: once a retry has started attempt 2 elsewhere, the run of attempt 1 (its
// worker stalled past the heartbeat, say) can write no status, event or result.

import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect } from '../src/db/client.ts';
import { transition } from '../src/jobs/lifecycle.ts';
import { startBoss } from '../src/jobs/queue.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

let api: TestServer;
let admin: ReturnType<typeof connect>;
let boss: PgBoss;
beforeAll(async () => {
  // No worker: the test plays both attempts itself, as run-job.ts does.
  api = await startTestServer({ role: 'api' });
  admin = connect(api.databaseUrl, { max: 2 });
  // Terminal transitions queue webhook deliveries with it.
  boss = await startBoss({
    url: api.databaseUrl,
    heartbeatSeconds: 10,
    jobTimeoutSeconds: 60,
    supervise: false,
  });
});
afterAll(async () => {
  await boss?.stop({ graceful: false, close: true });
  await admin?.sql.end({ timeout: 1 });
  await api?.close();
});

it('a run fenced out by a later attempt writes nothing', async () => {
  const res = await api.gql(
    `mutation($url: String!) { createJob(input: { endpoint: PARSE, document: { url: $url } }) { id } }`,
    { url: `data:text/plain;base64,${Buffer.from('fenced').toString('base64')}` },
  );
  const id = res.data!.createJob.id as string;
  const { db, sql } = admin;
  const first = await transition(db, id, 'IN_PROGRESS', { stage: 'VALIDATION' }, { startsAttempt: 1 });
  expect(first?.attempts).toBe(1);
  const second = await transition(db, id, 'IN_PROGRESS', { stage: 'VALIDATION' }, { startsAttempt: 2 });
  expect(second?.attempts).toBe(2);
  // Attempt 1 cannot start over either.
  expect(await transition(db, id, 'IN_PROGRESS', { stage: 'VALIDATION' }, { startsAttempt: 1 })).toBeNull();
  const before = await sql`select version, progress, stage from jobs where id = ${id}`;
  const eventsBefore = await sql`select count(*)::int as n from job_events where job_id = ${id}`;

  const zombie = [
    await transition(db, id, 'IN_PROGRESS', { stage: 'EXTRACTION', progress: 0.9 }, { attempt: 1 }),
    await transition(
      db,
      id,
      'COMPLETED',
      {
        stage: null,
        progress: 1,
        response: { statusCode: 200, body: { zombie: true } },
        completedAt: new Date(),
      },
      { attempt: 1, boss },
    ),
    await transition(db, id, 'FAILED', { stage: null, completedAt: new Date() }, { attempt: 1, boss }),
  ];
  expect(zombie).toEqual([null, null, null]);
  expect(await sql`select version, progress, stage from jobs where id = ${id}`).toEqual(before);
  expect(await sql`select count(*)::int as n from job_events where job_id = ${id}`).toEqual(eventsBefore);

  const done = await transition(
    db,
    id,
    'COMPLETED',
    {
      stage: null,
      progress: 1,
      response: { statusCode: 200, body: { attempt: 2 } },
      completedAt: new Date(),
    },
    { attempt: 2, boss },
  );
  expect(done?.status).toBe('COMPLETED');
  const seen = await api.gql(`query($id: ID!) { job(id: $id) { status attempts } }`, { id });
  expect(seen.data?.job).toEqual({ status: 'COMPLETED', attempts: 2 });
});
