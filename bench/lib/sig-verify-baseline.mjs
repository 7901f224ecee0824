// The raw baselines of the federation scenarios, run as a child process (one event loop, nothing else in it):
//   node bench/lib/sig-verify-baseline.mjs saml <input.json>   xml-crypto alone verifying one signed SAML response
//   node bench/lib/sig-verify-baseline.mjs oidc <input.json>   jose alone verifying one RS256 ID token
// BENCH_WARMUP_MS, BENCH_DURATION_MS. Prints `RESULT {perSecond, cpuMsPerVerify, verified}`.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';

/** What the hub's verifiedSignedXml does with xml-crypto, without the SAML checks around it. */
function samlVerifier({ xml, certificatePem }) {
  const { DOMParser } = require('@xmldom/xmldom');
  const { SignedXml } = require('xml-crypto');
  return () => {
    // Find the assertion's Signature (the hub parses the response once for its checks too), then verify it with the
    // configured certificate, never KeyInfo's.
    const doc = new DOMParser().parseFromString(xml, 'text/xml');
    const assertion = doc.getElementsByTagNameNS(SAML, 'Assertion')[0];
    const signature = Array.from(assertion.childNodes).find((n) => n.namespaceURI === DS && n.localName === 'Signature');
    const verifier = new SignedXml({ publicCert: certificatePem, getCertFromKeyInfo: () => null });
    verifier.loadSignature(signature);
    if (!verifier.checkSignature(xml)) throw new Error('signature did not verify');
  };
}

/** jose's jwtVerify of an RS256 ID token with the provider's public key (imported once, as a cached JWKS keeps it). */
async function oidcVerifier({ token, jwk, issuer, audience }) {
  const { importJWK, jwtVerify } = require('jose');
  const key = await importJWK(jwk, 'RS256');
  return async () => {
    await jwtVerify(token, key, { algorithms: ['RS256'], issuer, audience });
  };
}

async function main() {
  const [mode, file] = process.argv.slice(2);
  const input = JSON.parse(readFileSync(file, 'utf8'));
  const verify = mode === 'saml' ? samlVerifier(input) : mode === 'oidc' ? await oidcVerifier(input) : null;
  if (!verify) throw new Error(`unknown mode ${mode}`);
  await verify(); // fails loudly before any measurement if the input does not verify
  const warmupMs = Number(process.env.BENCH_WARMUP_MS ?? 1000);
  const durationMs = Number(process.env.BENCH_DURATION_MS ?? 5000);
  const warmEnd = Date.now() + warmupMs;
  while (Date.now() < warmEnd) await verify();
  // One verification at a time: xml-crypto is synchronous (one core); jose awaits WebCrypto, whose RSA runs on a
  // libuv thread while this one waits, so one in flight keeps it to about one core as well.
  let verified = 0;
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const end = Date.now() + durationMs;
  while (Date.now() < end) {
    await verify();
    verified += 1;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  process.stdout.write(`RESULT ${JSON.stringify({
    perSecond: Math.round((verified / seconds) * 10) / 10, verified,
    cpuMsPerVerify: Math.round(((used.user + used.system) / 1000 / verified) * 1000) / 1000,
  })}\n`);
}

main().then(() => process.exit(0), (error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
