// The port opens before the database answers: alive (/healthz 200), not ready (/readyz 503),
// every other request a clear 503; once the API is mounted it takes every request.
import { afterAll, expect, it } from 'vitest';
import { type HttpFront, openHttpFront } from '../src/server/front.ts';

let front: HttpFront | null = null;
afterAll(() => front?.close());

it('answers health, readiness and a clear 503 until the API is mounted, then hands over', async () => {
  front = await openHttpFront(0, '127.0.0.1');
  const base = `http://127.0.0.1:${front.port}`;
  expect((await fetch(`${base}/healthz`)).status).toBe(200);
  const ready = await fetch(`${base}/readyz`);
  expect(ready.status).toBe(503);
  expect(await ready.json()).toEqual({ status: 'starting' });
  const gql = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  expect(gql.status).toBe(503);
  expect(gql.headers.get('retry-after')).toBe('5');
  const body = (await gql.json()) as { errors: { message: string; extensions: { code: string } }[] };
  expect(body.errors[0]?.extensions.code).toBe('INTERNAL_SERVER_ERROR');
  expect(body.errors[0]?.message).toMatch(/starting/);

  front.mount((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('mounted');
  });
  expect(await (await fetch(`${base}/readyz`)).text()).toBe('mounted');
  expect(await (await fetch(`${base}/graphql`, { method: 'POST' })).text()).toBe('mounted');
});
