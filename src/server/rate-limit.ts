// Mutations per organization per minute, as a GraphQL plugin; the window is counted in
// Postgres by jobs/rate-limits.ts, so the limit holds across every API process.
// What is counted is work, not requests: every mutation field of the operation (aliases and
// fragments included) counts one, so 15 aliased createJob fields count 15. A request whose
// fields would pass the limit runs none of them. An operation of one createJob (or
// uploadDocument) is counted by the job's own write instead, which writes nothing past the limit.
import {
  type FieldNode,
  type FragmentDefinitionNode,
  getOperationAST,
  Kind,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Context } from '../graphql/context.ts';
import { rateLimited, takeMutations } from '../jobs/rate-limits.ts';
import type { Services } from '../services.ts';

/** Refuses a mutation over the limit with RATE_LIMITED and extensions.retryAfter (seconds). */
export function useRateLimit(services: Services): Plugin {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const op = getOperationAST(args.document, args.operationName ?? undefined);
      if (op?.operation !== 'mutation') return;
      const principal = (args.contextValue as unknown as Context).principal;
      // Without a key the resolvers answer UNAUTHENTICATED; there is no organization to count.
      if (!principal) return;
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const d of args.document.definitions)
        if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
      const fields = countFields(op.selectionSet, fragments, new Set(), args.variableValues ?? {});
      if (fields === 0) return;
      const ctx = args.contextValue as unknown as Context;
      if (fields === 1 && op.selectionSet.selections.some(isCountedInCreate)) {
        // The job's own statement counts it (jobs/create.ts): one round trip and commit fewer.
        ctx.deferredRateLimit = services.config.RATE_LIMIT_PER_MINUTE;
        return;
      }
      const decision = await takeMutations(
        services.commits,
        services.db,
        principal.organizationId,
        fields,
        services.config.RATE_LIMIT_PER_MINUTE,
      );
      if (decision.allowed) return;
      const refused = rateLimited(services.config.RATE_LIMIT_PER_MINUTE, fields, decision.retryAfter);
      setResultAndStopExecution({
        data: null,
        errors: [
          createGraphQLError(refused.message, { extensions: { code: refused.code, ...refused.extensions } }),
        ],
      });
    },
  };
}

/**
 * A createJob or uploadDocument field: when it is the operation's only counted field, the job's
 * write counts it in the same statement, and refuses the job (writing nothing) past the limit.
 */
function isCountedInCreate(sel: SelectionNode): boolean {
  return sel.kind === Kind.FIELD && (sel.name.value === 'createJob' || sel.name.value === 'uploadDocument');
}

/** The operation's top-level fields, through inline fragments and spreads; `__typename` is free. */
function countFields(
  set: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  seen: Set<string>,
  variables: Record<string, unknown>,
): number {
  let n = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) n += sel.name.value === '__typename' ? 0 : weightOf(sel, variables);
    else if (sel.kind === Kind.INLINE_FRAGMENT)
      n += countFields(sel.selectionSet, fragments, seen, variables);
    else if (!seen.has(sel.name.value)) {
      // Validation refuses fragment cycles, but counting must not rely on it.
      seen.add(sel.name.value);
      const f = fragments.get(sel.name.value);
      if (f) n += countFields(f.selectionSet, fragments, seen, variables);
    }
  }
  return n;
}

/** createJobs counts each job it asks for (issue 14); any other mutation field counts one. */
function weightOf(field: FieldNode, variables: Record<string, unknown>): number {
  if (field.name.value !== 'createJobs') return 1;
  const value = field.arguments?.find((a) => a.name.value === 'inputs')?.value;
  const list =
    value?.kind === Kind.LIST
      ? value.values
      : value?.kind === Kind.VARIABLE
        ? variables[value.name.value]
        : null;
  return Array.isArray(list) ? Math.max(1, list.length) : 1;
}
