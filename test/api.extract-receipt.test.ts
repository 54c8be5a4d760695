// EXTRACT through the front door on a receipt photo the test renders: the shop, its address,
// the date and the total as a user's schema of plain strings asks for them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataUrl } from '../testkit/fixtures.ts';
import { receiptImage } from '../testkit/format-fixtures.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
});

describe('EXTRACT on a receipt photo', () => {
  it('returns company, address, date and total as printed, with likelihoods', async () => {
    const png = await receiptImage(
      [
        ['KEDAI RUNCIT MAJU SDN BHD'],
        ['(123456-X)'],
        ['NO. 12, JALAN MERANTI 3,'],
        ['TAMAN SRI GADING,'],
        ['81200 JOHOR BAHRU, JOHOR.'],
        ['TEL: 07-355 1234'],
        ['DATE: 25/12/2018 8:13 PM'],
        ['MILO 1KG', '18.90'],
        ['BREAD', '3.50'],
        ['TOTAL', '22.40'],
        ['CASH', '50.00'],
        ['CHANGE', '27.60'],
      ],
      { width: 760, fontSize: 28 },
    );
    const created = await s.gql(`mutation($input: CreateJobInput!) { createJob(input: $input) { id } }`, {
      input: {
        endpoint: 'EXTRACT',
        document: { url: dataUrl(png, 'image/png') },
        options: {
          jsonSchema: {
            type: 'object',
            properties: {
              company: { type: 'string' },
              date: { type: 'string' },
              address: { type: 'string' },
              total: { type: 'string' },
            },
            required: ['company', 'total'],
          },
        },
      },
    });
    expect(created.errors, JSON.stringify(created.errors)).toBeUndefined();
    const sub = s.subscribe(
      `subscription($id: ID) { jobUpdated(id: $id) { status error { code message } response { body } qualityGrade } }`,
      { id: created.data!.createJob.id },
    );
    await sub.done;
    const job = sub.events.at(-1)!;
    expect(job.status, JSON.stringify(job.error)).toBe('COMPLETED');
    const parsed = job.response.body.choices[0].message.parsed;
    expect(parsed.company).toBe('KEDAI RUNCIT MAJU SDN BHD');
    expect(parsed.date).toBe('25/12/2018');
    expect(parsed.total).toBe('22.40');
    expect(parsed.address).toMatch(
      /^NO\. 12, JALAN MERANTI 3, TAMAN SRI GADING, 81200 JOHOR BAHRU, JOHOR\.?$/,
    );
    const likelihoods = job.response.body.likelihoods;
    for (const k of ['company', 'date', 'address', 'total']) {
      expect(likelihoods[k]).toBeGreaterThan(0.3);
      expect(likelihoods[k]).toBeLessThanOrEqual(1);
    }
    expect(job.qualityGrade).toBe('A');
  });
});
