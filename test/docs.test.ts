// The docs stay true to the code: the README is a short front door whose configuration table
// names every variable src/config.ts reads, every relative link in the docs leads to a file,
// and every GraphQL example is valid against schema.graphql.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildSchema, Kind, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const docs = [
  'README.md',
  'src/client/README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

describe('README', () => {
  const readme = read('README.md');

  it('is at most 250 lines', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(250);
  });

  it('names every variable of src/config.ts in its configuration table', () => {
    const variables = [...read('src/config.ts').matchAll(/^ {2}([A-Z][A-Z0-9_]+): /gm)].map((m) => m[1]!);
    expect(variables.length).toBeGreaterThan(30);
    const table = readme.slice(readme.indexOf('## Configuration'));
    const rows = table.split('\n').filter((l) => l.startsWith('| `'));
    const named = (v: string) =>
      rows.some((row) => {
        const cell = row.split('|')[1]!;
        // "`GRAPHQL_MAX_DEPTH` / `_ALIASES`" names GRAPHQL_MAX_ALIASES too.
        return (
          cell.includes(`\`${v}\``) || [...cell.matchAll(/`(_[A-Z_]+)`/g)].some((m) => v.endsWith(m[1]!))
        );
      });
    expect(variables.filter((v) => !named(v))).toEqual([]);
  });
});

describe('docs', () => {
  it.each(docs)('%s: every relative link leads to a file', (doc) => {
    const text = read(doc);
    const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)]
      .map((m) => m[1]!.split('#')[0]!)
      .filter((t) => t && !/^[a-z]+:/.test(t));
    const missing = targets.filter((t) => !existsSync(join(root, dirname(doc), t)));
    expect(missing).toEqual([]);
  });

  const schema = buildSchema(read('schema.graphql'));
  it.each(docs)('%s: every GraphQL example is valid against schema.graphql', (doc) => {
    const problems: string[] = [];
    for (const block of read(doc).matchAll(/```graphql\n([\s\S]*?)```/g)) {
      for (const definition of parse(block[1]!).definitions) {
        const errors = validate(schema, { kind: Kind.DOCUMENT, definitions: [definition] });
        problems.push(...errors.map((e) => `${e.message} in ${block[1]!.slice(0, 60)}`));
      }
    }
    expect(problems).toEqual([]);
  });
});
