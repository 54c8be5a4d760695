// API key revocation during subscriptions (FAULT-TESTS T15): organization A has two keys, K
// and K2. WS WebSocket (graphql-ws) and SSE subscriptions follow A's jobs org-wide with K, one
// WebSocket subscription with K2; a job is created with K2 every 0.5 s so events flow. Then K
// is revoked the way an operator does it, `node src/cli/keys.ts revoke K` (what `npm run
// keys -- revoke` runs) against the cluster's DATABASE_URL; the clock starts when it exits.
// The first attempts with K after that — a WebSocket connection_init, an SSE subscription and
// a createJob over HTTP — are made at once. Pass: every K subscription is closed or ended with
// an error within the api's key re-check interval (KEY_RECHECK_SECONDS, --recheck) + 5 s, no
// K subscription gets an event after its end or after that bound, all three new attempts
// are rejected (WebSocket closed 4401/4403 without an ack, UNAUTHENTICATED otherwise), and
// K2 keeps working: its subscription stays open and gets events after the revocation, and
// its createJob calls keep succeeding. Figures: revoke → closed median and max per transport,
// events between revoke and close, events after close, rejection codes, K2's events.
//
//   npm run fault:key-revocation -- [--ws 10] [--sse 10] [--recheck 30]
import { execFile } from 'node:child_process';
import { parseArgs, promisify } from 'node:util';
import WebSocket from 'ws';
import {
  CREATE_JOB,
  gql,
  quantile,
  startCluster,
  startDocketProcess,
  subscribe,
  subscriberGauge,
  textDataUrl,
  verdict,
  waitFor,
} from '../harness/index.ts';

const run = promisify(execFile);

const { values } = parseArgs({
  options: {
    ws: { type: 'string', default: '10' },
    sse: { type: 'string', default: '10' },
    recheck: { type: 'string', default: '30' },
  },
});
const wsCount = Math.min(100, Number(values.ws));
const sseCount = Math.min(100, Number(values.sse));
const recheckSeconds = Math.min(120, Math.max(1, Number(values.recheck)));
const BOUND_MS = recheckSeconds * 1000 + 5000;
// After the bound, K's subscriptions are watched this long more for stray events.
const AFTER_MS = 5000;
const QUERY = 'subscription { jobUpdated { id status version } }';
const failures: string[] = [];

// The whole run ends by itself: setup, a warm-up, the bound, the watch after it, teardown.
const HARD_TIMEOUT_MS = 120_000 + BOUND_MS + AFTER_MS;
const hardTimeout = setTimeout(() => {
  console.log(`key-revocation: FAIL\n  - hard timeout after ${HARD_TIMEOUT_MS / 1000} s`);
  process.exit(1);
}, HARD_TIMEOUT_MS);
hardTimeout.unref();

/** One K subscription as its client sees it: arrival time of every event, and how it ended. */
interface Sub {
  transport: 'ws' | 'sse';
  events: number[];
  /** When the subscription ended: an error payload, complete, close or stream end, whichever first. */
  endedAt: number | null;
  how: string;
  stop(): void;
}

