// What an operation may ask of the server before it runs: size and shape limits (GraphQL Armor),
// introspection on or off, and the CSRF header a browser's "simple" request cannot carry.
// All of them are yoga/envelop plugins, so WebSocket operations (run through yoga.getEnveloped)
// meet the same checks as HTTP ones.
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { ValidationRule } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Config } from '../config.ts';

/** Any one of these headers marks a request a browser would have preflighted. */
export const CSRF_HEADERS = ['x-graphql-csrf', 'graphql-require-preflight', 'apollo-require-preflight'];

// Bodies a cross-site form or a fetch without preflight can send.
const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

export function securityPlugins(config: Config): Plugin[] {
  const plugins: Plugin[] = [
    useCsrfPrevention(),
    EnvelopArmorPlugin({
      maxDepth: { n: config.GRAPHQL_MAX_DEPTH, exposeLimits: true },
      maxAliases: { n: config.GRAPHQL_MAX_ALIASES, exposeLimits: true },
      maxDirectives: { n: config.GRAPHQL_MAX_DIRECTIVES, exposeLimits: true },
      maxTokens: { n: config.GRAPHQL_MAX_TOKENS, exposeLimits: true },
      costLimit: { maxCost: config.GRAPHQL_MAX_COST, exposeLimits: true },
      // Suggestions ("Did you mean …?") would map the schema for a caller that cannot introspect.
      blockFieldSuggestion: { enabled: !config.INTROSPECTION },
    }) as Plugin,
  ];
  if (!config.INTROSPECTION) plugins.push(useNoIntrospection());
  return plugins;
}

/**
 * yoga's CSRF prevention (@graphql-yoga/plugin-csrf-prevention) in a few lines, answering with
 * the contract's FORBIDDEN code: a request whose body a cross-site form could send (multipart
 * uploads among them) or that has no body (GET) must carry one of CSRF_HEADERS.
 */
function useCsrfPrevention(): Plugin {
  return {
    onRequestParse({ request }) {
      const type = request.headers.get('content-type')?.toLowerCase();
      if (type && !SIMPLE_CONTENT_TYPES.some((t) => type.startsWith(t))) return;
      if (CSRF_HEADERS.some((h) => request.headers.has(h))) return;
      throw createGraphQLError(
        `this request could come from another site: send the header ${CSRF_HEADERS[0]}: 1 (any value)`,
        { extensions: { code: 'FORBIDDEN', http: { status: 403 } } },
      );
    },
  };
}

// graphql-js's NoSchemaIntrospectionCustomRule, by field name only: its type checks fail when the
// schema was built by another copy of graphql (CJS vs ESM build, as under vitest).
const noIntrospection: ValidationRule = (context) => ({
  Field(node) {
    const name = node.name.value;
    if (name !== '__schema' && name !== '__type') return;
    context.reportError(
      createGraphQLError(
        `GraphQL introspection is disabled on this server (INTROSPECTION=false), but the query asked for "${name}"`,
        { nodes: node, extensions: { code: 'BAD_USER_INPUT' } },
      ),
    );
  },
});

function useNoIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(noIntrospection);
    },
  };
}
