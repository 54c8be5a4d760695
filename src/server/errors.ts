// What clients may see of an error: the contract's codes and messages, nothing else.
import { GraphQLError } from 'graphql';
import { type Plugin, createGraphQLError } from 'graphql-yoga';
import { ApiError } from '../jobs/errors.ts';

/** yoga's maskError: ApiErrors pass with their code; everything unexpected is masked. */
export function maskError(error: unknown, message: string): Error {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (original instanceof ApiError) {
    return createGraphQLError(original.message, {
      extensions: { code: original.code, ...original.extensions },
      ...(error instanceof GraphQLError && error.path ? { path: error.path } : {}),
    });
  }
  // graphql-js's own errors (validation, variable coercion) say what was wrong with the request.
  if (error instanceof GraphQLError && !error.originalError) {
    return error.extensions?.code
      ? error
      : createGraphQLError(error.message, {
          ...(error.nodes ? { nodes: error.nodes } : {}),
          ...(error.path ? { path: error.path } : {}),
          extensions: { ...error.extensions, code: 'BAD_USER_INPUT' },
        });
  }
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
          if (typeof code === 'string' && RENAMED_CODES[code] && e.extensions) e.extensions.code = RENAMED_CODES[code];
        }
      }
    },
  };
}
