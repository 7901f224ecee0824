import * as nodeXmllint from '@authenio/samlify-node-xmllint';
import * as samlify from 'samlify';

/**
 * samlify refuses to parse without a schema validator (STACK.md, trap 8). The node-xmllint one (no Java) compiles
 * its WebAssembly on its first call (~4.5 s): `warmSchemaValidator` pays that at start-up, not on a pupil's sign-in.
 * The validator prints invalid documents with console.error, and its runtime an empty line on stdout at each call: both
 * are silenced here (refusals are logged by the hub with their code, never with the message received).
 */
let configured = false;

export function configureSamlify(): void {
  if (configured) return;
  samlify.setSchemaValidator({
    validate: (xml: string) => {
      const { error, log } = console;
      console.error = () => undefined;
      console.log = () => undefined;
      try {
        // The validator (and the emscripten runtime, which prints an empty line at each exit) runs synchronously inside
        // its promise executor: the console is restored right after.
        return nodeXmllint.validate(xml);
      } finally {
        console.error = error;
        console.log = log;
      }
    },
  });
  configured = true;
}

const WARM_UP_DOCUMENT = '<samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
  + 'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_warm" Version="2.0" IssueInstant="2026-01-01T00:00:00Z">'
  + '<saml:Issuer>urn:passerelle:warm-up</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/>'
  + '</samlp:Status></samlp:LogoutResponse>';

let warmed: Promise<void> | undefined;

/** Runs the schema validator once on a small valid document. */
export function warmSchemaValidator(): Promise<void> {
  configureSamlify();
  warmed ??= samlify.SamlLib.isValidXml(WARM_UP_DOCUMENT).then(() => undefined);
  return warmed;
}

/** Validates a SAML message against the SAML 2.0 schemas; false when it does not conform. */
export async function conformsToSchema(xml: string): Promise<boolean> {
  configureSamlify();
  try {
    await samlify.SamlLib.isValidXml(xml);
    return true;
  } catch {
    return false;
  }
}
