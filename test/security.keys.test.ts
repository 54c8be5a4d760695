// A revoked key's open subscriptions end within KEY_RECHECK_SECONDS (WebSocket closed with
// 4403, SSE stream ended with UNAUTHENTICATED) and its new connections are refused; keys
// never reach a log line. A key the api keeps in memory is refused as soon as its revocation's
// NOTIFY arrives, and within KEY_RECHECK_SECONDS without one.
import { Writable } from 'node:stream';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, revokeKey } from '../src/auth/keys.ts';
import { connect } from '../src/db/client.ts';
import { createLogger } from '../src/log.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

const TTL_MS = 1000;
// One re-check period, plus the query and the close handshake.
const DEADLINE_MS = TTL_MS + 1500;

let s: TestServer;
let admin: ReturnType<typeof connect>;
beforeAll(async () => {
  s = await startTestServer({ env: { KEY_RECHECK_SECONDS: String(TTL_MS / 1000) } });
  admin = connect(s.databaseUrl, { max: 1 });
});
afterAll(async () => {
  await admin?.sql.end();
  await s?.close();
});

function wsConnection(key: string) {
  let onClosed!: (code: number) => void;
  const closed = new Promise<number>((resolve) => (onClosed = resolve));
  let onConnected!: () => void;
  const connected = new Promise<void>((resolve) => (onConnected = resolve));
  const client = createClient({
    url: s.wsUrl,
    connectionParams: { authorization: `Bearer ${key}` },
    retryAttempts: 0,
    lazy: true,
    on: {
      connected: () => onConnected(),
      closed: (event) => onClosed((event as { code: number }).code),
    },
  });
  const errors: unknown[] = [];
  client.subscribe(
    { query: 'subscription { jobUpdated { id } }' },
    {
      next: (v) => {
        if (v.errors) errors.push(...v.errors);
      },
      error: (e) => errors.push(e),
      complete: () => {},
    },
  );
  return { client, closed, connected, errors };
}

describe('a revoked key', () => {
  it('has its WebSocket subscriptions closed with 4403 within the re-check period, and new ones refused', async () => {
    const { key } = await createKey(admin.db, 'org-ws');
    const ws = wsConnection(key);
    await ws.connected;
    // Still open a full period later while the key is valid.
    const early = await Promise.race([
      ws.closed,
      new Promise((r) => setTimeout(() => r('open'), TTL_MS * 1.5)),
    ]);
    expect(early).toBe('open');

    const revokedAt = Date.now();
    expect(await revokeKey(admin.db, key)).toBe(true);
    expect(await ws.closed).toBe(4403);
    expect(Date.now() - revokedAt).toBeLessThan(DEADLINE_MS);
    await ws.client.dispose();

    const again = wsConnection(key);
    expect(await again.closed).toBe(4403);
    await again.client.dispose();
  });

  it('has its SSE subscriptions ended with UNAUTHENTICATED within the re-check period, and new ones refused', async () => {
    const { key } = await createKey(admin.db, 'org-sse');
    const open = () =>
      fetch(s.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          authorization: `Bearer ${key}`,
        },
        body: JSON.stringify({ query: 'subscription { jobUpdated { id } }' }),
      });
    const res = await open();
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const ended = (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return Date.now();
        text += decoder.decode(value, { stream: true });
      }
    })();
    // Stays open across a re-check while the key is valid.
    const early = await Promise.race([ended, new Promise((r) => setTimeout(() => r('open'), TTL_MS * 1.5))]);
    expect(early).toBe('open');

    const revokedAt = Date.now();
    expect(await revokeKey(admin.db, key)).toBe(true);
    const endedAt = await ended;
    expect(endedAt - revokedAt).toBeLessThan(DEADLINE_MS);
    expect(text).toContain('"code":"UNAUTHENTICATED"');
    expect(text).toContain('revoked');

    const again = await open();
    const body = await again.text();
    expect(body).toContain('UNAUTHENTICATED');
    expect(body).not.toContain('"data":{"jobUpdated"');
  });

  it('leaves the subscriptions of other keys open', async () => {
    const { key } = await createKey(admin.db, 'org-stays');
    const { key: other } = await createKey(admin.db, 'org-goes');
    const stays = wsConnection(key);
    const goes = wsConnection(other);
    await Promise.all([stays.connected, goes.connected]);
    await revokeKey(admin.db, other);
    expect(await goes.closed).toBe(4403);
    const after = await Promise.race([
      stays.closed,
      new Promise((r) => setTimeout(() => r('open'), TTL_MS * 1.5)),
    ]);
    expect(after).toBe('open');
    await stays.client.dispose();
    await goes.client.dispose();
  });
});

describe('a key checked once and kept by the api', () => {
  const whoAmI = (key: string) =>
    fetch(s.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: '{ jobs(first: 1) { totalCount } }' }),
    }).then((r) => r.json() as Promise<{ data?: unknown; errors?: { extensions?: { code?: string } }[] }>);

  it('is refused on the next request once revoked (heard over NOTIFY)', async () => {
    const { key } = await createKey(admin.db, 'org-cached');
    expect((await whoAmI(key)).errors).toBeUndefined();
    expect((await whoAmI(key)).errors).toBeUndefined();
    await revokeKey(admin.db, key);
    // The NOTIFY goes out at commit; give the api's LISTEN a moment to take it in.
    await new Promise((r) => setTimeout(r, 100));
    expect((await whoAmI(key)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('is refused within KEY_RECHECK_SECONDS when the revocation sends no NOTIFY', async () => {
    const { key, keyId } = await createKey(admin.db, 'org-silent');
    expect((await whoAmI(key)).errors).toBeUndefined();
    // Revoked by hand, as an operator might in SQL: no NOTIFY, only the cache's age ends it.
    await admin.sql`update api_keys set revoked_at = now() where id = ${keyId}`;
    await new Promise((r) => setTimeout(r, TTL_MS + 100));
    expect((await whoAmI(key)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('logs', () => {
  it('redact keys in headers, connection params and key fields', () => {
    let out = '';
    const sink = new Writable({
      write(chunk, _enc, done) {
        out += chunk.toString();
        done();
      },
    });
    const log = createLogger('info', sink);
    const key = 'dk_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG';
    log.info({ req: { headers: { authorization: `Bearer ${key}`, cookie: key } } }, 'request');
    log.info({ headers: { authorization: `Bearer ${key}` } }, 'request');
    log.info({ ctx: { connectionParams: { authorization: `Bearer ${key}` } } }, 'socket');
    log.info({ authorization: `Bearer ${key}`, key }, 'plain');
    expect(out.split('\n').filter(Boolean)).toHaveLength(4);
    expect(out).not.toContain(key);
    expect(out).toContain('[Redacted]');
  });
});
