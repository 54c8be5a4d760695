// Webhooks end to end: a real server and worker POST to a receiver on 127.0.0.1; the receiver
// checks the documented signature, answers 500 then 200 to prove the retry, and the delivery
// log is read back through GraphQL. A second server with ALLOW_PRIVATE_URLS at its default
// refuses loopback, at creation and again at delivery time.
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, hashKey } from '../src/auth/keys.ts';
import { DocketClient, DocketError, verifyWebhookSignature } from '../src/client/index.ts';
import { connect } from '../src/db/client.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** An HTTP receiver on loopback: records every request; `answer` picks each status by path. */
class Receiver {
  readonly requests: Received[] = [];
  readonly server: Server;
  answer: (path: string, nth: number) => number = () => 200;
  #waiters: { predicate: () => boolean; resolve: () => void }[] = [];

  constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '/';
        this.requests.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const nth = this.on(path).length;
        res.writeHead(this.answer(path, nth), { 'content-type': 'text/plain' });
        res.end(`answer ${nth} for ${path}`);
        for (const w of [...this.#waiters]) {
          if (w.predicate()) {
            this.#waiters.splice(this.#waiters.indexOf(w), 1);
            w.resolve();
          }
        }
      });
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  on(path: string): Received[] {
    return this.requests.filter((r) => r.path === path);
  }

  /** Resolves once `n` requests reached `path`. */
  until(path: string, n: number): Promise<Received[]> {
    return new Promise((resolve) => {
      const check = () => this.on(path).length >= n;
      if (check()) return resolve(this.on(path));
      this.#waiters.push({ predicate: check, resolve: () => resolve(this.on(path)) });
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const CREATE = `mutation($url: String!, $events: [String!]) {
  createWebhook(url: $url, events: $events) { secret webhook { id url events createdAt } } }`;
const DELIVERIES = `query($id: ID!, $first: Int, $after: String) { node(id: $id) { ... on Webhook {
  deliveries(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id jobId event attempt statusCode error responseBody durationMs createdAt deliveredAt } } } } } }`;
/** Between two reads of a row that is written right after the receiver answers. */
const pause = () => new Promise((r) => setTimeout(r, 50));
const text = (s: string) => `data:text/plain;base64,${Buffer.from(s).toString('base64')}`;

let s: TestServer;
let closed: TestServer;
let receiver: Receiver;
let base: string;
beforeAll(async () => {
  receiver = new Receiver();
  base = await receiver.listen();
  s = await startTestServer({
    env: {
      ALLOW_PRIVATE_URLS: 'true',
      WEBHOOK_ATTEMPTS: '3',
      WEBHOOK_RETRY_DELAY_SECONDS: '1',
      WEBHOOK_TIMEOUT_MS: '5000',
    },
  });
  closed = await startTestServer({ env: { WEBHOOK_ATTEMPTS: '1' } });
});
afterAll(async () => {
  await s?.close();
  await closed?.close();
  await receiver?.close();
});

async function createHook(server: TestServer, url: string, events?: string[], key?: string) {
  const r = await server.gql(CREATE, { url, ...(events ? { events } : {}) }, key);
  expect(r.errors).toBeUndefined();
  return r.data!.createWebhook as { secret: string; webhook: { id: string; url: string; events: string[] } };
}

async function createJob(server: TestServer, body: string, key?: string): Promise<string> {
  const r = await server.gql(
    'mutation($url: String!) { createJob(input: { endpoint: PARSE, document: { url: $url } }) { id } }',
    { url: body.startsWith('data:') ? body : text(body) },
    key,
  );
  expect(r.errors).toBeUndefined();
  return r.data!.createJob.id;
}

async function deliveries(server: TestServer, id: string) {
  const r = await server.gql(DELIVERIES, { id, first: 100 });
  expect(r.errors).toBeUndefined();
  return r.data!.node.deliveries as {
    totalCount: number;
    edges: { cursor: string; node: Record<string, any> }[];
  };
}

describe('delivery', () => {
  it('POSTs { event, job } signed as documented: HMAC-SHA256 of "t.body" in Docket-Signature', async () => {
    const { secret, webhook } = await createHook(s, `${base}/signed`);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    expect(webhook.events).toEqual(['job.completed', 'job.failed', 'job.cancelled']);
    const jobId = await createJob(s, 'Invoice 42 for a signed delivery');

    const [got] = await receiver.until('/signed', 1);
    expect(got!.headers['content-type']).toBe('application/json');
    expect(got!.headers['docket-event']).toBe('job.completed');
    const body = JSON.parse(got!.body);
    expect(body.event).toBe('job.completed');
    expect(body.job).toMatchObject({ id: jobId, status: 'COMPLETED', endpoint: 'PARSE', progress: 1 });
    expect(body.job.response.body.text).toContain('Invoice 42');
    expect(body.job.document.id).toMatch(/^doc_/);

    // The documented algorithm, by hand…
    const header = String(got!.headers['docket-signature']);
    const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
    expect(match).not.toBeNull();
    const [, t, v1] = match!;
    expect(createHmac('sha256', secret).update(`${t}.${got!.body}`).digest('hex')).toBe(v1);
    // …and the SDK's helper, which refuses a changed body, another secret and an old timestamp.
    expect(await verifyWebhookSignature({ payload: got!.body, header, secret })).toBe(true);
    expect(await verifyWebhookSignature({ payload: `${got!.body} `, header, secret })).toBe(false);
    expect(await verifyWebhookSignature({ payload: got!.body, header, secret: `${secret}x` })).toBe(false);
    expect(await verifyWebhookSignature({ payload: got!.body, header, secret, now: Number(t) + 301 })).toBe(
      false,
    );
    expect(await verifyWebhookSignature({ payload: got!.body, header: 'garbage', secret })).toBe(false);

    // The attempt's row is written after its answer: wait for it on the page itself (totalCount
    // is counted apart and may already see a row the page did not).
    let log = await deliveries(s, webhook.id);
    while (log.edges.length < 1) {
      await pause();
      log = await deliveries(s, webhook.id);
    }
    expect(log.totalCount).toBe(1);
    expect(log.edges[0]!.node).toMatchObject({
      jobId,
      event: 'job.completed',
      attempt: 1,
      statusCode: 200,
      error: null,
      responseBody: 'answer 1 for /signed',
    });
    expect(log.edges[0]!.node.deliveredAt).not.toBeNull();
  });

  it('retries a 500 with back-off and logs each attempt', async () => {
    receiver.answer = (path, nth) => (path === '/flaky' && nth === 1 ? 500 : 200);
    const { webhook } = await createHook(s, `${base}/flaky`);
    const jobId = await createJob(s, 'a flaky receiver');
    await receiver.until('/flaky', 2);
    // The second attempt's row is written after its answer: wait for it through the API (on the
    // page itself: totalCount is counted apart and may already see a row the page did not).
    let log = await deliveries(s, webhook.id);
    while (log.edges.length < 2) {
      await pause();
      log = await deliveries(s, webhook.id);
    }
    const [second, first] = log.edges.map((e) => e.node);
    expect(first).toMatchObject({ jobId, attempt: 1, statusCode: 500, error: 'HTTP 500', deliveredAt: null });
    expect(second).toMatchObject({ jobId, attempt: 2, statusCode: 200, error: null });
    // pg-boss held the retry back for at least WEBHOOK_RETRY_DELAY_SECONDS (1 s): a lower bound
    // set by the queue, not a stopwatch.
    expect(Date.parse(second!.createdAt) - Date.parse(first!.createdAt)).toBeGreaterThanOrEqual(1000);
    // The outcomes are counted on /metrics.
    const metrics = await (await fetch(s.url.replace('/graphql', '/metrics'))).text();
    expect(metrics).toMatch(/^docket_webhook_deliveries_total\{outcome="http_error"\} [1-9]/m);
    expect(metrics).toMatch(/^docket_webhook_deliveries_total\{outcome="delivered"\} [1-9]/m);
    // Both attempts carried the same event and job.
    const [a, b] = receiver.on('/flaky').map((r) => JSON.parse(r.body));
    expect(b).toEqual(a);

    // Cursor paging over the log.
    const page = await s.gql(DELIVERIES, { id: webhook.id, first: 1 });
    expect(page.data!.node.deliveries.pageInfo.hasNextPage).toBe(true);
    const next = await s.gql(DELIVERIES, {
      id: webhook.id,
      first: 1,
      after: page.data!.node.deliveries.pageInfo.endCursor,
    });
    expect(next.data!.node.deliveries.edges.map((e: any) => e.node.attempt)).toEqual([1]);
    expect(next.data!.node.deliveries.pageInfo.hasNextPage).toBe(false);
  });

  it('sends only the events a webhook asked for: job.failed and job.cancelled', async () => {
    const failed = await createHook(s, `${base}/failed`, ['job.failed']);
    const cancelled = await createHook(s, `${base}/cancelled`, ['job.cancelled']);
    expect(failed.webhook.events).toEqual(['job.failed']);
    // Bytes of no supported format: the job fails with unsupported_format.
    const badJob = await createJob(
      s,
      `data:application/octet-stream;base64,${Buffer.from([0, 1, 2, 255, 254]).toString('base64')}`,
    );
    const [gotFailed] = await receiver.until('/failed', 1);
    expect(JSON.parse(gotFailed!.body)).toMatchObject({
      event: 'job.failed',
      job: { id: badJob, status: 'FAILED', error: { code: 'unsupported_format' } },
    });
    const toCancel = await createJob(s, 'cancel me');
    const c = await s.gql('mutation($id: ID!) { cancelJob(id: $id) { status } }', { id: toCancel });
    if (c.data?.cancelJob?.status === 'CANCELLED') {
      const [gotCancelled] = await receiver.until('/cancelled', 1);
      expect(JSON.parse(gotCancelled!.body)).toMatchObject({ event: 'job.cancelled', job: { id: toCancel } });
    } else {
      // The job finished before the cancel arrived (CONFLICT): nothing for /cancelled.
      expect(c.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    }
    // Neither got the other's event, nor any job.completed.
    expect(receiver.on('/failed').map((r) => JSON.parse(r.body).event)).toEqual(['job.failed']);
    expect(receiver.on('/cancelled').every((r) => JSON.parse(r.body).event === 'job.cancelled')).toBe(true);
    expect((await deliveries(s, cancelled.webhook.id)).edges.every((e) => e.node.jobId === toCancel)).toBe(
      true,
    );
  });

  it('delete stops deliveries: a queued retry sends nothing', async () => {
    receiver.answer = (path) => (path === '/deleted' ? 500 : 200);
    const { webhook } = await createHook(s, `${base}/deleted`);
    await createJob(s, 'deleted before its retry');
    await receiver.until('/deleted', 1);
    const del = await s.gql('mutation($id: ID!) { deleteWebhook(id: $id) }', { id: webhook.id });
    expect(del).toEqual({ data: { deleteWebhook: true } });
    // Wait until pg-boss has run the retry (it finds the webhook gone and completes).
    const admin = connect(s.databaseUrl, { max: 1 });
    try {
      for (;;) {
        const rows = await admin.sql`select state, retry_count from pgboss.job
          where name = 'docket-webhook' and data->>'webhookId' = ${webhook.id}`;
        if (rows[0]?.state === 'completed') {
          expect(rows[0].retry_count).toBeGreaterThanOrEqual(1);
          break;
        }
        await pause();
      }
    } finally {
      await admin.sql.end();
    }
    expect(receiver.on('/deleted')).toHaveLength(1);
    expect(
      (await s.gql('query($id: ID!) { node(id: $id) { id } }', { id: webhook.id })).data?.node,
    ).toBeNull();
    const again = await s.gql('mutation($id: ID!) { deleteWebhook(id: $id) }', { id: webhook.id });
    expect(again.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('listing', () => {
  it('webhooks lists the organization’s endpoints, never a secret; node(id) reads one', async () => {
    const { webhook, secret } = await createHook(s, `${base}/listed#fragment-dropped`);
    expect(webhook.url).toBe(`${base}/listed`);
    const list = await s.gql('{ webhooks { id url events createdAt } }');
    expect(list.data!.webhooks.map((w: any) => w.id)).toContain(webhook.id);
    expect(JSON.stringify(list)).not.toContain(secret);
    const node = await s.gql('query($id: ID!) { node(id: $id) { __typename id ... on Webhook { url } } }', {
      id: webhook.id,
    });
    expect(node.data!.node).toEqual({ __typename: 'Webhook', id: webhook.id, url: webhook.url });
    // Org B sees none of org A's.
    const other = await s.gql('{ webhooks { id } }', {}, s.keyB);
    expect(other.data!.webhooks.map((w: any) => w.id)).not.toContain(webhook.id);
  });
});

describe('SDK', () => {
  it('client.webhooks creates, lists, reads deliveries and deletes', async () => {
    const client = new DocketClient({ url: s.url, apiKey: s.keyA });
    try {
      const { webhook, secret } = await client.webhooks.create(`${base}/sdk`, ['job.completed']);
      expect(secret).toMatch(/^whsec_/);
      expect(webhook.events).toEqual(['job.completed']);
      expect((await client.webhooks.list()).map((w) => w.id)).toContain(webhook.id);
      const job = await client.jobs.create({ endpoint: 'PARSE', document: { url: text('via the SDK') } });
      const [got] = await receiver.until('/sdk', 1);
      expect(
        await verifyWebhookSignature({
          payload: got!.body,
          header: got!.headers['docket-signature'] as string,
          secret,
        }),
      ).toBe(true);
      let page = await client.webhooks.deliveries(webhook.id);
      while (page && page.nodes.length < 1) {
        await pause();
        page = await client.webhooks.deliveries(webhook.id);
      }
      expect(page?.nodes[0]).toMatchObject({ jobId: job.id, statusCode: 200, attempt: 1 });
      expect(await client.webhooks.delete(webhook.id)).toBe(true);
      await expect(client.webhooks.delete(webhook.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(client.webhooks.create('ftp://x')).rejects.toBeInstanceOf(DocketError);
      expect(await client.webhooks.deliveries(webhook.id)).toBeNull();
    } finally {
      await client.close();
    }
  });
});

describe('CLI', () => {
  const docket = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        ['src/cli/docket.ts', ...args, '--url', s.url, '--key', s.keyA],
        { env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 },
        (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? -1) : 0, stdout, stderr }),
      );
    });

  it('docket webhooks create, list and delete', async () => {
    const created = await docket(['webhooks', 'create', `${base}/cli`, '--events', 'job.failed', '--json']);
    expect(created.code).toBe(0);
    const { webhook, secret } = JSON.parse(created.stdout);
    expect(secret).toMatch(/^whsec_/);
    expect(webhook.events).toEqual(['job.failed']);
    const list = await docket(['webhooks', 'list']);
    expect(list.stdout).toMatch(new RegExp(`${webhook.id}\\s+job.failed`));
    expect(list.stdout).not.toContain(secret);
    expect((await docket(['webhooks', 'delete', webhook.id])).stdout).toContain(`deleted ${webhook.id}`);
    const again = await docket(['webhooks', 'delete', webhook.id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('NOT_FOUND');
    const bad = await docket(['webhooks', 'create', 'ftp://example.com', '--events', 'job.nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('BAD_USER_INPUT');
  }, 180_000); // five child processes, each a Node start
});

describe('garbage', () => {
  const refused = async (server: TestServer, url: string, events?: unknown, pattern?: RegExp) => {
    const r = await server.gql(CREATE, { url, ...(events !== undefined ? { events } : {}) }, server.keyB);
    expect(r.data ?? null).toBeNull();
    expect(r.errors?.[0]?.extensions?.code, url).toBe('BAD_USER_INPUT');
    if (pattern) expect(r.errors?.[0]?.message).toMatch(pattern);
  };

  it('refuses bad URLs, unknown events and a 21st webhook with BAD_USER_INPUT, creating nothing', async () => {
    await refused(s, 'not a url', undefined, /absolute http\(s\) URL/);
    await refused(s, '', undefined, /absolute http\(s\) URL/);
    await refused(s, 'ftp://example.com/hook', undefined, /scheme ftp: is not allowed/);
    await refused(s, 'file:///etc/passwd', undefined, /scheme file: is not allowed/);
    await refused(s, 'javascript:alert(1)', undefined, /scheme javascript: is not allowed/);
    await refused(s, 'http://user:pw@127.0.0.1/hook', undefined, /user name or password/);
    await refused(s, `http://127.0.0.1/${'a'.repeat(2100)}`, undefined, /at most 2048/);
    await refused(s, 'http://does-not-exist.invalid/hook', undefined, /does not resolve/);
    await refused(s, `${base}/x`, [], /events is empty/);
    await refused(s, `${base}/x`, ['job.exploded'], /unknown event "job.exploded"; allowed: job.completed/);
    await refused(s, `${base}/x`, ['job.completed', 'JOB.FAILED'], /unknown event "JOB.FAILED"/);
    const wrongType = await s.gql(CREATE, { url: 42, events: 'job.failed' }, s.keyB);
    expect(wrongType.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await s.gql('{ webhooks { id } }', {}, s.keyB)).data!.webhooks).toEqual([]);

    // The bound: 20 per organization, checked under a lock so a burst cannot pass it.
    const admin = connect(s.databaseUrl, { max: 1 });
    const key = (await createKey(admin.db, 'org-many-hooks')).key;
    await admin.sql.end();
    const burst = await Promise.all(
      Array.from({ length: 22 }, (_, i) => s.gql(CREATE, { url: `${base}/many/${i}` }, key)),
    );
    expect(burst.filter((r) => !r.errors)).toHaveLength(20);
    for (const r of burst.filter((r) => r.errors)) {
      expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0]?.message).toMatch(/has 20 webhooks; at most 20 are allowed/);
    }
    expect((await s.gql('{ webhooks { id } }', {}, key)).data!.webhooks).toHaveLength(20);
  });

  it('refuses garbage ids, page sizes and cursors', async () => {
    for (const id of ['garbage', 'wh_', 'wh_000', 'job_00000000000000000000', '']) {
      const r = await s.gql('mutation($id: ID!) { deleteWebhook(id: $id) }', { id });
      expect(r.errors?.[0]?.extensions?.code, id).toBe('NOT_FOUND');
    }
    const { webhook } = await createHook(s, `${base}/paged`);
    for (const vars of [
      { first: 1000 },
      { first: -1 },
      { after: 'garbage' },
      { after: Buffer.from('{"t":1,"i":"job_x"}').toString('base64url') },
    ]) {
      const r = await s.gql(DELIVERIES, { id: webhook.id, ...vars });
      expect(r.errors?.[0]?.extensions?.code, JSON.stringify(vars)).toBe('BAD_USER_INPUT');
    }
  });
});

describe('private addresses (ALLOW_PRIVATE_URLS=false)', () => {
  it('refuses loopback, private and metadata addresses at creation', async () => {
    for (const url of [
      `${base}/hook`,
      'http://localhost/hook',
      'http://[::1]/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/hook',
      'http://0.0.0.0/hook',
    ]) {
      const r = await closed.gql(CREATE, { url });
      expect(r.errors?.[0]?.extensions?.code, url).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0]?.message, url).toMatch(/private address.*ALLOW_PRIVATE_URLS=true/);
    }
    expect((await closed.gql('{ webhooks { id } }')).data!.webhooks).toEqual([]);
  });

  it('refuses them again at delivery time, on the address it would connect to', async () => {
    // A host that was public at creation and resolves to loopback now (DNS rebinding) is
    // played by writing the rows the creation check would have refused.
    const admin = connect(closed.databaseUrl, { max: 1 });
    const [org] =
      await admin.sql`select organization_id from api_keys where key_hash = ${hashKey(closed.keyA)}`;
    const rows: [string, string][] = [
      ['wh_rebindliteral00000000', `${base}/rebound-literal`],
      ['wh_rebindname0000000000x', `${base.replace('127.0.0.1', 'localhost')}/rebound-name`],
    ];
    for (const [id, url] of rows) {
      await admin.sql`insert into webhooks (id, organization_id, url, events, secret)
        values (${id}, ${org!.organization_id}, ${url}, ${['job.completed']}, 'whsec_test')`;
    }
    await createJob(closed, 'never delivered to loopback');
    try {
      for (;;) {
        const rows = await admin.sql`select webhook_id, status_code, error from webhook_deliveries`;
        if (rows.length >= 2) {
          for (const row of rows) {
            expect(row.status_code).toBeNull();
            expect(row.error).toMatch(/private address/);
          }
          break;
        }
        await pause();
      }
    } finally {
      await admin.sql.end();
    }
    expect(receiver.on('/rebound-literal')).toHaveLength(0);
    expect(receiver.on('/rebound-name')).toHaveLength(0);
  });
});
