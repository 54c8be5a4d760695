// jobUpdated fanned out once per event (src/server/shared-fanout.ts): 50 subscriptions on 7
// WebSockets of two organizations, with the same and with different selections and variables,
// several per socket. Each gets exactly its own organization's events, in order, in the shape
// it asked for — the same objects an SSE subscriber (executed on its own, never shared) gets —
// while the server executes each live event once per group, not once per subscriber; a socket
// closed mid-stream leaves the others whole. Nothing here is timed.
import { type Client, createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey } from '../src/auth/keys.ts';
import { connect } from '../src/db/client.ts';
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

const ALL = 'subscription { jobUpdated { id version status eventCursor } }';
const FILTERED =
  'subscription($filter: JobFilter) { jobUpdated(filter: $filter) { id version status eventCursor } }';
// Another selection: its own shape, its own execution.
const WIDE = 'subscription { jobUpdated { status metadata id version document { filename } } }';
// A variable the selection reads: each value its own execution and shape.
const STAGED =
  'subscription($stage: Boolean!) { jobUpdated { id version status stage @include(if: $stage) } }';
const ONE = 'subscription($id: ID!) { jobUpdated(id: $id) { id version status } }';

interface Sub {
  query: string;
  variables: Record<string, unknown>;
  events: Record<string, any>[];
  errors: unknown[];
  done: Promise<void>;
}

/** One WebSocket carrying several subscriptions. */
function socket(key: string) {
  const client: Client = createClient({
    url: s.wsUrl,
    connectionParams: { authorization: `Bearer ${key}` },
    retryAttempts: 0,
    lazy: false,
  });
  const subs: Sub[] = [];
  return {
    client,
    subs,
    subscribe(query: string, variables: Record<string, unknown> = {}): Sub {
      const sub: Sub = { query, variables, events: [], errors: [], done: Promise.resolve() };
      sub.done = new Promise<void>((resolve) => {
        client.subscribe(
          { query, variables },
          {
            next: (value) => {
              if (value.errors) sub.errors.push(...value.errors);
              const event = (value.data as Record<string, any> | undefined)?.jobUpdated;
              if (event) sub.events.push(event);
            },
            error: (err) => {
              sub.errors.push(err);
              resolve();
            },
            complete: () => resolve(),
          },
        );
      });
      subs.push(sub);
      return sub;
    },
  };
}

async function counters() {
  const text = await (await fetch(s.url.replace('/graphql', '/metrics'))).text();
  const read = (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? Number.NaN);
  return {
    subscribers: read('docket_subscribers'),
    executions: read('docket_shared_event_executions_total'),
    deliveries: read('docket_shared_event_deliveries_total'),
  };
}

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 50));
}

async function createJob(key: string, text: string, metadata: Record<string, string>): Promise<string> {
  const res = await s.gql(
    'mutation($url: String!, $m: JSON) { createJob(input: { endpoint: PARSE, document: { url: $url, filename: "f.txt" }, metadata: $m }) { id } }',
    { url: `data:,${encodeURIComponent(text)}`, m: metadata },
    key,
  );
  const id = res.data?.createJob?.id as string | undefined;
  if (!id) throw new Error(`createJob failed: ${JSON.stringify(res.errors)}`);
  return id;
}

/** The organization's events as stored, in seq order: "job@version#seq". */
async function stored(key: string): Promise<{ key: string; status: string }[]> {
  const rows = await admin.sql<{ job_id: string; version: number; seq: string; status: string }[]>`
    select e.job_id, e.version, e.seq, e.status from job_events e
    join api_keys k on k.organization_id = e.organization_id
    where k.key_hash = encode(sha256(convert_to(${key}, 'UTF8')), 'hex') order by e.seq`;
  return rows.map((r) => ({ key: `${r.job_id}@${r.version}#${r.seq}`, status: r.status }));
}

const asKeys = (events: Record<string, any>[]) => events.map((e) => `${e.id}@${e.version}#${e.eventCursor}`);

