// Mutations per organization per minute. A fixed window counted in Postgres (one upsert per
// mutation, commits shared), so the limit holds across every API process sharing the database.
import { sql } from 'drizzle-orm';
import { getOperationAST } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Context, Services } from '../graphql/context.ts';

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the window resets. */
  retryAfter: number;
}

export async function takeMutation(services: Services, organizationId: string): Promise<RateDecision> {
  const limit = services.config.RATE_LIMIT_PER_MINUTE;
  // Concurrent mutations share the commit: one organization's counter row is otherwise
  // locked from each upsert until its commit is flushed, one mutation per flush.
  const [row] = await services.commits.run((tx) =>
    tx.execute<{ count: number; retry_after: number }>(sql`
      insert into rate_limits (organization_id, window_start, count)
      values (${organizationId}, date_trunc('minute', now()), 1)
      on conflict (organization_id, window_start) do update set count = rate_limits.count + 1
      returning count, ceil(extract(epoch from window_start + interval '1 minute' - now()))::int as retry_after`),
  );
  if (!row) throw new Error('rate limit upsert returned no row');
  // The first mutation of a window clears the organization's past windows.
  if (row.count === 1) {
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
      const decision = await takeMutation(services, principal.organizationId);
      if (decision.allowed) return;
      setResultAndStopExecution({
        data: null,
        errors: [
          createGraphQLError(
            `more than ${services.config.RATE_LIMIT_PER_MINUTE} mutations this minute; retry in ${decision.retryAfter} s`,
            { extensions: { code: 'RATE_LIMITED', retryAfter: decision.retryAfter } },
          ),
        ],
      });
    },
  };
}
