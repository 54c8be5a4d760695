// Group commit against a real database: concurrent pieces of work share one transaction,
// and one that fails leaves the others written and only its own caller with the error.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect } from '../src/db/client.ts';
import { GroupCommit } from '../src/db/group-commit.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

let api: TestServer;
let admin: ReturnType<typeof connect>;
beforeAll(async () => {
  api = await startTestServer({ role: 'api' });
  admin = connect(api.databaseUrl, { max: 4 });
  await admin.sql`create table if not exists group_commit_probe (n int primary key)`;
});
afterAll(async () => {
  if (admin) {
    await admin.sql`drop table if exists group_commit_probe`;
    await admin.sql.end({ timeout: 1 });
  }
  await api?.close();
});

const txid = sql`select txid_current()::text as id`;

it('work that comes while a commit runs shares the next one; every caller gets its own result', async () => {
  const commits = new GroupCommit(admin.db);
  const ids = await Promise.all(
    Array.from({ length: 10 }, (_, n) =>
      commits.run('org_a', async (tx) => {
        await tx.execute(sql`insert into group_commit_probe (n) values (${n})`);
        const [row] = await tx.execute<{ id: string }>(txid);
        return { n, tx: row!.id };
      }),
    ),
  );
  expect(ids.map((r) => r.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  // The first ran alone; the nine that queued behind it shared one transaction.
  const transactions = new Set(ids.map((r) => r.tx));
  expect(transactions.size).toBe(2);
  expect(new Set(ids.slice(1).map((r) => r.tx)).size).toBe(1);
  const [count] = await admin.sql<{ n: number }[]>`select count(*)::int as n from group_commit_probe`;
  expect(count!.n).toBe(10);
});

it('a piece that fails fails alone: the rest are written, each in a transaction of its own', async () => {
  const commits = new GroupCommit(admin.db);
  const insert = (n: number) =>
    commits.run('org_a', async (tx) => {
      await tx.execute(sql`insert into group_commit_probe (n) values (${n})`);
      return n;
    });
  const results = await Promise.allSettled([insert(100), insert(101), insert(0), insert(102)]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
  const rows = await admin.sql<{ n: number }[]>`select n from group_commit_probe where n >= 100 order by n`;
  expect(rows.map((r) => r.n)).toEqual([100, 101, 102]);
});

it('a single statement runs alone without a transaction around it, and shares one when others wait', async () => {
  const commits = new GroupCommit(admin.db);
  // In an open transaction now() is its start, before the statement's own timestamp.
  const inTransaction = sql`select (now() < statement_timestamp()) as "inTx"`;
  const ask = (exec: Parameters<Parameters<GroupCommit['runStatement']>[1]>[0]) =>
    exec.execute<{ inTx: boolean }>(inTransaction).then(([row]) => row!.inTx);
  expect(await commits.runStatement('org_a', ask)).toBe(false);
  // Behind a piece of work that is committing, statements join the next shared transaction.
  const [first, ...queued] = await Promise.all([
    commits.run('org_a', async (tx) => {
      await tx.execute(sql`select pg_sleep(0.05)`);
      return ask(tx);
    }),
    commits.runStatement('org_a', ask),
    commits.runStatement('org_a', ask),
  ]);
  expect(first).toBe(true);
  expect(queued).toEqual([true, true]);
});

it('a piece Postgres aborts to break a deadlock runs again, and both callers get their result', async () => {
  await admin.sql`insert into group_commit_probe (n) values (1001), (1002) on conflict do nothing`;
  // Two processes' group commits taking the same two rows in opposite orders: without the rerun,
  // one caller would get "deadlock detected".
  const lock = (commits: GroupCommit, first: number, second: number) =>
    commits.run('org_a', async (tx) => {
      await tx.execute(sql`update group_commit_probe set n = n where n = ${first}`);
      await tx.execute(sql`select pg_sleep(0.3)`);
      await tx.execute(sql`update group_commit_probe set n = n where n = ${second}`);
      return first;
    });
  const other = connect(api.databaseUrl, { max: 2 });
  try {
    const results = await Promise.allSettled([
      lock(new GroupCommit(admin.db), 1001, 1002),
      lock(new GroupCommit(other.db), 1002, 1001),
    ]);
    expect(results).toEqual([
      { status: 'fulfilled', value: 1001 },
      { status: 'fulfilled', value: 1002 },
    ]);
  } finally {
    await other.sql.end({ timeout: 1 });
  }
});

it('a batch runs its pieces in organization order, whatever order they came in', async () => {
  const commits = new GroupCommit(admin.db);
  const started: string[] = [];
  const piece = (org: string) =>
    commits.run(org, async (tx) => {
      started.push(org);
      await tx.execute(sql`select 1`);
      return org;
    });
  // The first commits alone; the three behind it share one transaction, run as org_a, org_b, org_c.
  const results = await Promise.all([piece('org_z'), piece('org_c'), piece('org_a'), piece('org_b')]);
  expect(results).toEqual(['org_z', 'org_c', 'org_a', 'org_b']);
  expect(started).toEqual(['org_z', 'org_a', 'org_b', 'org_c']);
});
