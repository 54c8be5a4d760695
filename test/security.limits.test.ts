// Operation limits, introspection off, cross-site requests, CORS and the per-organization mutation rate,
// through the front door (HTTP and WebSocket) of a real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey } from '../src/auth/keys.ts';
import { connect } from '../src/db/client.ts';
import { makePdf } from '../testkit/fixtures.ts';
import { startTestServer, subscribeWs, type TestServer } from './helpers/server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({
    env: {
      INTROSPECTION: 'false',
      GRAPHQL_MAX_DEPTH: '2',
      GRAPHQL_MAX_ALIASES: '3',
      GRAPHQL_MAX_DIRECTIVES: '3',
      GRAPHQL_MAX_TOKENS: '300',
      GRAPHQL_MAX_COST: '20',
      RATE_LIMIT_PER_MINUTE: '3',
      MAX_SUBSCRIPTIONS_PER_ORG: '3',
      CORS_ORIGINS: 'https://app.example',
    },
  });
});
afterAll(async () => {
  await s?.close();
});

const codes = (r: { errors?: { extensions?: { code?: string } }[] }) =>
  r.errors?.map((e) => e.extensions?.code);

describe('operation limits', () => {
  it('answers a query within every limit', async () => {
    const r = await s.gql('{ jobs(first: 5) { totalCount } }');
    expect(r.errors).toBeUndefined();
  });

  it('refuses a query deeper than GRAPHQL_MAX_DEPTH', async () => {
    const deep = '{ jobs { nodes { id } } }';
    const r = await s.gql(deep);
    expect(r.data ?? null).toBeNull();
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors?.[0]?.message).toMatch(/depth limit of 2/);
  });

  it('refuses more aliases than GRAPHQL_MAX_ALIASES', async () => {
    const r = await s.gql(
      '{ a: jobs { totalCount } b: jobs { totalCount } c: jobs { totalCount } d: jobs { totalCount } }',
    );
    expect(r.errors?.[0]?.message).toMatch(/Aliases limit of 3/);
    expect(r.data ?? null).toBeNull();
  });

  it('refuses more directives than GRAPHQL_MAX_DIRECTIVES', async () => {
    const r = await s.gql(
      '{ jobs @skip(if: false) @skip(if: false) @skip(if: false) @skip(if: false) { totalCount } }',
    );
    expect(r.errors?.[0]?.message).toMatch(/Directives limit of 3/);
  });

  it('refuses more tokens than GRAPHQL_MAX_TOKENS before parsing them all', async () => {
    const r = await s.gql(`{ jobs { ${'totalCount '.repeat(400)} } }`);
    expect(r.errors?.[0]?.message).toMatch(/Token limit of 300/);
  });

  it('refuses a query costing more than GRAPHQL_MAX_COST', async () => {
    const fields =
      'id endpoint status stage progress version attempts createdAt expiresAt qualityGrade updatedAt';
    const r = await s.gql(`{ jobs { totalCount } job(id: "job_x") { ${fields} } }`);
    expect(r.errors?.[0]?.message).toMatch(/over the cost limit of 20 \(GRAPHQL_MAX_COST\)/);
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses a batched request (GRAPHQL_MAX_BATCH=1)', async () => {
    const res = await fetch(s.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${s.keyA}` },
      body: JSON.stringify([{ query: '{ jobs { totalCount } }' }, { query: '{ jobs { totalCount } }' }]),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('applies the same limits to WebSocket operations', async () => {
    const sub = subscribeWs(s.wsUrl, 'subscription { jobUpdated { document { id } } }', {}, s.keyA);
    await expect(sub.done).rejects.toBeDefined();
    expect(JSON.stringify(sub.errors)).toMatch(/depth limit of 2/);
  });
});

describe('introspection off (INTROSPECTION=false)', () => {
  it('answers __schema with a clear error', async () => {
    const r = await s.gql('{ __schema { types { name } } }');
    expect(r.data ?? null).toBeNull();
    expect(r.errors?.[0]?.message).toMatch(/introspection is disabled/);
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
  });

  it('gives no field suggestions that would map the schema', async () => {
    const r = await s.gql('{ jobz { totalCount } }');
    expect(r.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it('still answers __typename', async () => {
    const r = await s.gql('{ __typename }');
    expect(r.data).toEqual({ __typename: 'Query' });
  });
});

describe('cross-site requests and CORS', () => {
  const upload = 'mutation($file: File!) { uploadDocument(file: $file, endpoint: PARSE) { id } }';

  // What a cross-site form can send: a multipart body and no Authorization header (a page on
  // another site can neither read the key nor make the browser add it).
  it('a cross-site form upload carries no key: UNAUTHENTICATED, nothing created', async () => {
    const pdf = await makePdf(['cross-site']);
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: upload, variables: { file: null } }));
    form.set('map', JSON.stringify({ 0: ['variables.file'] }));
    form.set('0', new Blob([pdf as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }), 'a.pdf');
    const before = await s.gql('{ jobs { totalCount } }', {}, s.keyB);
    const res = await fetch(s.url, {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
      body: form,
    });
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
    const after = await s.gql('{ jobs { totalCount } }', {}, s.keyB);
    expect(after.data?.jobs.totalCount).toBe(before.data?.jobs.totalCount);
  });

  it('takes an upload with a key and no preflight header', async () => {
    const pdf = await makePdf(['no header']);
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: upload, variables: { file: null } }));
    form.set('map', JSON.stringify({ 0: ['variables.file'] }));
    form.set('0', new Blob([pdf as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }), 'a.pdf');
    const res = await fetch(s.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.keyB}` },
      body: form,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { uploadDocument: { id: string } } };
    expect(body.data.uploadDocument.id).toMatch(/^job_/);
  });

  it('still serves GraphiQL to a browser GET', async () => {
    const res = await fetch(s.url, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('GraphiQL');
  });

  it('answers CORS for a listed origin only', async () => {
    const preflight = (origin: string) =>
      fetch(s.url, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const listed = await preflight('https://app.example');
    expect(listed.headers.get('access-control-allow-origin')).toBe('https://app.example');
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).not.toBe('*');
  });
});

