import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { FederationError } from '../federation-errors.js';

/**
 * Every check the hub makes on a SAML Response (Web Browser SSO profile, HTTP-POST binding) once it is decoded and,
 * when it was encrypted, decrypted. A pure function of the XML, the expectations and the clock: no store, no Nest.
 * samlify verifies signatures too (defence in depth, see saml-sp.ts), but leaves Audience, Destination, Recipient,
 * InResponseTo, replay and missing time bounds to the application (STACK.md, trap 8): they are all here.
 *
 * Anti-wrapping: the signature must be a direct child of the element the partner signs (the Assertion by default, or
 * the Response), its only Reference must point at that element's ID, that ID must be unique in the document, and
 * every value is read from the XML that xml-crypto hashed (`getSignedReferences()`), never from the rest of the
 * document. Keys: only the partner's configured certificates, never KeyInfo.
 */

export const NS = {
  SAMLP: 'urn:oasis:names:tc:SAML:2.0:protocol',
  SAML: 'urn:oasis:names:tc:SAML:2.0:assertion',
  DS: 'http://www.w3.org/2000/09/xmldsig#',
} as const;

export const STATUS_SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
export const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
const ENTITY_FORMAT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:entity';

/** Signature and digest algorithms accepted (RSA-SHA1, SHA-1 digests, HMAC and anything else are refused). */
export const ALLOWED_SIGNATURE_ALGORITHMS = [
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
] as const;
export const ALLOWED_DIGEST_ALGORITHMS = ['http://www.w3.org/2001/04/xmlenc#sha256', 'http://www.w3.org/2001/04/xmlenc#sha512'] as const;
/** Canonicalisations without comments, and the enveloped-signature transform. No XPath, XSLT or #WithComments. */
const ALLOWED_CANONICALIZATIONS = ['http://www.w3.org/2001/10/xml-exc-c14n#', 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315'];
const ALLOWED_TRANSFORMS = [...ALLOWED_CANONICALIZATIONS, 'http://www.w3.org/2000/09/xmldsig#enveloped-signature'];

/** An assertion valid for longer than this is refused (its id would have to stay in the replay cache as long). */
const MAX_LIFETIME_MS = 24 * 3_600_000;

export interface SamlExpectations {
  /** The partner IdP's entityID. */
  readonly idpEntityId: string;
  /** PEM certificates configured for the partner: the only keys tried. */
  readonly certificates: readonly string[];
  readonly signedPart: 'ASSERTION' | 'RESPONSE';
  /** Our SP entityID (the Audience). */
  readonly spEntityId: string;
  /** This ACS URL (Destination and Recipient). */
  readonly acsUrl: string;
  readonly now: Date;
  /** Allowed clock skew, at most 60 s. */
  readonly skewSeconds: number;
}

export interface CheckedSamlResponse {
  readonly responseId: string;
  readonly assertionId: string;
  readonly issuer: string;
  /** The request this answers, or null for an unsolicited (IdP-initiated) response. */
  readonly inResponseTo: string | null;
  readonly nameId: string;
  readonly nameIdFormat: string | null;
  readonly sessionIndex: string | null;
  readonly sessionNotOnOrAfter: Date | null;
  /** Until when the assertion could be accepted: how long its id stays in the replay cache. */
  readonly validUntil: Date;
  /** Attribute name → values, as signed. The mapping keeps five of them and drops the rest. */
  readonly attributes: Readonly<Record<string, string[]>>;
}

function fail(code: ConstructorParameters<typeof FederationError>[0], detail: string): never {
  throw new FederationError(code, detail);
}

/** Refuses a DOCTYPE or entity declaration before any parser sees the text (XXE, billion laughs). */
export function refuseDoctype(xml: string): void {
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) fail('SAML_DOCTYPE', 'DOCTYPE or ENTITY declaration');
}

/** Parses XML strictly: any parser error or warning refuses the message. */
export function parseXml(xml: string): Document {
  refuseDoctype(xml);
  const problems: string[] = [];
  const parser = new DOMParser({
    errorHandler: {
      warning: (message: string) => problems.push(message),
      error: (message: string) => problems.push(message),
      fatalError: (message: string) => problems.push(message),
    },
  } as never);
  let doc: Document;
  try {
    doc = parser.parseFromString(xml, 'text/xml') as unknown as Document;
  } catch (error) {
    fail('SAML_MALFORMED', `XML parse error: ${String(error).slice(0, 200)}`);
  }
  if (problems.length > 0 || !doc?.documentElement) fail('SAML_MALFORMED', `XML parse error: ${problems[0]?.slice(0, 200) ?? 'empty'}`);
  if (doc.doctype) fail('SAML_DOCTYPE', 'DOCTYPE node');
  return doc;
}

