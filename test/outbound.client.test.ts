// The outbound client (src/outbound/client.ts) against real HTTP servers on loopback. 127.0.0.1
// plays a public host; 127.0.0.2 and every other address keep their private status, so the
// guard's refusals are the real rule's. Names resolve through a stub resolver.
import type { LookupAddress } from 'node:dns';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OutboundRequest, send } from '../src/outbound/client.ts';
import { OutboundError, type OutboundFailure } from '../src/outbound/errors.ts';
import { type AddressPolicy, isPrivateAddress } from '../src/outbound/url-guard.ts';

const NAMES: Record<string, string> = { 'public.test': '127.0.0.1', 'rebound.test': '127.0.0.2' };
const resolve = ((name: string, _options: object, callback: unknown) => {
  const cb = callback as (e: Error | null, a?: LookupAddress[]) => void;
  const address = NAMES[name];
  if (!address) return cb(Object.assign(new Error(`ENOTFOUND ${name}`), { code: 'ENOTFOUND' }));
  cb(null, [{ address, family: 4 }]);
}) as unknown as NonNullable<AddressPolicy['resolve']>;

const policy: AddressPolicy = {
  allowPrivateUrls: false,
  isPrivate: (a) => a !== '127.0.0.1' && isPrivateAddress(a),
  resolve,
};
const GET: OutboundRequest = { policy, timeoutMs: 5_000, maxBytes: 1024, read: 'whole', maxRedirects: 3 };

interface Origin {
  server: Server;
  port: number;
  hits: string[];
  /** Bytes /big wrote before the client hung up, and when it did. */
  bigWritten: number;
  closed: Map<string, Promise<void>>;
}

async function startOrigin(host: string): Promise<Origin> {
  const origin: Origin = { server: createServer(), port: 0, hits: [], bigWritten: 0, closed: new Map() };
  const route = (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    const redirect = /^\/redirect\/(\d+)$/.exec(url);
    if (url === '/doc') {
      res.end('hello');
    } else if (url === '/echo') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () =>
        res.end(
          `${req.method} ${req.headers['x-test']} ${req.headers['content-length']} ${Buffer.concat(chunks)}`,
        ),
      );
    } else if (redirect) {
      const n = Number(redirect[1]);
      res.writeHead(302, { location: n > 1 ? `/redirect/${n - 1}` : '/doc' }).end();
    } else if (url.startsWith('/to?')) {
      res.writeHead(302, { location: decodeURIComponent(url.slice(4)) }).end();
    } else if (url === '/missing') {
      res.writeHead(404).end('not here');
    } else if (url === '/big') {
      // Chunked, no content-length: only counting while streaming can stop it.
      const chunk = Buffer.alloc(16 * 1024, 'a');
      const pump = () => {
        while (origin.bigWritten < 10 * 1024 * 1024 && !res.destroyed) {
          origin.bigWritten += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    } else if (url === '/declared') {
      res.writeHead(200, { 'content-length': String(1024 * 1024 * 1024) });
      res.write('a');
    } else if (url === '/drip') {
      // A byte every 50 ms: never idle long enough for a socket timeout alone.
      res.writeHead(200);
      res.write('b');
      const drip = setInterval(() => res.write('b'), 50);
      res.on('close', () => clearInterval(drip));
    } else if (url === '/hang') {
      // Never answers.
    } else {
      res.writeHead(500).end();
    }
  };
  origin.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    origin.hits.push(req.url ?? '/');
    origin.closed.set(req.url ?? '/', new Promise((done) => res.on('close', done)));
    route(req, res);
  });
  await new Promise<void>((done) => origin.server.listen(0, host, done));
  origin.port = (origin.server.address() as AddressInfo).port;
  return origin;
}

let pub: Origin;
let priv: Origin;
beforeAll(async () => {
  [pub, priv] = await Promise.all([startOrigin('127.0.0.1'), startOrigin('127.0.0.2')]);
});
afterAll(async () => {
  for (const o of [pub, priv]) {
    o?.server.closeAllConnections();
    await new Promise((done) => o?.server.close(done));
  }
});

const at = (o: Origin, path: string, host = o === pub ? '127.0.0.1' : '127.0.0.2') =>
  new URL(`http://${host}:${o.port}${path}`);

async function failure(p: Promise<unknown>): Promise<OutboundError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OutboundError);
  return err as OutboundError;
}
const expectKind = async (p: Promise<unknown>, kind: OutboundFailure, message: RegExp) => {
  const err = await failure(p);
  expect(err.kind).toBe(kind);
  expect(err.message).toMatch(message);
};

