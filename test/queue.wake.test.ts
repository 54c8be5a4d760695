// pg-boss as patched (patches/pg-boss+12.38.0.patch): a new task's NOTIFY wakes one sleeping
// worker of its queue, not every one of them, and a backlog still fills every worker.
import { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BOSS_SCHEMA } from '../src/jobs/queue.ts';
import { createTestDatabase } from './helpers/database.ts';

const WORKERS = 8;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let sender: PgBoss;
let worker: PgBoss;

beforeAll(async () => {
  database = await createTestDatabase();
  const common = { connectionString: database.url, schema: BOSS_SCHEMA, max: 4, useListenNotify: true };
  sender = new PgBoss({ ...common, supervise: false, schedule: false });
  worker = new PgBoss({ ...common, supervise: false, schedule: false, queueCacheIntervalSeconds: 1 });
  for (const b of [sender, worker]) b.on('error', () => {});
  await sender.start();
  await worker.start();
});

afterAll(async () => {
  await worker?.stop({ graceful: false, close: true });
  await sender?.stop({ graceful: false, close: true });
  await database?.drop();
});

/** Starts WORKERS workers on a new queue whose polls are far apart: only a wake makes them fetch. */
async function sleepingWorkers(queue: string, handle: () => Promise<void>) {
  await sender.createQueue(queue, { notify: true });
  // The worker learns the queue's notify flag from its queue cache.
  await new Promise((r) => setTimeout(r, 1500));
  const id = await worker.work(
    queue,
    { localConcurrency: WORKERS, pollingIntervalSeconds: 30, notifyPollingIntervalSeconds: 30 },
    async () => handle(),
  );
  const mine = () => worker.getWipData().filter((w) => w.workId === id);
  // Each worker fetches once as it starts, then sleeps.
  while (mine().filter((w) => w.lastFetchedOn).length < WORKERS) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 200));
  return { fetchedOn: () => new Map(mine().map((w) => [w.id, w.lastFetchedOn])) };
}

it('a new task wakes one of the sleeping workers, not all of them', async () => {
  let handled = 0;
  const workers = await sleepingWorkers('wake-one', async () => {
    handled++;
  });
  const before = workers.fetchedOn();
  await sender.send('wake-one', {});
  while (handled < 1) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 500));
  const after = workers.fetchedOn();
  const fetched = [...after].filter(([id, at]) => at !== before.get(id)).length;
  // The woken worker, and the next one its successful fetch woke (which finds nothing).
  expect(fetched).toBeGreaterThanOrEqual(1);
  expect(fetched).toBeLessThanOrEqual(2);
});

it('a backlog sent under one NOTIFY fills every worker', async () => {
  let running = 0;
  let most = 0;
  let done = 0;
  await sleepingWorkers('wake-relay', async () => {
    running++;
    most = Math.max(most, running);
    await new Promise((r) => setTimeout(r, 200));
    running--;
    done++;
  });
  // One insert statement, one NOTIFY for all 40.
  await sender.insert(
    'wake-relay',
    Array.from({ length: 40 }, (_, i) => ({ data: { i } })),
  );
  const started = Date.now();
  // Without the relay, one worker would take them one by one (8 s) until the 30 s poll.
  while (done < 40 && Date.now() - started < 15_000) await new Promise((r) => setTimeout(r, 20));
  expect(done).toBe(40);
  expect(most).toBe(WORKERS);
});
