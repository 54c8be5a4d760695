// Documents built to exhaust the pipeline: a PDF whose stream inflates far past its size, HTML
// nested too deep for a recursive renderer. Each fails at once with a document code (never
// retried), and the server goes on serving other jobs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertInflateWithin } from '../src/pipeline/formats/pdf-inflate.ts';
import { failureOf, flateBombPdf, writePdf } from '../testkit/format-fixtures.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
});

async function uploadAndWait(bytes: Uint8Array, name: string) {
  const res = await s.upload(
    'mutation($file: File!) { uploadDocument(file: $file, endpoint: PARSE) { id } }',
    {},
    { bytes, name },
  );
  expect(res.errors).toBeUndefined();
  const id = res.data!.uploadDocument.id as string;
  const sub = s.subscribe(
    'subscription($id: ID) { jobUpdated(id: $id) { status attempts error { code } response { body } } }',
    { id },
  );
  await sub.done;
  return sub.events.at(-1)!;
}

describe('through the server', () => {
  it('a PDF whose content stream inflates to 300 MiB fails document_too_large on its first attempt', async () => {
    const bomb = await flateBombPdf(300 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const job = await uploadAndWait(bomb, 'bomb.pdf');
    expect(job.status).toBe('FAILED');
    expect(job.error.code).toBe('document_too_large');
    expect(job.attempts).toBe(1);
  });

  it('the same shape, small, reads normally', async () => {
    const job = await uploadAndWait(await flateBombPdf(4096), 'small.pdf');
    expect(job.status).toBe('COMPLETED');
    expect(job.response.body.text).toContain('Bomb text');
  });

  it('HTML nested 200,000 deep fails document_too_complex at once, not internal_error after retries', async () => {
    const deep = `<html><body>${'<div>'.repeat(200_000)}deep${'</div>'.repeat(200_000)}</body></html>`;
    const job = await uploadAndWait(Buffer.from(deep), 'deep.html');
    expect(job.status).toBe('FAILED');
    expect(job.error.code).toBe('document_too_complex');
    expect(job.attempts).toBe(1);
    // Moderate nesting is fine, and the worker still serves.
    const ok = `<html><body>${'<div>'.repeat(500)}shallow enough${'</div>'.repeat(500)}</body></html>`;
    const after = await uploadAndWait(Buffer.from(ok), 'ok.html');
    expect(after.status).toBe('COMPLETED');
    expect(after.response.body.text).toContain('shallow enough');
  });
});

describe('the inflate budget', () => {
  const limits = { maxStreamBytes: 4 * 1024 * 1024, maxDocumentBytes: 10 * 1024 * 1024 };
  const pdfOf = (streams: Buffer[]) =>
    writePdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      ...streams.map((d) =>
        Buffer.concat([Buffer.from(`<< /Length ${d.length} >>\nstream\n`), d, Buffer.from('\nendstream')]),
      ),
    ]);

  it('counts every stream toward the document’s budget, whatever its dictionary says', async () => {
    // 3 MiB each: under the stream cap; 4 of them pass the document's.
    const three = await flateBombPdf(3 * 1024 * 1024);
    await assertInflateWithin(three, limits);
    const body = three.subarray(three.indexOf('stream\n') + 7, three.indexOf('\nendstream'));
    await assertInflateWithin(pdfOf([body, body, body]), limits);
    const err = await failureOf(assertInflateWithin(pdfOf([body, body, body, body]), limits));
    expect(err.code).toBe('document_too_large');
  });

  it('follows a chain of flate filters within the same budget', async () => {
    const chained = await flateBombPdf(5 * 1024 * 1024, 2);
    const err = await failureOf(assertInflateWithin(chained, limits));
    expect(err.code).toBe('document_too_large');
  });
});
