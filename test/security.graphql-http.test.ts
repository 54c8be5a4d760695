// graphql-http's GraphQL-over-HTTP conformance audits (serverAudits) against a real Docket
// in its default configuration (which also sends no CORS headers).
import { auditServer } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
});

function summary(results: Awaited<ReturnType<typeof auditServer>>) {
  return results
    .filter((r) => r.status !== 'ok')
    .map((r) => ({ id: r.id, status: r.status, name: r.name }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

describe('graphql-http server audits', () => {
  it('passes every audit, GETs included: no CSRF header is required', async () => {
    const results = await auditServer({ url: s.url, fetchFn: fetch });
    expect(results.length).toBeGreaterThan(40);
    expect(summary(results)).toEqual([]);
  });

  it('sends no CORS headers by default: browsers read answers on the same origin only', async () => {
    const res = await fetch(s.url, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://elsewhere.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,authorization',
      },
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-headers')).toBeNull();
  });
});
