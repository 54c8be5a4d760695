// Datasets: exportJobs signs a URL that streams the organization's completed jobs.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createKey, revokeKey } from '../src/auth/keys.ts';
import { connect } from '../src/db/client.ts';
import { dataUrl } from '../testkit/fixtures.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

let s: TestServer;
const ids: string[] = [];
beforeAll(async () => {
  s = await startTestServer();
  const create = `mutation($input: CreateJobInput!) { createJob(input: $input) { id } }`;
  const docs = [
    ['Invoice 1 total 10.00 EUR', { batch: 'x', note: '=HYPERLINK("http://evil")' }],
    ['Invoice 2 total 20.00 EUR', { batch: 'x' }],
    ['Invoice 3 total 30.00 EUR', { batch: 'y' }],
  ] as const;
  for (const [text, metadata] of docs) {
    const res = await s.gql(create, {
      input: { endpoint: 'PARSE', document: { url: dataUrl(Buffer.from(text), 'text/plain') }, metadata },
    });
    ids.push(res.data!.createJob.id);
  }
  // One that fails: not exported.
  await s.gql(create, {
    input: { endpoint: 'PARSE', document: { url: dataUrl(new Uint8Array([0, 1, 2, 255]), 'x/y') } },
  });
  for (const id of ids) {
    const sub = s.subscribe(`subscription($id: ID) { jobUpdated(id: $id) { status } }`, { id });
    await sub.done;
  }
  await s.gql(
    create,
    { input: { endpoint: 'PARSE', document: { url: dataUrl(Buffer.from('other org'), 'text/plain') } } },
    s.keyB,
  );
});
afterAll(async () => {
  await s?.close();
});

const exportQ = `mutation($filter: JobFilter, $format: ExportFormat) { exportJobs(filter: $filter, format: $format) { url expiresAt } }`;

it('JSONL: every completed job of the organization, oldest first, with its result', async () => {
  const res = await s.gql(exportQ, {});
  expect(res.errors).toBeUndefined();
  const { url, expiresAt } = res.data!.exportJobs;
  expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now());
  const download = await fetch(url);
  expect(download.headers.get('content-type')).toContain('application/x-ndjson');
  const lines = (await download.text())
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(lines.map((l) => l.id)).toEqual(ids);
  expect(lines[1].result.text).toContain('Invoice 2');
  expect(lines[0].metadata.batch).toBe('x');
});

it('CSV with a filter; cells that a spreadsheet would run as formulas are defused', async () => {
  const res = await s.gql(exportQ, { filter: { metadata: { batch: 'x' } }, format: 'CSV' });
  const text = await (await fetch(res.data!.exportJobs.url)).text();
  const rows = text.trim().split('\n');
  expect(rows[0]).toMatch(/^id,endpoint,/);
  expect(rows).toHaveLength(3);
  expect(text).not.toMatch(/,=HYPERLINK/);
  expect(text).toContain(ids[0]!);
  expect(text).not.toContain(ids[2]!);
});

it('another organization’s export holds none of these; a tampered or foreign token is 404', async () => {
  const b = await s.gql(exportQ, {}, s.keyB);
  const text = await (await fetch(b.data!.exportJobs.url)).text();
  for (const id of ids) expect(text).not.toContain(id);
  const url: string = (await s.gql(exportQ, {})).data!.exportJobs.url;
  expect((await fetch(`${url}x`)).status).toBe(404);
  expect((await fetch(url.replace(/\/exports\/.*/, '/exports/garbage'))).status).toBe(404);
});

it('the expiry is the server’s: one hour at most; a revoked key’s exports are gone', async () => {
  const { expiresAt } = (await s.gql(exportQ, {})).data!.exportJobs;
  expect(new Date(expiresAt).getTime()).toBeLessThanOrEqual(Date.now() + 60 * 60 * 1000);
  const admin = connect(s.databaseUrl, { max: 1 });
  try {
    const second = await createKey(admin.db, 'org-a');
    const url: string = (await s.gql(exportQ, {}, second.key)).data!.exportJobs.url;
    expect((await fetch(url)).status).toBe(200);
    await revokeKey(admin.db, second.keyId);
    expect((await fetch(url)).status).toBe(404);
  } finally {
    await admin.sql.end();
  }
});
