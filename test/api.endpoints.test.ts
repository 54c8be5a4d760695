// Every endpoint through the front door, on documents the test makes: real results,
// quality, PII and redaction as a client sees them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataUrl, makePdf } from '../testkit/fixtures.ts';
import { docx, encryptedPdf, textImage } from '../testkit/format-fixtures.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
});

const INVOICE = [
  'ACME Supplies Ltd.',
  'Invoice No. INV-2024-0042',
  'Invoice Date: March 3, 2024',
  'Bill to: Jane Doe, 42 Elm Street, Springfield',
  'Email: jane.doe@example.com',
  'Total: 1,234.50 EUR',
];

async function run(endpoint: string, url: string, options: Record<string, unknown> = {}) {
  const res = await s.gql(`mutation($input: CreateJobInput!) { createJob(input: $input) { id } }`, {
    input: { endpoint, document: { url }, options },
  });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  const sub = s.subscribe(
    `subscription($id: ID) { jobUpdated(id: $id) { status stage progress error { code message }
      response { statusCode body } qualityScore qualityGrade piiFindingsCount privacyApplied processingSummary
      piiFindings { type page start end score preview } request } }`,
    { id: res.data!.createJob.id },
  );
  await sub.done;
  return sub.events.at(-1)!;
}

describe('endpoints', () => {
  let invoiceUrl: string;
  beforeAll(async () => {
    invoiceUrl = dataUrl(await makePdf([INVOICE.join('\n')]));
  });

  it('EXTRACT fills the caller’s JSON Schema with typed values and likelihoods', async () => {
    const job = await run('EXTRACT', invoiceUrl, {
      jsonSchema: {
        type: 'object',
        properties: {
          invoiceNumber: { type: 'string', title: 'Invoice No.' },
          invoiceDate: { type: 'string', format: 'date' },
          total: { type: 'number' },
          currency: { type: 'string' },
        },
        required: ['invoiceNumber', 'total'],
      },
    });
    expect(job.status).toBe('COMPLETED');
    const parsed = job.response.body.choices[0].message.parsed;
    expect(parsed).toMatchObject({
      invoiceNumber: 'INV-2024-0042',
      invoiceDate: '2024-03-03',
      total: 1234.5,
      currency: 'EUR',
    });
    expect(job.response.body.likelihoods.total).toBeGreaterThan(0.5);
    expect(job.response.body.likelihoods.total).toBeLessThanOrEqual(1);
  });

  it('CLASSIFY picks one of the given categories and says why', async () => {
    const job = await run('CLASSIFY', invoiceUrl, {
      categories: [
        { name: 'invoice', description: 'a bill asking for payment' },
        { name: 'recipe', description: 'cooking instructions, ingredients' },
      ],
    });
    const result = job.response.body.result;
    expect(result.classification).toBe('invoice');
    expect(result.reasoning).toMatch(/invoice/i);
    expect(Object.keys(result.scores).sort()).toEqual(['invoice', 'recipe']);
    expect(result.confidence).toBeGreaterThan(0.5);
  });

  it('SPLIT covers every page once with named contiguous ranges', async () => {
    const pdf = await makePdf([
      INVOICE.join('\n'),
      'Invoice continued\nLine items: 3 widgets, total 1,234.50 EUR',
      'Chocolate Cake Recipe\nIngredients: flour, sugar, cocoa, eggs\nBake for 30 minutes',
    ]);
    const job = await run('SPLIT', dataUrl(pdf), {
      categories: [{ name: 'invoice' }, { name: 'recipe', description: 'ingredients bake cooking' }],
    });
    const splits = job.response.body.splits as { name: string; pages: [number, number] }[];
    const covered = splits.flatMap((x) =>
      Array.from({ length: x.pages[1] - x.pages[0] + 1 }, (_, i) => x.pages[0] + i),
    );
    expect(covered).toEqual([1, 2, 3]);
    expect(splits.at(-1)!.name).toBe('recipe');
    expect(splits[0]!.name).toBe('invoice');
  });

  it('GENERATE_SCHEMA returns a JSON Schema of the fields found', async () => {
    const job = await run('GENERATE_SCHEMA', invoiceUrl);
    const schema = job.response.body.jsonSchema;
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties).length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(schema)).toMatch(/number/);
  });

  it('PROCESS runs the whole pipeline; redactPii removes PII from every text', async () => {
    const job = await run('PROCESS', invoiceUrl, { redactPii: true });
    expect(job.status).toBe('COMPLETED');
    expect(job.privacyApplied).toBe(true);
    expect(job.piiFindingsCount).toBeGreaterThan(0);
    const types = job.piiFindings.map((f: { type: string }) => f.type);
    expect(types).toContain('EMAIL');
    for (const f of job.piiFindings) expect(f.preview).not.toContain('jane.doe@example.com');
    const body = JSON.stringify(job.response.body);
    expect(body).not.toContain('jane.doe@example.com');
    expect(body).toContain('[EMAIL]');
    expect(job.response.body).toHaveProperty('fields');
    expect(job.response.body).toHaveProperty('quality');
    expect(job.qualityGrade).toMatch(/^[ABCD]$/);
    expect(job.processingSummary.length).toBeGreaterThan(20);
  });

  it('PARSE OCRs an image, and a DOCX keeps its structure', async () => {
    const png = await textImage(['Docket reads scanned pages', 'with real OCR'], { rotate: 180 });
    const image = await run('PARSE', dataUrl(png, 'image/png'));
    expect(image.status).toBe('COMPLETED');
    expect(image.response.body.pages[0].ocr).toBe(true);
    expect(image.response.body.text).toMatch(/scanned pages/);
    const word = await run('PARSE', dataUrl(docx(), 'application/octet-stream'));
    expect(word.status).toBe('COMPLETED');
    expect(word.response.body.markdown).toMatch(/^#/m);
  });

  it('an encrypted PDF fails as encrypted_document, and opens with its password', async () => {
    const url = dataUrl(encryptedPdf('secret', 'Hidden text'));
    const locked = await run('PARSE', url);
    expect(locked).toMatchObject({ status: 'FAILED', error: { code: 'encrypted_document' } });
    const opened = await run('PARSE', url, { password: 'secret' });
    expect(opened.status).toBe('COMPLETED');
    expect(opened.response.body.text).toContain('Hidden text');
    // Kept in the row for a retry, never shown back.
    expect(JSON.stringify(opened.request)).not.toContain('secret');
  });

  it('a truncated PDF fails fast as corrupt_document; the next job is unharmed', async () => {
    const pdf = await makePdf(['about to be cut']);
    const cut = await run('PARSE', dataUrl(pdf.slice(0, Math.floor(pdf.length / 2))));
    expect(cut).toMatchObject({ status: 'FAILED', error: { code: 'corrupt_document' } });
    const fine = await run('PARSE', invoiceUrl);
    expect(fine.status).toBe('COMPLETED');
  });
});
