import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema.ts';

export type Sql = postgres.Sql;

export function connect(url: string, opts: { max?: number } = {}) {
  const sql = postgres(url, {
    max: opts.max ?? 10,
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
