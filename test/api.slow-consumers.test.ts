// A subscriber that stops reading is disconnected (SLOW_CONSUMER_SECONDS, 1 s here) instead
// of having its events pile up in the server, and the organization's other subscriber gets
// every event meanwhile. Judged by sizes, not time: the stalled client, once it reads again,
// finds far less than was produced for it and then the end of its connection.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createKey } from '../src/auth/keys.ts';
import { connect } from '../src/db/client.ts';
import { type Subscription, startTestServer, type TestServer } from './helpers/server.ts';

let s: TestServer;
let admin: ReturnType<typeof connect>;

beforeAll(async () => {
  s = await startTestServer({ env: { SLOW_CONSUMER_SECONDS: '1' } });
  admin = connect(s.databaseUrl, { max: 1 });
});
afterAll(async () => {
  await admin?.sql.end();
  await s?.close();
});

// 16 metadata values of 500 characters, selected under 15 aliases: about 120 KiB per event.
const METADATA = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`, 'x'.repeat(500)]));
const BIG = `subscription($since: String) { jobUpdated(since: $since) { id ${Array.from(
  { length: 15 },
  (_, i) => `m${i}: metadata`,
).join(' ')} } }`;
const JOBS = 60;
/** What one event of BIG weighs, at least. */
const EVENT_BYTES = JSON.stringify(METADATA).length * 15;

async function subscribers(): Promise<number> {
  const text = await (await fetch(s.url.replace('/graphql', '/metrics'))).text();
  return Number(/^docket_subscribers (\d+)$/m.exec(text)?.[1]);
}

async function until(check: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 100));
}

/** Creates the jobs and waits until the reading subscriber has seen every one complete. */
async function produce(key: string, reader: Subscription): Promise<void> {
  const ids: string[] = [];
  for (let i = 0; i < JOBS; i++) {
    const res = await s.gql(
      'mutation($m: JSON) { createJob(input: { endpoint: PARSE, document: { url: "data:,slow" }, metadata: $m }) { id } }',
      { m: METADATA },
      key,
    );
    ids.push(res.data!.createJob.id);
  }
  for (const id of ids) await reader.until((e) => e.id === id && e.status === 'COMPLETED');
}

// Generous bounds: 60 jobs run on a shared machine; nothing here is timed.
describe('slow consumers', { timeout: 240_000 }, () => {
  it('a WebSocket that stops reading is disconnected; the other subscriber gets every event', async () => {
    const key = (await createKey(admin.db, `slow-ws-${Date.now()}`)).key;
    const reader = s.subscribe('subscription { jobUpdated(since: "0") { id status eventCursor } }', {}, key);
    const ws = new WebSocket(s.wsUrl, 'graphql-transport-ws');
    let received = 0;
    let firstEvent = 0;
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.on('message', (data: Buffer) => {
      received += data.length;
      const message = JSON.parse(data.toString()) as { type: string };
      if (message.type === 'connection_ack') {
        ws.send(
          JSON.stringify({ id: '1', type: 'subscribe', payload: { query: BIG, variables: { since: '0' } } }),
        );
      }
      if (message.type === 'next' && !firstEvent) {
        firstEvent = data.length;
        ws.pause(); // stops reading the socket: TCP fills up, then the server's buffers would
      }
    });
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${key}` } }));
    // A first job makes the first event; the stalled client then sees nothing more.
    await s.gql(
      'mutation { createJob(input: { endpoint: PARSE, document: { url: "data:,first" } }) { id } }',
      {},
      key,
    );
    await until(() => firstEvent > 0);
    await until(async () => (await subscribers()) === 2);

    await produce(key, reader);
    await until(async () => (await subscribers()) === 1);
    ws.resume();
    const code = await closed;
    expect([1006, 4008]).toContain(code);
    const produced = reader.events.length * EVENT_BYTES;
    expect(produced).toBeGreaterThan(15 * 1024 * 1024);
    expect(received).toBeLessThan(produced / 2);
    reader.stop();
  });

  it('an SSE stream that stops being read is ended; the other subscriber gets every event', async () => {
    const key = (await createKey(admin.db, `slow-sse-${Date.now()}`)).key;
    const reader = s.subscribe('subscription { jobUpdated(since: "0") { id status eventCursor } }', {}, key);
    await s.gql(
      'mutation { createJob(input: { endpoint: PARSE, document: { url: "data:,first" } }) { id } }',
      {},
      key,
    );
    let received = 0;
    let firstEvent = 0;
    let response: http.IncomingMessage | null = null;
    const ended = new Promise<void>((resolve) => {
      const req = http.request(s.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          authorization: `Bearer ${key}`,
        },
      });
      req.on('error', () => resolve());
      req.on('response', (res) => {
        response = res;
        res.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (!firstEvent && chunk.toString().includes('event: next')) {
            firstEvent = chunk.length;
            res.pause();
          }
        });
        res.on('close', () => resolve());
        res.on('error', () => resolve());
      });
      req.end(JSON.stringify({ query: BIG, variables: { since: '0' } }));
    });
    await until(() => firstEvent > 0);
    await until(async () => (await subscribers()) === 2);

    await produce(key, reader);
    await until(async () => (await subscribers()) === 1);
    const produced = reader.events.length * EVENT_BYTES;
    expect(produced).toBeGreaterThan(15 * 1024 * 1024);
    (response as http.IncomingMessage | null)?.resume();
    await ended;
    expect(received).toBeLessThan(produced / 2);
    reader.stop();
  });

  it('a WebSocket subscription closed while no event comes is released at once', async () => {
    const key = (await createKey(admin.db, `idle-${Date.now()}`)).key;
    const before = await subscribers();
    const idle = s.subscribe('subscription { jobUpdated { id } }', {}, key);
    await until(async () => (await subscribers()) === before + 1);
    idle.stop();
    // No event for this organization: before the fix its stream waited for one to notice.
    await until(async () => (await subscribers()) === before);
  });
});
