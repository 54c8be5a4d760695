// OpenTelemetry through the front door: an api process and a worker process, as users start
// them, export to an OTLP/HTTP receiver on loopback; one trace covers the request that created
// a job and the worker's run of it, stage by stage. And without an endpoint no SDK is loaded.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createKey } from '../src/auth/keys.ts';
import { connect } from '../src/db/client.ts';
import { dataUrl, makePdf } from '../testkit/fixtures.ts';
import { createTestDatabase } from './helpers/database.ts';

interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: Record<string, unknown>;
  status?: { code?: number };
  service: unknown;
}

const spans: ExportedSpan[] = [];
const contentTypes = new Set<string>();
let receiver: Server;
let receiverUrl: string;
let db: { url: string; drop: () => Promise<void> };
let key: string;
let api: { child: ChildProcess; url: string };
let worker: { child: ChildProcess };

/** OTLP/JSON attribute lists as a plain object. */
function attributesOf(list: { key: string; value: Record<string, unknown> }[] = []): Record<string, unknown> {
  return Object.fromEntries(list.map((a) => [a.key, Object.values(a.value)[0]]));
}

function startReceiver(): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      contentTypes.add(String(req.headers['content-type']));
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      const payload = JSON.parse(body.toString('utf8'));
      for (const rs of payload.resourceSpans ?? []) {
        const service = attributesOf(rs.resource?.attributes)['service.name'];
        for (const ss of rs.scopeSpans ?? []) {
          for (const s of ss.spans ?? []) {
            spans.push({ ...s, attributes: attributesOf(s.attributes), service });
          }
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function startDocket(role: 'api' | 'worker'): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['src/main.ts', '--role', role], {
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: db.url,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      WORKER_CONCURRENCY: '1',
      DATA_DIR: `.data/test-tracing-${role}-${process.pid}`,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiverUrl,
      OTEL_SERVICE_NAME: `docket-${role}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (c: Buffer) => {
      out += c.toString();
      const port = /GraphiQL http:\/\/[^\s:]+:(\d+)\/graphql/.exec(out)?.[1];
      if (role === 'api' && port) resolve({ child, url: `http://127.0.0.1:${port}/graphql` });
      if (role === 'worker' && out.includes('workers started')) resolve({ child, url: '' });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${role} exited with ${code}: ${out}`)));
  });
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return exited.finally(() => clearTimeout(t));
}

beforeAll(async () => {
  receiver = await startReceiver();
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  db = await createTestDatabase();
  const admin = connect(db.url, { max: 1 });
  key = (await createKey(admin.db, 'org-traced')).key;
  await admin.sql.end();
  [api, worker] = await Promise.all([startDocket('api'), startDocket('worker')]);
});
afterAll(async () => {
  await Promise.all([stop(api?.child), stop(worker?.child)]);
  await db?.drop();
  await new Promise((resolve) => receiver?.close(resolve));
});

async function createJob(text: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await fetch(api.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers },
    body: JSON.stringify({
      query: `mutation($url: String!) { createJob(input: { endpoint: PARSE, document: { url: $url } }) { id } }`,
      variables: { url: dataUrl(await makePdf([text])) },
    }),
  });
  const body = (await res.json()) as { data: { createJob: { id: string } } };
  return body.data.createJob.id;
}

/** Waits (the exporter batches for up to 5 s) until `predicate` holds for the spans received. */
async function spansUntil(what: string, predicate: () => boolean, ms = 45_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) {
      throw new Error(`no ${what} after ${ms} ms; received: ${spans.map((s) => s.name).join(', ')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

const runOf = (jobId: string) => spans.find((s) => s.attributes['docket.job.id'] === jobId);
const STAGES = ['VALIDATION', 'OCR', 'PII_DETECTION', 'QUALITY_SCORING'];

it('one trace covers createJob in the api process and the run in the worker process, stage by stage', async () => {
  const jobId = await createJob('Traced across processes');
  await spansUntil('run span with its stages and the request span', () => {
    const run = runOf(jobId);
    return (
      !!run &&
      spans.some((s) => s.spanId === run.parentSpanId) &&
      STAGES.every((st) => spans.some((s) => s.name === st && s.parentSpanId === run.spanId))
    );
  });
  const run = runOf(jobId)!;
  const request = spans.find((s) => s.spanId === run.parentSpanId);
  expect(request).toMatchObject({
    name: 'mutation createJob',
    service: 'docket-api',
    attributes: { 'graphql.operation.type': 'mutation', 'graphql.operation.root_field': 'createJob' },
  });
  expect(request!.traceId).toMatch(/^[0-9a-f]{32}$/);
  expect(run).toMatchObject({
    name: 'run PARSE',
    service: 'docket-worker',
    traceId: request!.traceId,
    attributes: { 'docket.job.endpoint': 'PARSE', 'docket.job.attempt': 1 },
  });
  expect(run.attributes['docket.organization.id']).toMatch(/^org_/);
  for (const stage of STAGES) {
    const span = spans.find((s) => s.name === stage && s.parentSpanId === run.spanId)!;
    expect(span.traceId).toBe(request!.traceId);
    expect(span.service).toBe('docket-worker');
  }
  expect([...contentTypes]).toEqual(['application/json']);
});

it("continues the caller's traceparent header", async () => {
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const callerSpan = '00f067aa0ba902b7';
  const jobId = await createJob('Traced from the caller', { traceparent: `00-${traceId}-${callerSpan}-01` });
  // The two processes export their batches independently: wait for both.
  const parentOf = (span: ExportedSpan | undefined) => spans.find((s) => s.spanId === span?.parentSpanId);
  await spansUntil('run span and its parent', () => !!parentOf(runOf(jobId)));
  const request = parentOf(runOf(jobId))!;
  expect(request).toMatchObject({ name: 'mutation createJob', traceId, parentSpanId: callerSpan });
  expect(runOf(jobId)!.traceId).toBe(traceId);
});

it('marks a failed run and a refused operation as errors', async () => {
  const refused = await fetch(api.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: `query { job(id: "job_nope") { id } jobs(first: -1) { totalCount } }` }),
  });
  expect(refused.status).toBe(200);
  const junk = await fetch(api.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({
      query: `mutation($url: String!) { createJob(input: { endpoint: PARSE, document: { url: $url } }) { id } }`,
      variables: { url: dataUrl(new Uint8Array([0, 1, 2, 3, 255, 254, 0, 7]), 'application/octet-stream') },
    }),
  });
  const jobId = ((await junk.json()) as { data: { createJob: { id: string } } }).data.createJob.id;
  await spansUntil('failed run and refused query', () => {
    const run = runOf(jobId);
    return run?.status?.code === 2 && spans.some((s) => s.name === 'query job' && s.status?.code === 2);
  });
  expect(runOf(jobId)!.status).toMatchObject({ code: 2, message: 'unsupported_format' });
});

it('without an OTLP endpoint no OpenTelemetry SDK module is loaded', async () => {
  // A fresh process that loads the modules that call tracing, listing every module loaded.
  const script = `
    import { registerHooks } from 'node:module';
    const loaded = [];
    registerHooks({ load(url, ctx, next) { loaded.push(url); return next(url, ctx); } });
    const { startTracing, currentTraceparent, tracingPlugins } = await import('./src/tracing/index.ts');
    await import('./src/jobs/create.ts');
    await import('./src/worker/run-job.ts');
    await startTracing({ OTEL_SERVICE_NAME: 'docket' }, { info() {} });
    console.log(JSON.stringify({
      sdk: loaded.filter((u) => /@opentelemetry\\/(sdk-|exporter-|context-async|core|resources)/.test(u)),
      traceparent: currentTraceparent() ?? null,
      plugins: tracingPlugins().length,
    }));`;
  const out = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, ['--input-type=module', '-e', script], { timeout: 110_000 }, (err, stdout) =>
      err ? reject(err) : resolve(stdout),
    ),
  );
  expect(JSON.parse(out)).toEqual({ sdk: [], traceparent: null, plugins: 0 });
}, 120_000);
