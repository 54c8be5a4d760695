// Tenancy matrix: every query, mutation, subscription and HTTP route called with org B's key
// against org A's objects (ids, node ids, cursors, filters, idempotency keys). B learns nothing:
// an answer about A's object is byte-for-byte the answer about an id that does not exist, and
// nothing of A's (ids, metadata, text) appears in any answer or error message.
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashKey } from '../src/auth/keys.ts';
import { connect } from '../src/db/client.ts';
import { dataUrl } from '../testkit/fixtures.ts';
import { startTestServer, subscribeWs, type TestServer } from './helpers/server.ts';

const SECRET_META = 'a-secret-metadata-7f3';
const SECRET_TEXT = 'a-secret-document-text-91c';
const JOB_FIELDS = `id endpoint status metadata document { id filename sha256 } response { body } error { code message }
  feedback { id rating comment }`;

let s: TestServer;
const a = { jobId: '', documentId: '', feedbackId: '', cursor: '', webhookId: '', secret: '' };
/** Webhook deliveries, by the path they were POSTed to (A's hook: /a-hook-path, B's: /b). */
const delivered: { path: string; body: string }[] = [];
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => {
    body += c.toString();
  });
  req.on('end', () => {
    delivered.push({ path: req.url ?? '', body });
    res.end('ok');
  });
});
const deliveredTo = async (path: string, jobId: string) => {
  while (!delivered.some((d) => d.path === path && d.body.includes(jobId))) {
    await new Promise((r) => setTimeout(r, 50));
  }
};
beforeAll(async () => {
  // Private addresses allowed: the webhooks' receiver is on loopback.
  s = await startTestServer({ env: { ALLOW_PRIVATE_URLS: 'true' } });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const hooks = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const hookA = await s.gql(
    'mutation($url: String!) { createWebhook(url: $url) { secret webhook { id } } }',
    {
      url: `${hooks}/a-hook-path`,
    },
  );
  expect(hookA.errors).toBeUndefined();
  a.webhookId = hookA.data!.createWebhook.webhook.id;
  a.secret = hookA.data!.createWebhook.secret;
  const hookB = await s.gql(
    'mutation($url: String!) { createWebhook(url: $url) { webhook { id } } }',
    { url: `${hooks}/b` },
    s.keyB,
  );
  expect(hookB.errors).toBeUndefined();
  const created = await s.gql(
    `mutation($url: String!) { createJob(input: {
      endpoint: PARSE, idempotencyKey: "idem-shared", metadata: { team: "${SECRET_META}" },
      document: { url: $url, filename: "a-private-name.txt" } }) { id document { id } } }`,
    { url: dataUrl(new TextEncoder().encode(`Invoice ${SECRET_TEXT}\n`), 'text/plain') },
  );
  expect(created.errors).toBeUndefined();
  a.jobId = created.data!.createJob.id;
  a.documentId = created.data!.createJob.document.id;
  const sub = s.subscribe('subscription($id: ID) { jobUpdated(id: $id) { status } }', { id: a.jobId });
  await sub.done;
  const fb = await s.gql(
    `mutation($id: ID!) { submitFeedback(input: { jobId: $id, rating: NEGATIVE, issue: "a-issue", comment: "${SECRET_META}" }) { id } }`,
    { id: a.jobId },
  );
  expect(fb.errors).toBeUndefined();
  a.feedbackId = fb.data!.submitFeedback.id;
  const page = await s.gql('{ jobs(first: 1) { edges { cursor } } }');
  a.cursor = page.data!.jobs.edges[0].cursor;
});
afterAll(async () => {
  await s?.close();
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

/** Anything of org A's that org B must never see. */
function secrets(): string[] {
  return [
    a.jobId,
    a.documentId,
    a.feedbackId,
    a.webhookId,
    a.secret,
    SECRET_META,
    SECRET_TEXT,
    'a-private-name',
    'a-issue',
    'a-hook-path',
  ];
}

function expectNoLeak(answer: unknown, except: string[] = []) {
  const text = JSON.stringify(answer);
  for (const secret of secrets()) if (!except.includes(secret)) expect(text).not.toContain(secret);
}

/** B's answer about A's id equals B's answer about an id nobody has, once each id is masked. */
async function expectSameAsMissing(query: string, realId: string, missingId: string) {
  const real = await s.gql(query, { id: realId }, s.keyB);
  const missing = await s.gql(query, { id: missingId }, s.keyB);
  const masked = (r: unknown, id: string) => JSON.stringify(r).replaceAll(id, '<id>');
  expect(masked(real, realId)).toBe(masked(missing, missingId));
  expectNoLeak(real, [realId]);
  return real;
}

const missing = (id: string) =>
  `${id.slice(0, id.indexOf('_') + 1)}${'0'.repeat(id.length - id.indexOf('_') - 1)}`;

describe('queries with org B’s key', () => {
  it('job(id) and document(id) answer null, as for a missing id', async () => {
    const job = await expectSameAsMissing(
      `query($id: ID!) { job(id: $id) { ${JOB_FIELDS} } }`,
      a.jobId,
      missing(a.jobId),
    );
    expect(job.data?.job ?? null).toBeNull();
    const doc = await expectSameAsMissing(
      'query($id: ID!) { document(id: $id) { id filename } }',
      a.documentId,
      missing(a.documentId),
    );
    expect(doc.data?.document ?? null).toBeNull();
  });

  it('node(id) answers null for A’s job, document, feedback and webhook', async () => {
    for (const id of [a.jobId, a.documentId, a.feedbackId, a.webhookId]) {
      const r = await expectSameAsMissing(
        `query($id: ID!) { node(id: $id) { id ... on Job { ${JOB_FIELDS} } ... on Document { filename }
          ... on Webhook { url events deliveries { totalCount nodes { jobId } } } } }`,
        id,
        missing(id),
      );
      expect(r.data?.node ?? null).toBeNull();
    }
  });

  it('jobs with A’s cursor, A’s metadata filter, offsets and both directions list none of A’s jobs', async () => {
    const queries = [
      ['query($c: String) { jobs(after: $c) { totalCount nodes { id metadata } } }', { c: a.cursor }],
      ['query($c: String) { jobs(before: $c, last: 5) { totalCount nodes { id } } }', { c: a.cursor }],
      ['{ jobs(offset: 0, first: 100) { totalCount nodes { id document { id } } } }', {}],
      [`{ jobs(filter: { metadata: { team: "${SECRET_META}" } }) { totalCount nodes { id } } }`, {}],
      ['{ jobs(filter: { status: [COMPLETED], endpoint: [PARSE] }) { totalCount } }', {}],
    ] as const;
    for (const [query, variables] of queries) {
      const r = await s.gql(query, variables, s.keyB);
      expectNoLeak(r, [SECRET_META]);
      if (r.data) expect(r.data.jobs.totalCount).toBe(0);
    }
  });

  it('webhooks lists only B’s own', async () => {
    const r = await s.gql(
      '{ webhooks { id url events deliveries { totalCount nodes { jobId } } } }',
      {},
      s.keyB,
    );
    expect(r.data?.webhooks).toHaveLength(1);
    expectNoLeak(r);
  });

  it('feedbackSummary counts only B’s feedback', async () => {
    const r = await s.gql('{ feedbackSummary { positive negative byIssue { issue count } } }', {}, s.keyB);
    expect(r.data?.feedbackSummary).toEqual({ positive: 0, negative: 0, byIssue: [] });
    expectNoLeak(r);
  });
});

describe('mutations with org B’s key', () => {
  it('cancelJob, submitFeedback and createJob from A’s document answer as for a missing id', async () => {
    await expectSameAsMissing(
      'mutation($id: ID!) { cancelJob(id: $id) { id status } }',
      a.jobId,
      missing(a.jobId),
    );
    await expectSameAsMissing(
      'mutation($id: ID!) { submitFeedback(input: { jobId: $id, rating: POSITIVE }) { id } }',
      a.jobId,
      missing(a.jobId),
    );
    await expectSameAsMissing(
      'mutation($id: ID!) { createJob(input: { endpoint: PARSE, document: { documentId: $id } }) { id } }',
      a.documentId,
      missing(a.documentId),
    );
    const still = await s.gql('query($id: ID!) { job(id: $id) { status feedback { id } } }', { id: a.jobId });
    expect(still.data?.job).toEqual({ status: 'COMPLETED', feedback: [{ id: a.feedbackId }] });
  });

  it('deleteWebhook of A’s webhook answers as for a missing id and deletes nothing', async () => {
    const r = await expectSameAsMissing(
      'mutation($id: ID!) { deleteWebhook(id: $id) }',
      a.webhookId,
      missing(a.webhookId),
    );
    expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const mine = await s.gql('{ webhooks { id } }');
    expect(mine.data?.webhooks).toEqual([{ id: a.webhookId }]);
  });

  it('A’s jobs are delivered to A’s webhook only, B’s to B’s', async () => {
    await deliveredTo('/a-hook-path', a.jobId);
    const r = await s.gql(
      'mutation { createJob(input: { endpoint: PARSE, document: { url: "data:,b-hook" } }) { id } }',
      {},
      s.keyB,
    );
    const bJob = r.data!.createJob.id as string;
    await deliveredTo('/b', bJob);
    const toB = delivered.filter((d) => d.path === '/b');
    for (const d of toB) for (const secret of secrets()) expect(d.body).not.toContain(secret);
    expect(delivered.filter((d) => d.path === '/a-hook-path').some((d) => d.body.includes(bJob))).toBe(false);
  });

  it('the same idempotency key makes B its own job, not A’s', async () => {
    const r = await s.gql(
      `mutation { createJob(input: { endpoint: PARSE, idempotencyKey: "idem-shared", document: { url: "data:,b" } }) { ${JOB_FIELDS} } }`,
      {},
      s.keyB,
    );
    expect(r.errors).toBeUndefined();
    expectNoLeak(r);
  });

  it('exportJobs and its GET /exports/ route carry only B’s jobs', async () => {
    const r = await s.gql('mutation { exportJobs(format: JSONL) { url } }', {}, s.keyB);
    expect(r.errors).toBeUndefined();
    expectNoLeak(r);
    const res = await fetch(r.data!.exportJobs.url);
    expect(res.status).toBe(200);
    const body = await res.text();
    for (const secret of secrets()) expect(body).not.toContain(secret);
    // A's own export does carry A's job: the check above can see one.
    const mine = await s.gql('mutation { exportJobs(format: JSONL) { url } }', {});
    expect(await (await fetch(mine.data!.exportJobs.url)).text()).toContain(a.jobId);
  });
});

describe('export links (every URL-bearing artifact the API returns)', () => {
  // Before export rows, a token was a payload signed with the key's stored sha256, which every
  // key holder knows: B could name A's organization and its own key and sign it.
  const forge = (payload: object, keyHash: string) => {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    const mac = createHmac('sha256', keyHash).update(`docket-export.${body}`).digest('base64url');
    return `${s.url.replace(/\/graphql$/, '')}/exports/${body}.${mac}`;
  };
  const ids = async () => {
    const admin = connect(s.databaseUrl, { max: 1 });
    try {
      const rows = await admin.sql<{ id: string; organization_id: string; key_hash: string }[]>`
        select id, organization_id, key_hash from api_keys`;
      const of = (key: string) => rows.find((r) => r.key_hash === hashKey(key))!;
      return { a: of(s.keyA), b: of(s.keyB) };
    } finally {
      await admin.sql.end();
    }
  };

  it('B cannot forge a link to A’s jobs, nor anyone stretch a link’s expiry', async () => {
    const { a: keyA, b: keyB } = await ids();
    const far = Date.now() + 10 * 365 * 24 * 3600 * 1000;
    const forgedByB = forge(
      { o: keyA.organization_id, k: keyB.id, f: 'JSONL', e: far, q: null },
      keyB.key_hash,
    );
    const res = await fetch(forgedByB);
    const body = await res.text();
    expect(body).not.toContain(a.jobId);
    expect(res.status).toBe(404);
    const stretched = forge(
      { o: keyA.organization_id, k: keyA.id, f: 'JSONL', e: far, q: null },
      keyA.key_hash,
    );
    expect((await fetch(stretched)).status).toBe(404);
    // A's real link works, and B guessing a token of the same shape gets the same 404.
    const real = (await s.gql('mutation { exportJobs { url } }', {})).data!.exportJobs.url as string;
    expect(await (await fetch(real)).text()).toContain(a.jobId);
    const guessed = real.replace(/\/exports\/.*/, `/exports/ex_${'A'.repeat(43)}`);
    const g = await fetch(guessed);
    expect(g.status).toBe(404);
    expect(await g.text()).toBe(body);
  });
});

describe('subscriptions with org B’s key', () => {
  it('jobUpdated(id) over WebSocket and SSE fails as for a missing id', async () => {
    const answers: string[] = [];
    for (const id of [a.jobId, missing(a.jobId)]) {
      const sub = subscribeWs(
        s.wsUrl,
        `subscription($id: ID) { jobUpdated(id: $id) { ${JOB_FIELDS} } }`,
        { id },
        s.keyB,
      );
      await sub.done.catch(() => {});
      expect(sub.events).toEqual([]);
      answers.push(JSON.stringify(sub.errors).replaceAll(id, '<id>'));
      const sse = await fetch(s.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          authorization: `Bearer ${s.keyB}`,
        },
        body: JSON.stringify({
          query: 'subscription($id: ID) { jobUpdated(id: $id) { id metadata } }',
          variables: { id },
        }),
      });
      answers.push((await sse.text()).replaceAll(id, '<id>'));
    }
    expect(answers[0]).toContain('NOT_FOUND');
    expect(answers[0]).toBe(answers[2]);
    expect(answers[1]).toBe(answers[3]);
    for (const answer of answers) for (const secret of secrets()) expect(answer).not.toContain(secret);
  });

  it('org-wide jobUpdated sees none of A’s changes', async () => {
    const b = s.subscribe(`subscription { jobUpdated { ${JOB_FIELDS} } }`, {}, s.keyB);
    const createB = async () => {
      const r = await s.gql(
        'mutation { createJob(input: { endpoint: PARSE, document: { url: "data:,b" } }) { id } }',
        {},
        s.keyB,
      );
      return r.data!.createJob.id as string;
    };
    const seen = (id: string) => b.until((e) => e.id === id && e.status === 'COMPLETED');
    // B's subscription is live once it sees B's own job. The first may finish before the
    // subscription is registered (a loaded machine): then another is made, until one is seen.
    let first = '';
    for (let tries = 0; !first && tries < 20; tries++) {
      const id = await createB();
      const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 2000).unref());
      if (await Promise.race([seen(id), timeout])) first = id;
    }
    expect(first).not.toBe('');
    const created = await s.gql(
      `mutation { createJob(input: { endpoint: PARSE, metadata: { team: "${SECRET_META}" }, document: { url: "data:,${SECRET_TEXT}" } }) { id } }`,
    );
    const aJob = created.data!.createJob.id as string;
    const watch = s.subscribe('subscription($id: ID) { jobUpdated(id: $id) { status } }', { id: aJob });
    await watch.done;
    expect(watch.events.at(-1)?.status).toBe('COMPLETED');
    // Events after A's job finished: had A's reached B, they came before these.
    const last = await createB();
    await seen(last);
    const own = await s.gql('{ jobs(first: 100) { nodes { id } } }', {}, s.keyB);
    const bJobs = new Set(own.data!.jobs.nodes.map((n: { id: string }) => n.id));
    expect(bJobs.has(first) && bJobs.has(last)).toBe(true);
    for (const e of b.events) expect(bJobs.has(e.id)).toBe(true);
    expect(JSON.stringify(b.events)).not.toContain(aJob);
    expectNoLeak(b.events);
    expectNoLeak(b.errors);
    b.stop();
  });
});
