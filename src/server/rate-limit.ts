// Mutations per organization per minute. A fixed window counted in Postgres (one upsert per
// request, commits shared), so the limit holds across every API process sharing the database.
// What is counted is work, not requests: every mutation field of the operation (aliases and
// fragments included) counts one, so 15 aliased createJob fields count 15. A request whose
// fields would pass the limit runs none of them.
import { sql } from 'drizzle-orm';
import { type FragmentDefinitionNode, getOperationAST, Kind, type SelectionSetNode } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Context, Services } from '../graphql/context.ts';

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the window resets. */
  retryAfter: number;
}

export async function takeMutations(
  services: Services,
  organizationId: string,
  fields: number,
): Promise<RateDecision> {
  const limit = services.config.RATE_LIMIT_PER_MINUTE;
  // Concurrent mutations share the commit: one organization's counter row is otherwise
  // locked from each upsert until its commit is flushed, one mutation per flush.
  const [row] = await services.commits.run((tx) =>
    tx.execute<{ count: number; retry_after: number }>(sql`
      insert into rate_limits (organization_id, window_start, count)
      values (${organizationId}, date_trunc('minute', now()), ${fields})
      on conflict (organization_id, window_start) do update set count = rate_limits.count + ${fields}
      returning count, ceil(extract(epoch from window_start + interval '1 minute' - now()))::int as retry_after`),
  );
  if (!row) throw new Error('rate limit upsert returned no row');
  // The first request of a window clears the organization's past windows.
  if (row.count === fields) {
    await services.sql`
      delete from rate_limits
      where organization_id = ${organizationId} and window_start < date_trunc('minute', now())`;
  }
  return { allowed: row.count <= limit, retryAfter: Math.max(1, row.retry_after) };
}

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
      const fields = countFields(op.selectionSet, fragments, new Set());
      if (fields === 0) return;
      const decision = await takeMutations(services, principal.organizationId, fields);
      if (decision.allowed) return;
      setResultAndStopExecution({
        data: null,
        errors: [
          createGraphQLError(
            `more than ${services.config.RATE_LIMIT_PER_MINUTE} mutation fields this minute (this request has ${fields}); retry in ${decision.retryAfter} s`,
            { extensions: { code: 'RATE_LIMITED', retryAfter: decision.retryAfter } },
          ),
        ],
      });
    },
  };
}

/** The operation's top-level fields, through inline fragments and spreads; `__typename` is free. */
function countFields(
  set: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  seen: Set<string>,
): number {
  let n = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) n += sel.name.value === '__typename' ? 0 : 1;
    else if (sel.kind === Kind.INLINE_FRAGMENT) n += countFields(sel.selectionSet, fragments, seen);
    else if (!seen.has(sel.name.value)) {
      // Validation refuses fragment cycles, but counting must not rely on it.
      seen.add(sel.name.value);
      const f = fragments.get(sel.name.value);
      if (f) n += countFields(f.selectionSet, fragments, seen);
    }
  }
  return n;
}
