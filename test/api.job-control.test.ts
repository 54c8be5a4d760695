// Job control through the front door (issue 14): retryJob with attempt history, createJobs
// with a refused item, cancelJobs of a running batch, error category and stage, usage after
// retention, and the bad input of each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../src/db/client.ts';
import { expireDueJobs } from '../src/jobs/retention.ts';
import { dataUrl, makePdf, makeSlowPdf } from '../testkit/fixtures.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
});

const text = (body: string) => ({ url: dataUrl(Buffer.from(body), 'text/plain') });
/** Bytes that claim to be a PDF and are not: the job fails with a DOCUMENT error. */
const brokenPdf = { url: dataUrl(Buffer.from('%PDF-1.7\nthis is not a pdf at all\n%%EOF')) };

const ATTEMPT = 'attemptHistory { attempt startedAt endedAt outcome error { code category stage } }';

/** Waits for the job's terminal state over jobUpdated; returns the events seen. */
async function finish(id: string, key?: string) {
  const sub = s.subscribe(
    `subscription($id: ID) { jobUpdated(id: $id) { status version attempts error { code category stage } } }`,
    { id },
    key,
  );
  await sub.done;
  return sub.events;
}

async function jobCount(key = s.keyA): Promise<number> {
  const res = await s.gql(`{ jobs { totalCount } }`, {}, key);
  return res.data!.jobs.totalCount;
}

