// The `docket` command as a user runs it: a child process against a real server.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dataUrl, makePdf, makeSlowPdf } from '../testkit/fixtures.ts';
import { encryptedPdf } from '../testkit/format-fixtures.ts';
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

/** A long-running command (watch): its output so far, and a wait for what it prints. */
interface Running {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  waitFor(what: string, predicate: (stdout: string, stderr: string) => boolean): Promise<void>;
  exited: Promise<number | null>;
}

function start(command: string, args: string[]): Running {
  const child = spawn(command, args, { env: { PATH: process.env.PATH ?? '' }, stdio: 'pipe' });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  const poke = () => {
    for (const w of [...waiters]) w();
  };
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
    poke();
  });
  child.stderr.on('data', (c: Buffer) => {
    err += c.toString();
    poke();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  void exited.then(poke);
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor: (what, predicate) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (predicate(out, err)) {
            waiters.delete(check);
            resolve();
          } else if (child.exitCode !== null) {
            waiters.delete(check);
            reject(new Error(`exited (${child.exitCode}) before ${what}\nstdout: ${out}\nstderr: ${err}`));
          }
        };
        waiters.add(check);
        check();
      }),
  };
}

function startWatch(args: string[]): Running {
  return start(process.execPath, ['src/cli/docket.ts', 'watch', ...args, '--url', s.url, '--key', s.keyA]);
}

async function createParseJob(text: string): Promise<string> {
  const res = await s.gql(
    `mutation($url: String!) { createJob(input: { endpoint: PARSE, document: { url: $url } }) { id } }`,
    { url: dataUrl(await makePdf([text])) },
  );
  return res.data!.createJob.id;
}

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
  // --json prints the results themselves, not only the ids.
  expect(results[0].job).toMatchObject({
    id: results[0].id,
    status: 'COMPLETED',
    qualityGrade: expect.any(String),
  });
  expect(results[0].job.response.body.text).toContain('Invoice 77');
  expect(results[1].job.response.body.text).toContain('Receipt 88');
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
  expect(human.stdout).toContain(', 1 page)');
  expect(human.stdout).toContain('Receipt 88');
}, 120_000); // four CLI starts: on a loaded 2-core machine a minute is not always enough

it('passes the options: --schema, --categories, --ocr, --redact-pii, --password', async () => {
  const invoice = path.join(dir, 'options-invoice.pdf');
  await writeFile(invoice, await makePdf(['Invoice number INV-9 for jane.doe@example.org\nTotal 42.00']));
  const schema = path.join(dir, 'invoice.schema.json');
  await writeFile(
    schema,
    JSON.stringify({ type: 'object', properties: { total: { type: 'number' }, email: { type: 'string' } } }),
  );
  const extract = await docket([
    'upload',
    invoice,
    '--schema',
    schema,
    '--ocr',
    'off',
    '--redact-pii',
    '--wait',
    '--json',
  ]);
  expect(extract.code, extract.stderr).toBe(0);
  const [extracted] = JSON.parse(extract.stdout);
  expect(extracted.job).toMatchObject({
    endpoint: 'EXTRACT',
    status: 'COMPLETED',
    privacyApplied: true,
    request: { options: { ocr: 'OFF', redactPii: true, jsonSchema: { type: 'object' } } },
  });
  expect(extracted.job.response.body.choices[0].message.parsed.total).toBe(42);
  expect(JSON.stringify(extracted.job.response.body)).not.toContain('jane.doe@example.org');

  const classify = await docket([
    'upload',
    invoice,
    '--endpoint',
    'classify',
    '--categories',
    'invoice, receipt',
    '--wait',
    '--json',
  ]);
  expect(classify.code, classify.stderr).toBe(0);
  const [classified] = JSON.parse(classify.stdout);
  expect(classified.job.request.options.categories).toEqual([{ name: 'invoice' }, { name: 'receipt' }]);
  expect(['invoice', 'receipt']).toContain(classified.job.response.body.result.classification);

  const locked = path.join(dir, 'locked.pdf');
  await writeFile(locked, encryptedPdf('s3cret', 'Behind a password'));
  const opened = await docket([
    'upload',
    locked,
    '--endpoint',
    'parse',
    '--password',
    's3cret',
    '--wait',
    '--json',
  ]);
  expect(opened.code, opened.stderr).toBe(0);
  const [open] = JSON.parse(opened.stdout);
  expect(open.job.response.body.text).toContain('Behind a password');
  expect(opened.stdout).not.toContain('s3cret'); // the password is never shown back

  const badOcr = await docket(['upload', invoice, '--ocr', 'sometimes']);
  expect(badOcr.code).toBe(2);
  expect(badOcr.stderr).toContain('--ocr takes auto, force or off');
}, 120_000);

