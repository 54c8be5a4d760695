// Limits on what a client may attach to a job (docs/contract.md, "Creating jobs").
import { badInput } from './errors.ts';

export const METADATA_MAX_PAIRS = 16;
export const METADATA_MAX_KEY = 64;
export const METADATA_MAX_VALUE = 512;
export const IDEMPOTENCY_KEY_MAX = 255;
export const FILENAME_MAX = 255;

export function validateMetadata(value: unknown, field = 'metadata'): Record<string, string> {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw badInput(`${field} must be an object of string keys to string values`);
  }
  const entries = Object.entries(value);
  if (entries.length > METADATA_MAX_PAIRS) {
    throw badInput(`${field} has ${entries.length} pairs; at most ${METADATA_MAX_PAIRS} are allowed`);
  }
  for (const [key, v] of entries) {
    if (key.length === 0 || key.length > METADATA_MAX_KEY) {
      throw badInput(
        `${field} key ${JSON.stringify(key.slice(0, 80))} must be 1 to ${METADATA_MAX_KEY} characters`,
      );
    }
    if (typeof v !== 'string') {
      throw badInput(`${field} value of ${JSON.stringify(key)} is ${typeName(v)}; only strings are allowed`);
    }
    if (v.length > METADATA_MAX_VALUE) {
      throw badInput(
        `${field} value of ${JSON.stringify(key)} has ${v.length} characters; at most ${METADATA_MAX_VALUE} are allowed`,
      );
    }
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

export function validateIdempotencyKey(key: string | null | undefined): string | null {
  if (key === null || key === undefined) return null;
  if (key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX) {
    throw badInput(`idempotencyKey must be 1 to ${IDEMPOTENCY_KEY_MAX} characters`);
  }
  return key;
}

/** A display name only: it never reaches a path, a shell or a header unescaped. */
export function cleanFilename(name: string | null | undefined, fallback: string): string {
  // Control characters (C0, DEL, C1: terminal escapes), bidi and line/paragraph separators
  // (names that display as something else) and path separators have no business in a display name.
  const cleaned = (name ?? '')
    .replaceAll(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069/\\]/g, '_')
    .trim()
    .slice(0, FILENAME_MAX);
  // "." and ".." name a directory wherever a name becomes a path.
  return /^\.*$/.test(cleaned) ? fallback : cleaned;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}
