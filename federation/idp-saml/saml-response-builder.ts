import { randomUUID } from 'node:crypto';
import { SignedXml } from 'xml-crypto';

/**
 * Builds SAML 2.0 Responses as a partner IdP sends them, and — for tests — as an attacker would forge them.
 * The normal path renders the XML here and lets samlify (IdP role) sign it; `signXml` signs with xml-crypto directly
 * so that forgeries can choose keys, algorithms and what is signed. Test and demo only.
 */

export const SAML_NS = {
  SAMLP: 'urn:oasis:names:tc:SAML:2.0:protocol',
  SAML: 'urn:oasis:names:tc:SAML:2.0:assertion',
} as const;

export const NAMEID_PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';
export const STATUS_SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';

export const ALGORITHMS = {
  'rsa-sha256': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  'rsa-sha512': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
  'rsa-sha1': 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
} as const;
export const DIGESTS = {
  sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
  sha512: 'http://www.w3.org/2001/04/xmlenc#sha512',
  sha1: 'http://www.w3.org/2000/09/xmldsig#sha1',
} as const;
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

export function newSamlId(): string {
  return `_${randomUUID().replace(/-/g, '')}`;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Everything a Response says; `null` leaves an element or attribute out. */
export interface ResponseFields {
  readonly responseId: string;
  readonly assertionId: string;
  readonly issuer: string;
  /** Response Destination. */
  readonly destination: string | null;
  /** Response and SubjectConfirmationData InResponseTo. */
  readonly inResponseTo: string | null;
  readonly statusCode: string;
  readonly issueInstant: Date;
  readonly nameId: string;
  readonly nameIdFormat: string | null;
  readonly recipient: string | null;
  readonly subjectNotOnOrAfter: Date | null;
  readonly notBefore: Date | null;
  readonly notOnOrAfter: Date | null;
  /** Audience; null leaves AudienceRestriction out. */
  readonly audience: string | null;
  readonly sessionIndex: string | null;
  readonly sessionNotOnOrAfter: Date | null;
  readonly attributes: Readonly<Record<string, readonly string[]>>;
}

const iso = (date: Date) => date.toISOString();
const optionalAttr = (name: string, value: string | null) => (value === null ? '' : ` ${name}="${escapeXml(value)}"`);

/** The Assertion element alone. */
export function renderAssertion(f: ResponseFields): string {
  const attributes = Object.entries(f.attributes).map(([name, values]) =>
    `<saml:Attribute Name="${escapeXml(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">${
      values.map((v) => `<saml:AttributeValue xsi:type="xs:string">${escapeXml(v)}</saml:AttributeValue>`).join('')}</saml:Attribute>`).join('');
  const conditionsAttrs = optionalAttr('NotBefore', f.notBefore && iso(f.notBefore)) + optionalAttr('NotOnOrAfter', f.notOnOrAfter && iso(f.notOnOrAfter));
  return `<saml:Assertion xmlns:saml="${SAML_NS.SAML}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xs="http://www.w3.org/2001/XMLSchema" ID="${f.assertionId}" Version="2.0" IssueInstant="${iso(f.issueInstant)}">`
    + `<saml:Issuer>${escapeXml(f.issuer)}</saml:Issuer>`
    + `<saml:Subject><saml:NameID${optionalAttr('Format', f.nameIdFormat)}>${escapeXml(f.nameId)}</saml:NameID>`
    + `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData${
      optionalAttr('NotOnOrAfter', f.subjectNotOnOrAfter && iso(f.subjectNotOnOrAfter))}${optionalAttr('Recipient', f.recipient)}${
      optionalAttr('InResponseTo', f.inResponseTo)}/></saml:SubjectConfirmation></saml:Subject>`
    + `<saml:Conditions${conditionsAttrs}>${f.audience === null ? '' : `<saml:AudienceRestriction><saml:Audience>${escapeXml(f.audience)}</saml:Audience></saml:AudienceRestriction>`}</saml:Conditions>`
    + `<saml:AuthnStatement AuthnInstant="${iso(f.issueInstant)}"${optionalAttr('SessionIndex', f.sessionIndex)}${
      optionalAttr('SessionNotOnOrAfter', f.sessionNotOnOrAfter && iso(f.sessionNotOnOrAfter))}><saml:AuthnContext>`
    + '<saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef>'
    + '</saml:AuthnContext></saml:AuthnStatement>'
    + (attributes ? `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` : '')
    + '</saml:Assertion>';
}

/** A Response around assertions (already rendered, signed or not). */
export function renderResponse(f: ResponseFields, assertionsXml: string, extensionsXml = ''): string {
  return `<samlp:Response xmlns:samlp="${SAML_NS.SAMLP}" xmlns:saml="${SAML_NS.SAML}" ID="${f.responseId}" Version="2.0" IssueInstant="${iso(f.issueInstant)}"${
    optionalAttr('Destination', f.destination)}${optionalAttr('InResponseTo', f.inResponseTo)}>`
    + `<saml:Issuer>${escapeXml(f.issuer)}</saml:Issuer>`
    + (extensionsXml ? `<samlp:Extensions>${extensionsXml}</samlp:Extensions>` : '')
    + `<samlp:Status><samlp:StatusCode Value="${escapeXml(f.statusCode)}"/></samlp:Status>`
    + assertionsXml
    + '</samlp:Response>';
}

export interface SigningKey {
  readonly privateKeyPem: string;
  readonly certificatePem: string;
}

export interface SignOptions {
  /** `assertion`: the first Assertion child of the Response; `response`: the root. */
  readonly target: 'assertion' | 'response';
  readonly key: SigningKey;
  readonly algorithm?: keyof typeof ALGORITHMS;
  readonly digest?: keyof typeof DIGESTS;
  /** Put the certificate in KeyInfo (default true: attackers do). */
  readonly keyInfo?: boolean;
}

/** Signs the assertion (the first Assertion child of the root) or the Response, enveloped, after its Issuer. */
export function signXml(xml: string, options: SignOptions): string {
  const signer = new SignedXml({
    privateKey: options.key.privateKeyPem,
    publicCert: options.keyInfo === false ? undefined : options.key.certificatePem,
    signatureAlgorithm: ALGORITHMS[options.algorithm ?? 'rsa-sha256'],
    canonicalizationAlgorithm: EXC_C14N,
  });
  const elementPath = options.target === 'assertion'
    ? "/*[local-name(.)='Response']/*[local-name(.)='Assertion']"
    : "/*[local-name(.)='Response']";
  signer.addReference({ xpath: elementPath, transforms: [ENVELOPED, EXC_C14N], digestAlgorithm: DIGESTS[options.digest ?? 'sha256'] });
  signer.computeSignature(xml, { prefix: 'ds', location: { reference: `${elementPath}/*[local-name(.)='Issuer']`, action: 'after' } });
  return signer.getSignedXml();
}