describe('rate limit (RATE_LIMIT_PER_MINUTE=3)', () => {
  it('refuses the 4th mutation of an organization in a minute with RATE_LIMITED and retryAfter', async () => {
    // A fixed window: start well inside a minute so the four calls share one.
    const second = new Date().getUTCSeconds();
    if (second > 50) await new Promise((r) => setTimeout(r, (61 - second) * 1000));
    // org A has made no mutation yet in this file; org B made one upload above.
    const create =
      'mutation { createJob(input: { endpoint: PARSE, document: { url: "data:,hello" } }) { id } }';
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await s.gql(create, {}, s.keyA));
    expect(results.slice(0, 3).map((r) => r.errors)).toEqual([undefined, undefined, undefined]);
    const limited = results[3]!;
    expect(codes(limited)).toEqual(['RATE_LIMITED']);
    const retryAfter = limited.errors?.[0]?.extensions?.retryAfter as number;
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Queries are not counted; the other organization has its own window.
    expect((await s.gql('{ jobs { totalCount } }', {}, s.keyA)).errors).toBeUndefined();
    expect((await s.gql(create, {}, s.keyB)).errors).toBeUndefined();
  });

  it('writes nothing for a createJob it refuses: no document, job, queue entry or count', async () => {
    const second = new Date().getUTCSeconds();
    if (second > 50) await new Promise((r) => setTimeout(r, (61 - second) * 1000));
    const admin = connect(s.databaseUrl, { max: 1 });
    try {
      const { key, organizationId: org } = await createKey(admin.db, 'org-refused');
      const count = async () => {
        const [row] = await admin.sql<{ docs: number; jobs: number; tasks: number; counted: number }[]>`
          select (select count(*)::int from documents where organization_id = ${org}) as docs,
            (select count(*)::int from jobs where organization_id = ${org}) as jobs,
            (select count(*)::int from pgboss.job where data->>'organizationId' = ${org}) as tasks,
            (select coalesce(sum(count), 0)::int from rate_limits where organization_id = ${org}) as counted`;
        return row;
      };
      const upload = (name: string) =>
        s.upload(
          'mutation($file: File!) { createJob(input: { endpoint: PARSE, document: { file: $file } }) { id } }',
          { file: null },
          { bytes: new TextEncoder().encode(`refused ${name}`), name },
          key,
        );
      for (let i = 0; i < 3; i++) expect((await upload(`${i}.txt`)).errors).toBeUndefined();
      expect(await count()).toEqual({ docs: 3, jobs: 3, tasks: 3, counted: 3 });
      // Past the limit, twice, and with a document of its own each time: nothing of either stays.
      expect(codes(await upload('over-1.txt'))).toEqual(['RATE_LIMITED']);
      expect(codes(await upload('over-2.txt'))).toEqual(['RATE_LIMITED']);
      expect(await count()).toEqual({ docs: 3, jobs: 3, tasks: 3, counted: 3 });
    } finally {
      await admin.sql.end();
    }
  });

  it('holds across API processes sharing the database', async () => {
    const second = new Date().getUTCSeconds();
    if (second > 50) await new Promise((r) => setTimeout(r, (61 - second) * 1000));
    const other = await startTestServer({
      role: 'api',
      databaseUrl: s.databaseUrl,
      env: { RATE_LIMIT_PER_MINUTE: '3' },
    });
    try {
      const admin = connect(s.databaseUrl, { max: 1 });
      const { key } = await createKey(admin.db, 'org-multi');
      await admin.sql.end();
      const create =
        'mutation { createJob(input: { endpoint: PARSE, document: { url: "data:,multi" } }) { id } }';
      expect((await s.gql(create, {}, key)).errors).toBeUndefined();
      expect((await other.gql(create, {}, key)).errors).toBeUndefined();
      expect((await s.gql(create, {}, key)).errors).toBeUndefined();
      expect(codes(await other.gql(create, {}, key))).toEqual(['RATE_LIMITED']);
    } finally {
      await other.close();
    }
  });

  it('counts WebSocket mutations too', async () => {
    // A key of its own, its three used up over HTTP within one minute window: the test does not
    // depend on what earlier tests left in a window that may have rolled over since.
    const second = new Date().getUTCSeconds();
    if (second > 50) await new Promise((r) => setTimeout(r, (61 - second) * 1000));
    const admin = connect(s.databaseUrl, { max: 1 });
    const { key } = await createKey(admin.db, 'org-websocket');
    await admin.sql.end();
    const create =
      'mutation { createJob(input: { endpoint: PARSE, document: { url: "data:,hello" } }) { id } }';
    for (let i = 0; i < 3; i++) expect((await s.gql(create, {}, key)).errors).toBeUndefined();
    const sub = subscribeWs(s.wsUrl, create, {}, key);
    await sub.done;
    expect(JSON.stringify(sub.errors)).toMatch(/RATE_LIMITED/);
  });

  it('counts every mutation field, aliased or not, not the request', async () => {
    const second = new Date().getUTCSeconds();
    if (second > 50) await new Promise((r) => setTimeout(r, (61 - second) * 1000));
    const admin = connect(s.databaseUrl, { max: 1 });
    const one = (await createKey(admin.db, 'org-aliases-1')).key;
    const two = (await createKey(admin.db, 'org-aliases-2')).key;
    await admin.sql.end();
    const job = (alias: string) =>
      `${alias}createJob(input: { endpoint: PARSE, document: { url: "data:,alias" } }) { id }`;
    // Four fields in one request (3 aliases: within GRAPHQL_MAX_ALIASES) pass the limit of 3: none runs.
    const four = await s.gql(`mutation { ${job('')} ${job('a: ')} ${job('b: ')} ${job('c: ')} }`, {}, one);
    expect(codes(four)).toEqual(['RATE_LIMITED']);
    expect(four.errors?.[0]?.message).toMatch(/this request has 4/);
    expect((await s.gql('{ jobs { totalCount } }', {}, one)).data?.jobs.totalCount).toBe(0);
    // Two, then two more: the second request is over (GRAPHQL_MAX_DEPTH=2 here refuses fragments).
    expect((await s.gql(`mutation { ${job('')} ${job('a: ')} }`, {}, two)).errors).toBeUndefined();
    expect(codes(await s.gql(`mutation { ${job('')} ${job('a: ')} }`, {}, two))).toEqual(['RATE_LIMITED']);
    expect((await s.gql('{ jobs { totalCount } }', {}, two)).data?.jobs.totalCount).toBe(2);
  });
});

