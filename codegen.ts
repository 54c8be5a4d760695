// Types of the SDK's operations, generated from schema.graphql so they cannot drift from it
// (`npm run client:generate`; `npm run client:check` fails when the output is stale).
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['src/client/operations.ts'],
  generates: {
    'src/client/generated.ts': {
      plugins: ['typescript-operations'],
      config: {
        // Node runs the SDK by stripping types: the output must be erasable (no enums).
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: true,
        avoidOptionals: { field: true, inputValue: false, object: true },
        scalars: {
          DateTime: 'string',
          JSON: 'unknown',
          File: 'Blob',
        },
      },
    },
  },
};

export default config;
