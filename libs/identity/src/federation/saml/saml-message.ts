import { FederationError } from '../federation-errors.js';

/** Limits applied before any XML parser runs. */
export const SAML_LIMITS = {
  /** The whole HTTP-POST body of the ACS (checked while it streams in). */
  bodyBytes: 64 * 1024,
  /** The decoded SAMLResponse. */
  decodedBytes: 100 * 1024,
} as const;

const BASE64 = /^[A-Za-z0-9+/\r\n]+={0,2}[\r\n]*$/;

/** The XML of an HTTP-POST SAMLResponse field: one base64 string, bounded, decoded strictly. */
export function decodePostedSamlResponse(field: unknown): string {
  if (typeof field !== 'string' || field.length === 0) throw new FederationError('SAML_MALFORMED', 'SAMLResponse missing or repeated');
  if (field.length > Math.ceil(SAML_LIMITS.decodedBytes / 3) * 4 + 2048) throw new FederationError('SAML_TOO_LARGE', 'SAMLResponse too long');
  if (!BASE64.test(field)) throw new FederationError('SAML_MALFORMED', 'SAMLResponse is not base64');
  const bytes = Buffer.from(field.replace(/[\r\n]/g, ''), 'base64');
  if (bytes.length > SAML_LIMITS.decodedBytes) throw new FederationError('SAML_TOO_LARGE', 'decoded SAMLResponse too large');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new FederationError('SAML_MALFORMED', 'SAMLResponse is not UTF-8');
  }
}
