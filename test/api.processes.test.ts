// An api process and a separate worker process on one database: queued jobs wait for a
// worker, cancel acts at once, and a worker's events reach the api's subscribers (WS and SSE).
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataUrl, makePdf } from '../testkit/fixtures.ts';
import { freePort } from '../testkit/net.ts';
import { startTestServer, startWorkerProcess, subscribeSse, type TestServer } from './helpers/server.ts';

let api: TestServer;
let worker: ChildProcess | null = null;
let workerMetricsPort = 0;

beforeAll(async () => {
  api = await startTestServer({ role: 'api' });
});
afterAll(async () => {
  worker?.kill('SIGKILL');
  await api?.close();
});

const createQ = `mutation($url: String!) { createJob(input: { endpoint: PARSE, document: { url: $url } }) { id status version } }`;

describe('api and worker in separate processes', () => {
  it('a job waits QUEUED without a worker; cancelling it is immediate', async () => {
    const res = await api.gql(createQ, { url: dataUrl(await makePdf(['never run'])) });
    const job = res.data!.createJob;
    expect(job.status).toBe('QUEUED');
    const cancel = await api.gql(`mutation($id: ID!) { cancelJob(id: $id) { status version } }`, {
      id: job.id,
    });
    expect(cancel.data!.cancelJob).toEqual({ status: 'CANCELLED', version: 2 });
    const again = await api.gql(`mutation($id: ID!) { cancelJob(id: $id) { status version } }`, {
      id: job.id,
    });
    expect(again.data!.cancelJob).toEqual({ status: 'CANCELLED', version: 2 });
    // Another organization cannot see or cancel it.
    const foreign = await api.gql(
      `mutation($id: ID!) { cancelJob(id: $id) { status } }`,
      { id: job.id },
      api.keyB,
    );
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('events from the worker process reach WebSocket and SSE subscribers of the api process', async () => {
    const res = await api.gql(createQ, { url: dataUrl(await makePdf(['across processes', 'page two'])) });
    const id = res.data!.createJob.id;
    const query = `subscription($id: ID) { jobUpdated(id: $id) { id status version progress } }`;
    const ws = api.subscribe(query, { id });
    const viaSse = subscribeSse(api.url, query, { id }, api.keyA);
    // Another organization subscribing to everything sees nothing of it.
    const foreign = api.subscribe(`subscription { jobUpdated { id } }`, {}, api.keyB);
    await ws.until((e) => e.status === 'QUEUED');
    workerMetricsPort = await freePort();
    worker = await startWorkerProcess(api.databaseUrl, { METRICS_PORT: String(workerMetricsPort) });
    await ws.done;
    await viaSse.done;
    for (const events of [ws.events, viaSse.events]) {
      expect(events[0]).toMatchObject({ id, status: 'QUEUED', version: 1 });
      expect(events.at(-1)!.status).toBe('COMPLETED');
      const versions = events.map((e) => e.version);
      expect(versions).toEqual(versions.map((_, i) => i + 1));
    }
    expect(foreign.events).toEqual([]);
  });

  it('subscribing after the job finished sends its final state and completes', async () => {
    const res = await api.gql(createQ, { url: dataUrl(await makePdf(['late subscriber'])) });
    const id = res.data!.createJob.id;
    const first = api.subscribe(`subscription($id: ID) { jobUpdated(id: $id) { status } }`, { id });
    await first.done;
    const late = api.subscribe(`subscription($id: ID) { jobUpdated(id: $id) { status version } }`, { id });
    await late.done;
    expect(late.events).toHaveLength(1);
    expect(late.events[0]!.status).toBe('COMPLETED');
  });

  it('the worker process serves its stage durations on METRICS_PORT; the api process has none', async () => {
    expect(worker).not.toBeNull(); // started by the test before
    const origin = `http://127.0.0.1:${workerMetricsPort}`;
    const health = await fetch(`${origin}/healthz`);
    expect(health.status).toBe(200);
    const scraped = await fetch(`${origin}/metrics`);
    expect(scraped.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await scraped.text();
    // The jobs this file ran went through the worker process.
    expect(text).toMatch(/^docket_stage_duration_seconds_count\{endpoint="PARSE",stage="OCR"\} [1-9]\d*$/m);
    expect(text).toMatch(/^docket_jobs\{status="COMPLETED",endpoint="PARSE"\} [1-9]\d*$/m);
    expect(text).toMatch(/^docket_queue_tasks\{queue="docket-run",state="queued"\} \d+$/m);
    expect(text).toMatch(/^docket_subscribers 0$/m);
    expect(text).toMatch(/^docket_process_resident_memory_bytes \d+/m);
    expect((await fetch(`${origin}/graphql`)).status).toBe(404);

    const apiText = await (await fetch(api.url.replace(/\/graphql$/, '/metrics'))).text();
    expect(apiText).not.toMatch(/^docket_stage_duration_seconds_count\{/m);
  });
});
