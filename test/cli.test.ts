// The `docket` command as a user runs it: a child process against a real server.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dataUrl, makePdf, makeSlowPdf } from './helpers/fixtures.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

let s: TestServer;
let dir: string;
beforeAll(async () => {
  s = await startTestServer();
  dir = await mkdtemp(path.join(tmpdir(), 'docket-cli-'));
});
afterAll(async () => {
  await s?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function docket(
  args: string[],
  key: string | null = s.keyA,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const auth = key === null ? [] : ['--key', key];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['src/cli/docket.ts', ...args, '--url', s.url, ...auth],
      // No DOCKET_* from the outside: the flags are the whole configuration.
      { env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

it('uploads two files, waits, writes results and exits 0', async () => {
  const a = path.join(dir, 'invoice.pdf');
  const b = path.join(dir, 'receipt.pdf');
  await writeFile(a, await makePdf(['Invoice 77\nTotal 10.00']));
  await writeFile(b, await makePdf(['Receipt 88\nCash']));
  const out = path.join(dir, 'out');
  const run = await docket([
    'upload',
    a,
    b,
    '--endpoint',
    'parse',
    '--metadata',
    'batch=cli',
    '--wait',
    '--out',
    out,
    '--json',
  ]);
  expect(run.stderr).toContain('done 2/2');
  expect(run.code).toBe(0);
  const results = JSON.parse(run.stdout);
  expect(results).toHaveLength(2);
  expect(results.map((r: any) => r.status)).toEqual(['COMPLETED', 'COMPLETED']);
  expect((await readdir(out)).sort()).toEqual(['invoice.json', 'receipt.json']);
  const written = JSON.parse(await readFile(path.join(out, 'invoice.json'), 'utf8'));
  expect(written).toMatchObject({ id: results[0].id, status: 'COMPLETED', metadata: { batch: 'cli' } });
  expect(JSON.stringify(written.response.body)).toContain('Invoice 77');

  const list = await docket(['jobs', 'list', '--status', 'completed', '--json']);
  expect(list.code).toBe(0);
  const page = JSON.parse(list.stdout);
  expect(page.nodes.map((j: any) => j.id)).toEqual(expect.arrayContaining(results.map((r: any) => r.id)));

  const get = await docket(['jobs', 'get', results[1].id, '--json']);
  expect(get.code).toBe(0);
  expect(JSON.parse(get.stdout)).toMatchObject({ id: results[1].id, status: 'COMPLETED' });
  const human = await docket(['jobs', 'get', results[1].id]);
  expect(human.stdout).toMatch(/status +COMPLETED/);
  expect(human.stdout).toContain('Receipt 88');
});

it('a job that fails makes the batch exit 1, with the failure named', async () => {
  const junk = path.join(dir, 'junk.bin');
  await writeFile(junk, Buffer.from([0, 1, 2, 3, 255, 254, 0, 0, 7, 9, 0, 13, 200, 201, 0]));
  const run = await docket(['upload', junk, '--wait']);
  expect(run.code).toBe(1);
  expect(run.stdout).toContain('FAILED');
  expect(run.stdout).toContain('unsupported_format');
  expect(run.stderr).toContain('failed 1');
});

it('cancels a running job', async () => {
  const res = await s.gql(
    `mutation($url: String!) { createJob(input: { endpoint: PARSE, document: { url: $url }, options: { ocr: FORCE } }) { id } }`,
    { url: dataUrl(await makeSlowPdf()) },
  );
  const id = res.data!.createJob.id;
  const run = await docket(['jobs', 'cancel', id, '--json']);
  expect(run.code).toBe(0);
  expect(JSON.parse(run.stdout)).toMatchObject({ id, status: 'CANCELLED' });
  const missing = await docket(['jobs', 'get', 'job_doesnotexist']);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toContain('no job job_doesnotexist');
});

it('a bad key exits 3 and says which setting to check', async () => {
  const run = await docket(['jobs', 'list'], 'dk_wrong');
  expect(run.code).toBe(3);
  expect(run.stderr).toContain('UNAUTHENTICATED');
  expect(run.stderr).toContain('--key');
});

it('usage mistakes exit 2', async () => {
  const unknown = await docket(['frobnicate']);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain('unknown command "frobnicate"');
  const badFlag = await docket(['jobs', 'list', '--colour']);
  expect(badFlag.code).toBe(2);
  const badStatus = await docket(['jobs', 'list', '--status', 'DONE']);
  expect(badStatus.code).toBe(2);
  expect(badStatus.stderr).toContain('--status takes');
  const noFiles = await docket(['upload']);
  expect(noFiles.code).toBe(2);
});
