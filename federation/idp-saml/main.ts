import { startSamlIdp } from './saml-idp.js';

/**
 * The demo's SAML IdP as a process: `SAML_IDP_PORT=4100 node dist/federation/idp-saml/main.js` (see ../README.md).
 * Prints the values to register the partner with, then serves until stopped.
 */
async function main(): Promise<void> {
  const idp = await startSamlIdp({ port: Number(process.env.SAML_IDP_PORT ?? 4100), host: process.env.SAML_IDP_HOST ?? '127.0.0.1' });
  process.stdout.write(`${JSON.stringify({
    msg: 'SAML IdP of the Collège Victor Hugo (demo only) is ready',
    entityId: idp.entityId, ssoUrl: idp.ssoUrl, sloUrl: idp.sloUrl, uai: idp.uai, users: idp.users.map((u) => u.login),
  })}\n${idp.certificatePem}`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void idp.stop().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.stderr.write(`SAML IdP failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
