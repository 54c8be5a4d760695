// The one shape of a paged list (jobs, webhook deliveries): NameConnection { edges, nodes,
// pageInfo, totalCount } and NameEdge { cursor, node }, cursors from jobs/queries.ts's
// keyset codec.
import type { ObjectRef } from '@pothos/core';
import { encodeCursor } from '../jobs/queries.ts';
import { builder } from './builder.ts';

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** One page of rows, newest first, as jobs/ lists them. */
export interface Page<T> {
  items: T[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  /** Counted only when asked for. */
  totalCount: () => Promise<number>;
}

interface PageInfoShape {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export const PageInfo = builder.objectRef<PageInfoShape>('PageInfo').implement({
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage'),
    hasPreviousPage: t.exposeBoolean('hasPreviousPage'),
    startCursor: t.exposeString('startCursor', { nullable: true }),
    endCursor: t.exposeString('endCursor', { nullable: true }),
  }),
});

/** `NameConnection` and `NameEdge` over `node`. */
export function connectionType<T extends { id: string; createdAt: Date }>(
  name: string,
  node: ObjectRef<Types, T>,
): ObjectRef<Types, Page<T>> {
  const Edge = builder.objectRef<T>(`${name}Edge`).implement({
    fields: (t) => ({
      cursor: t.string({ resolve: (row) => encodeCursor(row) }),
      // The edge's row is the node; Pothos cannot see that through the generic T.
      node: t.field({ type: node, resolve: (row) => row as never }),
    }),
  });
  return builder.objectRef<Page<T>>(`${name}Connection`).implement({
    fields: (t) => ({
      edges: t.field({ type: [Edge], resolve: (c) => c.items }),
      nodes: t.field({ type: [node], resolve: (c) => c.items }),
      pageInfo: t.field({
        type: PageInfo,
        resolve: (c) => {
          const first = c.items[0];
          const last = c.items.at(-1);
          return {
            hasNextPage: c.hasNextPage,
            hasPreviousPage: c.hasPreviousPage,
            startCursor: first ? encodeCursor(first) : null,
            endCursor: last ? encodeCursor(last) : null,
          };
        },
      }),
      totalCount: t.int({ resolve: (c) => c.totalCount() }),
    }),
  });
}