function childElements(parent: Node, ns: string, localName: string): Element[] {
  const out: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1 && (node as Element).namespaceURI === ns && (node as Element).localName === localName) out.push(node as Element);
  }
  return out;
}

function oneChild(parent: Node, ns: string, localName: string, what: string): Element {
  const found = childElements(parent, ns, localName);
  if (found.length !== 1) fail('SAML_MALFORMED', `${what}: expected exactly one ${localName}, found ${found.length}`);
  return found[0];
}

function optionalChild(parent: Node, ns: string, localName: string, what: string): Element | null {
  const found = childElements(parent, ns, localName);
  if (found.length > 1) fail('SAML_MALFORMED', `${what}: several ${localName}`);
  return found[0] ?? null;
}

function descendants(root: Node, ns: string, localName: string): Element[] {
  const out: Element[] = [];
  eachElement(root, (element) => {
    if (element.namespaceURI === ns && element.localName === localName) out.push(element);
  });
  return out;
}

/** Visits every element under `root` in document order, without recursion (deep documents cannot exhaust the stack). */
function eachElement(root: Node, visit: (element: Element) => void): void {
  const stack: Node[] = [];
  for (let child = root.lastChild; child; child = child.previousSibling) stack.push(child);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.nodeType !== 1) continue;
    visit(node as Element);
    for (let child = node.lastChild; child; child = child.previousSibling) stack.push(child);
  }
}

function attr(element: Element, name: string): string | null {
  return element.hasAttribute(name) ? element.getAttribute(name) : null;
}

/** Text without comments or processing instructions, all text nodes joined (the NameID comment trick). */
function text(element: Element): string {
  return (element.textContent ?? '').trim();
}

function parseInstant(value: string | null, what: string): Date | null {
  if (value === null) return null;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)) fail('SAML_MALFORMED', `${what}: not an xs:dateTime`);
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) fail('SAML_MALFORMED', `${what}: not a date`);
  return date;
}

/**
 * Before decryption: at most one assertion, plain or encrypted, never both (a plain assertion next to an encrypted one
 * is a classic way to have the SP read the one nobody signed).
 */
export function refuseSeveralAssertions(xml: string): { encrypted: boolean } {
  const doc = parseXml(xml);
  const plain = descendants(doc, NS.SAML, 'Assertion').length;
  const encrypted = descendants(doc, NS.SAML, 'EncryptedAssertion').length;
  if (plain + encrypted > 1) fail('SAML_MULTIPLE_ASSERTIONS', `${plain} assertions and ${encrypted} encrypted ones`);
  return { encrypted: encrypted === 1 };
}

/** Every ID-like attribute value in the document, to prove the signed one is unique. */
function countIds(doc: Document, id: string): number {
  let count = 0;
  eachElement(doc, (element) => {
    for (let i = 0; i < element.attributes.length; i++) {
      const a = element.attributes[i];
      if (['ID', 'Id', 'id'].includes(a.localName ?? a.name) && a.value === id) count++;
    }
  });
  return count;
}

function checkAlgorithms(signature: Element): void {
  const signedInfo = oneChild(signature, NS.DS, 'SignedInfo', 'Signature');
  const c14n = attr(oneChild(signedInfo, NS.DS, 'CanonicalizationMethod', 'SignedInfo'), 'Algorithm');
  if (!c14n || !ALLOWED_CANONICALIZATIONS.includes(c14n)) fail('SAML_ALGORITHM_REFUSED', `canonicalization ${c14n}`);
  const method = attr(oneChild(signedInfo, NS.DS, 'SignatureMethod', 'SignedInfo'), 'Algorithm');
  if (!method || !(ALLOWED_SIGNATURE_ALGORITHMS as readonly string[]).includes(method)) fail('SAML_ALGORITHM_REFUSED', `signature ${method}`);
  for (const reference of childElements(signedInfo, NS.DS, 'Reference')) {
    const digest = attr(oneChild(reference, NS.DS, 'DigestMethod', 'Reference'), 'Algorithm');
    if (!digest || !(ALLOWED_DIGEST_ALGORITHMS as readonly string[]).includes(digest)) fail('SAML_ALGORITHM_REFUSED', `digest ${digest}`);
    const transforms = optionalChild(reference, NS.DS, 'Transforms', 'Reference');
    for (const transform of transforms ? childElements(transforms, NS.DS, 'Transform') : []) {
      const algorithm = attr(transform, 'Algorithm');
      if (!algorithm || !ALLOWED_TRANSFORMS.includes(algorithm)) fail('SAML_ALGORITHM_REFUSED', `transform ${algorithm}`);
      if (transform.firstChild && descendants(transform, NS.DS, 'XPath').length > 0) fail('SAML_ALGORITHM_REFUSED', 'XPath transform');
    }
  }
}

