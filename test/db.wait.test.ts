// A Docket started before its database waits for it rather than exiting: the database
// "appears" here as a TCP proxy to the test Postgres, opened on a port that refused at first.
import { createConnection, createServer, type Server } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, expect, it } from 'vitest';
import { connect } from '../src/db/client.ts';
import { waitForDatabase } from '../src/db/wait.ts';
import { freePort } from '../testkit/net.ts';
import { createTestDatabase } from './helpers/database.ts';

let proxy: Server | null = null;
afterAll(() => proxy?.close());

it('retries until the database answers, logging each refusal', async () => {
  const db = await createTestDatabase();
  const target = new URL(db.url);
  const port = await freePort();
  const url = new URL(db.url);
  url.port = String(port);
  const lines: { msg: string }[] = [];
  const log = pino(
    { level: 'warn' },
    new Writable({
      write(chunk, _enc, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    }),
  );
  const { sql } = connect(url.toString(), { max: 1 });
  let resolved = false;
  const waiting = waitForDatabase(sql, log).then(() => {
    resolved = true;
  });
  // Two refusals (0.5 s, then 1 s of back-off) before the database appears.
  await expect.poll(() => lines.length, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
  expect(resolved).toBe(false);
  proxy = createServer((client) => {
    const upstream = createConnection(Number(target.port), target.hostname);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => proxy?.listen(port, '127.0.0.1', resolve));
  await waiting;
  expect(lines.every((l) => l.msg === 'database not reachable; retrying')).toBe(true);
  const [row] = await sql`select 1 as one`;
  expect(row?.one).toBe(1);
  await sql.end({ timeout: 1 });
  await db.drop();
}, 20_000);
