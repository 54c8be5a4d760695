// The HTTP front door against a hostile or careless client (issue 11 items 2, 4, 9): GraphiQL
// never hands the key to a page that is not on loopback by a loopback name; every path of every
// route answers, 4xx for malformed input; garbage strings, cursors, content types and bodies get
// a GraphQL error body with a contract code, and nothing a client sent reaches the logs.
import { Agent, request } from 'node:http';
import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ERROR_CODES } from '../src/jobs/errors.ts';
import { makePdf } from '../testkit/fixtures.ts';
import { rawRequest } from './helpers/raw-http.ts';
import { postMultipart, startTestServer, subscribeWs, type TestServer } from './helpers/server.ts';

const SECRET = 'hunter2-the-password';

let s: TestServer;
let logs = '';
let origin = '';
beforeAll(async () => {
  s = await startTestServer({
    presetKey: true,
    env: { LOG_LEVEL: 'info', MAX_UPLOAD_BYTES: String(30 * 1024 * 1024) },
    logDestination: new Writable({
      write(chunk, _enc, done) {
        logs += chunk.toString();
        done();
      },
    }),
  });
  origin = s.url.replace(/\/graphql$/, '');
});
afterAll(async () => {
  await s?.close();
});

// The default organization's key, made at first start (the harness's own keys are other orgs').
const preset = () => s.docket.createdKey as string;

type Body = { errors?: { message: string; extensions?: { code?: string; field?: string } }[] };
const codeOf = (body: string) => (JSON.parse(body) as Body).errors?.[0]?.extensions?.code;

describe('GraphiQL and the preset key (issue 11 item 2)', () => {
  const page = (host: string) =>
    rawRequest(origin, { path: '/graphql', headers: { accept: 'text/html', host } });

  it('presets the key for a loopback client that names the server by a loopback host', async () => {
    expect(preset()).toMatch(/^dk_/);
    const port = new URL(origin).port;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'localhost']) {
      const res = await page(host);
      expect(res.status).toBe(200);
      expect(res.body, host).toContain(preset());
    }
  });

  it('embeds no key for any other Host (a DNS-rebinding page connects from loopback too)', async () => {
    for (const host of [
      'evil.example',
      'evil.example:4000',
      'localhost.evil.example',
      '127.0.0.1.nip.io',
      '10.0.0.5:4000',
    ]) {
      const res = await page(host);
      expect(res.status).toBe(200);
      expect(res.body).toContain('GraphiQL');
      expect(res.body, host).not.toContain(preset());
      expect(res.body, host).not.toContain('dk_');
    }
  });
});

describe('every path of every route answers (issue 11 item 4)', () => {
  const routes = [
    '/graphql',
    '/exports/',
    '/healthz',
    '/readyz',
    '/metrics',
    '/',
    '/dashboard.js',
    '/dashboard.css',
    '/nope',
  ];
  const malformed = ['%ZZ', '%', '%E0%A4%A', '/%ZZ', 'x%C0%AF'];

  it('refuses a malformed path on every route with 400 and a contract code', async () => {
    for (const route of routes) {
      for (const bad of malformed) {
        for (const method of ['GET', 'POST']) {
          const path = `${route}${bad}`;
          const res = await rawRequest(origin, {
            path,
            method,
            headers: { authorization: `Bearer ${s.keyA}` },
          });
          expect(res.status, `${method} ${path}`).toBe(400);
          expect(codeOf(res.body), `${method} ${path}`).toBe('BAD_USER_INPUT');
        }
      }
    }
  });

  it('answers a malformed query string on every route, never with a 5xx', async () => {
    for (const route of routes) {
      for (const query of ['?%ZZ', '?query=%ZZ', '?x=%&variables=%7B', '?%00=%00']) {
        const res = await rawRequest(origin, {
          path: `${route}${query}`,
          headers: { authorization: `Bearer ${s.keyA}`, accept: 'application/json' },
        });
        expect(res.status, `${route}${query}`).toBeLessThan(500);
      }
    }
  });

  it('answers an unknown path with 404 NOT_FOUND and an export token holding NUL with 404', async () => {
    const nope = await rawRequest(origin, { path: '/nope' });
    expect(nope.status).toBe(404);
    expect(codeOf(nope.body)).toBe('NOT_FOUND');
    const nul = await rawRequest(origin, { path: '/exports/%00.%00' });
    expect(nul.status).toBe(404);
    expect(codeOf(nul.body)).toBe('NOT_FOUND');
  });

  it('holds no socket for 300 malformed requests: the server still answers at once', async () => {
    await Promise.all(
      Array.from({ length: 300 }, () => rawRequest(origin, { path: '/exports/%ZZ', timeoutMs: 20_000 })),
    );
    expect((await rawRequest(origin, { path: '/healthz' })).status).toBe(200);
  });
});

