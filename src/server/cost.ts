// The operation cost limit. GraphQL Armor's cost rule is a validation rule: it never sees the
// variables, so `jobs(first: $n)` counted as one row whatever $n was (a bypass), and it charged
// every fragment spread a level of depth, so a Relay page (a connection fragment around a row
// fragment) cost far more than the same fields written inline. This is Armor's weighting with
// both fixed: `first`/`last` are read from literals, variables and variable defaults alike, and
// a fragment counts as the fields it names. It runs where the variables are known (onExecute /
// onSubscribe), over HTTP and WebSocket alike.
import type {
  DocumentNode,
  FragmentDefinitionNode,
  OperationDefinitionNode,
  SelectionSetNode,
  ValueNode,
} from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { type OperationArgs, refuseBeforeRunning } from './refuse-before-run.ts';

// Armor's weights: a leaf costs 1, an object 2 plus 1.5× its children, times its page size.
const SCALAR_COST = 1;
const OBJECT_COST = 2;
const DEPTH_FACTOR = 1.5;

type Variables = Record<string, unknown> | null | undefined;

/** The cost of the operation `operationName` (or the only one) of `document`. */
export function operationCost(
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Variables,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const def of document.definitions) {
    if (def.kind === 'FragmentDefinition') fragments.set(def.name.value, def);
    else if (def.kind === 'OperationDefinition' && (!operationName || def.name?.value === operationName))
      operation ??= def;
  }
  if (!operation) return 0;
  const defaults = new Map<string, ValueNode>();
  for (const v of operation.variableDefinitions ?? [])
    if (v.defaultValue) defaults.set(v.variable.name.value, v.defaultValue);

  const pageSize = (value: ValueNode): number => {
    let n: unknown;
    if (value.kind === 'IntValue') n = Number(value.value);
    else if (value.kind === 'Variable') {
      const name = value.name.value;
      n = variables?.[name] ?? numberOf(defaults.get(name));
    }
    return typeof n === 'number' && Number.isFinite(n) && n > 1 ? n : 1;
  };
  // A fragment's cost does not depend on where it is spread: computed once per name, so a
  // fragment spread twice in each of a chain of fragments costs linear time, not exponential.
  const fragmentCosts = new Map<string, number>();
  const selectionsCost = (set: SelectionSetNode): number => {
    let cost = 0;
    for (const s of set.selections) {
      if (s.kind === 'InlineFragment') cost += selectionsCost(s.selectionSet);
      else if (s.kind === 'FragmentSpread') {
        const name = s.name.value;
        let c = fragmentCosts.get(name);
        if (c === undefined) {
          const fragment = fragments.get(name);
          fragmentCosts.set(name, 0); // validation refuses cycles; this only guards the walk
          c = fragment ? selectionsCost(fragment.selectionSet) : 0;
          fragmentCosts.set(name, c);
        }
        cost += c;
      } else if (s.name.value === '__schema') {
        // Introspection is switched on or off as a whole (INTROSPECTION), not priced.
      } else if (!s.selectionSet) cost += SCALAR_COST;
      else {
        let size = 1;
        for (const arg of s.arguments ?? [])
          if (arg.name.value === 'first' || arg.name.value === 'last')
            size = Math.max(size, pageSize(arg.value));
        cost += (OBJECT_COST + DEPTH_FACTOR * selectionsCost(s.selectionSet)) * size;
      }
    }
    return cost;
  };
  return Math.round(selectionsCost(operation.selectionSet));
}

function numberOf(value: ValueNode | undefined): number | undefined {
  return value?.kind === 'IntValue' ? Number(value.value) : undefined;
}

export function useCostLimit(maxCost: number): Plugin {
  const check = (args: OperationArgs) => {
    const cost = operationCost(args.document, args.operationName, args.variableValues);
    if (cost <= maxCost) return null;
    return {
      errors: [
        createGraphQLError(
          `the operation costs ${cost}, over the cost limit of ${maxCost} (GRAPHQL_MAX_COST): ask for fewer rows (first/last) or fewer fields`,
          { extensions: { code: 'BAD_USER_INPUT', cost, maxCost, http: { status: 400 } } },
        ),
      ],
    };
  };
  return refuseBeforeRunning(check);
}
