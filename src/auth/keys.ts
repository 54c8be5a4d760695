// API keys: `dk_` + 43 random characters. Only a sha256 of the key is stored.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database, Executor } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { oncePer } from '../db/prepared.ts';
import { apiKeys, organizations } from '../db/schema.ts';

export interface Principal {
  organizationId: string;
  keyId: string;
}

/** revokeKey notifies this channel with the key's id, in the statement that revokes it. */
export const KEY_REVOKED_CHANNEL = 'docket_key_revoked';

const KEY_SHAPE = /^dk_[A-Za-z0-9_-]{32,128}$/;

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export async function createKey(
  db: Executor,
  orgName: string,
): Promise<{ key: string; keyId: string; organizationId: string }> {
  const key = `dk_${randomBytes(32).toString('base64url')}`;
  return db.transaction(async (tx) => {
    await tx
      .insert(organizations)
      .values({ id: newId('organization'), name: orgName })
      .onConflictDoNothing({ target: organizations.name });
    const [org] = await tx.select().from(organizations).where(eq(organizations.name, orgName));
    if (!org) throw new Error(`organization ${orgName} could not be created`);
    const keyId = newId('apiKey');
    await tx
      .insert(apiKeys)
      .values({ id: keyId, organizationId: org.id, keyHash: hashKey(key), prefix: key.slice(0, 8) });
    return { key, keyId, organizationId: org.id };
  });
}

/** Revokes a key; the api processes hear it over NOTIFY (./key-cache.ts) as it commits. */
export async function revokeKey(db: Database, keyOrId: string): Promise<boolean> {
  const where = keyOrId.startsWith('dk_') ? eq(apiKeys.keyHash, hashKey(keyOrId)) : eq(apiKeys.id, keyOrId);
  const revoked = db.$with('revoked').as(
    db
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(where, isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id }),
  );
  const rows = await db
    .with(revoked)
    .select({ id: revoked.id, notified: sql`pg_notify(${KEY_REVOKED_CHANNEL}, ${revoked.id})` })
    .from(revoked);
  return rows.length > 0;
}

export async function listKeys(db: Database) {
  return db
    .select({
      id: apiKeys.id,
      prefix: apiKeys.prefix,
      organization: organizations.name,
      createdAt: apiKeys.createdAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .innerJoin(organizations, eq(organizations.id, apiKeys.organizationId))
    .orderBy(apiKeys.createdAt);
}

/** The organization a key acts for, or null for a malformed, unknown or revoked key. */
export async function verifyKey(db: Database, key: string): Promise<Principal | null> {
  if (!KEY_SHAPE.test(key)) return null;
  const hash = hashKey(key);
  const [row] = await lookupStatement(db).execute({ hash });
  // The lookup is by an index on the hash; compare again in constant time so no code
  // path's timing depends on how much of a guessed hash matched.
  if (!row || !timingSafeEqual(Buffer.from(row.keyHash), Buffer.from(hash))) return null;
  return { organizationId: row.organizationId, keyId: row.id };
}

// Every request runs this lookup: built once per database handle rather than per call
// (drizzle's query building was about a third of a key check's CPU).
const lookupStatement = oncePer((db: Database) =>
  db
    .select({ id: apiKeys.id, organizationId: apiKeys.organizationId, keyHash: apiKeys.keyHash })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, sql.placeholder('hash')), isNull(apiKeys.revokedAt)))
    .prepare('docket_verify_key'),
);

/** Which of these key ids still name a key that is not revoked. */
export async function validKeyIds(db: Database, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(and(inArray(apiKeys.id, [...ids]), isNull(apiKeys.revokedAt)));
  return new Set(rows.map((r) => r.id));
}

export function bearerKey(header: string | null | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}
