// The SDK against a real Docket: uploads over multipart, events over graphql-ws, polling when
// the socket cannot be opened, and the errors a caller sees.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocketClient, DocketError, JobTimeoutError } from '../src/client/index.ts';
import { makePdf } from '../testkit/fixtures.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

/** A WebSocket that always dials a closed port: the subscription can never be held. */
class RefusingWebSocket extends WebSocket {
  constructor(_url: string | URL, protocols?: string | string[]) {
    super('ws://127.0.0.1:9/', protocols);
  }
}

describe('against api + worker', () => {
  let s: TestServer;
  let client: DocketClient;
  let dir: string;
  beforeAll(async () => {
    s = await startTestServer();
    client = new DocketClient({ url: s.url, apiKey: s.keyA });
    dir = await mkdtemp(path.join(tmpdir(), 'docket-sdk-'));
  });
  afterAll(async () => {
    await client?.close();
    await s?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('createMany, retry, cancelMany and usage', async () => {
    const text = (body: string) => ({
      url: `data:text/plain;base64,${Buffer.from(body).toString('base64')}`,
    });
    const batch = await client.jobs.createMany([
      { endpoint: 'PARSE', document: text('sdk batch'), metadata: { sdk: 'many' } },
      { endpoint: 'PARSE', document: { documentId: 'document_nope' } },
    ]);
    expect(batch.jobs[1]).toBeNull();
    expect(batch.errors).toEqual([
      { index: 1, code: 'NOT_FOUND', message: expect.stringMatching(/document_nope/) },
    ]);
    const done = await client.jobs.waitForCompletion(batch.jobs[0]!.id);
    expect(done.status).toBe('COMPLETED');
    expect(done.attemptHistory.map((a) => a.outcome)).toEqual(['COMPLETED']);
    const retry = await client.jobs.retry(done.id).catch((e: unknown) => e);
    expect(retry).toBeInstanceOf(DocketError);
    expect((retry as DocketError).code).toBe('CONFLICT');
    expect(await client.jobs.cancelMany({ filter: { metadata: { sdk: 'many' } } })).toEqual({
      cancelled: 0,
      alreadyFinished: 1,
    });
    const usage = await client.usage({ from: new Date(Date.now() - 86_400_000) });
    expect(usage.jobs).toBeGreaterThanOrEqual(1);
    expect(usage.byEndpoint.map((e) => e.endpoint)).toContain('PARSE');
  });

  it('createMany sends Blobs as one multipart request, each file its own job; 101 files are refused', async () => {
    const note = (body: string, name: string) => new File([body], name, { type: 'text/plain' });
    const batch = await client.jobs.createMany([
      { endpoint: 'PARSE', document: { file: note('first note', 'first.txt') }, metadata: { sdk: 'files' } },
      // Refused on its own: categories are for CLASSIFY and SPLIT.
      {
        endpoint: 'PARSE',
        document: { file: note('refused', 'refused.txt') },
        options: { categories: [{ name: 'x' }] },
        metadata: { sdk: 'files' },
      },
      { endpoint: 'PARSE', document: { file: new Blob(['no name']) }, metadata: { sdk: 'files' } },
    ]);
    expect(batch.jobs[1]).toBeNull();
    expect(batch.errors).toEqual([
      { index: 1, code: 'BAD_USER_INPUT', message: expect.stringContaining('categories') },
    ]);
    const [first, third] = await Promise.all(
      [batch.jobs[0]!, batch.jobs[2]!].map((j) => client.jobs.waitForCompletion(j.id)),
    );
    expect(first!.document?.filename).toBe('first.txt');
    expect(JSON.stringify(first!.response?.body)).toContain('first note');
    expect(third!.document?.filename).toBe('document');
    expect(JSON.stringify(third!.response?.body)).toContain('no name');

    const tooMany = await client.jobs
      .createMany(
        Array.from({ length: 101 }, (_, i) => ({
          endpoint: 'PARSE' as const,
          document: { file: note(`n${i}`, `n${i}.txt`) },
          metadata: { sdk: 'too-many' },
        })),
      )
      .catch((e: unknown) => e);
    expect(tooMany).toBeInstanceOf(DocketError);
    expect((tooMany as DocketError).code).toBe('BAD_USER_INPUT');
    expect((tooMany as DocketError).message).toContain('100');
    const none = await client.jobs.list({ filter: { metadata: { sdk: 'too-many' } } });
    expect(none.totalCount).toBe(0);
  });

  it('uploads a PDF from a path and watches it to completion', async () => {
    const file = path.join(dir, 'invoice.pdf');
    await writeFile(file, await makePdf(['Invoice 2026-0042\nTotal: 120.00 EUR']));
    const job = await client.jobs.upload(file, { endpoint: 'PARSE', metadata: { source: 'sdk' } });
    expect(job).toMatchObject({ status: 'QUEUED', endpoint: 'PARSE', metadata: { source: 'sdk' } });
    expect(job.document).toMatchObject({
      filename: 'invoice.pdf',
      mimeType: 'application/pdf',
      pageCount: null,
    });

    const events = [];
    for await (const event of client.jobs.watch(job.id)) events.push(event);
    const versions = events.map((e) => e.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(events.at(-1)!.status).toBe('COMPLETED');
    expect(JSON.stringify(events.at(-1)!.response!.body)).toContain('Invoice 2026-0042');
  });

  it('waitForCompletion returns the finished job from bytes and from a Blob', async () => {
    const bytes = await makePdf(['Receipt 7\nPaid in cash']);
    const fromBytes = await client.jobs.upload(Buffer.from(bytes), { endpoint: 'PARSE', filename: 'r.pdf' });
    const fromBlob = await client.jobs.upload(new File([bytes as Uint8Array<ArrayBuffer>], 'blob.pdf'), {
      endpoint: 'PARSE',
    });
    expect(fromBlob.document!.filename).toBe('blob.pdf');
    const [a, b] = await Promise.all([
      client.jobs.waitForCompletion(fromBytes.id, { timeout: 60_000 }),
      client.jobs.waitForCompletion(fromBlob.id, { timeout: 60_000 }),
    ]);
    expect(a.status).toBe('COMPLETED');
    expect(b.status).toBe('COMPLETED');
    expect(JSON.stringify(a.response!.body)).toContain('Receipt 7');
    // Already terminal: answered by the subscription's first event.
    expect((await client.jobs.waitForCompletion(a.id)).version).toBe(a.version);
  });

  it('falls back to polling when the socket cannot be opened', async () => {
    const polling = new DocketClient({ url: s.url, apiKey: s.keyA, webSocketImpl: RefusingWebSocket });
    const job = await polling.jobs.create({
      endpoint: 'PARSE',
      document: { url: `data:text/plain;base64,${Buffer.from('hello from a data URL').toString('base64')}` },
    });
    const fallbacks: DocketError[] = [];
    const done = await polling.jobs.waitForCompletion(job.id, {
      timeout: 60_000,
      onFallback: (e) => fallbacks.push(e),
    });
    expect(done.status).toBe('COMPLETED');
    expect(fallbacks.map((e) => e.code)).toEqual(['CONNECTION_CLOSED']);
    await expect(polling.jobs.watch(job.id).next()).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
    await polling.close();
  });

  it('feedback on a job', async () => {
    const job = (await client.jobs.list({ first: 1, filter: { status: ['COMPLETED'] } })).nodes[0]!;
    const feedback = await client.jobs.submitFeedback({
      jobId: job.id,
      rating: 'NEGATIVE',
      issue: 'wrong_fields',
      comment: 'total is off',
    });
    expect(feedback).toMatchObject({ rating: 'NEGATIVE', issue: 'wrong_fields', comment: 'total is off' });
    expect(feedback.id).toBeTruthy();
  });

  it('errors carry the contract code', async () => {
    const missing = await client.jobs.get('job_doesnotexist');
    expect(missing).toBeNull();
    await expect(client.jobs.cancel('job_doesnotexist')).rejects.toMatchObject({
      name: 'DocketError',
      code: 'NOT_FOUND',
    });
    await expect(
      client.jobs.waitForCompletion('job_doesnotexist', { timeout: 10_000 }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const bad = new DocketClient({ url: s.url, apiKey: 'dk_notakey' });
    const err = await bad.jobs.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DocketError);
    expect(err).toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(bad.jobs.watch('job_x').next()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await bad.close();
    const other = new DocketClient({ url: s.url, apiKey: s.keyB });
    const ofA = (await client.jobs.list({ first: 1 })).nodes[0]!;
    expect(await other.jobs.get(ofA.id)).toBeNull();
    const unreachable = new DocketClient({ url: 'http://127.0.0.1:9/graphql', apiKey: s.keyA });
    await expect(unreachable.jobs.get('job_x')).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
  });
});

describe('against an api without workers (jobs stay QUEUED)', () => {
  let s: TestServer;
  let client: DocketClient;
  const ids: string[] = [];
  beforeAll(async () => {
    s = await startTestServer({ role: 'api' });
    client = new DocketClient({ url: s.url, apiKey: s.keyA });
    for (let i = 0; i < 5; i++) {
      const job = await client.jobs.create({
        endpoint: 'PARSE',
        document: { url: `data:text/plain;base64,${Buffer.from(`note ${i}`).toString('base64')}` },
        metadata: { batch: 'paging', n: String(i) },
      });
      ids.unshift(job.id); // newest first, as the API lists them
    }
  });
  afterAll(async () => {
    await client?.close();
    await s?.close();
  });

  it('list returns a page; iterating walks every page', async () => {
    const filter = { metadata: { batch: 'paging' } };
    const page = await client.jobs.list({ first: 2, filter });
    expect(page.totalCount).toBe(5);
    expect(page.nodes.map((j) => j.id)).toEqual(ids.slice(0, 2));
    expect(page.pageInfo.hasNextPage).toBe(true);

    const second = await client.jobs.list({ first: 2, offset: 2, filter });
    expect(second.nodes.map((j) => j.id)).toEqual(ids.slice(2, 4));

    const all: string[] = [];
    for await (const job of client.jobs.list({ first: 2, filter })) all.push(job.id);
    expect(all).toEqual(ids);
    const fromOffset: string[] = [];
    for await (const job of client.jobs.iterate({ first: 2, offset: 1, filter })) fromOffset.push(job.id);
    expect(fromOffset).toEqual(ids.slice(1));
  });

  it('waitForCompletion throws JobTimeoutError when the job cannot finish', async () => {
    const started = Date.now();
    const err = await client.jobs.waitForCompletion(ids[0]!, { timeout: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JobTimeoutError);
    expect(err).toMatchObject({ jobId: ids[0], timeoutMs: 300, lastStatus: 'QUEUED' });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('waitForCompletion stops on abort, also while polling', async () => {
    const controller = new AbortController();
    const waiting = client.jobs.waitForCompletion(ids[1]!, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });

    const polling = new DocketClient({ url: s.url, apiKey: s.keyA, webSocketImpl: RefusingWebSocket });
    const pollController = new AbortController();
    const polled = polling.jobs.waitForCompletion(ids[1]!, {
      signal: pollController.signal,
      onFallback: () => setTimeout(() => pollController.abort(), 50),
    });
    await expect(polled).rejects.toMatchObject({ name: 'AbortError' });
    await polling.close();
  });

  it('cancel ends the watch with CANCELLED', async () => {
    const id = ids[2]!;
    const watch = client.jobs.watch(id);
    const first = await watch.next();
    expect(first.value).toMatchObject({ id, status: 'QUEUED' });
    const cancelled = await client.jobs.cancel(id);
    expect(cancelled.status).toBe('CANCELLED');
    const rest = [];
    for await (const event of { [Symbol.asyncIterator]: () => watch }) rest.push(event.status);
    expect(rest).toEqual(['CANCELLED']);
    expect((await client.jobs.waitForCompletion(id)).status).toBe('CANCELLED');
  });
});
