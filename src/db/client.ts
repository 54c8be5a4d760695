import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { overdueSocket } from './overdue-socket.ts';
import * as schema from './schema.ts';

export type Sql = postgres.Sql;

export interface ConnectOptions {
  max?: number;
  /** A connection whose answer is this late is dropped (see overdue-socket.ts); 0: never. */
  answerTimeoutMs?: number;
}

export function connect(url: string, opts: ConnectOptions = {}) {
  const answerTimeoutMs = opts.answerTimeoutMs ?? 0;
  const sql = postgres(url, {
    max: opts.max ?? 10,
    ...(answerTimeoutMs > 0 ? { socket: overdueSocket(answerTimeoutMs) } : {}),
    onnotice: () => {},
    // Fail fast when the database is gone rather than hanging a request.
    connect_timeout: 10,
    // postgres.js's default reconnect delay grows with every failed attempt of every
    // connection in the pool, to 20 s: after a database restart, queued requests waited that
    // long for a database that was already back (npm run fault:db-restart).
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
    connection: { application_name: 'docket' },
  });
  const db = drizzle({ client: sql, schema });
  return { sql, db };
}

export type Database = ReturnType<typeof connect>['db'];
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Either the database or an open transaction: the domain functions accept both. */
export type Executor = Database | Transaction;
