// Resuming an organization-wide jobUpdated: every event carries an eventCursor (its place in
// the organization's gap-free event stream), and jobUpdated(since:) replays what came after
// it, then goes on live, without missing or repeating an event. Over WebSocket, SSE and the
// SDK (through a proxy that cuts its socket); garbage cursors get BAD_USER_INPUT.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey } from '../src/auth/keys.ts';
import { DocketClient, type JobEvent } from '../src/client/index.ts';
import { connect } from '../src/db/client.ts';
import { startProxy } from '../testkit/proxy.ts';
import { type Subscription, startTestServer, subscribeSse, type TestServer } from './helpers/server.ts';

let s: TestServer;
let admin: ReturnType<typeof connect>;

beforeAll(async () => {
  s = await startTestServer();
  admin = connect(s.databaseUrl, { max: 1 });
});
afterAll(async () => {
  await admin?.sql.end();
  await s?.close();
});

const FIELDS = 'id version status eventCursor';
const SUB = `subscription($filter: JobFilter, $since: String) { jobUpdated(filter: $filter, since: $since) { ${FIELDS} } }`;

/** A key of a fresh organization, so each test's event stream starts at 1. */
async function freshOrg(name: string): Promise<string> {
  return (await createKey(admin.db, `${name}-${Date.now()}`)).key;
}

async function createJob(key: string, text = 'hello'): Promise<string> {
  const res = await s.gql(
    'mutation($url: String!) { createJob(input: { endpoint: PARSE, document: { url: $url } }) { id } }',
    { url: `data:,${encodeURIComponent(text)}` },
    key,
  );
  const id = res.data?.createJob?.id as string | undefined;
  if (!id) throw new Error(`createJob failed: ${JSON.stringify(res.errors)}`);
  return id;
}

async function completed(sub: Subscription, id: string) {
  return sub.until((e) => e.id === id && e.status === 'COMPLETED');
}

/** The organization's events as the database has them, in seq order. */
async function storedEvents(key: string) {
  const rows = await admin.sql<{ job_id: string; version: number; seq: string }[]>`
    select e.job_id, e.version, e.seq from job_events e
    join api_keys k on k.organization_id = e.organization_id
    where k.key_hash = encode(sha256(convert_to(${key}, 'UTF8')), 'hex') order by e.seq`;
  return rows.map((r) => `${r.job_id}@${r.version}#${r.seq}`);
}

const asKeys = (events: Record<string, any>[]) => events.map((e) => `${e.id}@${e.version}#${e.eventCursor}`);

