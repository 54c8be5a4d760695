// Statements run as prepared statements on the executor's own connection (the pool's, or the
// open transaction's). drizzle prepares only queries given a name, so every other statement is
// parsed and planned anew each time; for the hot statements of fixed shape (a page of jobs with
// their queue fields, a job's creation, pg-boss's insert of its task) that was a measurable part
// of the request. postgres.js keeps one prepared statement per text per connection: use these
// only for texts of a few shapes, never for ones that vary with the data (an IN list of any length).
import { type Column, fillPlaceholders, getTableColumns, type SQL, type Table } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { PostgresJsSession } from 'drizzle-orm/postgres-js';
import type { Executor, Sql } from './client.ts';

const dialect = new PgDialect();

export async function executePrepared<T extends Record<string, unknown>>(
  exec: Executor,
  query: SQL,
): Promise<T[]> {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return (await clientOf(exec).unsafe(text, params as never[], { prepare: true })) as unknown as T[];
}

/** `build(key)` made once per key (a database, a pg-boss instance), and kept while the key lives. */
export function oncePer<K extends object, T>(build: (key: K) => T): (key: K) => T {
  const built = new WeakMap<K, T>();
  return (key) => {
    if (!built.has(key)) built.set(key, build(key));
    return built.get(key) as T;
  };
}

/**
 * A statement built once, its values left as placeholders (`sql.placeholder(name)`): building
 * a large statement with drizzle costs more CPU than sending it, so a hot statement of fixed shape
 * is built at its first use and then only filled (each value through its column's encoder).
 */
export interface BuiltStatement {
  text: string;
  params: unknown[];
}

export function buildStatement(query: SQL): BuiltStatement {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return { text, params };
}

export async function executeBuilt<T extends Record<string, unknown>>(
  exec: Executor,
  statement: BuiltStatement,
  values: Record<string, unknown>,
): Promise<T[]> {
  const params = fillPlaceholders(statement.params, values);
  return (await clientOf(exec).unsafe(statement.text, params as never[], {
    prepare: true,
  })) as unknown as T[];
}

/**
 * pg-boss's database for work done inside our transaction (`boss.send(…, { db })`), in place of
 * pg-boss's fromDrizzle: pg-boss's statements have fixed texts (arrays are bound whole), so each
 * is prepared once per connection instead of parsed and planned every time.
 */
export function bossDatabase(exec: Executor): {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
} {
  const client = clientOf(exec);
  return {
    async executeSql(text, values = []) {
      const rows = await client.unsafe(text, values as never[], { prepare: true });
      return { rows: rows as unknown as unknown[] };
    },
  };
}

/** The postgres.js client behind an executor: a transaction's session holds its reserved connection. */
function clientOf(exec: Executor): Sql {
  return (exec._.session as unknown as PostgresJsSession<Sql, never, never>).client;
}

/** A raw row of `table` (column names, driver values), as drizzle's own select or returning() maps it. */
export function rowOf<T extends Table>(table: T, raw: Record<string, unknown>): T['$inferSelect'] {
  const row: Record<string, unknown> = {};
  for (const [key, column] of columnsOf(table)) {
    const value = raw[column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as T['$inferSelect'];
}

/** Each table's columns, listed once: rowOf runs per row on hot paths (a page, a transition). */
const COLUMNS = new WeakMap<Table, [string, Column][]>();
function columnsOf(table: Table): [string, Column][] {
  let columns = COLUMNS.get(table);
  if (!columns) {
    columns = Object.entries(getTableColumns(table));
    COLUMNS.set(table, columns);
  }
  return columns;
}