/** A raw graphql-transport-ws client, to see the close code and reason as they are sent. */
function wsSub(url: string, key: string): Sub {
  const ws = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const sub: Sub = { transport: 'ws', events: [], endedAt: null, how: '', stop: () => ws.terminate() };
  const end = (how: string) => {
    if (sub.endedAt !== null) return;
    sub.endedAt = Date.now();
    sub.how = how;
  };
  ws.on('open', () =>
    ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${key}` } })),
  );
  ws.on('message', (data: Buffer) => {
    const msg = JSON.parse(data.toString()) as { type: string; payload?: any };
    if (msg.type === 'connection_ack')
      ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: QUERY } }));
    else if (msg.type === 'next' && msg.payload?.data?.jobUpdated) sub.events.push(Date.now());
    else if (msg.type === 'next' && msg.payload?.errors)
      end(`error ${msg.payload.errors[0]?.extensions?.code ?? msg.payload.errors[0]?.message}`);
    else if (msg.type === 'error') end(`error ${JSON.stringify(msg.payload)}`);
    else if (msg.type === 'complete') end('complete');
  });
  ws.on('close', (code, reason) => {
    const closed = `close ${code} ${reason.toString()}`;
    if (sub.endedAt === null) end(closed);
    else sub.how += `, then ${closed}`;
  });
  ws.on('error', () => end('socket error'));
  return sub;
}

function sseRequest(url: string, key: string, signal: AbortSignal) {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      authorization: `Bearer ${key}`,
    },
    body: JSON.stringify({ query: QUERY }),
    signal,
  });
}

/** A yoga SSE subscription read chunk by chunk; `event: next` with data is an event. */
function sseSub(url: string, key: string): Sub {
  const controller = new AbortController();
  const sub: Sub = { transport: 'sse', events: [], endedAt: null, how: '', stop: () => controller.abort() };
  const end = (how: string) => {
    if (sub.endedAt !== null) return;
    sub.endedAt = Date.now();
    sub.how = how;
  };
  void (async () => {
    const res = await sseRequest(url, key, controller.signal);
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      for (let cut = buffer.indexOf('\n\n'); cut >= 0; cut = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (event === 'complete') end('complete');
        if (event !== 'next' || !data) continue;
        const payload = JSON.parse(data) as { data?: { jobUpdated?: unknown }; errors?: any[] };
        if (payload.data?.jobUpdated) sub.events.push(Date.now());
        else if (payload.errors)
          end(`error ${payload.errors[0]?.extensions?.code ?? payload.errors[0]?.message}`);
      }
    }
    if (sub.endedAt === null) end('stream end');
    else sub.how += ', then stream end';
  })().catch((err: Error) =>
    end(controller.signal.aborted ? 'aborted by the script' : `stream error ${err.message}`),
  );
  return sub;
}

/** A fresh WebSocket with K: how the server answers connection_init. */
function wsAttempt(url: string, key: string): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const started = Date.now();
    const timer = setTimeout(() => {
      resolve('no answer in 10 s');
      ws.terminate();
    }, 10_000);
    ws.on('open', () =>
      ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${key}` } })),
    );
    ws.on('message', (data: Buffer) => {
      if ((JSON.parse(data.toString()) as { type: string }).type === 'connection_ack') {
        clearTimeout(timer);
        resolve('ACK (accepted)');
        ws.terminate();
      }
    });
    ws.on('close', (code, reason) => {
      clearTimeout(timer);
      resolve(`close ${code} "${reason.toString()}" after ${Date.now() - started} ms`);
    });
    ws.on('error', () => {});
  });
}

/** A fresh SSE subscription with K: its status and what it streamed in up to 5 s. */
async function sseAttempt(url: string, key: string): Promise<{ status: number; body: string }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 5000);
  let body = '';
  let status = 0;
  try {
    const res = await sseRequest(url, key, controller.signal);
    status = res.status;
    const decoder = new TextDecoder();
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>)
      body += decoder.decode(chunk, { stream: true });
  } catch {
    // still open after 5 s: what it sent so far is the answer
  } finally {
    clearTimeout(timer);
  }
  return { status, body };
}

