// Jest runs TypeScript through swc (no type check here: `npm test` runs tsc --noEmit first) and transforms the
// ESM-only packages that NestJS 12 and the federation libraries bring (see ../shared/STACK.md, trap 2).
const esm = ['@nestjs', 'openid-client', 'oauth4webapi', 'jose', 'oidc-provider', 'file-type', '@electric-sql',
  '@fastify/cookie', 'cookie', 'strtok3', 'token-types', 'peek-readable', '@tokenizer', '@borewit', 'uint8array-extras', 'quick-lru',
  // sanitize-html's parser (ESM-only)
  'htmlparser2', 'domhandler', 'domutils', 'dom-serializer', 'entities', 'domelementtype'];
const swc = (syntax) => ['@swc/jest', {
  jsc: { parser: syntax === 'typescript' ? { syntax, decorators: true } : { syntax },
    transform: syntax === 'typescript' ? { legacyDecorator: true, decoratorMetadata: true } : undefined,
    target: 'es2022', keepClassNames: true },
  module: { type: 'commonjs' },
}];

module.exports = {
  // The node environment, printing a failing browser test's pages (test/jest-environment.ts).
  testEnvironment: '<rootDir>/test/jest-environment.ts',
  testTimeout: 60000,
  rootDir: '.',
  roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  moduleNameMapper: {
    '^@passerelle/(.*)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // file-type 21 (the last for Node 20) exports its entry under "import" only, a condition jest's resolver never uses.
    '^file-type$': '<rootDir>/node_modules/file-type/index.js',
  },
  transform: { '^.+\\.ts$': swc('typescript'), '^.+\\.[mc]?js$': swc('ecmascript') },
  transformIgnorePatterns: [`/node_modules/(?!(${esm.join('|')})/)`],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/test/per-file-database.ts'],
  maxWorkers: 2,
};
