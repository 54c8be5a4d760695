// Verified keys kept in the api process, so a request's key check costs no round trip to
// Postgres. A revocation is heard over NOTIFY (revokeKey sends it with its update) and drops the
// key at once; a cached entry is never older than KEY_RECHECK_SECONDS, so a NOTIFY that is lost
// (the LISTEN connection down, a revocation by hand in SQL) still ends access within that bound.
// Unknown and revoked keys are not cached: a guessed key costs what it did before, one lookup.
import type { Database, Sql } from '../db/client.ts';
import { hashKey, KEY_REVOKED_CHANNEL, type Principal, verifyKey } from './keys.ts';

/** Keys cached at most; the oldest go first (a Map iterates in insertion order). */
const MAX_KEYS = 10_000;

interface Entry {
  principal: Principal;
  /** performance.now() when the key was found valid in the database. */
  checkedAt: number;
}

export class KeyCache {
  readonly #db: Database;
  readonly #ttlMs: number;
  /** By the key's sha256 (keys.ts hashKey): the process keeps no key itself past its request. */
  readonly #byHash = new Map<string, Entry>();
  /** Bumped by every revocation and clear: a lookup that straddles one is not cached. */
  #generation = 0;

  constructor(db: Database, ttlSeconds: number) {
    this.#db = db;
    this.#ttlMs = ttlSeconds * 1000;
  }

  /** The organization a key acts for, or null for a malformed, unknown or revoked key. */
  async verify(key: string): Promise<Principal | null> {
    const now = performance.now();
    const hash = hashKey(key);
    const found = this.#byHash.get(hash);
    if (found && now - found.checkedAt < this.#ttlMs) return found.principal;
    if (found) this.#byHash.delete(hash);
    const generation = this.#generation;
    const principal = await verifyKey(this.#db, key);
    // A revocation heard while the lookup was out may concern this very key: do not keep it.
    if (principal && generation === this.#generation) {
      if (this.#byHash.size >= MAX_KEYS) {
        const oldest = this.#byHash.keys().next().value;
        if (oldest !== undefined) this.#byHash.delete(oldest);
      }
      this.#byHash.set(hash, { principal, checkedAt: now });
    }
    return principal;
  }

  /** The key with this id is revoked: forget it (heard over NOTIFY). */
  revoke(keyId: string): void {
    this.#generation++;
    for (const [key, entry] of this.#byHash) if (entry.principal.keyId === keyId) this.#byHash.delete(key);
  }

  /** Forgets every key: the LISTEN (re)connected, and revocations may have been missed meanwhile. */
  clear(): void {
    this.#generation++;
    this.#byHash.clear();
  }

  /**
   * Hears revocations on `sql`'s LISTEN connection until the returned function is called;
   * `onRevoked` also gets each revoked key's id (open subscriptions end on it).
   */
  async listen(sql: Sql, onRevoked: (keyId: string) => void): Promise<() => Promise<void>> {
    const { unlisten } = await sql.listen(
      KEY_REVOKED_CHANNEL,
      (keyId) => {
        this.revoke(keyId);
        onRevoked(keyId);
      },
      // Called on every (re)connect of the LISTEN: what was revoked while it was down is unknown.
      () => this.clear(),
    );
    return unlisten;
  }
}
