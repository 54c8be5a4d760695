// Compiling the caller's JSON Schema with ajv: the draft its `$schema` names (draft-07 when it
// names none), ajv-formats for date/email/uri, and `strict: false` because callers write
// schemas with annotations ajv does not know. A schema that does not compile is the caller's
// mistake: `invalid_request`.

import { createHash } from 'node:crypto';
import type { ValidateFunction } from 'ajv';
import { Ajv } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { PipelineError } from '../types.ts';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: unknown) => void;

type Draft = '07' | '2019' | '2020';
const instances = new Map<Draft, Ajv | Ajv2019 | Ajv2020>();

function ajvFor(draft: Draft): Ajv | Ajv2019 | Ajv2020 {
  let ajv = instances.get(draft);
  if (!ajv) {
    // verbose: errors carry their parentSchema, which the repair step reads to see whether null is allowed.
    const opts = { strict: false, allErrors: true, validateFormats: true, verbose: true };
    ajv = draft === '2020' ? new Ajv2020(opts) : draft === '2019' ? new Ajv2019(opts) : new Ajv(opts);
    addFormats(ajv);
    instances.set(draft, ajv);
  }
  return ajv;
}

function draftOf(schema: Record<string, unknown>): Draft {
  const id = typeof schema.$schema === 'string' ? schema.$schema : '';
  if (id.includes('2020-12')) return '2020';
  if (id.includes('2019-09')) return '2019';
  return '07';
}

/**
 * What a caller's schema may be. Checked before ajv sees it, in one linear walk: a 0.5 MB
 * schema took ajv 2-6 s to compile, and the API used to compile on its event loop.
 */
export const SCHEMA_LIMITS = { maxBytes: 100 * 1024, maxDepth: 32, maxProperties: 1000 } as const;

/**
 * Refuses a schema past SCHEMA_LIMITS or with a `$ref` that is not local (`#…`): ajv would
 * otherwise look a remote one up among the schemas it holds. Cheap enough for the API.
 */
export function checkSchemaBounds(schema: Record<string, unknown>): void {
  const fail = (what: string): never => {
    throw new PipelineError('invalid_request', `jsonSchema ${what}`);
  };
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) fail('must be a JSON object');
  const bytes = Buffer.byteLength(JSON.stringify(schema));
  if (bytes > SCHEMA_LIMITS.maxBytes)
    fail(`is ${bytes} bytes as JSON; at most ${SCHEMA_LIMITS.maxBytes} are allowed`);
  let properties = 0;
  const stack: [unknown, number][] = [[schema, 1]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [node, depth] = item;
    if (depth > SCHEMA_LIMITS.maxDepth) fail(`nests deeper than ${SCHEMA_LIMITS.maxDepth} levels`);
    if (Array.isArray(node)) {
      for (const v of node) if (v && typeof v === 'object') stack.push([v, depth + 1]);
      continue;
    }
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (
        (k === '$ref' || k === '$dynamicRef' || k === '$recursiveRef') &&
        typeof v === 'string' &&
        !v.startsWith('#')
      )
        fail(`has ${k} "${v.slice(0, 100)}"; only local references (starting with #) are allowed`);
      if (k === 'properties' && v && typeof v === 'object') properties += Object.keys(v).length;
      if (v && typeof v === 'object') stack.push([v, depth + 1]);
    }
  }
  if (properties > SCHEMA_LIMITS.maxProperties)
    fail(`declares ${properties} properties; at most ${SCHEMA_LIMITS.maxProperties} are allowed`);
}

/**
 * The API's check: within bounds and valid against its draft's meta-schema (validating is a
 * walk with an already compiled validator, not a compile). The compile itself runs in the
 * pipeline thread (extract step).
 */
export function checkSchema(schema: Record<string, unknown>): void {
  checkSchemaBounds(schema);
  const { draft, usable } = prepare(schema);
  const ajv = ajvFor(draft);
  let valid: boolean;
  try {
    valid = ajv.validateSchema(usable) as boolean;
  } catch (err) {
    throw new PipelineError('invalid_request', `jsonSchema does not compile: ${(err as Error).message}`);
  }
  if (!valid)
    throw new PipelineError('invalid_request', `jsonSchema does not compile: ${ajv.errorsText(ajv.errors)}`);
}

/** Compiled schemas kept, least recently used dropped (from ajv's own cache too). */
const CACHE_SIZE = 64;
const cache = new Map<string, { validate: ValidateFunction; draft: Draft; schema: object }>();

/** How many compiled schemas this thread holds (for tests). */
export function compiledSchemaCount(): number {
  let n = 0;
  for (const ajv of instances.values())
    n += (ajv as unknown as { _cache: Map<unknown, unknown> })._cache.size;
  return n;
}

function prepare(schema: Record<string, unknown>): { draft: Draft; usable: Record<string, unknown> } {
  const draft = draftOf(schema);
  // Each draft's meta-schema URI is known to its own ajv class only; drop other ones.
  const { $schema, $id: _id, ...rest } = schema;
  const usable =
    typeof $schema === 'string' && /json-schema\.org\/(draft-0[467]|draft\/20(19|20)-)/.test($schema)
      ? { $schema, ...rest }
      : rest;
  if (draft === '07' && typeof usable.$schema === 'string' && !usable.$schema.includes('draft-07'))
    delete usable.$schema;
  return { draft, usable };
}

export function compileSchema(schema: Record<string, unknown>): ValidateFunction {
  checkSchemaBounds(schema);
  const key = createHash('sha256').update(JSON.stringify(schema)).digest('base64url');
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit.validate;
  }
  const { draft, usable } = prepare(schema);
  let validate: ValidateFunction;
  try {
    validate = ajvFor(draft).compile(usable);
  } catch (err) {
    ajvFor(draft).removeSchema(usable);
    throw new PipelineError(
      'invalid_request',
      `jsonSchema does not compile: ${(err as Error).message}`,
      undefined,
      {
        cause: err,
      },
    );
  }
  cache.set(key, { validate, draft, schema: usable });
  for (const [oldKey, old] of cache) {
    if (cache.size <= CACHE_SIZE) break;
    cache.delete(oldKey);
    ajvFor(old.draft).removeSchema(old.schema);
  }
  return validate;
}

/** An ajv instancePath as its parts: "/items/2/a~1b" → ["items", "2", "a/b"]. */
export function instancePathParts(instancePath: string): string[] {
  return instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** A path in a value as a caller reads it: ["items", "2", "qty"] → "items[2].qty"; the root is "(root)". */
export function displayPath(parts: readonly string[]): string {
  if (parts.length === 0) return '(root)';
  return parts.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
