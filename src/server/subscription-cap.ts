// Open subscriptions per organization, capped in this API process (MAX_SUBSCRIPTIONS_PER_ORG).
// One key held 5,000 and each of its events fanned out to all of them; the cap bounds what one
// organization's event costs. Counted when a subscription starts streaming (a refused or
// failed one holds nothing) and released when it ends, however it ends.
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Context } from '../graphql/context.ts';

export function useSubscriptionCap(max: number): Plugin {
  const open = new Map<string, number>();
  return {
    onSubscribe({ args }) {
      const org = (args.contextValue as unknown as Context).principal?.organizationId;
      if (!org) return;
      return {
        onSubscribeResult({ result, setResult }) {
          if (!(Symbol.asyncIterator in result)) return;
          const held = open.get(org) ?? 0;
          if (held >= max) {
            void result.return?.();
            setResult({
              errors: [
                createGraphQLError(
                  `the organization has ${held} open subscriptions on this server; at most ${max} are allowed (MAX_SUBSCRIPTIONS_PER_ORG)`,
                  { extensions: { code: 'RATE_LIMITED' } },
                ),
              ],
            });
            return;
          }
          open.set(org, held + 1);
          let released = false;
          return {
            onEnd() {
              if (released) return;
              released = true;
              const n = (open.get(org) ?? 1) - 1;
              if (n === 0) open.delete(org);
              else open.set(org, n);
            },
          };
        },
      };
    },
  };
}
