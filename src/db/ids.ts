import { randomFillSync } from 'node:crypto';

/** Prefixed, global ids (`job_…`, `doc_…`, `fb_…`): the prefix says what an id names. */
export const ID_PREFIXES = {
  job: 'job_',
  document: 'doc_',
  feedback: 'fb_',
  organization: 'org_',
  apiKey: 'key_',
  webhook: 'wh_',
  webhookDelivery: 'whd_',
} as const;
export type IdKind = keyof typeof ID_PREFIXES;

const ID_BYTES = 15;
// Random bytes drawn 256 ids at a time: each randomBytes call crosses into OpenSSL (~5 µs), a
// slice of a filled pool costs ~0.1 µs. Each byte is handed out once.
const pool = Buffer.alloc(ID_BYTES * 256);
let taken = pool.length;

export function newId(kind: IdKind): string {
  if (taken === pool.length) {
    randomFillSync(pool);
    taken = 0;
  }
  const body = pool.toString('base64url', taken, taken + ID_BYTES);
  taken += ID_BYTES;
  return ID_PREFIXES[kind] + body.replaceAll(/[-_]/g, 'x');
}

const ID_BODY = /^[A-Za-z0-9]{20}$/;

/** True when `id` is well formed for `kind`; a malformed id is simply not found. */
export function isId(kind: IdKind, id: string): boolean {
  const prefix = ID_PREFIXES[kind];
  return id.startsWith(prefix) && ID_BODY.test(id.slice(prefix.length));
}