describe('error hygiene (issue 11 item 9)', () => {
  const create = `mutation($input: CreateJobInput!) { createJob(input: $input) { id } }`;
  const doc = { url: 'data:,hello' };

  it.each([
    ['a NUL in a metadata value', { metadata: { note: 'a\u0000b' } }, '$input.metadata.note', /NUL/],
    ['a NUL in a metadata key', { metadata: { 'a\u0000': 'b' } }, 'a key of $input.metadata', /NUL/],
    [
      'a lone high surrogate in a filename',
      { document: { ...doc, filename: 'x\uD800.pdf' } },
      '$input.document.filename',
      /surrogate/,
    ],
    [
      'a lone low surrogate in a password',
      { options: { password: `${SECRET}\uDC00` } },
      '$input.options.password',
      /surrogate/,
    ],
    ['a NUL in a password', { options: { password: `${SECRET}\u0000` } }, '$input.options.password', /NUL/],
    ['a NUL in an idempotency key', { idempotencyKey: 'k\u0000' }, '$input.idempotencyKey', /NUL/],
  ])(
    'refuses %s with BAD_USER_INPUT naming the field; nothing is created',
    async (_name, extra, field, what) => {
      const before = await s.gql('{ jobs { totalCount } }');
      const r = await s.gql(create, { input: { endpoint: 'PARSE', document: doc, ...extra } });
      expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0]?.extensions?.field).toBe(field);
      expect(r.errors?.[0]?.message).toMatch(what);
      const after = await s.gql('{ jobs { totalCount } }');
      expect(after.data?.jobs.totalCount).toBe(before.data?.jobs.totalCount);
    },
  );

  it('refuses a NUL written into the query itself, and a good surrogate pair passes', async () => {
    const literal = await s.gql(
      'mutation { createJob(input: { endpoint: PARSE, document: { url: "data:,x" }, metadata: { a: "x\\u0000" } }) { id } }',
    );
    expect(literal.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(literal.errors?.[0]?.message).toMatch(/createJob\(input\.metadata\.a\) contains a NUL/);
    const emoji = await s.gql(create, { input: { endpoint: 'PARSE', document: doc, metadata: { a: '😀' } } });
    expect(emoji.errors).toBeUndefined();
  });

  it('refuses a filename with NUL in a multipart upload, and over WebSocket', async () => {
    const pdf = await makePdf(['nul']);
    const res = await postMultipart(
      s.url,
      'mutation($file: File!) { uploadDocument(file: $file, endpoint: PARSE) { id } }',
      {},
      { bytes: pdf, name: 'a\u0000.pdf', type: 'application/pdf' },
      s.keyA,
    );
    const body = (await res.json()) as Body;
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.extensions?.field).toBe('the filename of $file');

    const ws = subscribeWs(
      s.wsUrl,
      create,
      { input: { endpoint: 'PARSE', document: doc, metadata: { a: '\u0000' } } },
      s.keyA,
    );
    await ws.done;
    expect(JSON.stringify(ws.errors)).toMatch(/BAD_USER_INPUT/);
  });

  it('never logs what a client sent (the failing SQL used to be logged with its parameters)', () => {
    expect(logs).not.toContain(SECRET);
    expect(logs).not.toContain('params:');
    expect(logs).not.toContain('Failed query');
  });

  it('refuses a list cursor whose time is out of range with BAD_USER_INPUT', async () => {
    await s.gql(create, { input: { endpoint: 'PARSE', document: doc } });
    const page = await s.gql('{ jobs(first: 1) { edges { cursor } } }');
    const real = JSON.parse(Buffer.from(page.data?.jobs.edges[0].cursor, 'base64url').toString()) as {
      i: string;
    };
    for (const t of [1e300, -1, 1.5, 9e15]) {
      const after = Buffer.from(JSON.stringify({ t, i: real.i })).toString('base64url');
      const r = await s.gql('query($after: String) { jobs(after: $after) { totalCount } }', { after });
      expect(r.errors?.[0]?.extensions?.code, String(t)).toBe('BAD_USER_INPUT');
    }
  });

  it('answers an unsupported content type with 415 and a GraphQL error body', async () => {
    for (const type of ['application/jsonx', 'text/xml', 'application/json-patch+json']) {
      const res = await rawRequest(origin, {
        path: '/graphql',
        method: 'POST',
        headers: { 'content-type': type, authorization: `Bearer ${s.keyA}` },
        body: '{"query":"{ __typename }"}',
      });
      expect(res.status, type).toBe(415);
      expect(codeOf(res.body)).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
  });

  // 40 MB against MAX_UPLOAD_BYTES of 30 MiB: yoga's own 25 MB body cap used to answer first, with
  // a 400 "invalid multipart data".
  it('answers a chunked upload over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await rawRequest(origin, {
      path: '/graphql',
      method: 'POST',
      ...oversizedChunkedUpload(40_000_000),
      timeoutMs: 30_000,
    });
    expect(res?.status).toBe(413);
    expect(codeOf(res?.body ?? '{}')).toBe('PAYLOAD_TOO_LARGE');
  });

  // A JSON body has no file limit to stop it: only counting the chunks as they stream does
  // (src/server/body-limit.ts; a body with a Content-Length is refused unread, above).
  it('answers a chunked JSON body over the limit with 413 PAYLOAD_TOO_LARGE, and the next request too', async () => {
    const chunk = Buffer.alloc(256 * 1024, 0x41);
    let sent = 0;
    const body = new Readable({
      read() {
        if (sent === 0) this.push('{"query":"{ __typename }","variables":{"x":"');
        if (sent > 34_000_000) {
          this.push('"}}');
          this.push(null);
          return;
        }
        sent += chunk.length;
        this.push(chunk);
      },
    });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const json = { 'content-type': 'application/json', authorization: `Bearer ${s.keyA}` };
      const over = await postThrough(agent, { headers: { ...json, 'transfer-encoding': 'chunked' }, body });
      expect(over.status).toBe(413);
      expect(codeOf(over.body)).toBe('PAYLOAD_TOO_LARGE');
      const next = await postThrough(agent, {
        headers: json,
        body: Readable.from(['{"query":"{ __typename }"}']),
      });
      expect(JSON.parse(next.body)).toEqual({ data: { __typename: 'Query' } });
    } finally {
      agent.destroy();
    }
  });

  // The rest of such a body is unread: the connection used to hang and then reset the client's
  // next request on it (fault:upload-bombs failed on it).
  it('closes the connection after a chunked 413, so the next request of the client is answered', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const over = await postThrough(agent, oversizedChunkedUpload(35_000_000));
      expect(over.status).toBe(413);
      expect(over.headers.connection).toBe('close');
      const next = await postThrough(agent, {
        headers: { 'content-type': 'application/json', authorization: `Bearer ${s.keyA}` },
        body: Readable.from(['{"query":"{ __typename }"}']),
      });
      expect(next.status).toBe(200);
      expect(JSON.parse(next.body)).toEqual({ data: { __typename: 'Query' } });
    } finally {
      agent.destroy();
    }
  });

  it('gives parse and validation failures a contract code, and limits do not read "Syntax Error"', async () => {
    for (const query of ['{', '{ nope }', '{ jobs(first: "x") { totalCount } }']) {
      const r = await s.gql(query);
      expect(API_ERROR_CODES, query).toContain(r.errors?.[0]?.extensions?.code);
      expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const aliases = await s.gql(
      `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: jobs { totalCount }`).join(' ')} }`,
    );
    expect(aliases.errors?.[0]?.message).toMatch(/^Aliases limit of 15 exceeded/);
    const tokens = await s.gql(`{ ${'__typename '.repeat(2100)} }`);
    expect(tokens.errors?.[0]?.message).toMatch(/^Token limit of 2000 exceeded/);
    expect(tokens.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('gives every refusal of the front door a GraphQL error body with a contract code', async () => {
    const answers = [
      await rawRequest(origin, {
        path: '/graphql',
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }),
      await rawRequest(origin, {
        path: '/graphql',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{',
      }),
      await rawRequest(origin, {
        path: '/graphql',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '[]',
      }),
      await rawRequest(origin, { path: '/graphql', headers: { accept: 'application/json' } }),
      await rawRequest(origin, { path: '/nope' }),
      await rawRequest(origin, { path: '/exports/x.y' }),
    ];
    // GraphQL over HTTP lets a request error under application/json answer 200; the body counts.
    for (const a of answers) {
      expect(a.headers['content-type']).toMatch(/json/);
      expect(API_ERROR_CODES, a.body).toContain(codeOf(a.body));
    }
  });
});

describe('NODE_ENV=production', () => {
  it('switches GraphiQL and introspection off (each can be switched back on)', async () => {
    const prod = await startTestServer({
      databaseUrl: s.databaseUrl,
      role: 'api',
      env: { NODE_ENV: 'production' },
    });
    try {
      const page = await fetch(prod.url, { headers: { accept: 'text/html' } });
      expect(await page.text()).not.toContain('GraphiQL');
      const r = await prod.gql('{ __schema { types { name } } }');
      expect(r.errors?.[0]?.message).toMatch(/introspection is disabled/);
    } finally {
      await prod.close();
    }
  });
});

/** A multipart upload of a `bytes`-long file, sent chunked: the server learns its size only by reading. */
function oversizedChunkedUpload(bytes: number): { headers: Record<string, string>; body: Readable } {
  const boundary = 'docketboundary';
  const head =
    `--${boundary}\r\ncontent-disposition: form-data; name="operations"\r\n\r\n` +
    `${JSON.stringify({ query: 'mutation($file: File!) { uploadDocument(file: $file, endpoint: PARSE) { id } }', variables: { file: null } })}\r\n` +
    `--${boundary}\r\ncontent-disposition: form-data; name="map"\r\n\r\n{"0":["variables.file"]}\r\n` +
    `--${boundary}\r\ncontent-disposition: form-data; name="0"; filename="big.pdf"\r\ncontent-type: application/pdf\r\n\r\n`;
  const chunk = Buffer.alloc(256 * 1024, 0x41);
  let sent = 0;
  const body = new Readable({
    read() {
      if (sent === 0) this.push(head);
      if (sent > bytes) {
        this.push(`\r\n--${boundary}--\r\n`);
        this.push(null);
        return;
      }
      sent += chunk.length;
      this.push(chunk);
    },
  });
  return {
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'transfer-encoding': 'chunked',
      authorization: `Bearer ${s.keyA}`,
    },
    body,
  };
}

/** A POST to /graphql through `agent` (so a keep-alive connection is reused when it may be). */
function postThrough(
  agent: Agent,
  opts: { headers: Record<string, string>; body: Readable },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: hostname, port, path: '/graphql', method: 'POST', headers: opts.headers, agent },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    opts.body.pipe(req);
  });
}
