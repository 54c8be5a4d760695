// The job lifecycle through the front door: upload, create, watch, list, read.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../src/db/client.ts';
import { dataUrl, makePdf } from '../testkit/fixtures.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

const JOB_FIELDS = `id endpoint status stage progress version attempts metadata createdAt expiresAt
  document { id filename mimeType sizeBytes sha256 pageCount }
  response { statusCode body } error { code message }
  qualityScore qualityGrade piiFindingsCount privacyApplied processingSummary`;

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
});

async function waitTerminal(id: string) {
  const sub = s.subscribe(`subscription($id: ID) { jobUpdated(id: $id) { ${JOB_FIELDS} } }`, { id });
  await sub.done;
  return sub;
}

describe('uploadDocument', () => {
  it('takes a multipart PDF, answers QUEUED at once and completes with per-page text', async () => {
    const pdf = await makePdf(['Hello Docket\nfirst page', 'Second page text']);
    const res = await s.upload(
      `mutation($file: File!) { uploadDocument(file: $file, endpoint: PARSE, metadata: {team: "qa"}) { ${JOB_FIELDS} } }`,
      {},
      { bytes: pdf, name: 'hello.pdf', type: 'application/pdf' },
    );
    expect(res.errors).toBeUndefined();
    const job = res.data!.uploadDocument;
    expect(job.id).toMatch(/^job_/);
    expect(job.status).toBe('QUEUED');
    expect(job.version).toBe(1);
    expect(job.metadata).toEqual({ team: 'qa' });
    expect(job.document.mimeType).toBe('application/pdf');
    expect(job.document.filename).toBe('hello.pdf');
    expect(job.document.sizeBytes).toBe(pdf.length);

    const sub = await waitTerminal(job.id);
    const versions = sub.events.map((e) => e.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    const last = sub.events.at(-1)!;
    expect(last.status).toBe('COMPLETED');
    expect(sub.events.some((e) => e.status === 'IN_PROGRESS')).toBe(true);
    const progress = sub.events.map((e) => e.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    const body = last.response.body;
    expect(body.pageCount).toBe(2);
    expect(body.pages).toHaveLength(2);
    expect(body.pages[0].text).toContain('Hello Docket');
    expect(body.pages[1].text).toContain('Second page');
    expect(body.pages[0].ocr).toBe(false);
    expect(last.document.pageCount).toBe(2);
    expect(typeof last.qualityScore).toBe('number');
    expect(['A', 'B', 'C', 'D']).toContain(last.qualityGrade);
    expect(last.processingSummary).toBeTruthy();
    expect(last.attempts).toBe(1);
    // The job's end completed its queue task in the same statement: the task is completed, not
    // left active for pg-boss to expire and run again.
    const admin = connect(s.databaseUrl, { max: 1 });
    try {
      const tasks = await admin.sql<{ state: string; done: boolean }[]>`
        select state::text, completed_on is not null as done from pgboss.job where data->>'jobId' = ${job.id}`;
      expect(tasks).toEqual([{ state: 'completed', done: true }]);
    } finally {
      await admin.sql.end();
    }
  });

  it("takes a phone's HEIC photo (application/octet-stream, as many clients send it) and reads it", async () => {
    const heic = readFileSync(new URL('fixtures/images/remit.heic', import.meta.url));
    const res = await s.upload(
      `mutation($file: File!) { uploadDocument(file: $file, endpoint: PARSE) { ${JOB_FIELDS} } }`,
      {},
      { bytes: heic, name: 'IMG_0042.HEIC', type: 'application/octet-stream' },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.uploadDocument.document.mimeType).toBe('image/heic');
    const last = (await waitTerminal(res.data!.uploadDocument.id)).events.at(-1)!;
    expect(last.status).toBe('COMPLETED');
    expect(last.response.body.text.replace(/\s+/g, ' ').trim()).toBe(
      'Please remit payment within thirty days of the invoice date.',
    );
    expect(last.response.body.pages[0].ocr).toBe(true);
  });
});

describe('createJob', () => {
  it('accepts a data: URL and a documentId uploaded before', async () => {
    const pdf = await makePdf(['Reuse me']);
    const first = await s.gql(
      `mutation($url: String!) { createJob(input: { endpoint: PARSE, document: { url: $url, filename: "a.pdf" } }) { id document { id filename } } }`,
      { url: dataUrl(pdf) },
    );
    expect(first.errors).toBeUndefined();
    const docId = first.data!.createJob.document.id;
    expect(first.data!.createJob.document.filename).toBe('a.pdf');
    const second = await s.gql(
      `mutation($id: ID!) { createJob(input: { endpoint: PARSE, document: { documentId: $id } }) { id status document { id } } }`,
      { id: docId },
    );
    expect(second.errors).toBeUndefined();
    expect(second.data!.createJob.document.id).toBe(docId);
    const sub = await waitTerminal(second.data!.createJob.id);
    expect(sub.events.at(-1)!.response.body.text).toContain('Reuse me');
  });

  it('plain text and Markdown are parsed too', async () => {
    const md = Buffer.from('# Title\n\nSome *markdown* text.\n\n- one\n- two\n');
    const res = await s.gql(
      `mutation($url: String!) { createJob(input: { endpoint: PARSE, document: { url: $url } }) { id } }`,
      { url: dataUrl(md, 'text/markdown') },
    );
    const sub = await waitTerminal(res.data!.createJob.id);
    const last = sub.events.at(-1)!;
    expect(last.status).toBe('COMPLETED');
    expect(last.response.body.text).toContain('Some markdown text');
  });

  it('returns the same job for the same idempotency key and creates nothing new', async () => {
    const url = dataUrl(await makePdf(['Once']));
    const q = `mutation($url: String!) { createJob(input: { endpoint: PARSE, document: { url: $url }, idempotencyKey: "k-1" }) { id } }`;
    const results = await Promise.all(Array.from({ length: 8 }, () => s.gql(q, { url })));
    const ids = new Set(results.map((r) => r.data?.createJob.id));
    expect(ids.size).toBe(1);
    // The requests that lost the key left nothing behind: one document, one queue entry.
    const admin = connect(s.databaseUrl, { max: 1 });
    try {
      const [row] = await admin.sql<{ docs: number; tasks: number }[]>`
        select (select count(*)::int from documents d join jobs j on j.organization_id = d.organization_id
            and j.idempotency_key = 'k-1' where d.sha256 = (select sha256 from documents where id = j.document_id)) as docs,
          (select count(*)::int from pgboss.job where data->>'jobId' = ${[...ids][0] as string}) as tasks`;
      expect(row).toEqual({ docs: 1, tasks: 1 });
    } finally {
      await admin.sql.end();
    }
    const count = await s.gql(`{ jobs(filter: { metadata: {} }) { totalCount } }`);
    const before = count.data!.jobs.totalCount;
    await s.gql(q, { url });
    const after = await s.gql(`{ jobs { totalCount } }`);
    expect(after.data!.jobs.totalCount).toBe(before);
    const other = await s.gql(
      `mutation($url: String!) { createJob(input: { endpoint: PARSE, document: { url: $url }, idempotencyKey: "k-1", metadata: {x: "y"} }) { id } }`,
      { url },
    );
    expect(other.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });
});

describe('reading', () => {
  it('job, node and document answer for the caller’s own ids', async () => {
    const created = await s.gql(
      `mutation($url: String!) { createJob(input: { endpoint: PARSE, document: { url: $url } }) { id document { id } } }`,
      { url: dataUrl(await makePdf(['node test'])) },
    );
    const { id, document } = created.data!.createJob;
    const res = await s.gql(
      `query($id: ID!, $doc: ID!) { job(id: $id) { id } node(id: $id) { __typename id } doc: node(id: $doc) { __typename ... on Document { filename } } document(id: $doc) { id sha256 } }`,
      { id, doc: document.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.job.id).toBe(id);
    expect(res.data!.node).toEqual({ __typename: 'Job', id });
    expect(res.data!.doc.__typename).toBe('Document');
    expect(res.data!.document.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
