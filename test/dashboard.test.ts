// The dashboard in headless Chromium against a real server: sign in with a key, upload through
// the drop zone's file input, watch the job complete live, open it, give feedback, cancel a
// slow one; a queued one shows its place and ETA.
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dataUrl, makePdf, makeSlowPdf } from '../testkit/fixtures.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = process.env.DASHBOARD_SCREENSHOT;

let s: TestServer;
let browser: Browser;
let page: Page;
beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  // Two run slots, one per organization at a time: a second slow job of one stays queued.
  s = await startTestServer({ env: { WORKER_CONCURRENCY: '2' } });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  page.on('pageerror', (err) => {
    throw err;
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

const origin = () => s.url.replace(/\/graphql$/, '');
const row = (name: string, status?: string) =>
  page.locator(`#jobs tbody tr${status ? `[data-status=${status}]` : ''}`, { hasText: name });

it('signs in once; the key is kept across reloads', async () => {
  await page.goto(`${origin()}/`);
  await page.fill('#key', 'dk_not_a_key');
  await page.click('#login-form button[type=submit]');
  await expect.poll(() => page.textContent('#login-error')).toMatch(/key/i);
  await page.fill('#key', s.keyA);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#live[data-state=on]');
  await page.reload();
  await page.waitForSelector('#live[data-state=on]');
  expect(await page.isHidden('#login')).toBe(true);
});

it('an uploaded file reaches COMPLETED live; its detail shows the result; feedback is saved', async () => {
  await page.selectOption('#up-endpoint', 'PARSE');
  await page.setInputFiles('#file', {
    name: 'invoice-2041.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('Invoice 2041\nTotal due: 1,250.00 EUR\nContact: ana@example.com'),
  });
  // The upload answer says QUEUED; only the subscription can move the row on.
  await row('invoice-2041.txt', 'COMPLETED').waitFor({ timeout: 30_000 });
  expect(await row('invoice-2041.txt').locator('.grade').textContent()).toMatch(/^[A-D]$/);

  await row('invoice-2041.txt').click();
  await page.waitForSelector('#detail:not([hidden])');
  await expect.poll(() => page.textContent('#d-result')).toContain('Invoice 2041');
  expect(await page.isHidden('#d-cancel')).toBe(true);
  expect(await page.isHidden('#d-warnings')).toBe(true);
  await page.fill('#d-comment', 'looks right');
  await page.click('#d-good');
  await page.locator('#d-feedback-list li', { hasText: 'looks right' }).waitFor();
  const id = await row('invoice-2041.txt').getAttribute('data-id');
  const saved = await s.gql(`query($id: ID!) { job(id: $id) { feedback { rating comment } } }`, { id });
  expect(saved.data!.job.feedback).toEqual([{ rating: 'POSITIVE', comment: 'looks right' }]);
  await page.click('#d-close');
}, 60_000);

it('a row click opens the job even when the table is redrawn between mousedown and mouseup', async () => {
  // The queue refresh a second after each event redraws the table; a click under way then
  // must still open the row it was made on.
  const box = (await row('invoice-2041.txt').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.dispatchEvent('#f-name', 'input');
  await page.mouse.up();
  await page.waitForSelector('#detail:not([hidden])', { timeout: 5000 });
  await page.click('#d-close');
});

it('the detail panel draws the latest read of a job, whatever order the answers come back in', async () => {
  // Two events in quick succession make two reads of the open job; here the first one answers
  // late, with the state the job had before (as an earlier read holds), after the second.
  let held = 0;
  let lateAnswered!: () => void;
  const late = new Promise<void>((resolve) => (lateAnswered = resolve));
  await page.route('**/graphql', async (route) => {
    if (!(route.request().postData() ?? '').includes('attemptHistory') || held++ > 0) return route.fallback();
    const response = await route.fetch();
    const json = await response.json();
    json.data.job.status = 'IN_PROGRESS';
    json.data.job.completedAt = null;
    await new Promise((r) => setTimeout(r, 1000));
    await route.fulfill({ response, json });
    lateAnswered();
  });
  try {
    await row('invoice-2041.txt').click();
    await row('invoice-2041.txt').click();
    await expect.poll(() => page.textContent('#d-fields')).toMatch(/StatusCOMPLETED/);
    await late;
    await page.waitForTimeout(200);
    expect(await page.textContent('#d-fields')).toMatch(/StatusCOMPLETED/);
  } finally {
    await page.unroute('**/graphql');
    await page.click('#d-close');
  }
});

it('a job completed in part lists its warnings in the detail panel', async () => {
  await page.selectOption('#up-endpoint', 'PARSE');
  // OCR off: page 2, with no text layer, gives no text, and no OCR engine has to start.
  await page.selectOption('#up-ocr', 'OFF');
  await page.setInputFiles('#file', {
    name: 'half-blank.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from(await makePdf(['Delivery note 3391: twelve crates, signed for at the gate.', ''])),
  });
  await row('half-blank.pdf', 'COMPLETED').waitFor({ timeout: 30_000 });
  await row('half-blank.pdf').click();
  await page.waitForSelector('#d-warnings:not([hidden])');
  const items = page.locator('#d-warning-list li');
  expect(await items.count()).toBe(1);
  expect(await items.first().textContent()).toMatch(
    /^PAGE_UNREADABLE · page 2Page 2 gave no text: .*OCR was off/,
  );
  expect(await page.textContent('#d-fields')).toContain('Partial success, 1 warning');
  await page.click('#d-close');
  await page.selectOption('#up-ocr', 'AUTO');
}, 60_000);

it('a running job is cancelled from its detail view', async () => {
  await page.selectOption('#up-ocr', 'FORCE');
  await page.setInputFiles('#file', {
    name: 'scanned-contract.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from(await makeSlowPdf()),
  });
  await row('scanned-contract.pdf', 'IN_PROGRESS').waitFor({ timeout: 30_000 });
  await row('scanned-contract.pdf').click();
  await page.waitForSelector('#d-cancel:not([hidden])');
  if (SCREENSHOT) {
    // The picture in the README shows the EXTRACT inputs too; the job is already sent.
    await page.selectOption('#up-endpoint', 'EXTRACT');
    await page.screenshot({ path: SCREENSHOT });
    await page.selectOption('#up-endpoint', 'PARSE');
  }
  await page.click('#d-cancel');
  await row('scanned-contract.pdf', 'CANCELLED').waitFor();
  const id = await row('scanned-contract.pdf').getAttribute('data-id');
  const job = await s.gql(`query($id: ID!) { job(id: $id) { status } }`, { id });
  expect(job.data!.job.status).toBe('CANCELLED');
  // A cancelled job can be retried from the panel; its attempts are listed there.
  await row('scanned-contract.pdf').click();
  await page.waitForSelector('#d-retry:not([hidden])');
  await page.click('#d-retry');
  await row('scanned-contract.pdf', 'IN_PROGRESS').waitFor({ timeout: 30_000 });
  await expect.poll(() => page.textContent('#d-fields')).toMatch(/Attempt 1.*CANCELLED/);
  await page.click('#d-cancel');
  await row('scanned-contract.pdf', 'CANCELLED').waitFor();
  // Filters: only the cancelled one is left under CANCELLED.
  await page.click('#d-close');
  await page.selectOption('#f-status', 'CANCELLED');
  await expect.poll(() => page.locator('#jobs tbody tr').count()).toBe(1);
}, 60_000);

it('a queued row shows its place in the queue and its ETA', async () => {
  // Two run slots: the first slow job holds the one this organization may take, the second
  // waits. The completed invoice of an earlier test is the throughput the ETA comes from.
  await page.selectOption('#f-status', '');
  const slow = dataUrl(await makeSlowPdf());
  const ids: string[] = [];
  const create = async (filename: string) => {
    const res = await s.gql(`mutation($input: CreateJobInput!) { createJob(input: $input) { id } }`, {
      input: { endpoint: 'PARSE', document: { url: slow, filename }, options: { ocr: 'FORCE' } },
    });
    expect(res.errors).toBeUndefined();
    ids.push(res.data!.createJob.id);
  };
  try {
    await create('held-slot.pdf');
    await row('held-slot.pdf', 'IN_PROGRESS').waitFor({ timeout: 30_000 });
    await create('waiting.pdf');
    await expect
      .poll(() => row('waiting.pdf', 'QUEUED').locator('.queue').textContent(), { timeout: 15_000 })
      .toMatch(/^next · starts ~.+ · done ~.+$/);
  } finally {
    for (const id of ids) await s.gql(`mutation($id: ID!) { cancelJob(id: $id) { status } }`, { id });
  }
  await row('waiting.pdf', 'CANCELLED').waitFor();
  expect(await row('waiting.pdf').locator('.queue').count()).toBe(0);
}, 60_000);

const INVOICE = 'Invoice number: INV-2041\nIssue date: 2026-11-30\nBill to: Ana Lima\nTotal: 1,250.00 EUR\n';

async function uploadText(name: string, text: string): Promise<void> {
  await page.setInputFiles('#file', { name, mimeType: 'text/plain', buffer: Buffer.from(text) });
}

async function requestOf(name: string): Promise<any> {
  const id = await row(name).getAttribute('data-id');
  return (await s.gql(`query($id: ID!) { job(id: $id) { request } }`, { id })).data!.job.request;
}

// Each endpoint with the inputs it needs, through the drop zone, to COMPLETED and its result.
const ENDPOINTS: { endpoint: string; box: string | null; result: RegExp }[] = [
  { endpoint: 'EXTRACT', box: '#up-schema-box', result: /"parsed": \{[\s\S]*"invoiceNumber"/ },
  {
    endpoint: 'CLASSIFY',
    box: '#up-categories-box',
    result: /"classification": "(invoice|receipt|contract)"/,
  },
  { endpoint: 'SPLIT', box: '#up-categories-box', result: /"splits": \[/ },
  { endpoint: 'GENERATE_SCHEMA', box: null, result: /"jsonSchema": \{/ },
  { endpoint: 'PROCESS', box: null, result: /"quality"/ },
];

it.each(ENDPOINTS)(
  '$endpoint: the form offers its inputs and the job completes with its result',
  async ({ endpoint, box, result }) => {
    await page.selectOption('#f-status', '');
    await page.selectOption('#up-ocr', 'AUTO');
    await page.selectOption('#up-endpoint', endpoint);
    for (const other of ['#up-schema-box', '#up-categories-box'])
      expect(await page.isVisible(other), other).toBe(other === box);
    const name = `${endpoint.toLowerCase()}-invoice.txt`;
    await uploadText(name, INVOICE);
    await row(name, 'COMPLETED').waitFor({ timeout: 30_000 });
    expect(await page.textContent('#upload-errors')).toBe('');
    const request = await requestOf(name);
    if (endpoint === 'EXTRACT')
      // jsonb keeps the keys, not their order.
      expect(Object.keys(request.options.jsonSchema.properties).sort()).toEqual([
        'currency',
        'invoiceNumber',
        'issueDate',
        'total',
      ]);
    if (box === '#up-categories-box')
      expect(request.options.categories).toEqual([
        { name: 'invoice', description: 'a bill asking for payment' },
        { name: 'receipt', description: 'proof of a payment made' },
        { name: 'contract' },
      ]);
    await row(name).click();
    await expect.poll(() => page.textContent('#d-result')).toMatch(result);
    await page.click('#d-close');
  },
  60_000,
);

it('shows mistakes in the inputs inline and sends nothing; a refusal by the server too', async () => {
  const before = await page.locator('#jobs tbody tr').count();
  await page.selectOption('#up-endpoint', 'EXTRACT');
  await page.fill('#up-schema', '{ "type": "object", ');
  await uploadText('broken-schema.txt', INVOICE);
  await expect.poll(() => page.textContent('#up-schema-error')).toMatch(/not valid JSON/);
  expect(await page.textContent('#upload-status')).toMatch(/Nothing uploaded/);

  await page.selectOption('#up-endpoint', 'CLASSIFY');
  await page.fill('#up-categories', '  \n ');
  await uploadText('no-categories.txt', INVOICE);
  await expect
    .poll(() => page.textContent('#up-categories-error'))
    .toMatch(/CLASSIFY needs at least one category/);
  expect(await page.locator('#jobs tbody tr').count()).toBe(before);

  // Valid JSON, but not a JSON Schema: the server says why, next to the upload, not in a tooltip.
  await page.selectOption('#up-endpoint', 'EXTRACT');
  await page.fill('#up-schema', '{ "type": "wibble" }');
  await uploadText('bad-schema.txt', INVOICE);
  await page.locator('#upload-errors li', { hasText: 'bad-schema.txt' }).waitFor();
  expect(await page.textContent('#upload-errors')).toMatch(/schema/i);
  expect(await page.locator('#jobs tbody tr').count()).toBe(before);
  await page.click('#up-schema-sample');
  expect(JSON.parse(await page.inputValue('#up-schema')).properties.total.type).toBe('number');
  await page.selectOption('#up-endpoint', 'CLASSIFY');
  await page.click('#up-categories-sample');
  expect(await page.inputValue('#up-categories')).toContain('receipt: proof of a payment made');
  expect(await page.textContent('#up-categories-error')).toBe('');
});

it('keeps the detail panel usable on a narrow window: long JSON wraps, close stays in reach', async () => {
  await page.setViewportSize({ width: 360, height: 700 });
  try {
    const name = 'long-lines.txt';
    await page.selectOption('#up-endpoint', 'PARSE');
    await uploadText(name, `${'x'.repeat(600)}\n${INVOICE}`);
    await row(name, 'COMPLETED').waitFor({ timeout: 30_000 });
    await row(name).click();
    await expect.poll(() => page.textContent('#d-result')).toContain('xxxxxxxx');
    const fits = await page.evaluate(() => {
      const pre = document.getElementById('d-result')!;
      const panel = document.getElementById('detail')!.getBoundingClientRect();
      return { wraps: pre.scrollWidth <= pre.clientWidth + 1, right: panel.right, width: window.innerWidth };
    });
    expect(fits.wraps).toBe(true);
    expect(fits.right).toBeLessThanOrEqual(fits.width);
    await page.locator('#d-result').evaluate((pre) => pre.scrollIntoView());
    await page.click('#d-close');
    expect(await page.isHidden('#detail')).toBe(true);
  } finally {
    await page.setViewportSize({ width: 1280, height: 760 });
  }
}, 60_000);

it('a FAILED job shows its error with category and stage, and runs again from the retry button', async () => {
  await page.selectOption('#f-status', '');
  await page.selectOption('#up-endpoint', 'PARSE');
  const name = 'garbage.bin';
  await page.setInputFiles('#file', {
    name,
    mimeType: 'application/octet-stream',
    buffer: Buffer.from([0, 1, 2, 3, 255, 254, 0, 0, 7, 9, 0, 13, 200, 201, 0]),
  });
  await row(name, 'FAILED').waitFor({ timeout: 30_000 });
  await row(name).click();
  await expect.poll(() => page.textContent('#d-fields')).toMatch(/unsupported_format \(DOCUMENT at \w+\)/);
  expect(await page.isHidden('#d-cancel')).toBe(true);
  await page.click('#d-retry');
  const id = await row(name).getAttribute('data-id');
  const attempts = async () =>
    (await s.gql(`query($id: ID!) { job(id: $id) { status attemptHistory { outcome } } }`, { id })).data!.job;
  await expect
    .poll(attempts, { timeout: 30_000 })
    .toEqual({ status: 'FAILED', attemptHistory: [{ outcome: 'FAILED' }, { outcome: 'FAILED' }] });
  await expect.poll(() => page.textContent('#d-fields')).toMatch(/Attempt 1.*FAILED.*Attempt 2.*FAILED/);
  await page.click('#d-close');
}, 60_000);

it('the usage view shows jobs and pages by endpoint and by day as the server counts them', async () => {
  const { usage } = (
    await s.gql(`{ usage { jobs pages byEndpoint { endpoint jobs pages } byDay { day jobs pages } } }`)
  ).data!;
  expect(usage.jobs).toBeGreaterThan(0);
  expect(await page.isHidden('#usage')).toBe(true);
  await page.click('#usage-toggle');
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  await expect
    .poll(() => page.textContent('#usage-total'))
    .toBe(`${count(usage.jobs, 'job')} · ${count(usage.pages, 'page')}`);
  const cells = (table: string) =>
    page
      .locator(`${table} tbody tr`)
      .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
  expect(await cells('#usage-endpoints')).toEqual(
    usage.byEndpoint.map((e: any) => [e.endpoint, String(e.jobs), String(e.pages)]),
  );
  expect(await cells('#usage-days')).toEqual(
    usage.byDay.map((d: any) => [d.day, String(d.jobs), String(d.pages)]),
  );
  expect(usage.byDay.map((d: any) => d.day)).toContain(new Date().toISOString().slice(0, 10));

  // A range the server refuses is said next to the form, and no stale figures stay beside it.
  await page.fill('#usage-from', '2026-12-05');
  await page.fill('#usage-to', '2026-12-01');
  await page.click('#usage-form button[type=submit]');
  await expect.poll(() => page.textContent('#usage-error')).toMatch(/from must not be after to/);
  expect(await page.textContent('#usage-total')).toBe('');
  expect(await page.locator('#usage-endpoints tbody tr').count()).toBe(0);
  // A range without jobs: zeros, not the default range's figures.
  await page.fill('#usage-from', '2020-01-01');
  await page.fill('#usage-to', '2020-01-31');
  await page.click('#usage-form button[type=submit]');
  await expect.poll(() => page.textContent('#usage-total')).toBe('0 jobs · 0 pages');
  expect(await page.textContent('#usage-error')).toBe('');
  expect(await page.locator('#usage-days tbody tr').count()).toBe(0);
  await page.click('#usage-toggle');
  expect(await page.isHidden('#usage')).toBe(true);
});
