// GraphiQL in headless Chromium against a real server, as a newcomer uses it (issue 13 item 5):
// open /graphql on localhost (the key preset), run the preset subscription, create a job, see
// its event arrive. GraphiQL sends subscriptions over SSE with the headers of its editor.
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.ts';

const CHROMIUM = '/usr/bin/chromium';

let s: TestServer;
let browser: Browser;
let page: Page;
beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  s = await startTestServer({ presetKey: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

it('runs the preset subscription and shows a job event', async () => {
  const answers: string[] = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname === '/graphql') answers.push(`${r.request().method()} ${r.status()}`);
  });
  // localhost, as the start banner prints it: a loopback name, so the key is preset.
  await page.goto(s.url.replace('127.0.0.1', 'localhost'));
  await page.click('.graphiql-execute-button');
  // The preset document holds a query and a subscription: GraphiQL asks which to run.
  await page.getByRole('menuitem', { name: 'Watch' }).click();
  await expect.poll(() => answers.some((a) => a.startsWith('GET 200'))).toBe(true);

  const created = await s.gql(
    'mutation { createJob(input: { endpoint: PARSE, document: { url: "data:,hello%20graphiql" } }) { id } }',
    {},
    s.docket.createdKey,
  );
  const id = created.data?.createJob.id as string;
  expect(id).toMatch(/^job_/);
  await expect
    .poll(() => page.locator('.graphiql-response').textContent(), { timeout: 30_000 })
    .toContain(id);
  expect(answers.filter((a) => !a.endsWith(' 200'))).toEqual([]);
});
