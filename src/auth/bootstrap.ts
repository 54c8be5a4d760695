// First start on an empty database: an organization `default` and one key, shown once.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { count, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { organizations } from '../db/schema.ts';
import { createKey } from './keys.ts';

/** Creates the default organization and key when there is no organization; returns the key then. */
export async function bootstrapDefaultKey(db: Database, dataDir: string): Promise<string | null> {
  const key = await db.transaction(async (tx) => {
    // Two processes starting at once: the lock makes the second see the first's organization.
    await tx.execute(sql`select pg_advisory_xact_lock(1684235115)`);
    const [row] = await tx.select({ n: count() }).from(organizations);
    if ((row?.n ?? 0) > 0) return null;
    return (await createKey(tx, 'default')).key;
  });
  if (!key) return null;
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, 'api-key');
  await writeFile(file, `${key}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return key;
}