it('Ctrl-C during --wait says the jobs go on and how to cancel them', async () => {
  const slow = path.join(dir, 'slow.pdf');
  await writeFile(slow, await makeSlowPdf());
  const up = start(process.execPath, [
    'src/cli/docket.ts',
    'upload',
    slow,
    '--ocr',
    'force',
    '--wait',
    '--url',
    s.url,
    '--key',
    s.keyA,
  ]);
  try {
    await up.waitFor('the file sent', (_, err) => /sent .* → job_/.test(err));
    const id = /→ (job_\w+)/.exec(up.stderr())![1]!;
    up.child.kill('SIGINT');
    expect(await up.exited).toBe(130);
    expect(up.stderr()).toContain('Ctrl-C stopped the CLI, not the jobs: 1 job sent goes on on the server');
    expect(up.stderr()).toContain(`docket jobs cancel ${id}`);
    // It does go on: interrupting the CLI cancelled nothing.
    const job = await s.gql('query($id: ID!) { job(id: $id) { status } }', { id });
    expect(['QUEUED', 'IN_PROGRESS']).toContain(job.data!.job.status);
    // And the command it printed cancels it.
    const cancel = await docket(['jobs', 'cancel', id, '--json']);
    expect(cancel.code).toBe(0);
    expect(JSON.parse(cancel.stdout)).toMatchObject({ id, status: 'CANCELLED' });
  } finally {
    up.child.kill('SIGKILL');
  }
}, 120_000);

