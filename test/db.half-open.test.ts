// A database path that turns into a black hole (no FIN, no RST, no answers) must not hang
// Docket's queries for good: both of its drivers drop a connection whose answer is overdue
// (DB_ANSWER_TIMEOUT_SECONDS) and connect afresh once the path works again.
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { connect } from '../src/db/client.ts';
import { startBoss } from '../src/jobs/queue.ts';
import { startProxy, type TcpProxy } from '../testkit/proxy.ts';
import { createTestDatabase } from './helpers/database.ts';

const BOUND_MS = 1500;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let proxy: TcpProxy;
let proxied: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const target = new URL(database.url);
  proxy = await startProxy(Number(target.port));
  target.port = String(proxy.port);
  proxied = target.toString();
});
beforeEach(() => proxy.setMode('forward'));
afterAll(async () => {
  await proxy?.close();
  await database?.drop();
});

it('postgres.js: a query on a black-holed connection fails within the bound, then the pool heals', async () => {
  const { sql } = connect(proxied, { max: 2, answerTimeoutMs: BOUND_MS });
  try {
    expect((await sql`select 1 as one`)[0]?.one).toBe(1);
    proxy.setMode('blackhole');
    const started = Date.now();
    await expect(sql`select 2 as two`).rejects.toThrow(/no answer from the database in 1.5 s/);
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(BOUND_MS - 100);
    expect(waited).toBeLessThan(BOUND_MS + 5000);
    proxy.setMode('forward');
    await expect.poll(() => sql`select 3 as three`.then((r) => r[0]?.three), { timeout: 15_000 }).toBe(3);
  } finally {
    await sql.end({ timeout: 1 });
  }
});

it('postgres.js: an idle connection and a LISTEN hearing notifications are not dropped', async () => {
  const { sql } = connect(proxied, { max: 2, answerTimeoutMs: BOUND_MS });
  const notifier = connect(database.url, { max: 1 });
  try {
    const heard: string[] = [];
    let listens = 0;
    await sql.listen(
      'half_open_test',
      (payload) => heard.push(payload),
      () => listens++,
    );
    await sql`select 1`;
    const open = proxy.connections();
    // Notifications only (nothing asked) for more than twice the bound.
    for (let i = 0; i < 8; i++) {
      await notifier.sql`select pg_notify('half_open_test', ${String(i)})`;
      await new Promise((r) => setTimeout(r, 400));
    }
    expect(heard).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
    expect((await sql`select 4 as four`)[0]?.four).toBe(4);
    expect(listens).toBe(1);
    expect(proxy.connections()).toBe(open);
  } finally {
    await sql.end({ timeout: 1 });
    await notifier.sql.end({ timeout: 1 });
  }
});

it('pg-boss: a send on a black-holed pool fails within the bound, then it works again', async () => {
  const boss = await startBoss({
    url: proxied,
    heartbeatSeconds: 10,
    jobTimeoutSeconds: 60,
    supervise: false,
    answerTimeoutMs: BOUND_MS,
  });
  try {
    proxy.setMode('blackhole');
    const started = Date.now();
    await expect(boss.send('docket-run-dead', { jobId: 'j', organizationId: 'o' })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(BOUND_MS + 5000);
    proxy.setMode('forward');
    await expect
      .poll(
        () =>
          boss.send('docket-run-dead', { jobId: 'j', organizationId: 'o' }).then(
            (id) => typeof id === 'string',
            () => false,
          ),
        { timeout: 20_000, interval: 500 },
      )
      .toBe(true);
  } finally {
    proxy.setMode('forward');
    await boss.stop({ graceful: false, close: true, timeout: 1000 }).catch(() => {});
  }
});