describe('retryJob and attemptHistory', () => {
  it('a failed job retried runs again under its id: two attempts in the history, version continues', async () => {
    const created = await s.gql(
      `mutation($d: DocumentInput!) { createJob(input: { endpoint: PARSE, document: $d }) { id } }`,
      { d: brokenPdf },
    );
    const id = created.data!.createJob.id;
    const first = await finish(id);
    const failed = first.at(-1)!;
    expect(failed.status).toBe('FAILED');
    // A document the pipeline cannot read is the document's fault, and the error says where.
    expect(failed.error.category).toBe('DOCUMENT');
    expect(failed.error.stage).toMatch(/^(VALIDATION|OCR)$/);

    const retried = await s.gql(
      `mutation($id: ID!) { retryJob(id: $id) { id status version error { code } } }`,
      {
        id,
      },
    );
    expect(retried.errors).toBeUndefined();
    expect(retried.data!.retryJob).toEqual({
      id,
      status: 'QUEUED',
      version: failed.version + 1,
      error: null,
    });

    const second = await finish(id);
    const versions = second.map((e) => e.version);
    expect(versions[0]).toBeGreaterThanOrEqual(failed.version + 1);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(second.at(-1)).toMatchObject({ status: 'FAILED', attempts: 2 });

    const job = await s.gql(`query($id: ID!) { job(id: $id) { status attempts ${ATTEMPT} } }`, { id });
    const history = job.data!.job.attemptHistory;
    expect(history).toHaveLength(2);
    expect(history.map((a: { attempt: number }) => a.attempt)).toEqual([1, 2]);
    for (const a of history) {
      expect(a.outcome).toBe('FAILED');
      expect(a.error).toEqual(failed.error);
      expect(Date.parse(a.endedAt)).toBeGreaterThanOrEqual(Date.parse(a.startedAt));
    }
    expect(Date.parse(history[1].startedAt)).toBeGreaterThanOrEqual(Date.parse(history[0].endedAt));
  });

  // The retry OCRs every page again, beside another test file's OCR on two cores: give it time.
  it('a cancelled job retried completes; its history says CANCELLED then COMPLETED', async () => {
    const created = await s.gql(
      `mutation($url: String!) { createJob(input: { endpoint: PARSE, document: { url: $url }, options: { ocr: FORCE } }) { id } }`,
      { url: dataUrl(await makeSlowPdf(3)) },
    );
    const id = created.data!.createJob.id;
    const sub = s.subscribe(`subscription($id: ID) { jobUpdated(id: $id) { status stage } }`, { id });
    await sub.until((e) => e.status === 'IN_PROGRESS' && e.stage === 'OCR');
    await s.gql(`mutation($id: ID!) { cancelJob(id: $id) { status } }`, { id });
    await sub.done;
    const retried = await s.gql(`mutation($id: ID!) { retryJob(id: $id) { status } }`, { id });
    expect(retried.data!.retryJob.status).toBe('QUEUED');
    const events = await finish(id);
    expect(events.at(-1)!.status).toBe('COMPLETED');
    const job = await s.gql(`query($id: ID!) { job(id: $id) { ${ATTEMPT} response { statusCode } } }`, {
      id,
    });
    expect(job.data!.job.response.statusCode).toBe(200);
    expect(job.data!.job.attemptHistory.map((a: { outcome: string }) => a.outcome)).toEqual([
      'CANCELLED',
      'COMPLETED',
    ]);
    expect(job.data!.job.attemptHistory[1].error).toBeNull();
  }, 150_000);

  it('retrying a COMPLETED job is CONFLICT, an EXPIRED one CONFLICT saying why, an unknown id NOT_FOUND', async () => {
    const created = await s.gql(
      `mutation($d: DocumentInput!) { createJob(input: { endpoint: PARSE, document: $d }) { id } }`,
      { d: text('retry me not') },
    );
    const id = created.data!.createJob.id;
    const events = await finish(id);
    expect(events.at(-1)!.status).toBe('COMPLETED');
    const completed = await s.gql(`mutation($id: ID!) { retryJob(id: $id) { status } }`, { id });
    expect(completed.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(completed.errors?.[0]?.message).toMatch(/COMPLETED.*only FAILED or CANCELLED/);

    const { db, sql } = connect(s.databaseUrl, { max: 1 });
    await expireDueJobs(db, new Date(Date.now() + 400 * 86_400_000));
    await sql.end();
    const expired = await s.gql(`mutation($id: ID!) { retryJob(id: $id) { status } }`, { id });
    expect(expired.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(expired.errors?.[0]?.message).toMatch(/EXPIRED.*deleted.*cannot run again/);

    const missing = await s.gql(`mutation { retryJob(id: "job_doesnotexist") { status } }`);
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // Another organization's job is not found either.
    const foreign = await s.gql(`mutation($id: ID!) { retryJob(id: $id) { status } }`, { id }, s.keyB);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('createJobs', () => {
  const CREATE_JOBS = `mutation($inputs: [CreateJobInput!]!) {
    createJobs(inputs: $inputs) { jobs { id status metadata } errors { index code message } } }`;

  it('creates the accepted items, refuses the bad one alone, and keeps idempotency per item', async () => {
    const before = await jobCount();
    const inputs = [
      { endpoint: 'PARSE', document: text('batch one'), metadata: { batch: 'b1' } },
      { endpoint: 'PARSE', document: { documentId: 'document_doesnotexist' }, metadata: { batch: 'b1' } },
      {
        endpoint: 'PARSE',
        document: text('batch three'),
        metadata: { batch: 'b1' },
        idempotencyKey: 'b1-three',
      },
      {
        endpoint: 'PARSE',
        document: text('batch three'),
        metadata: { batch: 'b1' },
        idempotencyKey: 'b1-three',
      },
      {
        endpoint: 'PARSE',
        document: text('other body'),
        metadata: { batch: 'b1' },
        idempotencyKey: 'b1-three',
      },
      { endpoint: 'PARSE', document: text('bad options'), options: { jsonSchema: { type: 'object' } } },
    ];
    const res = await s.gql(CREATE_JOBS, { inputs });
    expect(res.errors).toBeUndefined();
    const { jobs, errors } = res.data!.createJobs;
    expect(jobs).toHaveLength(6);
    expect(jobs[0]).toMatchObject({ status: 'QUEUED', metadata: { batch: 'b1' } });
    expect(jobs[1]).toBeNull();
    expect(jobs[2]).toMatchObject({ status: 'QUEUED' });
    // The same key with the same request is the same job; with another request, CONFLICT.
    expect(jobs[3].id).toBe(jobs[2].id);
    expect(jobs[4]).toBeNull();
    expect(jobs[5]).toBeNull();
    expect(errors.map((e: { index: number; code: string }) => [e.index, e.code])).toEqual([
      [1, 'NOT_FOUND'],
      [4, 'CONFLICT'],
      [5, 'BAD_USER_INPUT'],
    ]);
    expect(errors[0].message).toMatch(/document_doesnotexist/);
    expect(await jobCount()).toBe(before + 2);
    for (const id of [jobs[0].id, jobs[2].id]) expect((await finish(id)).at(-1)!.status).toBe('COMPLETED');

    // Sent again, the keyed item is replayed, not created twice.
    const again = await s.gql(CREATE_JOBS, { inputs: [inputs[2]] });
    expect(again.data!.createJobs.jobs[0].id).toBe(jobs[2].id);
    expect(await jobCount()).toBe(before + 2);
  });

  it('refuses more than 100 inputs with the field named, creating nothing', async () => {
    const before = await jobCount();
    const inputs = Array.from({ length: 101 }, (_, i) => ({ endpoint: 'PARSE', document: text(`n${i}`) }));
    const res = await s.gql(CREATE_JOBS, { inputs });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.field).toBe('inputs');
    expect(res.errors?.[0]?.message).toMatch(/at most 100/);
    expect(await jobCount()).toBe(before);
  });

  it('an unknown priority and a timeoutSeconds out of range are BAD_USER_INPUT naming the field', async () => {
    const badPriority = await s.gql(CREATE_JOBS, {
      inputs: [{ endpoint: 'PARSE', document: text('p'), priority: 'URGENT' }],
    });
    expect(badPriority.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(badPriority.errors?.[0]?.message).toMatch(/inputs\[0\]\.priority/);
    const res = await s.gql(CREATE_JOBS, {
      inputs: [
        { endpoint: 'PARSE', document: text('t0'), options: { timeoutSeconds: 0 } },
        { endpoint: 'PARSE', document: text('t1'), options: { timeoutSeconds: 1_000_000 } },
        { endpoint: 'PARSE', document: text('t2'), options: { timeoutSeconds: 30 }, priority: 'HIGH' },
      ],
    });
    const { jobs, errors } = res.data!.createJobs;
    expect(errors.map((e: { index: number }) => e.index)).toEqual([0, 1]);
    for (const e of errors) {
      expect(e.code).toBe('BAD_USER_INPUT');
      expect(e.message).toMatch(/options\.timeoutSeconds must be a whole number from 1 to \d+/);
    }
    expect(jobs[2]).toMatchObject({ status: 'QUEUED' });
    const job = await s.gql(`query($id: ID!) { job(id: $id) { priority } }`, { id: jobs[2].id });
    expect(job.data!.job.priority).toBe('HIGH');
  });
});

describe('cancelJobs', () => {
  const CANCEL = `mutation($ids: [ID!], $filter: JobFilter) { cancelJobs(ids: $ids, filter: $filter) { cancelled alreadyFinished } }`;

  it('cancels a running batch by filter: queued ones never start, the running one stops; counts say so', async () => {
    const slow = dataUrl(await makeSlowPdf(20));
    const inputs = Array.from({ length: 4 }, () => ({
      endpoint: 'PARSE',
      document: { url: slow },
      options: { ocr: 'FORCE' },
      metadata: { run: 'bulk-cancel' },
    }));
    const created = await s.gql(
      `mutation($inputs: [CreateJobInput!]!) { createJobs(inputs: $inputs) { jobs { id } errors { index } } }`,
      { inputs },
    );
    const ids: string[] = created.data!.createJobs.jobs.map((j: { id: string }) => j.id);
    const sub = s.subscribe(
      `subscription { jobUpdated(filter: { metadata: { run: "bulk-cancel" } }) { id status stage } }`,
    );
    // Wait until one of them is mid-OCR (the job order in the queue is theirs to choose).
    const byId = new Map<string, ReturnType<TestServer['subscribe']>>();
    for (const id of ids)
      byId.set(id, s.subscribe(`subscription($id: ID) { jobUpdated(id: $id) { status stage } }`, { id }));
    await Promise.race(
      [...byId.values()].map((w) => w.until((e) => e.status === 'IN_PROGRESS' && e.stage === 'OCR')),
    );

    const res = await s.gql(CANCEL, { filter: { metadata: { run: 'bulk-cancel' } } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.cancelJobs).toEqual({ cancelled: 4, alreadyFinished: 0 });
    await Promise.all([...byId.values()].map((w) => w.done));
    for (const [, w] of byId) {
      expect(w.events.at(-1)!.status).toBe('CANCELLED');
      expect(w.events.filter((e) => e.status === 'CANCELLED')).toHaveLength(1);
    }
    const again = await s.gql(CANCEL, { ids });
    expect(again.data!.cancelJobs).toEqual({ cancelled: 0, alreadyFinished: 4 });
    // Nothing ran on after the cancel: no job of the batch completed or restarted.
    const list = await s.gql(
      `{ jobs(first: 10, filter: { metadata: { run: "bulk-cancel" } }) { nodes { status response { statusCode } } } }`,
    );
    expect(list.data!.jobs.nodes).toHaveLength(4);
    for (const n of list.data!.jobs.nodes) expect(n).toEqual({ status: 'CANCELLED', response: null });
    sub.stop();
  });

  it('takes exactly one of ids or filter and at most 10,000 ids, saying which field is wrong', async () => {
    const both = await s.gql(CANCEL, { ids: ['job_x'], filter: { status: ['QUEUED'] } });
    expect(both.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(both.errors?.[0]?.message).toMatch(/exactly one of ids or filter/);
    const neither = await s.gql(CANCEL, {});
    expect(neither.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const many = await s.gql(CANCEL, { ids: Array.from({ length: 10_001 }, (_, i) => `job_${i}`) });
    expect(many.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(many.errors?.[0]?.extensions?.field).toBe('ids');
    expect(many.errors?.[0]?.message).toMatch(/at most 10000/);
    // Another organization's ids are in neither count and stay as they were.
    const mine = await s.gql(
      `mutation($d: DocumentInput!) { createJob(input: { endpoint: PARSE, document: $d }) { id } }`,
      { d: text('not yours') },
    );
    const foreign = await s.gql(CANCEL, { ids: [mine.data!.createJob.id] }, s.keyB);
    expect(foreign.data!.cancelJobs).toEqual({ cancelled: 0, alreadyFinished: 0 });
    expect((await finish(mine.data!.createJob.id)).at(-1)!.status).toBe('COMPLETED');
  });
});

describe('usage', () => {
  it('counts jobs and pages as they finish, by endpoint and day, and keeps them past retention', async () => {
    const usage = `query($from: DateTime, $to: DateTime) { usage(from: $from, to: $to) {
      jobs pages byEndpoint { endpoint jobs pages } byDay { day jobs pages } } }`;
    const before = (await s.gql(usage, {}, s.keyB)).data!.usage;
    const otherBefore = (await s.gql(usage, {})).data!.usage;
    const pdf = dataUrl(await makePdf(['one', 'two', 'three']));
    const created = await s.gql(
      `mutation($url: String!) { createJob(input: { endpoint: PARSE, document: { url: $url } }) { id } }`,
      { url: pdf },
      s.keyB,
    );
    expect((await finish(created.data!.createJob.id, s.keyB)).at(-1)!.status).toBe('COMPLETED');
    const after = (await s.gql(usage, {}, s.keyB)).data!.usage;
    expect(after.jobs).toBe(before.jobs + 1);
    expect(after.pages).toBe(before.pages + 3);
    const today = new Date().toISOString().slice(0, 10);
    expect(after.byDay.at(-1)).toMatchObject({ day: today });
    expect(
      after.byEndpoint.find((e: { endpoint: string }) => e.endpoint === 'PARSE').pages,
    ).toBeGreaterThanOrEqual(3);

    const { db, sql } = connect(s.databaseUrl, { max: 1 });
    expect(await expireDueJobs(db, new Date(Date.now() + 400 * 86_400_000))).toBeGreaterThan(0);
    await sql.end();
    const job = await s.gql(
      `query($id: ID!) { job(id: $id) { status } }`,
      { id: created.data!.createJob.id },
      s.keyB,
    );
    expect(job.data!.job.status).toBe('EXPIRED');
    expect((await s.gql(usage, {}, s.keyB)).data!.usage).toEqual(after);
    // A range before today holds none of it.
    const past = await s.gql(usage, { from: '2020-01-01T00:00:00Z', to: '2020-01-31T00:00:00Z' }, s.keyB);
    expect(past.data!.usage).toEqual({ jobs: 0, pages: 0, byEndpoint: [], byDay: [] });
    // The other organization's usage holds none of it.
    expect((await s.gql(usage, {})).data!.usage).toEqual(otherBefore);
  });

  it('refuses a range whose from is after its to, or longer than 366 days', async () => {
    const q = `query($from: DateTime, $to: DateTime) { usage(from: $from, to: $to) { jobs } }`;
    const reversed = await s.gql(q, { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' });
    expect(reversed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const long = await s.gql(q, { from: '2020-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' });
    expect(long.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(long.errors?.[0]?.message).toMatch(/366 days/);
  });
});

describe('timeoutSeconds', () => {
  it('a job past its own timeoutSeconds FAILS with timeout, category TIMEOUT', async () => {
    const created = await s.gql(
      `mutation($url: String!) { createJob(input: { endpoint: PARSE, document: { url: $url }, options: { ocr: FORCE, timeoutSeconds: 1 } }) { id request } }`,
      { url: dataUrl(await makeSlowPdf(30)) },
    );
    expect(created.data!.createJob.request.options.timeoutSeconds).toBe(1);
    const events = await finish(created.data!.createJob.id);
    expect(events.at(-1)).toMatchObject({
      status: 'FAILED',
      error: { code: 'timeout', category: 'TIMEOUT' },
    });
  });
});