/** Every job of the caller's organization with metadata run=`run`, through the API's pages. */
async function jobsOfRun(run: string): Promise<{ createdAt: string; filename: string; status: string }[]> {
  const all = [];
  let after: string | null = null;
  do {
    const res: any = await s.gql(
      `query($after: String, $run: String!) { jobs(first: 100, after: $after, filter: { metadata: { run: $run } }) {
        nodes { createdAt status document { filename } } pageInfo { hasNextPage endCursor } } }`,
      { after, run },
    );
    const page = res.data.jobs;
    all.push(
      ...page.nodes.map((n: any) => ({
        createdAt: n.createdAt,
        filename: n.document.filename,
        status: n.status,
      })),
    );
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return all;
}

it('uploads 150 files in two createJobs requests; an unreadable one is reported, a garbage one still sent', async () => {
  const batch = path.join(dir, 'batch');
  await mkdir(batch);
  const files: string[] = [];
  for (let i = 0; i < 149; i++) {
    const file = path.join(batch, `note-${String(i).padStart(3, '0')}.txt`);
    await writeFile(file, `Note ${i}\nTotal ${i}.00 EUR\n`);
    files.push(file);
  }
  // Garbage bytes are the server's to judge (the job fails later); a missing path never leaves.
  const junk = path.join(batch, 'junk.bin');
  await writeFile(junk, Buffer.from([0, 1, 2, 3, 255, 254, 0, 0, 7, 9, 0, 13, 200, 201, 0]));
  files.splice(70, 0, junk);
  const gone = path.join(batch, 'gone.pdf');
  files.splice(10, 0, gone);

  const run = await docket(['upload', ...files, '--endpoint', 'parse', '--metadata', 'run=big', '--json']);
  expect(run.code).toBe(1);
  const results = JSON.parse(run.stdout);
  expect(results).toHaveLength(151);
  expect(results[10]).toMatchObject({
    file: gone,
    id: null,
    status: 'NOT_SENT',
    error: { code: 'UNREADABLE' },
  });
  expect(results.filter((r: any) => r.id !== null)).toHaveLength(150);
  expect(run.stderr).toContain('sent 150/151');

  const made = await jobsOfRun('big');
  expect(made).toHaveLength(150);
  expect(new Set(made.map((j) => j.filename))).toEqual(
    new Set([...files.map((f) => path.basename(f))].filter((n) => n !== 'gone.pdf')),
  );
  // One createJobs request writes its jobs in one transaction, so they share created_at
  // (the transaction's now()): two requests, of 100 and 50.
  const perRequest = new Map<string, number>();
  for (const j of made) perRequest.set(j.createdAt, (perRequest.get(j.createdAt) ?? 0) + 1);
  expect([...perRequest.values()].sort((a, b) => b - a)).toEqual([100, 50]);
}, 120_000);

it('a server that takes smaller requests: the batches shrink, a file over its limit is refused alone', async () => {
  const small = await startTestServer({ env: { MAX_UPLOAD_BYTES: String(64 * 1024) } });
  try {
    const files: string[] = [];
    for (let i = 0; i < 3; i++) {
      const file = path.join(dir, `third-${i}.txt`);
      await writeFile(file, `Part ${i}\n${'x'.repeat(30 * 1024)}\n`);
      files.push(file);
    }
    const big = path.join(dir, 'too-big.txt');
    await writeFile(big, 'y'.repeat(100 * 1024));
    files.splice(1, 0, big);
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [
          'src/cli/docket.ts',
          'upload',
          ...files,
          '--endpoint',
          'parse',
          '--metadata',
          'run=small',
          '--json',
          '--url',
          small.url,
          '--key',
          small.keyA,
        ],
        { env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 },
        (err, stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stdout, stderr }),
      );
    });
    expect(run.code).toBe(1);
    const results = JSON.parse(run.stdout);
    expect(results.map((r: any) => r.status)).toEqual(['QUEUED', 'NOT_SENT', 'QUEUED', 'QUEUED']);
    expect(results[1].error.code).toBe('PAYLOAD_TOO_LARGE');
    const res = await small.gql(`{ jobs(first: 10, filter: { metadata: { run: "small" } }) { totalCount } }`);
    expect(res.data!.jobs.totalCount).toBe(3);
  } finally {
    await small.close();
  }
}, 120_000);

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

it('retries a failed job, cancels by filter, and prints usage', async () => {
  const failed = await s.gql(
    `mutation($url: String!) { createJob(input: { endpoint: PARSE, document: { url: $url }, metadata: { cli: "retry" } }) { id } }`,
    { url: dataUrl(Buffer.from('%PDF-1.7\nnot a pdf\n%%EOF')) },
  );
  const id = failed.data!.createJob.id;
  const sub = s.subscribe(`subscription($id: ID) { jobUpdated(id: $id) { status } }`, { id });
  await sub.done;
  const shown = await docket(['jobs', 'get', id]);
  // The error says its category and where it happened.
  expect(shown.stdout).toMatch(/error +\w+ \(DOCUMENT at (VALIDATION|OCR)\)/);
  const retried = await docket(['jobs', 'retry', id]);
  expect(retried.code).toBe(0);
  expect(retried.stdout).toMatch(/status +QUEUED/);
  expect(retried.stdout).toMatch(/attempt 1 .* FAILED/);
  const again = s.subscribe(`subscription($id: ID) { jobUpdated(id: $id) { status } }`, { id });
  await again.done;
  const completed = await docket(['jobs', 'retry', await createParseJob('fine')]);
  expect(completed.code).not.toBe(0);

  const slow = dataUrl(await makeSlowPdf(10));
  for (let i = 0; i < 2; i++) {
    await s.gql(
      `mutation($url: String!) { createJob(input: { endpoint: PARSE, document: { url: $url }, options: { ocr: FORCE }, metadata: { cli: "bulk" } }) { id } }`,
      { url: slow },
    );
  }
  const cancelled = await docket(['jobs', 'cancel', '--metadata', 'cli=bulk', '--json']);
  expect(cancelled.code).toBe(0);
  expect(JSON.parse(cancelled.stdout)).toEqual({ cancelled: 2, alreadyFinished: 0 });
  const both = await docket(['jobs', 'cancel', id, '--status', 'QUEUED']);
  expect(both.code).toBe(2);

  const usage = await docket(['usage', '--json']);
  expect(usage.code).toBe(0);
  expect(JSON.parse(usage.stdout).jobs).toBeGreaterThanOrEqual(4);
  const text = await docket(['usage']);
  expect(text.stdout).toMatch(/\d+ jobs, \d+ pages/);
  expect(text.stdout).toMatch(/PARSE/);
  const badDate = await docket(['usage', '--from', 'yesterday']);
  expect(badDate.code).toBe(2);
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

it('watch --json prints one JSON event per line until the jobs complete, and Ctrl-C exits 0', async () => {
  const w = startWatch(['--json']);
  try {
    await w.waitFor('connected', (_, err) => err.includes('watching for changes'));
    const ids = [await createParseJob('Watched one'), await createParseJob('Watched two')];
    const events = () =>
      w
        .stdout()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line));
    await w.waitFor('both jobs COMPLETED', () =>
      ids.every((id) => events().some((e) => e.id === id && e.status === 'COMPLETED')),
    );
    for (const id of ids) {
      const seen = events().filter((e) => e.id === id);
      // Every change, in version order, ending in COMPLETED.
      expect(seen.map((e) => e.version)).toEqual([...seen.map((e) => e.version)].sort((a, b) => a - b));
      expect(seen.map((e) => e.status)).toContain('IN_PROGRESS');
      expect(seen.at(-1)).toMatchObject({
        status: 'COMPLETED',
        endpoint: 'PARSE',
        document: { pageCount: 1 },
      });
    }
    w.child.kill('SIGINT');
    expect(await w.exited).toBe(0);
    expect(w.stderr()).not.toContain('docket:');
  } finally {
    w.child.kill('SIGKILL');
  }
});

