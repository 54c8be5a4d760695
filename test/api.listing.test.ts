// Listing, filtering, paging, feedback, tenancy and retention through the front door.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../src/db/client.ts';
import { expireDueJobs } from '../src/jobs/retention.ts';
import { dataUrl } from '../testkit/fixtures.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

let s: TestServer;
const ids: string[] = [];
const create = `mutation($input: CreateJobInput!) { createJob(input: $input) { id } }`;
const doc = (text: string) => ({ url: dataUrl(Buffer.from(text), 'text/plain') });

beforeAll(async () => {
  // An api without workers: jobs stay QUEUED, so the list is exactly what we made.
  s = await startTestServer({ role: 'api' });
  for (let i = 0; i < 7; i++) {
    const res = await s.gql(create, {
      input: {
        endpoint: i % 2 ? 'PARSE' : 'PROCESS',
        document: doc(`doc ${i}`),
        metadata: { batch: 'b1', n: String(i) },
      },
    });
    ids.unshift(res.data!.createJob.id); // newest first
  }
  await s.gql(
    create,
    { input: { endpoint: 'PARSE', document: doc('other org'), metadata: { batch: 'b1' } } },
    s.keyB,
  );
});
afterAll(async () => {
  await s?.close();
});

const listQ = `query($first: Int, $after: String, $last: Int, $before: String, $offset: Int, $filter: JobFilter) {
  jobs(first: $first, after: $after, last: $last, before: $before, offset: $offset, filter: $filter) {
    totalCount nodes { id } edges { cursor node { id } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;

describe('jobs', () => {
  it('lists newest first with totalCount, only the caller’s jobs', async () => {
    const res = await s.gql(listQ, {});
    expect(res.data!.jobs.totalCount).toBe(7);
    expect(res.data!.jobs.nodes.map((n: { id: string }) => n.id)).toEqual(ids);
    const b = await s.gql(listQ, {}, s.keyB);
    expect(b.data!.jobs.totalCount).toBe(1);
    expect(ids).not.toContain(b.data!.jobs.nodes[0].id);
  });

  it('pages forward and backward with keyset cursors, stable while jobs are added', async () => {
    const p1 = (await s.gql(listQ, { first: 3 })).data!.jobs;
    expect(p1.nodes.map((n: { id: string }) => n.id)).toEqual(ids.slice(0, 3));
    expect(p1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    // A job added now lands before page 1 and does not shift page 2.
    await s.gql(create, { input: { endpoint: 'PARSE', document: doc('newcomer') } });
    const p2 = (await s.gql(listQ, { first: 3, after: p1.pageInfo.endCursor })).data!.jobs;
    expect(p2.nodes.map((n: { id: string }) => n.id)).toEqual(ids.slice(3, 6));
    expect(p2.pageInfo.hasPreviousPage).toBe(true);
    const p3 = (await s.gql(listQ, { first: 3, after: p2.pageInfo.endCursor })).data!.jobs;
    expect(p3.nodes.map((n: { id: string }) => n.id)).toEqual(ids.slice(6));
    expect(p3.pageInfo.hasNextPage).toBe(false);
    const back = (await s.gql(listQ, { last: 2, before: p2.pageInfo.startCursor })).data!.jobs;
    expect(back.nodes.map((n: { id: string }) => n.id)).toEqual(ids.slice(1, 3));
    expect(back.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const oldest = (await s.gql(listQ, { last: 2 })).data!.jobs;
    expect(oldest.nodes.map((n: { id: string }) => n.id)).toEqual(ids.slice(5));
  });

  it('offset serves page numbers', async () => {
    const res = (await s.gql(listQ, { first: 2, offset: 4, filter: { metadata: { batch: 'b1' } } })).data!
      .jobs;
    expect(res.nodes.map((n: { id: string }) => n.id)).toEqual(ids.slice(4, 6));
    expect(res.totalCount).toBe(7);
  });

  it('filters by status, endpoint, metadata containment and creation time', async () => {
    const byEndpoint = (await s.gql(listQ, { filter: { endpoint: ['PARSE'], metadata: { batch: 'b1' } } }))
      .data!.jobs;
    expect(byEndpoint.totalCount).toBe(3);
    const byMeta = (await s.gql(listQ, { filter: { metadata: { batch: 'b1', n: '4' } } })).data!.jobs;
    expect(byMeta.nodes.map((n: { id: string }) => n.id)).toEqual([ids[6 - 4]]);
    const byStatus = (await s.gql(listQ, { filter: { status: ['COMPLETED'] } })).data!.jobs;
    expect(byStatus.totalCount).toBe(0);
    const future = (
      await s.gql(listQ, { filter: { createdAfter: new Date(Date.now() + 60_000).toISOString() } })
    ).data!.jobs;
    expect(future.totalCount).toBe(0);
    const past = (
      await s.gql(listQ, {
        filter: { createdBefore: new Date(Date.now() + 60_000).toISOString(), metadata: { batch: 'b1' } },
      })
    ).data!.jobs;
    expect(past.totalCount).toBe(7);
  });
});

describe('tenancy', () => {
  it('another organization’s ids do not exist for the caller, by any route', async () => {
    const id = ids[0]!;
    const own = await s.gql(`query($id: ID!) { job(id: $id) { document { id } } }`, { id });
    const docId = own.data!.job.document.id;
    const q = `query($id: ID!, $doc: ID!) { job(id: $id) { id } node(id: $id) { id } document(id: $doc) { id } d: node(id: $doc) { id } }`;
    const foreign = await s.gql(q, { id, doc: docId }, s.keyB);
    expect(foreign.errors).toBeUndefined();
    expect(foreign.data).toEqual({ job: null, node: null, document: null, d: null });
    for (const m of [
      `mutation { cancelJob(id: "${id}") { id } }`,
      `mutation { submitFeedback(input: { jobId: "${id}", rating: POSITIVE }) { id } }`,
      `mutation { createJob(input: { endpoint: PARSE, document: { documentId: "${docId}" } }) { id } }`,
    ]) {
      const res = await s.gql(m, {}, s.keyB);
      expect(res.errors?.[0]?.extensions?.code, m).toBe('NOT_FOUND');
      expect(res.errors?.[0]?.message).not.toMatch(/org|tenant|select|sql/i);
    }
    const sub = s.subscribe(`subscription($id: ID) { jobUpdated(id: $id) { id } }`, { id }, s.keyB);
    await sub.done;
    expect(sub.events).toEqual([]);
    expect((sub.errors[0] as { extensions?: { code?: string } }).extensions?.code).toBe('NOT_FOUND');
    // A cursor from org A's list pages org B's own jobs, never A's.
    const cursor = (await s.gql(listQ, { first: 1 })).data!.jobs.pageInfo.endCursor;
    const bPage = (await s.gql(listQ, { first: 10, after: cursor }, s.keyB)).data!.jobs;
    for (const n of bPage.nodes) expect(ids).not.toContain(n.id);
  });
});

describe('feedback', () => {
  it('records ratings and issues and aggregates them per organization', async () => {
    const q = `mutation($input: SubmitFeedbackInput!) { submitFeedback(input: $input) { id rating issue comment } }`;
    const a = await s.gql(q, {
      input: { jobId: ids[0], rating: 'NEGATIVE', issue: 'wrong_fields', comment: 'total was off' },
    });
    expect(a.data!.submitFeedback).toMatchObject({ rating: 'NEGATIVE', issue: 'wrong_fields' });
    expect(a.data!.submitFeedback.id).toMatch(/^fb_/);
    await s.gql(q, { input: { jobId: ids[1], rating: 'NEGATIVE', issue: 'wrong_fields' } });
    await s.gql(q, { input: { jobId: ids[1], rating: 'POSITIVE' } });
    const summary = await s.gql(`{ feedbackSummary { positive negative byIssue { issue count } } }`);
    expect(summary.data!.feedbackSummary).toEqual({
      positive: 1,
      negative: 2,
      byIssue: [{ issue: 'wrong_fields', count: 2 }],
    });
    const other = await s.gql(
      `{ feedbackSummary { positive negative byIssue { issue count } } }`,
      {},
      s.keyB,
    );
    expect(other.data!.feedbackSummary).toEqual({ positive: 0, negative: 0, byIssue: [] });
    const job = await s.gql(`query($id: ID!) { job(id: $id) { feedback { rating issue } } }`, { id: ids[1] });
    expect(job.data!.job.feedback).toHaveLength(2);
    const node = await s.gql(`query($id: ID!) { node(id: $id) { __typename id } }`, {
      id: a.data!.submitFeedback.id,
    });
    expect(node.data!.node.__typename).toBe('Feedback');
  });
});

/** Filter subscriptions send nothing at first: make jobs until one shows up, then it is live. */
async function subscriptionLive(sub: ReturnType<TestServer['subscribe']>) {
  for (let i = 0; i < 50 && sub.events.length === 0; i++) {
    await s.gql(create, { input: { endpoint: 'PARSE', document: doc(`probe ${i}`) } });
    await Promise.race([sub.until(() => true), new Promise((r) => setTimeout(r, 100))]);
  }
  expect(sub.events.length).toBeGreaterThan(0);
}

describe('cancel and retention', () => {
  it('cancels a queued job; a cancelled job past expiresAt becomes EXPIRED with its data gone', async () => {
    const id = ids[2]!;
    const cancelled = await s.gql(`mutation($id: ID!) { cancelJob(id: $id) { status completedAt } }`, { id });
    expect(cancelled.data!.cancelJob.status).toBe('CANCELLED');
    const sub = s.subscribe(
      `subscription { jobUpdated(filter: { status: [EXPIRED, QUEUED] }) { id status request response { statusCode } } }`,
    );
    await subscriptionLive(sub);
    const { db, sql } = connect(s.databaseUrl, { max: 1 });
    const expired = await expireDueJobs(db, new Date(Date.now() + 8 * 86_400_000));
    await sql.end();
    expect(expired).toBe(1);
    const event = await sub.until((e) => e.id === id);
    expect(event).toMatchObject({ status: 'EXPIRED', request: null, response: null });
    const again = await s.gql(`mutation($id: ID!) { cancelJob(id: $id) { status } }`, { id });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const raw = postgres(s.databaseUrl, { max: 1, onnotice: () => {} });
    const [row] =
      await raw`select d.content is null as gone from jobs j join documents d on d.id = j.document_id where j.id = ${id}`;
    await raw.end();
    expect(row!.gone).toBe(true);
  });
});

describe('http routes', () => {
  it('healthz and readyz answer; GraphiQL is served to browsers', async () => {
    const base = s.url.replace('/graphql', '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    const page = await fetch(s.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('GraphiQL');
    // Served whole: a machine without internet still gets a working GraphiQL.
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)="?https?:\/\//);
  });
});
