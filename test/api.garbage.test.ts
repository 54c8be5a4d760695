// Every input a client controls, with garbage in it: a typed error, nothing written,
// neighbours unharmed.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataUrl, makePdf } from '../testkit/fixtures.ts';
import { postMultipart, startTestServer, type TestServer } from './helpers/server.ts';

let s: TestServer;
let sql: postgres.Sql;
beforeAll(async () => {
  s = await startTestServer({ env: { MAX_UPLOAD_BYTES: String(200_000) } });
  sql = postgres(s.databaseUrl, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await sql?.end();
  await s?.close();
});

async function rowCounts() {
  const [row] =
    await sql`select (select count(*) from jobs)::int as jobs, (select count(*) from documents)::int as documents,
    (select count(*) from pgboss.job where name = 'docket-run')::int as tasks`;
  return row;
}

const create = `mutation($input: CreateJobInput!) { createJob(input: $input) { id } }`;
const code = (r: { errors?: { extensions?: { code?: string } }[] }) => r.errors?.[0]?.extensions?.code;

describe('garbage in', () => {
  let pdfUrl: string;
  beforeAll(async () => {
    pdfUrl = dataUrl(await makePdf(['garbage neighbours']));
  });

  const cases: [string, () => Record<string, unknown>, string, RegExp][] = [
    [
      '17 metadata pairs',
      () => ({ metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])) }),
      'BAD_USER_INPUT',
      /17 pairs; at most 16/,
    ],
    [
      'a 65-character metadata key',
      () => ({ metadata: { ['k'.repeat(65)]: 'v' } }),
      'BAD_USER_INPUT',
      /1 to 64 characters/,
    ],
    [
      'a 513-character metadata value',
      () => ({ metadata: { k: 'v'.repeat(513) } }),
      'BAD_USER_INPUT',
      /513 characters; at most 512/,
    ],
    ['a number as metadata value', () => ({ metadata: { k: 5 } }), 'BAD_USER_INPUT', /only strings/],
    ['metadata that is an array', () => ({ metadata: ['a'] }), 'BAD_USER_INPUT', /must be an object/],
    [
      'two document sources',
      () => ({ document: { url: pdfUrl, documentId: 'doc_xxxxxxxxxxxxxxxxxxxx' } }),
      'BAD_USER_INPUT',
      /exactly one/,
    ],
    ['no document source', () => ({ document: {} }), 'BAD_USER_INPUT', /exactly one/],
    [
      'an unknown documentId',
      () => ({ document: { documentId: 'doc_AAAAAAAAAAAAAAAAAAAA' } }),
      'NOT_FOUND',
      /not found/,
    ],
    [
      'a malformed documentId',
      () => ({ document: { documentId: "'; drop table jobs; --" } }),
      'NOT_FOUND',
      /not found/,
    ],
    [
      'a file: URL',
      () => ({ document: { url: 'file:///etc/passwd' } }),
      'BAD_USER_INPUT',
      /scheme file: is not allowed/,
    ],
    [
      'a URL that is not one',
      () => ({ document: { url: 'not a url' } }),
      'BAD_USER_INPUT',
      /data: URL or an http/,
    ],
    [
      'a loopback URL',
      () => ({ document: { url: 'http://127.0.0.1:1/x.pdf' } }),
      'BAD_USER_INPUT',
      /private address/,
    ],
    [
      'a metadata-service URL',
      () => ({ document: { url: 'http://169.254.169.254/latest' } }),
      'BAD_USER_INPUT',
      /private address/,
    ],
    [
      'bad base64 in a data: URL',
      () => ({ document: { url: 'data:application/pdf;base64,@@@@' } }),
      'BAD_USER_INPUT',
      /not valid base64/,
    ],
    [
      'a data: URL over the size limit',
      () => ({ document: { url: `data:application/pdf;base64,${'A'.repeat(400_000)}` } }),
      'PAYLOAD_TOO_LARGE',
      /larger than/,
    ],
    ['EXTRACT without a schema', () => ({ endpoint: 'EXTRACT' }), 'BAD_USER_INPUT', /jsonSchema/],
    [
      'EXTRACT with a schema that does not compile',
      () => ({ endpoint: 'EXTRACT', options: { jsonSchema: { type: 'nonsense' } } }),
      'BAD_USER_INPUT',
      /jsonSchema/,
    ],
    ['CLASSIFY without categories', () => ({ endpoint: 'CLASSIFY' }), 'BAD_USER_INPUT', /categor/],
    // PROCESS fills no schema and picks no category: it refuses them rather than ignore them.
    [
      'PROCESS with a jsonSchema',
      () => ({ endpoint: 'PROCESS', options: { jsonSchema: { type: 'object' } } }),
      'BAD_USER_INPUT',
      /options\.jsonSchema/,
    ],
    [
      'PROCESS with categories',
      () => ({ endpoint: 'PROCESS', options: { categories: [{ name: 'invoice' }] } }),
      'BAD_USER_INPUT',
      /options\.categories/,
    ],
    ['an empty idempotency key', () => ({ idempotencyKey: '' }), 'BAD_USER_INPUT', /idempotencyKey/],
  ];

  for (const [name, patch, expected, message] of cases) {
    it(`${name}: ${expected}, nothing written`, async () => {
      const before = await rowCounts();
      const input = { endpoint: 'PARSE', document: { url: pdfUrl }, ...patch() };
      const res = await s.gql(create, { input });
      expect(code(res), JSON.stringify(res)).toBe(expected);
      expect(res.errors![0]!.message).toMatch(message);
      expect(res.data ?? null).toBeNull();
      expect(await rowCounts()).toEqual(before);
    });
  }

  it('an unknown endpoint or option value is refused by the schema', async () => {
    const res = await s.gql(create, { input: { endpoint: 'TELEPORT', document: { url: pdfUrl } } });
    expect(code(res)).toBe('BAD_USER_INPUT');
    const res2 = await s.gql(create, {
      input: { endpoint: 'PARSE', document: { url: pdfUrl }, options: { ocr: 'MAYBE' } },
    });
    expect(code(res2)).toBe('BAD_USER_INPUT');
    const res3 = await s.gql(create, {
      input: { endpoint: 'PARSE', document: { url: pdfUrl }, options: { ocrEngine: 'TURBO' } },
    });
    expect(code(res3)).toBe('BAD_USER_INPUT');
  });

  it('an upload over MAX_UPLOAD_BYTES is PAYLOAD_TOO_LARGE and stores nothing', async () => {
    const before = await rowCounts();
    const big = new Uint8Array(300_000).fill(65);
    const res = await postMultipart(
      s.url,
      'mutation($file: File!) { uploadDocument(file: $file) { id } }',
      {},
      { bytes: big, name: 'big.txt' },
      s.keyA,
    );
    const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(code(body)).toBe('PAYLOAD_TOO_LARGE');
    expect(await rowCounts()).toEqual(before);
  });

  it('malformed JSON and a missing query are client errors, not crashes', async () => {
    const res = await fetch(s.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${s.keyA}` },
      body: '{"query": ',
    });
    expect(res.status).toBe(400);
    const res2 = await s.gql('', {});
    expect(res2.errors?.length).toBeGreaterThan(0);
  });

  it('bad cursors and page sizes are BAD_USER_INPUT', async () => {
    for (const args of [
      'after: "garbage"',
      'before: "eyJ0IjoxfQ"',
      'first: 101',
      'first: -1',
      'first: 1, last: 1',
      'offset: 5, after: "x"',
    ]) {
      const res = await s.gql(`{ jobs(${args}) { totalCount } }`);
      expect(code(res), args).toBe('BAD_USER_INPUT');
    }
  });

  it('a filter with non-string metadata is BAD_USER_INPUT', async () => {
    const res = await s.gql(`{ jobs(filter: { metadata: { a: 1 } }) { totalCount } }`);
    expect(code(res)).toBe('BAD_USER_INPUT');
  });

  it('missing, malformed, unknown and revoked keys are UNAUTHENTICATED', async () => {
    for (const key of [null, 'nope', 'dk_short', `dk_${'x'.repeat(43)}`]) {
      const res = await s.gql('{ jobs { totalCount } }', {}, key);
      expect(code(res), String(key)).toBe('UNAUTHENTICATED');
    }
  });

  it('feedback with a bad issue code or a huge comment is refused', async () => {
    const job = await s.gql(create, { input: { endpoint: 'PARSE', document: { url: pdfUrl } } });
    const jobId = job.data!.createJob.id;
    const q = `mutation($input: SubmitFeedbackInput!) { submitFeedback(input: $input) { id } }`;
    expect(code(await s.gql(q, { input: { jobId, rating: 'POSITIVE', issue: 'no spaces allowed' } }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(code(await s.gql(q, { input: { jobId, rating: 'POSITIVE', comment: 'x'.repeat(2001) } }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(code(await s.gql(q, { input: { jobId: 'job_nope', rating: 'POSITIVE' } }))).toBe('NOT_FOUND');
  });

  it('an unknown id is null from job/node/document and NOT_FOUND from cancel', async () => {
    const res = await s.gql(
      `{ job(id: "job_AAAAAAAAAAAAAAAAAAAA") { id } node(id: "zzz") { id } document(id: "doc_x") { id } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ job: null, node: null, document: null });
    const cancel = await s.gql(`mutation { cancelJob(id: "job_AAAAAAAAAAAAAAAAAAAA") { id } }`);
    expect(code(cancel)).toBe('NOT_FOUND');
  });

  it('a document of unknown bytes is accepted and fails visibly as unsupported_format', async () => {
    const junk = dataUrl(new Uint8Array([0, 1, 2, 3, 255, 254, 0, 0, 7]), 'application/octet-stream');
    const res = await s.gql(create, { input: { endpoint: 'PARSE', document: { url: junk } } });
    const id = res.data!.createJob.id;
    const sub = s.subscribe(
      `subscription($id: ID) { jobUpdated(id: $id) { status error { code message } } }`,
      { id },
    );
    await sub.done;
    expect(sub.events.at(-1)).toMatchObject({ status: 'FAILED', error: { code: 'unsupported_format' } });
  });
});