it('watch without a terminal prints a line per change, filtered by status', async () => {
  const w = startWatch(['--status', 'completed']);
  try {
    await w.waitFor('connected', (_, err) => err.includes('watching for changes'));
    const id = await createParseJob('Watched in lines');
    await w.waitFor('the job COMPLETED', (out) => out.includes(id));
    const lines = w.stdout().split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^${id}  COMPLETED  PARSE  [A-D]  \\d+  \\d\\d:\\d\\d:\\d\\d  document$`),
    );
    w.child.kill('SIGINT');
    expect(await w.exited).toBe(0);
  } finally {
    w.child.kill('SIGKILL');
  }
});

it('watch on a terminal redraws a live table and stops on Ctrl-C with exit 0', async () => {
  // util-linux `script` gives the command a pseudo-terminal; -e returns its exit code, and a
  // Ctrl-C byte written to the terminal reaches it as SIGINT, as when a person presses it. `exec`:
  // no shell in between (dash would exit 130 for the SIGINT it saw, whatever watch returned).
  const command = [
    'exec',
    process.execPath,
    'src/cli/docket.ts',
    'watch',
    '--url',
    s.url,
    '--key',
    s.keyA,
  ].join(' ');
  const w = start('script', ['-qfec', command, '/dev/null']);
  try {
    await w.waitFor('connected', (out) => out.includes('waiting for changes'));
    const id = await createParseJob('Watched on a terminal');
    const lastFrame = () => w.stdout().split('\x1b[2J').at(-1) ?? '';
    await w.waitFor('the job COMPLETED in the table', () =>
      new RegExp(`^${id} +COMPLETED +PARSE`, 'm').test(lastFrame()),
    );
    expect(lastFrame()).toMatch(/^ID +STATUS +STAGE +ENDPOINT +GRADE +PII +UPDATED +QUEUE +ETA +FILE/m);
    expect(lastFrame()).toMatch(/COMPLETED 1/);
    w.child.stdin?.write('\x03');
    expect(await w.exited).toBe(0);
  } finally {
    w.child.kill('SIGKILL');
  }
});

it('watch with a refused key exits 3', async () => {
  const run = await docket(['watch'], 'dk_wrong');
  expect(run.code).toBe(3);
  expect(run.stderr).toContain('UNAUTHENTICATED');
});