describe('the guard, on every address connected to', () => {
  it('fetches from an allowed address, by literal and by name', async () => {
    for (const url of [at(pub, '/doc'), at(pub, '/doc', 'public.test')]) {
      const answer = await send(url, GET);
      expect(answer.status).toBe(200);
      expect(answer.body.toString()).toBe('hello');
    }
  });

  it('refuses a private literal and a name resolving to a private address, before connecting', async () => {
    await expectKind(
      send(at(priv, '/doc'), GET),
      'refused',
      /127\.0\.0\.2 is a private address.*ALLOW_PRIVATE_URLS/,
    );
    await expectKind(
      send(at(priv, '/doc', 'rebound.test'), GET),
      'refused',
      /rebound\.test resolves to a private address.*ALLOW_PRIVATE_URLS/,
    );
    expect(priv.hits).toEqual([]);
  });

  it('re-checks each redirect hop: a public host cannot bounce the client to a private one', async () => {
    for (const target of [at(priv, '/doc'), at(priv, '/doc', 'rebound.test')]) {
      const url = at(pub, `/to?${encodeURIComponent(target.href)}`);
      await expectKind(send(url, GET), 'refused', /private address/);
    }
    expect(priv.hits).toEqual([]);
    // The refusal was the rule's: with private addresses allowed the same hop goes through.
    const allowed = { ...GET, policy: { ...policy, allowPrivateUrls: true } };
    const answer = await send(at(pub, `/to?${encodeURIComponent(at(priv, '/doc').href)}`), allowed);
    expect(answer.body.toString()).toBe('hello');
    expect(priv.hits).toEqual(['/doc']);
  });

  it('refuses a scheme other than http(s), first or after a redirect', async () => {
    await expectKind(send(new URL('file:///etc/passwd'), GET), 'refused', /scheme file: is not allowed/);
    const url = at(pub, `/to?${encodeURIComponent('file:///etc/passwd')}`);
    await expectKind(send(url, GET), 'redirect', /scheme other than http/);
  });
});

describe('redirects', () => {
  it('follows up to maxRedirects and no further', async () => {
    expect((await send(at(pub, '/redirect/3'), GET)).body.toString()).toBe('hello');
    await expectKind(send(at(pub, '/redirect/4'), GET), 'redirect', /redirected more than 3 times/);
  });

  it('with maxRedirects 0 a 3xx is the answer', async () => {
    const answer = await send(at(pub, '/redirect/1'), { ...GET, maxRedirects: 0, read: 'snippet' });
    expect(answer.status).toBe(302);
  });
});

describe('the size cap', () => {
  it('stops a chunked body while it streams, long before its end', async () => {
    await expectKind(send(at(pub, '/big'), GET), 'too_large', /larger than the 1024 bytes/);
    await pub.closed.get('/big');
    expect(pub.bigWritten).toBeLessThan(10 * 1024 * 1024);
  });

  it('refuses a declared content-length over the cap without reading the body', async () => {
    await expectKind(send(at(pub, '/declared'), GET), 'too_large', /larger than/);
  });

  it('in snippet mode keeps the first maxBytes and stops reading', async () => {
    const answer = await send(at(pub, '/big'), { ...GET, read: 'snippet', maxBytes: 100 });
    expect(answer.body).toEqual(Buffer.alloc(100, 'a'));
  });

  it('returns a non-2xx answer without its body when reading whole, with it as a snippet', async () => {
    expect(await send(at(pub, '/missing'), GET)).toEqual({ status: 404, body: Buffer.alloc(0) });
    const snippet = await send(at(pub, '/missing'), { ...GET, read: 'snippet' });
    expect(snippet.body.toString()).toBe('not here');
  });
});

describe('the deadline', () => {
  it('cuts a server that drips bytes (never idle) and one that never answers', async () => {
    const short = { ...GET, timeoutMs: 300 };
    await expectKind(send(at(pub, '/drip'), short), 'timeout', /no answer within 300 ms/);
    await pub.closed.get('/drip');
    await expectKind(send(at(pub, '/hang'), short), 'timeout', /no answer within 300 ms/);
  });

  it('in snippet mode keeps the status of an answer whose body stalls', async () => {
    const answer = await send(at(pub, '/drip'), { ...GET, timeoutMs: 300, read: 'snippet' });
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toMatch(/^b+$/);
  });
});

describe('garbage and failures', () => {
  it('POSTs the body with its headers and content-length', async () => {
    const answer = await send(at(pub, '/echo'), {
      ...GET,
      method: 'POST',
      headers: { 'x-test': 'yes' },
      body: 'ünï',
      read: 'snippet',
    });
    expect(answer.body.toString()).toBe('POST yes 5 ünï');
  });

  it('words a refused connection and an unknown name as OutboundErrors', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    await expectKind(send(new URL(`http://127.0.0.1:${port}/`), GET), 'failed', /ECONNREFUSED/);
    await expectKind(send(new URL('http://nowhere.test/'), GET), 'failed', /ENOTFOUND/);
  });
});
