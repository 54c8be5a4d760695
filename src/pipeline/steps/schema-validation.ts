// Compiling the caller's JSON Schema with ajv: the draft its `$schema` names (draft-07 when it
// names none), ajv-formats for date/email/uri, and `strict: false` because callers write
// schemas with annotations ajv does not know. A schema that does not compile is the caller's
// mistake: `invalid_request`.

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

const cache = new Map<string, ValidateFunction>();

export function compileSchema(schema: Record<string, unknown>): ValidateFunction {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) {
    throw new PipelineError('invalid_request', 'jsonSchema must be a JSON object');
  }
  const key = JSON.stringify(schema);
  const hit = cache.get(key);
  if (hit) return hit;
  const draft = draftOf(schema);
  // Each draft's meta-schema URI is known to its own ajv class only; drop other ones.
  const { $schema, $id: _id, ...rest } = schema;
  const usable =
    typeof $schema === 'string' && /json-schema\.org\/(draft-0[467]|draft\/20(19|20)-)/.test($schema)
      ? { $schema, ...rest }
      : rest;
  if (draft === '07' && typeof usable.$schema === 'string' && !usable.$schema.includes('draft-07'))
    delete usable.$schema;
  let validate: ValidateFunction;
  try {
    validate = ajvFor(draft).compile(usable);
  } catch (err) {
    throw new PipelineError(
      'invalid_request',
      `jsonSchema does not compile: ${(err as Error).message}`,
      undefined,
      {
        cause: err,
      },
    );
  }
  if (cache.size > 200) cache.clear();
  cache.set(key, validate);
  return validate;
}
