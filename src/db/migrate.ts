import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import type { Database, Sql } from './client.ts';

const MIGRATIONS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');
// Any constant works; it only has to be the same for every Docket process.
const MIGRATION_LOCK = 0x646f636b;

/**
 * Applies the drizzle-kit migrations. A session advisory lock serialises processes that
 * start at once, so each migration runs exactly once (drizzle-orm#874).
 */
export async function runMigrations(sql: Sql, db: Database): Promise<void> {
  const lock = await sql.reserve();
  try {
    await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migrate(db, { migrationsFolder: MIGRATIONS });
  } finally {
    await lock`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
    lock.release();
  }
}

/** Resolves once the migrations table answers (the readiness check); rejects otherwise. */
export async function migrationsReadable(sql: Sql): Promise<void> {
  await sql`select 1 from drizzle.__drizzle_migrations limit 1`;
}
