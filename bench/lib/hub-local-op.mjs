// Bench-only launcher of the hub for the `oidc-callback` scenario: the built API (dist/), assembled exactly as
// apps/api/src/bootstrap.ts (startApi) assembles it, with the one difference the OIDC end-to-end test makes
// (libs/identity/src/federation/oidc/oidc-sign-in.e2e-spec.ts): the OIDC_HTTP_OPTIONS provider is overridden with
// openid-client's `allowInsecureRequests`, so that the relying party may call the local provider of
// federation/idp-oidc over plain http://127.0.0.1. Product code only speaks https to partners; nothing else changes.
//
// The override uses @nestjs/testing's module builder (a devDependency, plain Node, no jest involved), because Nest
// has no other way to replace a provider that OidcModule declares itself. Run: `node bench/lib/hub-local-op.mjs`
// with the hub's environment (see bench/lib/federation.mjs hubEnv). SIGTERM closes it like dist/apps/api/src/main.js.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const dist = (path) => require(resolve(ROOT, 'dist', path));

require('reflect-metadata');
const { Logger } = require('@nestjs/common');
const { Test } = require('@nestjs/testing');
const { FastifyAdapter } = require('@nestjs/platform-fastify');
const fastifyCookie = require('@fastify/cookie');
const { allowInsecureRequests } = require('openid-client');
const { DataSource } = require('typeorm');
const { loadConfig, trustProxyOption } = dist('libs/config/src/index.js');
const { createValidationPipe, HttpErrorFilter } = dist('libs/errors/src/index.js');
const { processLogger, registerHttpMetrics } = dist('libs/observability/src/index.js');
const { ApiModule } = dist('apps/api/src/app.module.js');
const { migrate, resolveDatabase } = dist('apps/api/src/database.js');
const { OIDC_HTTP_OPTIONS } = dist('libs/identity/src/federation/oidc/oidc-client-configurations.js');
const { OidcModule } = dist('libs/identity/src/federation/oidc/oidc.module.js');

async function main() {
  const config = loadConfig();
  const nestLogger = processLogger(config.LOG_LEVEL);
  Logger.overrideLogger(nestLogger);
  const logger = new Logger('PasserelleBench');
  const database = await resolveDatabase(config, logger);
  // As the e2e test: ApiModule plus OidcModule, OIDC_HTTP_OPTIONS overridden. The rest is startApi's.
  const moduleRef = await Test.createTestingModule({ imports: [ApiModule.forRoot(config, database), OidcModule] })
    .overrideProvider(OIDC_HTTP_OPTIONS).useValue({ execute: [allowInsecureRequests] })
    .compile();
  const app = moduleRef.createNestApplication(new FastifyAdapter({ bodyLimit: 1024 * 1024, trustProxy: trustProxyOption(config.TRUST_PROXY) }),
    { logger: nestLogger, abortOnError: false });
  if (config.MIGRATIONS_RUN) await migrate(app.get(DataSource), database.embedded, logger);
  await app.register(fastifyCookie.default ?? fastifyCookie);
  registerHttpMetrics(app.getHttpAdapter().getInstance());
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter());
  await app.listen(config.PORT, config.HOST);
  let closing = false;
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.once(signal, () => {
      if (closing) return;
      closing = true;
      app.close().then(() => database.embeddedServer?.stop()).then(() => process.exit(0), (error) => {
        process.stderr.write(`bench hub did not stop cleanly: ${String(error)}\n`);
        process.exit(1);
      });
    });
  }
  process.stdout.write(`bench hub (OIDC over http to the local provider) ready at ${config.PUBLIC_URL}\n`);
}

main().catch((error) => {
  process.stderr.write(`bench hub failed to start: ${error?.stack ?? error}\n`);
  process.exit(1);
});