describe('jobUpdated fanned out to many subscribers', { timeout: 180_000 }, () => {
  it('gives each subscriber its own organization’s events, in order and in its own shape, executed once per group', async () => {
    const keyA = (await createKey(admin.db, `fan-a-${Date.now()}`)).key;
    const keyB = (await createKey(admin.db, `fan-b-${Date.now()}`)).key;
    const before = await counters();
    const sockets = [...Array.from({ length: 5 }, () => socket(keyA)), socket(keyB), socket(keyB)];
    const [a0, a1, a2, a3, a4, b0, b1] = sockets as [
      ReturnType<typeof socket>,
      ...ReturnType<typeof socket>[],
    ];
    // 34 on org A's five sockets, 16 on org B's two: 50.
    const aAll: Sub[] = [];
    for (const sock of [a0, a1, a2, a3, a4]) for (let i = 0; i < 5; i++) aAll.push(sock!.subscribe(ALL));
    const aCompleted = [a0, a1, a2, a3].map((sock) =>
      sock!.subscribe(FILTERED, { filter: { status: ['COMPLETED'] } }),
    );
    const aWide = [a1, a2, a3].map((sock) => sock!.subscribe(WIDE));
    const aStaged = [a0!.subscribe(STAGED, { stage: true }), a4!.subscribe(STAGED, { stage: false })];
    const bAll: Sub[] = [];
    for (const sock of [b0, b1]) for (let i = 0; i < 7; i++) bAll.push(sock!.subscribe(ALL));
    const bWide = [b0!.subscribe(WIDE), b1!.subscribe(WIDE)];
    // The unshared way, as a reference for every payload.
    const sse: Subscription = subscribeSse(s.url, ALL, {}, keyA);
    const sseWide: Subscription = subscribeSse(s.url, WIDE, {}, keyA);
    // 50 on WebSockets, 2 over SSE.
    await until(async () => (await counters()).subscribers === before.subscribers + 52);

    const first = await createJob(keyA, 'one', { n: '1' });
    const firstDone = (sub: { events: Record<string, any>[] }) =>
      sub.events.some((e) => e.id === first && e.status === 'COMPLETED');
    await until(() => [...aAll, ...aWide].every(firstDone));

    // One of org A's sockets leaves mid-stream; its subscriptions end, the others go on.
    const leaving = new Set(a3!.subs);
    await a3!.client.dispose();
    await until(async () => (await counters()).subscribers === before.subscribers + 52 - leaving.size);

    const bJob = await createJob(keyB, 'bee', { org: 'b' });
    const later = [await createJob(keyA, 'two', { n: '2' })];
    // A by-id subscriber on a shared socket: the job now, then its changes, then complete.
    const aOne = a4!.subscribe(ONE, { id: later[0] });
    later.push(await createJob(keyA, 'three', { n: '3' }));
    const jobsA = [first, ...later];
    const staying = (subs: Sub[]) => subs.filter((sub) => !leaving.has(sub));
    const seenAll = (sub: { events: Record<string, any>[] }, ids: string[]) =>
      ids.every((id) => sub.events.some((e) => e.id === id && e.status === 'COMPLETED'));
    await until(() =>
      [...staying([...aAll, ...aWide, ...aCompleted, ...aStaged]), sse, sseWide].every((sub) =>
        seenAll(sub, jobsA),
      ),
    );
    await until(() => [...bAll, ...bWide].every((sub) => seenAll(sub, [bJob])));
    await aOne.done;
    const after = await counters();

    const eventsA = await stored(keyA);
    const eventsB = await stored(keyB);
    // Org-wide subscribers: every event of their organization from the first on, in seq order.
    expect(asKeys(sse.events)).toEqual(eventsA.map((e) => e.key));
    for (const sub of staying(aAll)) expect(sub.events).toEqual(sse.events);
    for (const sub of bAll) expect(asKeys(sub.events)).toEqual(eventsB.map((e) => e.key));
    // The filter is per subscriber, though the execution is shared with ALL's.
    for (const sub of staying(aCompleted))
      expect(asKeys(sub.events)).toEqual(eventsA.filter((e) => e.status === 'COMPLETED').map((e) => e.key));
    // Another selection: its own shape, field order as asked, the same as executed alone.
    for (const sub of staying(aWide)) {
      expect(sub.events).toEqual(sseWide.events);
      expect(Object.keys(sub.events[0]!)).toEqual(['status', 'metadata', 'id', 'version', 'document']);
    }
    expect(sseWide.events.at(-1)).toMatchObject({ metadata: { n: '3' }, document: { filename: 'f.txt' } });
    const [staged, unstaged] = aStaged as [Sub, Sub];
    expect(staged.events.map((e) => Object.keys(e))).toContainEqual(['id', 'version', 'status', 'stage']);
    expect(unstaged.events.every((e) => !('stage' in e))).toBe(true);
    expect(unstaged.events.map((e) => `${e.id}@${e.version}`)).toEqual(
      staged.events.map((e) => `${e.id}@${e.version}`),
    );
    // Org B never sees org A's payloads, nor the other way round.
    const idsA = new Set(jobsA);
    for (const sub of [...bAll, ...bWide]) expect(sub.events.some((e) => idsA.has(e.id))).toBe(false);
    for (const sub of bWide) expect(sub.events.every((e) => e.metadata.org === 'b')).toBe(true);
    for (const sub of [...aAll, ...aWide, ...aCompleted])
      expect(sub.events.some((e) => e.id === bJob)).toBe(false);
    // The socket that left got the first job's events and nothing after it.
    for (const sub of leaving) expect(sub.events.some((e) => later.includes(e.id))).toBe(false);
    // By id: versions 1.. in order, ending with the terminal one.
    expect(aOne.errors).toEqual([]);
    expect(aOne.events.map((e) => e.version)).toEqual(aOne.events.map((_, i) => aOne.events[0]!.version + i));
    expect(aOne.events.at(-1)?.status).toBe('COMPLETED');
    for (const sub of [...aAll, ...aWide, ...aCompleted, ...aStaged, ...bAll, ...bWide])
      expect(sub.errors).toEqual([]);

    // Shared: far fewer executions than frames written around them (about 6× here; events a
    // busy reader takes through graphql-ws instead are in neither count).
    const executed = after.executions - before.executions;
    const delivered = after.deliveries - before.deliveries;
    expect(executed).toBeGreaterThan(0);
    expect(delivered).toBeGreaterThan(3 * executed);

    sse.stop();
    sseWide.stop();
    for (const sock of sockets) await sock.client.dispose();
  });
});
