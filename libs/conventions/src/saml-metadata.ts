import { DOMParser } from '@xmldom/xmldom';
import { DomainError } from '@passerelle/errors';
import { checkSigningCertificate } from './certificates.js';
import { checkPartnerUrl } from './partner-urls.js';

export const SAML_METADATA_MAX_BYTES = 512 * 1024;
const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const BINDING_REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const BINDING_POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
const NAMEID_PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';

/** What an IdP's metadata tells the hub. */
export interface IdpMetadata {
  readonly entityId: string;
  readonly ssoUrl: string;
  readonly sloUrl: string | null;
  readonly signingCertificates: readonly string[];
  readonly nameIdFormat: string | null;
}

function invalid(message: string): DomainError {
  return new DomainError('SAML_METADATA_INVALID', message, ['xml']);
}

function children(parent: Element, namespace: string, name: string): Element[] {
  const found: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1 && (node as Element).namespaceURI === namespace && (node as Element).localName === name) found.push(node as Element);
  }
  return found;
}

function descendants(parent: Element | Document, namespace: string, name: string): Element[] {
  return Array.from(parent.getElementsByTagNameNS(namespace, name) as unknown as ArrayLike<Element>);
}

/** The endpoint of the preferred binding: HTTP-Redirect, then HTTP-POST. */
function preferredLocation(endpoints: Element[]): string | null {
  for (const binding of [BINDING_REDIRECT, BINDING_POST]) {
    const endpoint = endpoints.find((element) => element.getAttribute('Binding') === binding && element.getAttribute('Location'));
    if (endpoint) return endpoint.getAttribute('Location')!.trim();
  }
  return null;
}

/**
 * Reads a SAML 2.0 IdP metadata document: entityID, SingleSignOnService (HTTP-Redirect preferred), SingleLogoutService
 * and every signing certificate, each checked with X509Certificate at `now`. Refuses DOCTYPE and entity declarations
 * (XXE, billion laughs), documents over 512 KB, and anything unreadable, with a French message (SAML_METADATA_INVALID,
 * CERTIFICATE_EXPIRED, CERTIFICATE_NOT_YET_VALID, CERTIFICATE_INVALID).
 */
export function parseIdpMetadata(xml: string, now: Date): IdpMetadata {
  if (typeof xml !== 'string' || xml.trim() === '') throw invalid('Les métadonnées SAML sont vides.');
  if (Buffer.byteLength(xml, 'utf8') > SAML_METADATA_MAX_BYTES) {
    throw new DomainError('PAYLOAD_TOO_LARGE', 'Les métadonnées SAML dépassent 512 Ko.', ['xml']);
  }
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw invalid('Les métadonnées SAML ne doivent contenir ni DOCTYPE ni déclaration d\'entité.');
  }
  const problems: string[] = [];
  const record = (message: string) => problems.push(message);
  let document: Document;
  try {
    document = new DOMParser({ errorHandler: { warning: () => undefined, error: record, fatalError: record } })
      .parseFromString(xml, 'application/xml');
  } catch {
    throw invalid("Les métadonnées SAML ne sont pas un document XML bien formé.");
  }
  if (problems.length > 0 || !document?.documentElement) {
    throw invalid("Les métadonnées SAML ne sont pas un document XML bien formé.");
  }

  const entities = descendants(document, MD, 'EntityDescriptor')
    .filter((entity) => children(entity, MD, 'IDPSSODescriptor').length > 0);
  if (entities.length === 0) throw invalid("Ces métadonnées ne décrivent aucun fournisseur d'identité (IDPSSODescriptor).");
  if (entities.length > 1) throw invalid("Ces métadonnées décrivent plusieurs fournisseurs d'identité : importez celles d'un seul.");
  const entity = entities[0];
  const entityId = (entity.getAttribute('entityID') ?? '').trim();
  if (!entityId || entityId.length > 1024) throw invalid("L'attribut entityID est absent ou trop long.");
  const idp = children(entity, MD, 'IDPSSODescriptor')[0];

  const ssoLocation = preferredLocation(children(idp, MD, 'SingleSignOnService'));
  if (!ssoLocation) throw invalid("Aucun SingleSignOnService en HTTP-Redirect ou HTTP-POST n'est déclaré.");
  const ssoUrl = checkPartnerUrl(ssoLocation, "L'adresse SingleSignOnService", ['xml'], 'SAML_METADATA_INVALID');
  const sloLocation = preferredLocation(children(idp, MD, 'SingleLogoutService'));
  const sloUrl = sloLocation ? checkPartnerUrl(sloLocation, "L'adresse SingleLogoutService", ['xml'], 'SAML_METADATA_INVALID') : null;

  const signingCertificates: string[] = [];
  for (const keyDescriptor of children(idp, MD, 'KeyDescriptor')) {
    const use = keyDescriptor.getAttribute('use');
    if (use && use !== 'signing') continue;
    for (const x509 of descendants(keyDescriptor, DS, 'X509Certificate')) {
      const checked = checkSigningCertificate(x509.textContent ?? '', now, ['xml']);
      if (!signingCertificates.includes(checked.pem)) signingCertificates.push(checked.pem);
    }
  }
  if (signingCertificates.length === 0) throw invalid('Aucun certificat de signature (KeyDescriptor) n\'est déclaré.');

  const formats = children(idp, MD, 'NameIDFormat').map((element) => (element.textContent ?? '').trim()).filter(Boolean);
  const nameIdFormat = formats.includes(NAMEID_PERSISTENT) ? NAMEID_PERSISTENT : formats[0] ?? null;
  return { entityId, ssoUrl, sloUrl, signingCertificates, nameIdFormat };
}
