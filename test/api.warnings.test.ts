// Job.warnings through the front door (issue 14 item 5): a document with a page OCR reads nothing
// on completes with a warning naming that page and a summary saying the success is partial; an
// EXTRACT value the schema rejects is FIELD_INVALID; a clean job has none; the events before the
// result carry none; `docket jobs get` shows them.
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataUrl, makePdf } from '../testkit/fixtures.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
});

const JOB = 'id status processingSummary warnings { code message page }';

async function runToEnd(input: Record<string, unknown>) {
  const created = await s.gql(`mutation($input: CreateJobInput!) { createJob(input: $input) { id } }`, {
    input,
  });
  expect(created.errors).toBeUndefined();
  const id: string = created.data!.createJob.id;
  const sub = s.subscribe(`subscription($id: ID) { jobUpdated(id: $id) { status } }`, { id });
  await sub.done;
  const job = await s.gql(`query($id: ID!) { job(id: $id) { ${JOB} } }`, { id });
  return job.data!.job;
}

function docket(args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['src/cli/docket.ts', ...args, '--url', s.url, '--key', s.keyA],
      { env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 },
      (err, stdout) => resolve({ code: err ? -1 : 0, stdout }),
    );
  });
}

describe('Job.warnings', () => {
  let partialId = '';

  it('a PDF whose second page OCR reads nothing on COMPLETES, with a warning naming page 2 and a partial summary', async () => {
    // Page 2 has no text layer and nothing on it: the worker renders and OCRs it and reads nothing.
    const bytes = await makePdf(['Invoice 4411\nDelivered to the warehouse on Monday, paid in full.', '']);
    const job = await runToEnd({ endpoint: 'PARSE', document: { url: dataUrl(bytes) } });
    partialId = job.id;
    expect(job.status).toBe('COMPLETED');
    expect(job.warnings).toEqual([
      {
        code: 'PAGE_UNREADABLE',
        page: 2,
        message:
          'Page 2 gave no text: OCR read nothing on it (a blank page, or a scan too faint or damaged to read).',
      },
    ]);
    expect(job.processingSummary).toMatch(
      /^Processed a 2-page PDF \(1 page read by OCR\).*Partial success, 1 warning: no text read from page 2 \(see warnings\)\.$/,
    );

    // A list reads them too.
    const listed = await s.gql(`{ jobs(first: 100) { nodes { id warnings { code page } } } }`);
    const row = listed.data!.jobs.nodes.find((n: { id: string }) => n.id === job.id);
    expect(row.warnings).toEqual([{ code: 'PAGE_UNREADABLE', page: 2 }]);
  });

  it('the events before the result carry no warnings; the COMPLETED event carries them', async () => {
    const sub = s.subscribe(`subscription { jobUpdated(since: "0") { id status warnings { code page } } }`);
    const completed = await sub.until((e) => e.id === partialId && e.status === 'COMPLETED');
    sub.stop();
    const before = sub.events.filter((e) => e.id === partialId && e.status !== 'COMPLETED');
    expect(before.length).toBeGreaterThan(0);
    for (const e of before) expect(e.warnings).toEqual([]);
    expect(completed.warnings).toEqual([{ code: 'PAGE_UNREADABLE', page: 2 }]);
  });

  it('an EXTRACT value the JSON Schema rejects is left out with FIELD_INVALID, and the job completes', async () => {
    const job = await runToEnd({
      endpoint: 'EXTRACT',
      document: { url: dataUrl(Buffer.from('Invoice No: INV-1\nTotal: 250.00'), 'text/plain') },
      options: {
        jsonSchema: {
          type: 'object',
          properties: { invoiceNumber: { type: 'string' }, total: { type: 'number', maximum: 100 } },
        },
      },
    });
    expect(job.status).toBe('COMPLETED');
    expect(job.warnings).toEqual([
      {
        code: 'FIELD_INVALID',
        page: null,
        message: 'The value found for "total" was left out: it must be <= 100.',
      },
    ]);
    expect(job.processingSummary).toContain('Partial success, 1 warning: 1 field value left out as invalid');
    const body = await s.gql(`query($id: ID!) { job(id: $id) { response { body } } }`, { id: job.id });
    expect(body.data!.job.response.body.choices[0].message.parsed).toEqual({ invoiceNumber: 'INV-1' });
  });

  it('a clean job has warnings: [] and a summary that does not call it partial', async () => {
    const bytes = await makePdf(['Invoice 4412\nDelivered to the warehouse on Tuesday, paid in full.']);
    const job = await runToEnd({ endpoint: 'PARSE', document: { url: dataUrl(bytes) } });
    expect(job.status).toBe('COMPLETED');
    expect(job.warnings).toEqual([]);
    expect(job.processingSummary).not.toMatch(/[Pp]artial/);
  });

  it('a job still queued or running has warnings: []', async () => {
    const created = await s.gql(
      `mutation($d: DocumentInput!) { createJob(input: { endpoint: PARSE, document: $d }) { status warnings { code } } }`,
      { d: { url: dataUrl(Buffer.from('hello'), 'text/plain') } },
    );
    expect(created.data!.createJob).toEqual({ status: 'QUEUED', warnings: [] });
  });

  it('an export carries them with each job', async () => {
    const res = await s.gql(`mutation { exportJobs(format: JSONL) { url } }`);
    const lines = (await (await fetch(res.data!.exportJobs.url)).text()).trim().split('\n');
    const records = lines.map((l) => JSON.parse(l) as { id: string; warnings: unknown[] });
    expect(records.find((r) => r.id === partialId)?.warnings).toEqual([
      { code: 'PAGE_UNREADABLE', page: 2, message: expect.stringMatching(/^Page 2 gave no text/) },
    ]);
    expect(records.filter((r) => r.id !== partialId).every((r) => Array.isArray(r.warnings))).toBe(true);
  });

  it('docket jobs get shows them, and --json carries them', async () => {
    const human = await docket(['jobs', 'get', partialId]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(
      'warning     PAGE_UNREADABLE (page 2): Page 2 gave no text: OCR read nothing on it',
    );
    const json = await docket(['jobs', 'get', partialId, '--json']);
    expect(JSON.parse(json.stdout).warnings).toEqual([
      { code: 'PAGE_UNREADABLE', page: 2, message: expect.stringMatching(/^Page 2 gave no text/) },
    ]);
  });
});
