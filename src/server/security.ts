// What an operation may ask of the server before it runs: size and shape limits (GraphQL Armor),
// its cost (./cost.ts), well-formed strings (./input-strings.ts), introspection on or off.
// All of them are yoga/envelop plugins, so WebSocket operations (run through yoga.getEnveloped)
// meet the same checks as HTTP ones.
//
// No CSRF header is required. CSRF needs a credential the browser adds by itself (a cookie,
// HTTP auth, a client certificate); Docket's only credential is an API key in the Authorization
// header, which a page on another site can neither read nor make the browser send, and setting
// Authorization itself forces a CORS preflight that only CORS_ORIGINS can pass. A request a
// cross-site form or a "simple" fetch can send carries no key and is refused UNAUTHENTICATED
// like any other keyless request. Requiring a header on top only broke GET-by-default clients
// (urql) and GraphiQL's subscriptions, which send none of the ecosystem's preflight headers.
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { ValidationRule } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Config } from '../config.ts';
import { useCostLimit } from './cost.ts';
import { useValidStrings } from './input-strings.ts';

export function securityPlugins(config: Config): Plugin[] {
  const plugins: Plugin[] = [
    EnvelopArmorPlugin({
      maxDepth: { n: config.GRAPHQL_MAX_DEPTH, exposeLimits: true },
      maxAliases: { n: config.GRAPHQL_MAX_ALIASES, exposeLimits: true },
      maxDirectives: { n: config.GRAPHQL_MAX_DIRECTIVES, exposeLimits: true },
      maxTokens: { n: config.GRAPHQL_MAX_TOKENS, exposeLimits: true },
      // Armor's cost rule cannot see variables: ./cost.ts replaces it.
      costLimit: { enabled: false },
      // Suggestions ("Did you mean …?") would map the schema for a caller that cannot introspect.
      blockFieldSuggestion: { enabled: !config.INTROSPECTION },
    }) as Plugin,
    useCostLimit(config.GRAPHQL_MAX_COST),
    useValidStrings(),
  ];
  if (!config.INTROSPECTION) plugins.push(useNoIntrospection());
  return plugins;
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
