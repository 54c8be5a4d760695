// What clients may see of an error: the contract's codes and messages, nothing else.
import type { ExecutionResult, GraphQLError } from 'graphql';
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
    // Ours, said to the client in the contract's words; what caused it goes to the log only.
    if (original.cause) log?.error({ err: original.cause }, original.message);
    return createGraphQLError(original.message, {
      extensions: { code: original.code, ...original.extensions },
      ...(isGraphQLError(error) && error.path ? { path: error.path } : {}),
    });
  }
  // graphql-js's own errors (validation, variable coercion) say what was wrong with the request.
  if (isGraphQLError(original)) {
    const code = original.extensions?.code;
    if (typeof code === 'string' && !RENAMED_CODES[code] && !isLimitMessage(original.message))
      return original;
    // The outer error says where: a variable's coercion error wraps the inner one ("Value
    // \"X\" does not exist in \"JobPriority\" enum.") with the variable and path it is at.
    return createGraphQLError(contractMessage(isGraphQLError(error) ? error.message : original.message), {
      ...(original.nodes ? { nodes: original.nodes } : {}),
      ...(original.path ? { path: original.path } : {}),
      extensions: {
        ...original.extensions,
        code: (typeof code === 'string' && RENAMED_CODES[code]) || 'BAD_USER_INPUT',
      },
    });
  }
  log?.error({ err: original }, 'unexpected error in a GraphQL operation');
  return createGraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}

/** A result's errors as clients may see them (maskError on each). */
export function maskResult<T extends ExecutionResult>(result: T, log: Logger): T {
  if (!result.errors) return result;
  return {
    ...result,
    errors: result.errors.map((e) => maskError(e, 'Unexpected error.', log) as GraphQLError),
  };
}

// yoga's and graphql-js's codes, mapped onto the contract's list rather than added to it: a
// client handles "the request was wrong" once, as BAD_USER_INPUT, and the message says how.
const RENAMED_CODES: Record<string, string> = {
  REQUEST_ENTITY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  BAD_REQUEST: 'BAD_USER_INPUT',
  GRAPHQL_PARSE_FAILED: 'BAD_USER_INPUT',
  GRAPHQL_VALIDATION_FAILED: 'BAD_USER_INPUT',
};

// GraphQL Armor's limits report themselves as "Syntax Error: Query depth limit of 10 exceeded…"
// although the query's syntax is fine.
const ARMOR_LIMIT = /^Syntax Error: (.*\blimit of \d+.*)$/s;
const isLimitMessage = (message: string) => ARMOR_LIMIT.test(message);
const contractMessage = (message: string) => ARMOR_LIMIT.exec(message)?.[1] ?? message;

/**
 * yoga names some request-parsing errors its own way; use the contract's names. A body over
 * yoga's size cap that arrived chunked (no Content-Length) is reported by its multipart parser
 * as invalid data (400); it is a 413.
 */
export function useContractErrorCodes(maxBytes: number): Plugin {
  return {
    onResultProcess({ result }) {
      const results = Array.isArray(result) ? result : [result];
      for (const r of results) {
        if (!r || typeof r !== 'object' || !('errors' in r) || !Array.isArray(r.errors)) continue;
        for (const e of r.errors as { message: string; extensions?: Record<string, unknown> }[]) {
          if (e.extensions && /Request body too large$/.test(e.message)) {
            e.message = `the request is larger than the ${maxBytes} bytes allowed`;
            e.extensions.code = 'PAYLOAD_TOO_LARGE';
            e.extensions.maxBytes = maxBytes;
            e.extensions.http = { status: 413 };
            continue;
          }
          const code = e.extensions?.code;
          if (typeof code === 'string' && RENAMED_CODES[code] && e.extensions)
            e.extensions.code = RENAMED_CODES[code];
          // busboy's per-file cap (a file of a multipart request past MAX_UPLOAD_BYTES): the
          // contract's 413 names the limit, so a client can size its next request.
          if (e.extensions?.code === 'PAYLOAD_TOO_LARGE') e.extensions.maxBytes ??= maxBytes;
          if (isLimitMessage(e.message)) e.message = contractMessage(e.message);
        }
      }
    },
  };
}
