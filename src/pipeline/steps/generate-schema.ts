// GENERATE_SCHEMA: a JSON Schema (draft-07, which every ajv compiles by default) of the fields
// a document shows: each key-value pair becomes a camelCase property whose `title` is the label
// as printed, typed from its value (string with format date/email/uri, number, integer,
// boolean); each table becomes an array of objects with one property per column. No values
// are copied into the schema: it describes the document's shape, and its text may hold PII.
// `findKeyValueFields` returns the pairs themselves for PROCESS.

import { type FieldValue, findKeyValuePairs, typeValue } from './key-values.ts';
import { camelCase, toLines } from './layout.ts';
import { findTables } from './tables.ts';
import { inferDayOrder, inferDecimalMark } from './values.ts';

type Property = Record<string, unknown>;

export function findKeyValueFields(text: string): Record<string, FieldValue> {
  const fields: Record<string, FieldValue> = {};
  for (const pair of findKeyValuePairs(text)) fields[pair.key] = pair.value;
  return fields;
}

/** The JSON type that holds every value seen in a column. */
function columnType(types: string[]): 'string' | 'number' | 'integer' | 'boolean' {
  const set = new Set(types);
  if (set.size === 0) return 'string';
  if (set.size === 1) return types[0] as 'string' | 'number' | 'integer' | 'boolean';
  if ([...set].every((t) => t === 'number' || t === 'integer')) return 'number';
  return 'string';
}

export function generateSchema(text: string): { jsonSchema: Record<string, unknown> } {
  const body = (text ?? '').slice(0, 1_000_000);
  const properties: Record<string, Property> = {};
  for (const pair of findKeyValuePairs(body)) {
    const property: Property = { type: pair.type, title: pair.label };
    if (pair.format) property.format = pair.format;
    properties[pair.key] = property;
  }

  const order = inferDayOrder(body);
  const mark = inferDecimalMark(body);
  const tables = findTables(toLines(body)).filter((t) => t.columns.length >= 2 && t.rows.length >= 1);
  tables.forEach((table, n) => {
    const itemProps: Record<string, Property> = {};
    const keys = new Set<string>();
    table.columns.forEach((col, c) => {
      const base = camelCase(col.title);
      let key = base;
      for (let k = 2; keys.has(key); k++) key = `${base}${k}`;
      keys.add(key);
      const typed = table.rows
        .map((r) => r.cells[c])
        .filter((v): v is string => v !== undefined && v.trim() !== '')
        .map((v) => typeValue(v.split('\n')[0]!, order, mark));
      const type = columnType(typed.map((t) => t.type));
      const prop: Property = { type, title: col.title };
      const formats = new Set(typed.map((t) => t.format));
      const format = typed[0]?.format;
      if (type === 'string' && format && formats.size === 1) prop.format = format;
      itemProps[key] = prop;
    });
    let name = n === 0 ? 'lineItems' : `table${n + 1}`;
    for (let k = 2; properties[name]; k++) name = `lineItems${k}`;
    properties[name] = {
      type: 'array',
      title: `Table: ${table.columns.map((c) => c.title).join(', ')}`,
      items: { type: 'object', properties: itemProps },
    };
  });

  return {
    jsonSchema: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      title: 'Fields found in the document',
      properties,
    },
  };
}
