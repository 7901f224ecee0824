import * as samlify from 'samlify';
import { SchemaValidatorBusyError, SchemaValidatorPool } from './saml-schema-validator.js';

/**
 * samlify refuses to parse without a schema validator (STACK.md, trap 8). It is xmllint (libxml2 in WebAssembly) run
 * by a pool of two long-lived worker threads (saml-schema-validator.ts, ADR 0020), shared by everything in the process
 * that uses samlify (the hub, and the test IdP when it runs in the same process). `warmSchemaValidator` starts a worker
 * at start-up, not on a pupil's sign-in. xmllint's messages are never printed: refusals are logged by the hub with
 * their code, never with the message received.
 */
const pool = new SchemaValidatorPool({ size: 2 });
let configured = false;

/** The process's pool (its queue bound is set from SAML_VALIDATION_QUEUE at start; tests read and hold it). */
export function schemaValidatorPool(): SchemaValidatorPool {
  return pool;
}

/** True when a SAML parse failed because the validator's queue was full (not because of the message). */
export function isSchemaValidatorBusy(error: unknown): boolean {
  return error instanceof SchemaValidatorBusyError || String((error as Error)?.message ?? error).includes('ERR_SCHEMA_VALIDATOR_BUSY');
}

export function configureSamlify(options: { maxWaiting?: number } = {}): void {
  if (options.maxWaiting !== undefined) pool.maxWaiting = options.maxWaiting;
  if (configured) return;
  samlify.setSchemaValidator({
    validate: async (xml: string) => {
      // A full queue rejects with SchemaValidatorBusyError, passed on as is (saml-sp.service.ts: SAML_BUSY, 503).
      const verdict = await pool.validate(xml);
      // samlify passes the rejection on; saml-sp.service.ts reads it as SAML_MALFORMED.
      if (!verdict.valid) throw new Error('ERR_EXCEPTION_VALIDATE_XML');
      return 'SUCCESS_VALIDATE_XML';
    },
  });
  configured = true;
}

const WARM_UP_DOCUMENT = '<samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
  + 'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_warm" Version="2.0" IssueInstant="2026-01-01T00:00:00Z">'
  + '<saml:Issuer>urn:passerelle:warm-up</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/>'
  + '</samlp:Status></samlp:LogoutResponse>';

/** Runs the schema validator once on a small valid document (starts a worker and compiles the WebAssembly). */
export async function warmSchemaValidator(): Promise<void> {
  configureSamlify();
  await samlify.SamlLib.isValidXml(WARM_UP_DOCUMENT);
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