/**
 * Verifies `signature` (a direct child of the element with id `signedId`) with each configured certificate in turn,
 * never with KeyInfo, and returns the canonical XML that was signed.
 */
function verifiedSignedXml(xml: string, signature: Element, signedId: string, certificates: readonly string[]): string {
  checkAlgorithms(signature);
  const signedInfo = oneChild(signature, NS.DS, 'SignedInfo', 'Signature');
  const references = childElements(signedInfo, NS.DS, 'Reference');
  if (references.length !== 1) fail('SAML_SIGNATURE_INVALID', `expected one Reference, found ${references.length}`);
  if (attr(references[0], 'URI') !== `#${signedId}`) fail('SAML_SIGNATURE_INVALID', 'the Reference does not point at the signed element');
  for (const certificate of certificates) {
    const verifier = new SignedXml({ publicCert: certificate, getCertFromKeyInfo: () => null });
    // Only the allowed algorithms exist for this verifier.
    verifier.SignatureAlgorithms = Object.fromEntries(Object.entries(verifier.SignatureAlgorithms)
      .filter(([uri]) => (ALLOWED_SIGNATURE_ALGORITHMS as readonly string[]).includes(uri))) as typeof verifier.SignatureAlgorithms;
    verifier.HashAlgorithms = Object.fromEntries(Object.entries(verifier.HashAlgorithms)
      .filter(([uri]) => (ALLOWED_DIGEST_ALGORITHMS as readonly string[]).includes(uri))) as typeof verifier.HashAlgorithms;
    verifier.CanonicalizationAlgorithms = Object.fromEntries(Object.entries(verifier.CanonicalizationAlgorithms)
      .filter(([uri]) => ALLOWED_TRANSFORMS.includes(uri))) as typeof verifier.CanonicalizationAlgorithms;
    try {
      verifier.loadSignature(signature as never);
      if (!verifier.checkSignature(xml)) continue;
    } catch {
      continue;
    }
    const signed = verifier.getSignedReferences();
    if (signed.length !== 1) fail('SAML_SIGNATURE_INVALID', 'unexpected signed references');
    return signed[0];
  }
  fail('SAML_SIGNATURE_INVALID', 'no configured certificate verifies the signature');
}

