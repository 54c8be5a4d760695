// A caller's jsonSchema is bounded before anything compiles it: the API checks size, depth,
// property count and local-only $ref cheaply and answers BAD_USER_INPUT naming the limit; the
// compile runs in the pipeline thread, whose compiled schemas are a bounded LRU.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compiledSchemaCount,
  compileSchema,
  SCHEMA_LIMITS,
} from '../src/pipeline/steps/schema-validation.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
});

const create = (jsonSchema: unknown) =>
  s.gql(
    `mutation($s: JSON) { createJob(input: { endpoint: EXTRACT, options: { jsonSchema: $s },
      document: { url: "data:,Invoice%20INV-7%20total%2012.50" } }) { id } }`,
    { s: jsonSchema },
  );

function nested(levels: number): Record<string, unknown> {
  let schema: Record<string, unknown> = { type: 'string' };
  for (let i = 0; i < levels; i++) schema = { type: 'object', properties: { a: schema } };
  return schema;
}

describe('createJob refuses a jsonSchema past its bounds, naming the limit', () => {
  it.each([
    ['nested 20 objects deep (41 levels)', nested(20), /nests deeper than 32 levels/],
    [
      'with 1,001 properties',
      {
        type: 'object',
        properties: Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`p${i}`, { type: 'string' }])),
      },
      /declares 1001 properties; at most 1000/,
    ],
    [
      'of 150 KB',
      { type: 'object', description: 'x'.repeat(150 * 1024) },
      new RegExp(`at most ${SCHEMA_LIMITS.maxBytes} are allowed`),
    ],
    [
      'with a remote $ref',
      { type: 'object', properties: { a: { $ref: 'https://example.com/s.json' } } },
      /only local references/,
    ],
  ])('%s', async (_label, schema, message) => {
    const r = await create(schema);
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message).toMatch(message);
    expect(r.data?.createJob ?? null).toBeNull();
  });

  it('still refuses a schema its meta-schema rejects, and runs one with a local $ref', async () => {
    const bad = await create({ type: 'nonsense' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const ok = await create({
      type: 'object',
      definitions: { money: { type: 'number' } },
      properties: { total: { $ref: '#/definitions/money' } },
    });
    expect(ok.errors).toBeUndefined();
    const sub = s.subscribe('subscription($id: ID) { jobUpdated(id: $id) { status } }', {
      id: ok.data!.createJob.id,
    });
    await sub.done;
    expect(sub.events.at(-1)?.status).toBe('COMPLETED');
  });
});

describe('compiled schemas', () => {
  it('are a bounded cache: 300 distinct schemas leave at most 64 compiled', () => {
    compileSchema({ type: 'object' });
    const before = compiledSchemaCount();
    for (let i = 0; i < 300; i++)
      compileSchema({ type: 'object', properties: { [`f${i}`]: { type: 'string' } } });
    expect(compiledSchemaCount() - before).toBeLessThanOrEqual(64);
  });
});
