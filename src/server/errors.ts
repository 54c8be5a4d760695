// What clients may see of an error: the contract's codes and messages, nothing else.
import type { GraphQLError } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import { ApiError } from '../jobs/errors.ts';

// By name, not instanceof: a bundler or test runner may load graphql twice (yoga does the same).
function isGraphQLError(error: unknown): error is GraphQLError {
  return error instanceof Error && error.name === 'GraphQLError';
}

/** yoga's maskError: ApiErrors pass with their code; everything unexpected is masked (and logged). */
export function maskError(error: unknown, message: string, log?: Logger): Error {
  const original = isGraphQLError(error) ? (error.originalError ?? error) : error;
  if (original instanceof ApiError) {
    return createGraphQLError(original.message, {
      extensions: { code: original.code, ...original.extensions },
      ...(isGraphQLError(error) && error.path ? { path: error.path } : {}),
    });
  }
  // graphql-js's own errors (validation, variable coercion) say what was wrong with the request.
  if (isGraphQLError(original)) {
    return original.extensions?.code
      ? original
      : createGraphQLError(original.message, {
          ...(original.nodes ? { nodes: original.nodes } : {}),
          ...(original.path ? { path: original.path } : {}),
          extensions: { ...original.extensions, code: 'BAD_USER_INPUT' },
        });
  }
  log?.error({ err: original }, 'unexpected error in a GraphQL operation');
  return createGraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}

const RENAMED_CODES: Record<string, string> = {
  REQUEST_ENTITY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  BAD_REQUEST: 'BAD_USER_INPUT',
};

/** yoga names some request-parsing errors its own way; use the contract's names. */
export function useContractErrorCodes(): Plugin {
  return {
    onResultProcess({ result }) {
      const results = Array.isArray(result) ? result : [result];
      for (const r of results) {
        if (!r || typeof r !== 'object' || !('errors' in r) || !Array.isArray(r.errors)) continue;
        for (const e of r.errors as { extensions?: Record<string, unknown> }[]) {
          const code = e.extensions?.code;
          if (typeof code === 'string' && RENAMED_CODES[code] && e.extensions)
            e.extensions.code = RENAMED_CODES[code];
        }
      }
    },
  };
}
