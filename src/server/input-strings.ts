// Every string a client sends — in variables (object keys too, and an upload's filename) or
// written into the query — is refused with BAD_USER_INPUT if it holds a NUL or an unpaired
// surrogate: Postgres stores neither (text and jsonb refuse them), so such a string would reach
// the database only to fail there as an internal error. Checked once, before any resolver runs,
// over HTTP and WebSocket alike.
import type { DocumentNode, ValueNode } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { type OperationArgs, refuseBeforeRunning } from './refuse-before-run.ts';

// A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const BAD_CHARACTER = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function problem(s: string): string | null {
  const m = BAD_CHARACTER.exec(s);
  if (!m) return null;
  return m[0] === '\u0000' ? 'a NUL character (U+0000)' : 'an unpaired surrogate (not valid Unicode)';
}

// By shape: yoga's multipart parser makes its own File class (@whatwg-node/fetch).
function isFile(value: unknown): value is { name: string } {
  return (
    !!value &&
    typeof value === 'object' &&
    typeof (value as { name?: unknown }).name === 'string' &&
    typeof (value as { arrayBuffer?: unknown }).arrayBuffer === 'function'
  );
}

/** The first bad string in `value`, as [where, what], or null. Depth-bounded by the JSON parser. */
function findInValue(value: unknown, where: string): [string, string] | null {
  if (typeof value === 'string') {
    const p = problem(value);
    return p ? [where, p] : null;
  }
  if (isFile(value)) {
    const p = problem(value.name);
    return p ? [`the filename of ${where}`, p] : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findInValue(value[i], `${where}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = problem(k);
      if (p) return [`a key of ${where}`, p];
      const found = findInValue(v, `${where}.${k}`);
      if (found) return found;
    }
  }
  return null;
}

function findInLiteral(value: ValueNode, where: string): [string, string] | null {
  if (value.kind === 'StringValue') {
    const p = problem(value.value);
    return p ? [where, p] : null;
  }
  if (value.kind === 'ListValue') {
    for (let i = 0; i < value.values.length; i++) {
      const found = findInLiteral(value.values[i] as ValueNode, `${where}[${i}]`);
      if (found) return found;
    }
  }
  if (value.kind === 'ObjectValue') {
    for (const f of value.fields) {
      const found = findInLiteral(f.value, `${where}.${f.name.value}`);
      if (found) return found;
    }
  }
  return null;
}

/** Argument literals of every field and directive in the document, named `field(arg.path)`. */
function findInDocument(document: DocumentNode): [string, string] | null {
  const walk = (node: unknown): [string, string] | null => {
    if (!node || typeof node !== 'object') return null;
    const n = node as {
      kind?: string;
      name?: { value: string };
      arguments?: { name: { value: string }; value: ValueNode }[];
    };
    if ((n.kind === 'Field' || n.kind === 'Directive') && n.arguments) {
      for (const arg of n.arguments) {
        const found = findInLiteral(arg.value, arg.name.value);
        if (found) return [`${n.name?.value}(${found[0]})`, found[1]];
      }
    }
    for (const key of ['selectionSet', 'selections', 'directives', 'variableDefinitions'] as const) {
      const child = (node as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (const c of child) {
          const found = walk(c);
          if (found) return found;
        }
      } else if (child) {
        const found = walk(child);
        if (found) return found;
      }
    }
    // Variable defaults are literals too.
    if (n.kind === 'VariableDefinition') {
      const v = node as { variable: { name: { value: string } }; defaultValue?: ValueNode };
      if (v.defaultValue) return findInLiteral(v.defaultValue, `the default of $${v.variable.name.value}`);
    }
    return null;
  };
  for (const def of document.definitions) {
    const found = walk(def);
    if (found) return found;
  }
  return null;
}

export function useValidStrings(): Plugin {
  const check = (args: OperationArgs) => {
    let bad: [string, string] | null = null;
    for (const [name, value] of Object.entries(args.variableValues ?? {})) {
      bad = findInValue(value, `$${name}`);
      if (bad) break;
    }
    bad ??= findInDocument(args.document);
    if (!bad) return null;
    const [field, what] = bad;
    return {
      errors: [
        createGraphQLError(
          `${field} contains ${what}; strings may hold neither NUL nor unpaired surrogates`,
          {
            extensions: { code: 'BAD_USER_INPUT', field },
          },
        ),
      ],
    };
  };
  return refuseBeforeRunning(check);
}