describe('open subscriptions (MAX_SUBSCRIPTIONS_PER_ORG=3)', () => {
  it('refuses an organization’s 4th with RATE_LIMITED, frees a slot when one ends, and leaves others alone', async () => {
    const admin = connect(s.databaseUrl, { max: 1 });
    const key = (await createKey(admin.db, 'org-subs')).key;
    const other = (await createKey(admin.db, 'org-subs-other')).key;
    await admin.sql.end();
    const q = 'subscription { jobUpdated { id status } }';
    // A subscription is live once it has seen a job made after it (mutations here are limited: 3).
    // A job may finish before a subscription is registered (a loaded machine): then another is
    // made, until every subscription has seen one.
    const live = async (subs: ReturnType<typeof subscribeWs>[], k: string) => {
      for (let tries = 0; tries < 20; tries++) {
        const r = await s.gql(
          'mutation { createJob(input: { endpoint: PARSE, document: { url: "data:,sub" } }) { id } }',
          {},
          k,
        );
        const id = r.data!.createJob.id as string;
        const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), 2000).unref());
        const seen = Promise.all(subs.map((sub) => sub.until((e) => e.id === id))).then(() => true);
        if (await Promise.race([seen, timeout])) return;
      }
      throw new Error('a subscription saw none of 20 jobs');
    };
    const three = [0, 1, 2].map(() => subscribeWs(s.wsUrl, q, {}, key));
    await live(three, key);
    const fourth = subscribeWs(s.wsUrl, q, {}, key);
    await fourth.done.catch(() => {});
    expect(JSON.stringify(fourth.errors)).toMatch(/RATE_LIMITED/);
    expect(JSON.stringify(fourth.errors)).toMatch(/at most 3/);
    // Another organization is not held back by this one's subscriptions.
    const theirs = subscribeWs(s.wsUrl, q, {}, other);
    await live([theirs], other);
    theirs.stop();
    // One ends: its slot is free again.
    three[0]!.stop();
    let again = subscribeWs(s.wsUrl, q, {}, key);
    for (let tries = 0; tries < 20; tries++) {
      // Refused or not is known once the server has answered the subscribe: on a loaded machine
      // a refusal can take longer than 100 ms, and a subscription taken for accepted too early
      // would wait below for an event it never gets.
      await new Promise((r) => setTimeout(r, 1000));
      if (again.errors.length === 0) break;
      again = subscribeWs(s.wsUrl, q, {}, key);
    }
    await live([again, three[1]!], key);
    expect(again.errors).toEqual([]);
    for (const sub of [again, ...three]) sub.stop();
  });
});
