// createJob's URL fetching against real HTTP servers on loopback: private addresses refused
// by default, redirects re-checked hop by hop, bodies bounded while streaming, redirect
// chains and slow servers cut short.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromUrl } from '../src/jobs/sources.ts';
import { isPrivateAddress } from '../src/outbound/url-guard.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

const MAX_BYTES = 64 * 1024;
const TIMEOUT_MS = 800;

interface Origin {
  server: Server;
  port: number;
  hits: string[];
  /** Bytes /big wrote before the client hung up. */
  bigWritten: number;
  bigClosed: Promise<void>;
}

async function startOrigin(host: string): Promise<Origin> {
  let bigClosed!: () => void;
  const origin: Origin = {
    server: null as unknown as Server,
    port: 0,
    hits: [],
    bigWritten: 0,
    bigClosed: new Promise<void>((resolve) => (bigClosed = resolve)),
  };
  origin.server = createServer((req, res) => {
    const url = req.url ?? '/';
    origin.hits.push(url);
    const redirect = /^\/redirect\/(\d+)$/.exec(url);
    if (url === '/doc.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('hello from loopback\n');
    } else if (redirect) {
      const n = Number(redirect[1]);
      res.writeHead(302, { location: n > 1 ? `/redirect/${n - 1}` : '/doc.txt' });
      res.end();
    } else if (url.startsWith('/to-private?port=')) {
      res.writeHead(302, { location: `http://127.0.0.2:${url.split('=')[1]}/doc.txt` });
      res.end();
    } else if (url === '/to-file') {
      res.writeHead(302, { location: 'file:///etc/passwd' });
      res.end();
    } else if (url === '/big') {
      // Chunked, no content-length: only counting while streaming can stop it.
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(16 * 1024, 'a');
      const pump = () => {
        while (origin.bigWritten < 10 * 1024 * 1024 && !res.destroyed) {
          origin.bigWritten += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => bigClosed());
      pump();
    } else if (url === '/slow') {
      // A byte every 100 ms: never idle long enough for a socket timeout alone.
      res.writeHead(200, { 'content-type': 'text/plain' });
      const drip = setInterval(() => res.write('a'), 100);
      res.on('close', () => clearInterval(drip));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => origin.server.listen(0, host, resolve));
  origin.port = (origin.server.address() as AddressInfo).port;
  return origin;
}

let strict: TestServer;
let open: TestServer;
let origin: Origin;
beforeAll(async () => {
  origin = await startOrigin('127.0.0.1');
  [strict, open] = await Promise.all([
    startTestServer(),
    startTestServer({
      env: {
        ALLOW_PRIVATE_URLS: 'true',
        MAX_UPLOAD_BYTES: String(MAX_BYTES),
        URL_FETCH_TIMEOUT_MS: String(TIMEOUT_MS),
      },
    }),
  ]);
});
afterAll(async () => {
  origin?.server.closeAllConnections();
  origin?.server.close();
  await Promise.all([strict?.close(), open?.close()]);
});

const CREATE = `mutation($url: String!) {
  createJob(input: { endpoint: PARSE, document: { url: $url } }) { id document { filename sizeBytes } }
}`;

describe('createJob URL fetching', () => {
  it('refuses a loopback URL by default without connecting to it', async () => {
    const before = origin.hits.length;
    const r = await strict.gql(CREATE, { url: `http://127.0.0.1:${origin.port}/doc.txt` });
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message).toMatch(/private address/);
    const byName = await strict.gql(CREATE, { url: `http://localhost:${origin.port}/doc.txt` });
    expect(byName.errors?.[0]?.message).toMatch(/private address/);
    expect(origin.hits.length).toBe(before);
  });

  it('fetches it with ALLOW_PRIVATE_URLS=true', async () => {
    const r = await open.gql(CREATE, { url: `http://127.0.0.1:${origin.port}/doc.txt` });
    expect(r.errors).toBeUndefined();
    expect(r.data?.createJob.document).toEqual({ filename: 'doc.txt', sizeBytes: 20 });
  });

  it('follows 3 redirects and refuses a 4th', async () => {
    const ok = await open.gql(CREATE, { url: `http://127.0.0.1:${origin.port}/redirect/3` });
    expect(ok.errors).toBeUndefined();
    const r = await open.gql(CREATE, { url: `http://127.0.0.1:${origin.port}/redirect/4` });
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message).toMatch(/redirected more than 3 times/);
  });

  it('refuses a body over MAX_UPLOAD_BYTES while it streams, hanging up early', async () => {
    const r = await open.gql(CREATE, { url: `http://127.0.0.1:${origin.port}/big` });
    expect(r.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    await origin.bigClosed;
    // Far less than the 10 MiB offered: the read stopped at the limit (plus socket buffers).
    expect(origin.bigWritten).toBeLessThan(4 * 1024 * 1024);
  });

  it('gives up on a slow server after URL_FETCH_TIMEOUT_MS', async () => {
    const started = Date.now();
    const r = await open.gql(CREATE, { url: `http://127.0.0.1:${origin.port}/slow` });
    const took = Date.now() - started;
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message).toMatch(/took longer than 0.8 s/);
    expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(took).toBeLessThan(TIMEOUT_MS + 2000);
  });
});

describe('redirects are re-checked hop by hop', () => {
  // 127.0.0.1 plays a public host; every other address keeps its private status.
  const limits = {
    maxBytes: MAX_BYTES,
    allowPrivateUrls: false,
    isPrivate: (a: string) => a !== '127.0.0.1' && isPrivateAddress(a),
  };

  it('refuses a redirect from an allowed host to a private one before connecting', async () => {
    const privateOrigin = await startOrigin('127.0.0.2');
    try {
      const first = origin.hits.length;
      const url = `http://127.0.0.1:${origin.port}/to-private?port=${privateOrigin.port}`;
      await expect(fromUrl(url, null, limits)).rejects.toThrow(/127\.0\.0\.2 is a private address/);
      expect(origin.hits.slice(first)).toEqual([`/to-private?port=${privateOrigin.port}`]);
      expect(privateOrigin.hits).toEqual([]);
      // The same host is reachable when private addresses are allowed: the refusal was the rule's.
      const allowed = await fromUrl(url, null, { ...limits, allowPrivateUrls: true });
      expect(allowed.bytes.toString()).toBe('hello from loopback\n');
      expect(privateOrigin.hits).toEqual(['/doc.txt']);
    } finally {
      privateOrigin.server.close();
    }
  });

  it('refuses a redirect to a non-http scheme', async () => {
    await expect(fromUrl(`http://127.0.0.1:${origin.port}/to-file`, null, limits)).rejects.toThrow(
      /scheme other than http/,
    );
  });

  it('lets the allowed host through (the narrowed rule is not refusing everything)', async () => {
    const doc = await fromUrl(`http://127.0.0.1:${origin.port}/doc.txt`, null, limits);
    expect(doc.bytes.toString()).toBe('hello from loopback\n');
  });
});