describe('jobUpdated(since:)', () => {
  it('numbers every event 1, 2, 3… and replays exactly those after a cursor, then goes on live (WebSocket)', async () => {
    const key = await freshOrg('resume-ws');
    const ids = [await createJob(key, 'a'), await createJob(key, 'b')];
    // since "0": from the organization's first event, so nothing depends on when this subscribed.
    const all = s.subscribe(SUB, { since: '0' }, key);
    for (const id of ids) await completed(all, id);
    expect(all.errors).toEqual([]);
    expect(asKeys(all.events)).toEqual(await storedEvents(key));
    expect(all.events.map((e) => e.eventCursor)).toEqual(all.events.map((_, i) => String(i + 1)));

    // Resume after the third event: the rest, in the same order, and then the live ones.
    const cut = all.events[2]!.eventCursor as string;
    const resumed = s.subscribe(SUB, { since: cut }, key);
    await resumed.until((e) => e.eventCursor === all.events.at(-1)!.eventCursor);
    const later = await createJob(key, 'c');
    await completed(resumed, later);
    await completed(all, later);
    expect(asKeys(resumed.events)).toEqual(asKeys(all.events.slice(3)));
    expect(asKeys(all.events)).toEqual(await storedEvents(key));
    all.stop();
    resumed.stop();
  });

  it('a filtered SSE subscriber that dropped gets exactly the matching events it missed', async () => {
    const key = await freshOrg('resume-sse');
    const filter = { status: ['COMPLETED'] };
    const first = subscribeSse(s.url, SUB, { filter, since: '0' }, key);
    const a = await createJob(key, 'a');
    const seen = await completed(first, a);
    first.stop();

    const missed = [await createJob(key, 'b'), await createJob(key, 'c')];
    const done = async (id: string) =>
      (await s.gql('query($id: ID!) { job(id: $id) { status } }', { id }, key)).data?.job?.status ===
      'COMPLETED';
    while (!(await done(missed[0]!)) || !(await done(missed[1]!)))
      await new Promise((r) => setTimeout(r, 100));

    const resumed = subscribeSse(s.url, SUB, { filter, since: seen.eventCursor }, key);
    for (const id of missed) await completed(resumed, id);
    const live = await createJob(key, 'd');
    await completed(resumed, live);
    resumed.stop();
    expect(resumed.errors).toEqual([]);
    expect(resumed.events.map((e) => e.id)).toEqual([...missed, live]);
    expect(resumed.events.every((e) => e.status === 'COMPLETED')).toBe(true);
    const cursors = resumed.events.map((e) => Number(e.eventCursor));
    expect(cursors[0]).toBeGreaterThan(Number(seen.eventCursor));
    expect([...cursors].sort((x, y) => x - y)).toEqual(cursors);
  });

  it('carries only the organization’s own events, whatever cursor it is given', async () => {
    const keyA = await freshOrg('tenant-a');
    const keyB = await freshOrg('tenant-b');
    for (const t of ['a1', 'a2', 'a3']) await createJob(keyA, t);
    const b = s.subscribe(SUB, { since: '0' }, keyB);
    const own = await createJob(keyB, 'b');
    await completed(b, own);
    b.stop();
    expect(new Set(b.events.map((e) => e.id))).toEqual(new Set([own]));
    expect(asKeys(b.events)).toEqual(await storedEvents(keyB));
  });

  it('the SDK’s watchAll reconnects after its socket is cut and resumes without a gap or a repeat', async () => {
    const key = await freshOrg('resume-sdk');
    const proxy = await startProxy(Number(new URL(s.url).port));
    const client = new DocketClient({ url: `http://127.0.0.1:${proxy.port}/graphql`, apiKey: key });
    const events: JobEvent[] = [];
    const watcher = (async () => {
      for await (const event of client.jobs.watchAll(undefined, { since: '0', retries: 10 })) {
        events.push(event);
        if (events.length >= 1000) return;
      }
    })();
    watcher.catch(() => {});
    const until = async (check: () => boolean) => {
      while (!check()) await new Promise((r) => setTimeout(r, 50));
    };
    try {
      const a = await createJob(key, 'a');
      await until(() => events.some((e) => e.id === a && e.status === 'COMPLETED'));
      proxy.setMode('refuse');
      proxy.cut();
      const during = [await createJob(key, 'b'), await createJob(key, 'c')];
      await new Promise((r) => setTimeout(r, 1500));
      proxy.setMode('forward');
      await until(() => during.every((id) => events.some((e) => e.id === id && e.status === 'COMPLETED')));
      expect(asKeys(events)).toEqual(await storedEvents(key));
    } finally {
      await client.close();
      await proxy.close();
    }
  });

  it('eventCursor names the latest event; watchAll starts there, so a change made while it subscribes is not lost', async () => {
    const key = await freshOrg('cursor-now');
    const cursor = async (k: string) => (await s.gql('{ eventCursor }', {}, k)).data?.eventCursor;
    const done = async (id: string) => {
      while (
        (await s.gql('query($id: ID!) { job(id: $id) { status } }', { id }, key)).data?.job?.status !==
        'COMPLETED'
      )
        await new Promise((r) => setTimeout(r, 50));
    };
    expect(await cursor(key)).toBe('0');
    const before = await createJob(key, 'before');
    await done(before);
    const stored = await storedEvents(key);
    expect(await cursor(key)).toBe(stored.at(-1)!.split('#')[1]);
    expect(await cursor(await freshOrg('cursor-other'))).toBe('0');

    // A whole job runs between the SDK taking the cursor and opening its subscription.
    let during: string | undefined;
    const slowFetch: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (String(init?.body).includes('EventCursor') && !during) {
        during = await createJob(key, 'during');
        await done(during);
      }
      return res;
    };
    const client = new DocketClient({ url: s.url, apiKey: key, fetch: slowFetch });
    const events: JobEvent[] = [];
    try {
      for await (const event of client.jobs.watchAll()) {
        events.push(event);
        if (event.id === during && event.status === 'COMPLETED') break;
      }
    } finally {
      await client.close();
    }
    expect(asKeys(events)).toEqual((await storedEvents(key)).slice(stored.length));
    expect(new Set(events.map((e) => e.id))).toEqual(new Set([during]));
  });

  it('refuses garbage cursors with BAD_USER_INPUT over WebSocket and SSE, and serves on', async () => {
    const key = await freshOrg('garbage');
    await createJob(key);
    const bad = ['', 'abc', '-1', '1.5', '1e3', ' 1', '0x10', '9'.repeat(16), '1000000'];
    for (const since of bad) {
      for (const sub of [s.subscribe(SUB, { since }, key), subscribeSse(s.url, SUB, { since }, key)]) {
        await sub.done.catch(() => {});
        expect(sub.events).toEqual([]);
        expect(JSON.stringify(sub.errors)).toContain('BAD_USER_INPUT');
        expect(JSON.stringify(sub.errors)).toMatch(/since/);
        sub.stop();
      }
    }
    const withId = s.subscribe(
      'subscription($id: ID, $since: String) { jobUpdated(id: $id, since: $since) { id } }',
      { id: await createJob(key), since: '1' },
      key,
    );
    await withId.done.catch(() => {});
    expect(JSON.stringify(withId.errors)).toContain('BAD_USER_INPUT');
    const still = s.subscribe(SUB, { since: '0' }, key);
    await still.until((e) => e.eventCursor === '1');
    still.stop();
  });
});
