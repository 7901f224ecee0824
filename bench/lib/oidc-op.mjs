// The local OpenID provider of federation/idp-oidc (Collège Jean Moulin, oidc-provider) in its own process, for the
// `oidc-callback` scenario: it issues codes and signs ID tokens on its own core, not in the load generator's event loop.
//   BENCH_FEDERATION_DIR=<federation compiled by bench/lib/federation.mjs> BENCH_OP_CLIENT='{client_id,...}' node bench/lib/oidc-op.mjs
// Prints `READY {"issuer": ...}`; SIGTERM stops it.
import { createRequire } from 'node:module';
import { join } from 'node:path';

const dir = process.env.BENCH_FEDERATION_DIR;
const require = createRequire(join(dir, 'index.js'));
const { startOidcIdp } = require(join(dir, 'federation/idp-oidc/index.js'));

const op = await startOidcIdp({ clients: [JSON.parse(process.env.BENCH_OP_CLIENT)] });
for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => void op.stop().then(() => process.exit(0)));
process.stdout.write(`READY ${JSON.stringify({ issuer: op.issuer })}\n`);
