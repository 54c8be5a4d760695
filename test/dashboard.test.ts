// The dashboard in headless Chromium against a real server: sign in with a key, upload through
// the drop zone's file input, watch the job complete live, open it, give feedback, cancel a
// slow one.
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeSlowPdf } from './helpers/fixtures.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = process.env.DASHBOARD_SCREENSHOT;

let s: TestServer;
let browser: Browser;
let page: Page;
beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  s = await startTestServer();
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
  await page.fill('#d-comment', 'looks right');
  await page.click('#d-good');
  await page.locator('#d-feedback-list li', { hasText: 'looks right' }).waitFor();
  const id = await row('invoice-2041.txt').getAttribute('data-id');
  const saved = await s.gql(`query($id: ID!) { job(id: $id) { feedback { rating comment } } }`, { id });
  expect(saved.data!.job.feedback).toEqual([{ rating: 'POSITIVE', comment: 'looks right' }]);
  await page.click('#d-close');
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
  if (SCREENSHOT) await page.screenshot({ path: SCREENSHOT });
  await page.click('#d-cancel');
  await row('scanned-contract.pdf', 'CANCELLED').waitFor();
  const id = await row('scanned-contract.pdf').getAttribute('data-id');
  const job = await s.gql(`query($id: ID!) { job(id: $id) { status } }`, { id });
  expect(job.data!.job.status).toBe('CANCELLED');
  // Filters: only the cancelled one is left under CANCELLED.
  await page.click('#d-close');
  await page.selectOption('#f-status', 'CANCELLED');
  await expect.poll(() => page.locator('#jobs tbody tr').count()).toBe(1);
}, 60_000);