async function createJobRaw(url: string, key: string, i: number) {
  const input = { endpoint: 'PARSE', document: { url: textDataUrl(`revocation ${i}`) } };
  const res = await gql(url, key, CREATE_JOB, { input }, 10_000);
  return { status: res.status, code: res.errors?.[0]?.extensions?.code ?? null, id: res.data?.createJob?.id };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const cluster = await startCluster('key-revocation');
const api = await startDocketProcess('api', cluster.url, { KEY_RECHECK_SECONDS: String(recheckSeconds) });
const worker = await startDocketProcess('worker', cluster.url, { WORKER_CONCURRENCY: '2' });
const url = api.url as string;
try {
  const K = cluster.keyA;
  // The operator's second key for the same organization, made with the CLI.
  const made = await run(process.execPath, ['src/cli/keys.ts', 'create', '--org', 'org-a', '--json'], {
    env: { ...process.env, DATABASE_URL: cluster.url },
  });
  const K2 = (JSON.parse(made.stdout.trim().split('\n').pop() as string) as { key: string }).key;

  const subs = [
    ...Array.from({ length: wsCount }, () => wsSub(url, K)),
    ...Array.from({ length: sseCount }, () => sseSub(url, K)),
  ];
  const k2Events: number[] = [];
  const k2Sub = subscribe(url, K2, QUERY, {}, { onEvent: () => k2Events.push(Date.now()) });
  const up = await waitFor(async () => (await subscriberGauge(url)) >= wsCount + sseCount + 1, 60_000, 250);
  if (!up) failures.push(`only ${await subscriberGauge(url)} of ${wsCount + sseCount + 1} subscriptions up`);

  // Jobs with K2 every 0.5 s from now to the end; each is a few events for every subscription.
  const k2Creates: { at: number; ok: boolean; code: string | null }[] = [];
  let creating = true;
  const creator = (async () => {
    for (let i = 0; creating; i++) {
      const at = Date.now();
      const r = await createJobRaw(url, K2, i).catch(() => ({ id: undefined, code: 'network error' }));
      k2Creates.push({ at, ok: Boolean(r.id), code: r.code });
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 500 - (Date.now() - at))));
    }
  })();

  // Every K subscription must be live (an event seen) before the key goes.
  const live = await waitFor(async () => subs.every((s) => s.events.length > 0), 30_000, 250);
  if (!live)
    failures.push(
      `${subs.filter((s) => s.events.length === 0).length} K subscriptions got no event before the revocation`,
    );
  const endedEarly = subs.filter((s) => s.endedAt !== null);
  if (endedEarly.length)
    failures.push(`${endedEarly.length} K subscriptions ended before the revocation (${endedEarly[0]?.how})`);

  await run(process.execPath, ['src/cli/keys.ts', 'revoke', K], {
    env: { ...process.env, DATABASE_URL: cluster.url },
  });
  const revokedAt = Date.now();
  const [wsNew, sseNew, httpNew] = await Promise.all([
    wsAttempt(url, K),
    sseAttempt(url, K),
    createJobRaw(url, K, -1).catch((err: Error) => ({ status: 0, code: err.message, id: undefined })),
  ]);
  const k2Right = await createJobRaw(url, K2, -2).catch(() => ({
    status: 0,
    code: 'network error',
    id: undefined,
  }));

  await waitFor(async () => subs.every((s) => s.endedAt !== null), BOUND_MS + 2000, 100);
  // Keep watching a while past the bound: nothing more may arrive.
  await new Promise((r) => setTimeout(r, Math.max(0, revokedAt + BOUND_MS + AFTER_MS - Date.now())));
  creating = false;
  await creator;
  const gaugeAfter = await subscriberGauge(url);

  // Figures.
  for (const transport of ['ws', 'sse'] as const) {
    const these = subs.filter((s) => s.transport === transport);
    if (these.length === 0) continue;
    const ended = these.filter((s) => s.endedAt !== null);
    const times = ended.map((s) => (s.endedAt as number) - revokedAt);
    const hows = new Map<string, number>();
    for (const s of these) hows.set(s.how || 'still open', (hows.get(s.how || 'still open') ?? 0) + 1);
    const between = these.reduce(
      (n, s) => n + s.events.filter((t) => t > revokedAt && t <= (s.endedAt ?? Infinity)).length,
      0,
    );
    const afterEnd = these.reduce(
      (n, s) => n + s.events.filter((t) => s.endedAt !== null && t > s.endedAt).length,
      0,
    );
    const afterBound = these.reduce((n, s) => n + s.events.filter((t) => t > revokedAt + BOUND_MS).length, 0);
    console.log(
      `${transport}: ${ended.length}/${these.length} ended; revoke → end median ${seconds(quantile(times, 0.5))}, max ${seconds(Math.max(...times))} ` +
        `(bound ${seconds(BOUND_MS)}); how: ${[...hows].map(([h, n]) => `${h} ×${n}`).join('; ')}; ` +
        `events before the revocation ${these.reduce((n, s) => n + s.events.filter((t) => t <= revokedAt).length, 0)}, ` +
        `between revoke and end ${between}, after the end ${afterEnd}, after revoke + bound ${afterBound}`,
    );
    if (ended.length < these.length)
      failures.push(`${transport}: ${these.length - ended.length} K subscriptions still open`);
    if (times.some((t) => t > BOUND_MS))
      failures.push(
        `${transport}: ended up to ${seconds(Math.max(...times))} after the revocation (bound ${seconds(BOUND_MS)})`,
      );
    if (afterEnd) failures.push(`${transport}: ${afterEnd} events after a subscription ended`);
    if (afterBound) failures.push(`${transport}: ${afterBound} events after revoke + bound`);
  }
  console.log(
    `first attempts with K after the CLI exited: WebSocket ${wsNew}; SSE HTTP ${sseNew.status}, ${
      /"code":"(\w+)"/.exec(sseNew.body)?.[1] ?? 'no error code'
    }${sseNew.body.includes('"data":{"jobUpdated"') ? ', WITH EVENTS' : ''}; createJob HTTP ${httpNew.status}, ${httpNew.code ?? 'no error'}${
      httpNew.id ? `, CREATED ${httpNew.id}` : ''
    }`,
  );
  if (!/^close 44(01|03) /.test(wsNew)) failures.push(`new WebSocket with K: ${wsNew}`);
  if (!sseNew.body.includes('UNAUTHENTICATED') || sseNew.body.includes('"data":{"jobUpdated"'))
    failures.push(
      `new SSE subscription with K not rejected (HTTP ${sseNew.status}: ${sseNew.body.slice(0, 200)})`,
    );
  if (httpNew.id || httpNew.code !== 'UNAUTHENTICATED')
    failures.push(`createJob with K: HTTP ${httpNew.status}, ${httpNew.code}, id ${httpNew.id}`);

  const k2After = k2Events.filter((t) => t > revokedAt).length;
  const k2Late = k2Events.filter((t) => t > revokedAt + BOUND_MS).length;
  const createsAfter = k2Creates.filter((c) => c.at > revokedAt);
  const createsFailed = k2Creates.filter((c) => !c.ok);
  console.log(
    `K2: subscription ${k2Sub.errors.length ? `ERRORS ${String(k2Sub.errors[0])}` : 'still open'}, ${k2Events.length} events, ` +
      `${k2After} after the revocation (${k2Late} after revoke + bound); createJob right after the revocation ` +
      `${k2Right.id ? 'ok' : `FAILED (${k2Right.code})`}; ${k2Creates.length} createJob calls (${createsAfter.length} after the revocation), ` +
      `${createsFailed.length} failed; docket_subscribers at the end ${gaugeAfter}`,
  );
  if (k2Sub.errors.length) failures.push(`K2's subscription erred: ${String(k2Sub.errors[0])}`);
  if (k2Late === 0) failures.push("K2's subscription got no events after revoke + bound");
  if (!k2Right.id) failures.push(`createJob with K2 right after the revocation failed: ${k2Right.code}`);
  if (createsFailed.length)
    failures.push(`${createsFailed.length} createJob calls with K2 failed (${createsFailed[0]?.code})`);
  if (gaugeAfter !== 1) failures.push(`docket_subscribers ${gaugeAfter} at the end, expected 1 (K2's)`);
  k2Sub.stop();
  for (const s of subs) s.stop();
  if (api.child.exitCode !== null) failures.push('the api exited');
} finally {
  await worker.stop(5000);
  await api.stop();
  await cluster.close();
}
verdict('key-revocation', failures);
