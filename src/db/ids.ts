import { randomBytes } from 'node:crypto';

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

export function newId(kind: IdKind): string {
  return ID_PREFIXES[kind] + randomBytes(15).toString('base64url').replaceAll(/[-_]/g, 'x');
}

const ID_BODY = /^[A-Za-z0-9]{20}$/;

/** True when `id` is well formed for `kind`; a malformed id is simply not found. */
export function isId(kind: IdKind, id: string): boolean {
  const prefix = ID_PREFIXES[kind];
  return id.startsWith(prefix) && ID_BODY.test(id.slice(prefix.length));
}
