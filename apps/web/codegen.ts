import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed operations for the web app: every *.graphql file under src/ (queries, mutations, subscriptions, fragments
// next to the components that use them) checked against the hub's schema.gql, written to src/gql/ (never edited by
// hand: `npm run codegen`; a test fails when the committed files are stale).
const config: CodegenConfig = {
  schema: '../../schema.gql',
  documents: ['src/**/*.graphql'],
  ignoreNoDocuments: true,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        skipTypename: false,
        scalars: { DateTime: 'string', ID: 'string' },
        avoidOptionals: { field: true, inputValue: false, object: true },
      },
    },
  },
};

export default config;