/** All checks; returns what the hub may use. Throws FederationError with the first failing check's code. */
export function checkSamlResponse(xml: string, expected: SamlExpectations): CheckedSamlResponse {
  const skewMs = Math.min(60, Math.max(0, expected.skewSeconds)) * 1000;
  const now = expected.now.getTime();
  const doc = parseXml(xml);
  const response = doc.documentElement;
  if (response.namespaceURI !== NS.SAMLP || response.localName !== 'Response') fail('SAML_MALFORMED', 'not a samlp:Response');
  if (attr(response, 'Version') !== '2.0') fail('SAML_MALFORMED', 'Response Version is not 2.0');
  const responseId = attr(response, 'ID');
  if (!responseId) fail('SAML_MALFORMED', 'Response without ID');

  // Exactly one assertion, where the profile puts it, and no encrypted one left beside it.
  const assertions = descendants(doc, NS.SAML, 'Assertion');
  const encrypted = descendants(doc, NS.SAML, 'EncryptedAssertion');
  if (encrypted.length > 0) fail('SAML_MULTIPLE_ASSERTIONS', 'an EncryptedAssertion next to the assertion');
  if (assertions.length === 0) fail('SAML_NO_ASSERTION', 'no Assertion');
  if (assertions.length > 1) fail('SAML_MULTIPLE_ASSERTIONS', `${assertions.length} assertions`);
  const assertion = assertions[0];
  if (assertion.parentNode !== response) fail('SAML_MULTIPLE_ASSERTIONS', 'the assertion is not a child of the Response');
  const assertionId = attr(assertion, 'ID');
  if (!assertionId) fail('SAML_MALFORMED', 'Assertion without ID');

  // Signatures: only where the profile allows them, and the expected one present.
  const signatures = descendants(doc, NS.DS, 'Signature');
  for (const signature of signatures) {
    if (signature.parentNode !== response && signature.parentNode !== assertion) fail('SAML_SIGNATURE_INVALID', 'a Signature in an unexpected place');
  }
  const signedElement = expected.signedPart === 'RESPONSE' ? response : assertion;
  const signedId = expected.signedPart === 'RESPONSE' ? responseId : assertionId;
  const signature = childElements(signedElement, NS.DS, 'Signature');
  if (signature.length !== 1) fail('SAML_SIGNATURE_INVALID', `the ${expected.signedPart.toLowerCase()} is not signed`);
  if (countIds(doc, signedId) !== 1) fail('SAML_SIGNATURE_INVALID', 'the signed ID is not unique');
  if (expected.certificates.length === 0) fail('SAML_SIGNATURE_INVALID', 'no certificate configured');
  const signedXml = verifiedSignedXml(xml, signature[0], signedId, expected.certificates);

  // From here on, read only what was signed.
  const signedRoot = parseXml(signedXml).documentElement;
  let signedAssertion: Element;
  let signedResponse: Element | null = null;
  if (expected.signedPart === 'RESPONSE') {
    if (signedRoot.namespaceURI !== NS.SAMLP || signedRoot.localName !== 'Response' || attr(signedRoot, 'ID') !== responseId) {
      fail('SAML_SIGNATURE_INVALID', 'the signed element is not the Response');
    }
    signedResponse = signedRoot;
    const inside = descendants(signedRoot, NS.SAML, 'Assertion');
    if (inside.length !== 1 || inside[0].parentNode !== signedRoot) fail('SAML_MULTIPLE_ASSERTIONS', 'signed response: not one assertion');
    signedAssertion = inside[0];
    if (attr(signedAssertion, 'ID') !== assertionId) fail('SAML_SIGNATURE_INVALID', 'signed assertion differs');
  } else {
    if (signedRoot.namespaceURI !== NS.SAML || signedRoot.localName !== 'Assertion' || attr(signedRoot, 'ID') !== assertionId) {
      fail('SAML_SIGNATURE_INVALID', 'the signed element is not the Assertion');
    }
    signedAssertion = signedRoot;
  }
  const top = signedResponse ?? response;
  if (attr(signedAssertion, 'Version') !== '2.0') fail('SAML_MALFORMED', 'Assertion Version is not 2.0');

  // Status (Success only).
  const status = oneChild(top, NS.SAMLP, 'Status', 'Response');
  const statusCode = attr(oneChild(status, NS.SAMLP, 'StatusCode', 'Status'), 'Value');
  if (statusCode !== STATUS_SUCCESS) fail('SAML_STATUS_NOT_SUCCESS', `status ${statusCode}`);

  // Issuer: the partner, on the assertion (signed) and on the response when present.
  const issuerElement = oneChild(signedAssertion, NS.SAML, 'Issuer', 'Assertion');
  const issuer = text(issuerElement);
  const issuerFormat = attr(issuerElement, 'Format');
  if (issuer !== expected.idpEntityId || (issuerFormat !== null && issuerFormat !== ENTITY_FORMAT)) {
    fail('SAML_ISSUER_MISMATCH', 'assertion Issuer is not the partner');
  }
  const responseIssuer = optionalChild(top, NS.SAML, 'Issuer', 'Response');
  if (responseIssuer && text(responseIssuer) !== expected.idpEntityId) fail('SAML_ISSUER_MISMATCH', 'response Issuer is not the partner');

  // Destination: this ACS (required).
  if (attr(top, 'Destination') !== expected.acsUrl) fail('SAML_DESTINATION_MISMATCH', 'Destination is not this ACS');

  // Subject: a NameID and one bearer confirmation for this ACS, in time.
  const subject = oneChild(signedAssertion, NS.SAML, 'Subject', 'Assertion');
  const nameIdElement = optionalChild(subject, NS.SAML, 'NameID', 'Subject');
  if (!nameIdElement) fail('SAML_MALFORMED', 'Subject without NameID (EncryptedID and BaseID are not supported)');
  const nameId = text(nameIdElement);
  const bearers = childElements(subject, NS.SAML, 'SubjectConfirmation').filter((c) => attr(c, 'Method') === BEARER);
  if (bearers.length !== 1) fail('SAML_MALFORMED', `expected one bearer SubjectConfirmation, found ${bearers.length}`);
  const confirmation = oneChild(bearers[0], NS.SAML, 'SubjectConfirmationData', 'SubjectConfirmation');
  if (attr(confirmation, 'Recipient') !== expected.acsUrl) fail('SAML_DESTINATION_MISMATCH', 'Recipient is not this ACS');

  // Conditions and Audience.
  const conditions = optionalChild(signedAssertion, NS.SAML, 'Conditions', 'Assertion');
  const audiences = conditions ? childElements(conditions, NS.SAML, 'AudienceRestriction') : [];
  if (audiences.length === 0) fail('SAML_AUDIENCE_MISMATCH', 'no AudienceRestriction');
  for (const restriction of audiences) {
    if (!childElements(restriction, NS.SAML, 'Audience').some((a) => text(a) === expected.spEntityId)) {
      fail('SAML_AUDIENCE_MISMATCH', 'Audience is another SP');
    }
  }

  // Time bounds: required, and checked with the skew.
  const notBefore = parseInstant(conditions ? attr(conditions, 'NotBefore') : null, 'Conditions NotBefore');
  const notOnOrAfter = parseInstant(conditions ? attr(conditions, 'NotOnOrAfter') : null, 'Conditions NotOnOrAfter');
  const confirmationNotBefore = parseInstant(attr(confirmation, 'NotBefore'), 'SubjectConfirmationData NotBefore');
  const confirmationNotOnOrAfter = parseInstant(attr(confirmation, 'NotOnOrAfter'), 'SubjectConfirmationData NotOnOrAfter');
  const issueInstant = parseInstant(attr(signedAssertion, 'IssueInstant'), 'Assertion IssueInstant');
  if (!notOnOrAfter || !confirmationNotOnOrAfter || !issueInstant) fail('SAML_NO_TIME_BOUNDS', 'NotOnOrAfter or IssueInstant missing');
  const validUntil = new Date(Math.min(notOnOrAfter.getTime(), confirmationNotOnOrAfter.getTime()));
  if (validUntil.getTime() - issueInstant.getTime() > MAX_LIFETIME_MS) fail('SAML_NO_TIME_BOUNDS', 'assertion lifetime over 24 h');
  for (const start of [notBefore, confirmationNotBefore, issueInstant]) {
    if (start && now + skewMs < start.getTime()) fail('SAML_NOT_YET_VALID', 'NotBefore or IssueInstant in the future');
  }
  if (now - skewMs >= validUntil.getTime()) fail('SAML_EXPIRED', 'NotOnOrAfter passed');

  // InResponseTo: the same on the confirmation and the response when both say it, and always a signed value: when only
  // the assertion is signed, the response's own InResponseTo could have been rewritten to turn a stolen unsolicited
  // assertion into the answer to an attacker's request.
  const confirmationInResponseTo = attr(confirmation, 'InResponseTo');
  const responseInResponseTo = attr(top, 'InResponseTo');
  if (confirmationInResponseTo !== null && responseInResponseTo !== null && confirmationInResponseTo !== responseInResponseTo) {
    fail('SAML_IN_RESPONSE_TO_UNKNOWN', 'InResponseTo differs between the response and the assertion');
  }
  if (confirmationInResponseTo === null && responseInResponseTo !== null && signedResponse === null) {
    fail('SAML_IN_RESPONSE_TO_UNKNOWN', 'InResponseTo only on the unsigned response');
  }
  const inResponseTo = confirmationInResponseTo ?? responseInResponseTo;

  // Authentication statement: SessionIndex and SessionNotOnOrAfter.
  const statements = childElements(signedAssertion, NS.SAML, 'AuthnStatement');
  if (statements.length !== 1) fail('SAML_MALFORMED', `expected one AuthnStatement, found ${statements.length}`);
  const sessionIndex = attr(statements[0], 'SessionIndex');
  const sessionNotOnOrAfter = parseInstant(attr(statements[0], 'SessionNotOnOrAfter'), 'SessionNotOnOrAfter');
  if (sessionNotOnOrAfter && now - skewMs >= sessionNotOnOrAfter.getTime()) fail('SAML_EXPIRED', 'SessionNotOnOrAfter passed');

  // Attributes, as signed.
  const attributes: Record<string, string[]> = Object.create(null);
  for (const statement of childElements(signedAssertion, NS.SAML, 'AttributeStatement')) {
    for (const attribute of childElements(statement, NS.SAML, 'Attribute')) {
      const name = attr(attribute, 'Name');
      if (!name) continue;
      const values = childElements(attribute, NS.SAML, 'AttributeValue').map(text);
      attributes[name] = [...(attributes[name] ?? []), ...values];
    }
  }

  return {
    responseId, assertionId, issuer, inResponseTo, nameId, nameIdFormat: attr(nameIdElement, 'Format'), sessionIndex,
    sessionNotOnOrAfter, validUntil, attributes,
  };
}
