// Everyday clients through the front door (issue 13 items 6-8): GET-by-default clients (urql 6)
// and the ecosystem's preflight headers, a cross-origin browser told which setting to change,
// the list and detail operations Relay and Apollo send passing the cost limit (with `first` as
// a literal or a variable alike), and every connectionParams shape WebSocket clients use.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from './helpers/server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
  // A few jobs, so the list operations return rows.
  for (let i = 0; i < 3; i++)
    await s.gql(
      `mutation { createJob(input: { endpoint: PARSE, document: { url: "data:,row${i}" } }) { id } }`,
    );
});
afterAll(async () => {
  await s?.close();
});

describe('GET-by-default clients and preflight headers (item 6)', () => {
  // What urql 6 sends for a query: a GET with the operation in the URL and its usual Accept.
  const urqlGet = (headers: Record<string, string> = {}) => {
    const url = new URL(s.url);
    url.searchParams.set('query', 'query Jobs($first: Int) { jobs(first: $first) { totalCount } }');
    url.searchParams.set('operationName', 'Jobs');
    url.searchParams.set('variables', JSON.stringify({ first: 5 }));
    return fetch(url, {
      headers: {
        accept:
          'application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed',
        authorization: `Bearer ${s.keyA}`,
        ...headers,
      },
    });
  };

  it('answers a GET query with no preflight header', async () => {
    const res = await urqlGet();
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data?: { jobs: { totalCount: number } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data?.jobs.totalCount).toBeGreaterThanOrEqual(3);
  });

  it.each(['x-graphql-yoga-csrf', 'apollo-require-preflight', 'graphql-preflight', 'x-graphql-csrf'])(
    'answers a GET query carrying %s',
    async (header) => {
      const res = await urqlGet({ [header]: '1' });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { errors?: unknown }).errors).toBeUndefined();
    },
  );

  it('tells a cross-origin preflight its origin is not allowed and names CORS_ORIGINS', async () => {
    const res = await fetch(s.url, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('FORBIDDEN');
    expect(body.errors[0]?.message).toMatch(/origin http:\/\/localhost:5173 is not allowed.*CORS_ORIGINS/);
    expect(body.errors[0]?.message).not.toMatch(/csrf/i);
  });

  it('lets a listed origin through the preflight', async () => {
    const other = await startTestServer({
      databaseUrl: s.databaseUrl,
      role: 'api',
      env: { CORS_ORIGINS: 'http://localhost:5173' },
    });
    try {
      const res = await fetch(other.url, {
        method: 'OPTIONS',
        headers: {
          origin: 'http://localhost:5173',
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
      expect(res.status).toBeLessThan(300);
      expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    } finally {
      await other.close();
    }
  });
});

describe('the cost limit and everyday Relay and Apollo operations (item 7)', () => {
  const dir = new URL('./fixtures/operations/', import.meta.url);
  const fixtures = readdirSync(dir).filter((f) => f.endsWith('.graphql'));
  const read = (name: string) => readFileSync(new URL(name, dir), 'utf8');

  it('has the fixtures', () => {
    expect(fixtures.sort()).toEqual([
      'apollo-detail.graphql',
      'apollo-list.graphql',
      'relay-detail.graphql',
      'relay-list-pagination.graphql',
      'relay-list.graphql',
    ]);
  });

  it.each(fixtures.filter((f) => f.includes('list')))(
    '%s passes with pages of 20, 50 and 100 rows',
    async (name) => {
      for (const n of [20, 50, 100]) {
        // relay-list has first: 20 written in; the others take it as a variable.
        const query = read(name).replace('first: 20', `first: ${n}`);
        const r = await s.gql(query, { first: n, count: n });
        expect(r.errors, `${name} with ${n}`).toBeUndefined();
        expect(r.data?.jobs.edges.length).toBeGreaterThanOrEqual(3);
      }
    },
  );

  it.each(fixtures.filter((f) => f.includes('detail')))('%s passes', async (name) => {
    const list = await s.gql('{ jobs(first: 1) { nodes { id } } }');
    const id = list.data?.jobs.nodes[0].id as string;
    const r = await s.gql(read(name), { id });
    expect(r.errors).toBeUndefined();
    expect(Object.values(r.data ?? {})[0]).toMatchObject({ id });
  });

  it('counts first from a variable as from a literal: both are refused past the limit', async () => {
    const row = 'id status stage progress createdAt document { id filename pageCount }';
    const literal = await s.gql(`{ jobs(first: 2000) { nodes { ${row} } } }`);
    const variable = await s.gql(`query($n: Int) { jobs(first: $n) { nodes { ${row} } } }`, { n: 2000 });
    const byDefault = await s.gql(`query($n: Int = 2000) { jobs(first: $n) { nodes { ${row} } } }`);
    for (const r of [literal, variable, byDefault]) {
      expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0]?.message).toMatch(/^the operation costs \d+, over the cost limit of 20000/);
      expect(r.errors?.[0]?.message).not.toMatch(/Syntax Error/);
    }
    expect(literal.errors?.[0]?.extensions?.cost).toBe(variable.errors?.[0]?.extensions?.cost);
  });
});

describe('WebSocket connectionParams (item 8)', () => {
  /** connection_init with `payload`; resolves with the ack or the close code and reason. */
  const connect = (payload: unknown) =>
    new Promise<{ ack: boolean; code?: number; reason?: string }>((resolve, reject) => {
      const ws = new WebSocket(s.wsUrl, 'graphql-transport-ws');
      ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload })));
      ws.on('message', (data) => {
        if (JSON.parse(String(data)).type === 'connection_ack') {
          resolve({ ack: true });
          ws.close(1000);
        }
      });
      ws.on('close', (code, reason) => resolve({ ack: false, code, reason: reason.toString() }));
      ws.on('error', reject);
    });

  it('accepts every shape clients send', async () => {
    const k = s.keyA;
    for (const payload of [
      { authorization: `Bearer ${k}` },
      { Authorization: `Bearer ${k}` },
      { headers: { Authorization: `Bearer ${k}` } },
      { headers: { authorization: `Bearer ${k}` } },
      { authorization: k },
      { Authorization: `bearer  ${k}` },
      { headers: { Authorization: k } },
    ]) {
      expect((await connect(payload)).ack, JSON.stringify(payload).replace(k, 'KEY')).toBe(true);
    }
  });

  it.each([
    ['no params', undefined, /no API key.*authorization/],
    ['empty params', {}, /no API key/],
    ['a key under another name', { token: 'dk_x' }, /no API key/],
    ['a number', { authorization: 42 }, /must be a string/],
    ['not a key', { authorization: 'Bearer hello' }, /not a Docket key/],
    ['an unknown key', { authorization: `Bearer dk_${'x'.repeat(43)}` }, /unknown or revoked/],
  ])('closes 4403 with a reason for %s', async (_name, payload, reason) => {
    const r = await connect(payload);
    expect(r.ack).toBe(false);
    expect(r.code).toBe(4403);
    expect(r.reason).toMatch(reason);
  });
});
