// Document types and redaction through the front door, on documents the test makes: CLASSIFY
// among many categories offered by name, "none fits" when the document is of a type nobody
// offered, and a scanned bill whose name and national phone number must be gone from every
// text of the result.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataUrl, makePdf } from '../testkit/fixtures.ts';
import { textImage } from '../testkit/format-fixtures.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
});

async function run(endpoint: string, url: string, options: Record<string, unknown> = {}) {
  const res = await s.gql(`mutation($input: CreateJobInput!) { createJob(input: $input) { id } }`, {
    input: { endpoint, document: { url }, options },
  });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  const sub = s.subscribe(
    `subscription($id: ID) { jobUpdated(id: $id) { status error { code message }
      response { body } piiFindingsCount privacyApplied processingSummary
      piiFindings { type page start end score preview } } }`,
    { id: res.data!.createJob.id },
  );
  await sub.done;
  const job = sub.events.at(-1)!;
  expect(job.status, JSON.stringify(job.error)).toBe('COMPLETED');
  return job;
}

const byName = (names: string[]) => names.map((name) => ({ name, description: name }));

const MANY = byName([
  'receipt',
  'invoice',
  'passport',
  'ID card',
  'driver license',
  'payslip',
  'bank statement',
  'scientific paper',
  'form',
  'legal transcript',
  'utility bill',
  'business card',
  'contract',
  'letter',
  'memo',
  'purchase order',
  'quote',
  'credit note',
  'tax form',
  'medical record',
]);

describe('CLASSIFY knows document types', () => {
  it('names a payslip among twenty categories given by name, with an honest confidence', async () => {
    const pdf = await makePdf([
      [
        'Northwind Traders GmbH - Payslip March 2024',
        'Employee: Jane Roe    Employee ID: 4471',
        'Pay period: 01/03/2024 - 31/03/2024    Pay date: 28/03/2024',
        'Basic salary 3,200.00    Overtime 240.00',
        'Gross pay 3,440.00',
        'Deductions: income tax 610.00, social security 280.00',
        'Net pay 2,550.00',
      ].join('\n'),
    ]);
    const job = await run('CLASSIFY', dataUrl(pdf), { categories: MANY });
    const result = job.response.body.result;
    expect(result.classification).toBe('payslip');
    expect(result.noneFits).toBe(false);
    expect(result.documentType).toBe('payslip');
    expect(result.confidence).toBeGreaterThan(0.5);
    expect(result.reasoning).toMatch(/net pay|gross pay/i);
    expect(Object.keys(result.scores)).toHaveLength(MANY.length);
  });

  it('says that none fits when the document is a type nobody offered, not "the first given"', async () => {
    const pdf = await makePdf([
      [
        'PASSPORT / PASSEPORT',
        'Type P   Code of issuing State UTO   Passport No. L898902C3',
        'Surname ERIKSSON   Given names ANNA MARIA   Nationality UTOPIAN',
        'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<',
        'L898902C36UTO7408122F1204159ZE184226B<<<<<10',
      ].join('\n'),
    ]);
    const job = await run('CLASSIFY', dataUrl(pdf), {
      categories: byName(['invoice', 'receipt', 'contract']),
    });
    const result = job.response.body.result;
    expect(result.noneFits).toBe(true);
    expect(result.documentType).toBe('passport');
    expect(result.confidence).toBeLessThan(0.2);
    expect(result.reasoning).toMatch(/None of the categories fits/);
  });
});

describe('redactPii on a scanned bill', () => {
  // A Swiss-style bill: the addressee under a form of address, a national phone number
  // without a country code, the name again in the salutation, alone in a thank-you and in
  // the payment part.
  const BILL = [
    'Robert Schneider AG',
    'Rue du Lac 1268',
    '2501 Biel',
    'Telefon: 059/987 6540',
    '',
    'Ms',
    'Pia Rutschmann',
    'Marktgasse 28',
    '9400 Rorschach',
    '',
    'Dear Ms. Rutschmann,',
    'Thank you, Pia, for your order.',
    'Bill no. 3139 for garden work',
    'Total CHF 3949.75',
    'Payable by',
    'Pia Rutschmann',
  ];

  for (const endpoint of ['PARSE', 'PROCESS']) {
    it(`${endpoint}: no name and no phone number remains anywhere in the result`, async () => {
      const png = await textImage(BILL, { width: 1100, fontSize: 34 });
      const job = await run(endpoint, dataUrl(png, 'image/png'), { redactPii: true });
      expect(job.privacyApplied).toBe(true);
      const body = JSON.stringify(job.response.body);
      // The scan was read: the words around the PII are there.
      expect(body, body).toMatch(/garden work/);
      for (const secret of ['Rutschmann', 'Pia ', '987 6540', '6540']) expect(body).not.toContain(secret);
      // The first name alone, once the full name is found, is the same person's.
      expect(body).not.toMatch(/\bPia\b/);
      expect(JSON.stringify(job.piiFindings)).not.toMatch(/Rutschmann|6540/);
      const types = new Set(job.piiFindings.map((f: { type: string }) => f.type));
      expect(types).toContain('PERSON');
      expect(types).toContain('PHONE_NUMBER');
      // The city is a place, not a person.
      expect(body).not.toContain('2501 [PERSON]');
    });
  }
});
