import { FederationCode, FederationError } from '../federation-errors.js';
import { NS, parseXml } from '../saml/saml-response-checks.js';
import { decodePostedSamlResponse, SAML_LIMITS } from '../saml/saml-message.js';

/**
 * Pure rules of a SAML assertion preview: reading what the administrator pasted, choosing the instant the checks are
 * evaluated at when the assertion is out of its time window, and explaining each refusal code to an administrator.
 */

/** What an administrator pastes: the base64 SAMLResponse field (as posted to the ACS) or the decoded XML. */
export function decodeSamlInput(text: string): string {
  if (text.trimStart().startsWith('<')) {
    if (Buffer.byteLength(text, 'utf8') > SAML_LIMITS.decodedBytes) throw new FederationError('SAML_TOO_LARGE', 'pasted XML too large');
    return text.trim();
  }
  return decodePostedSamlResponse(text.replace(/\s+/g, ''));
}

/** Codes about the moment the assertion is checked: reported as warnings in a preview, not applied. */
export const TIME_CODES: readonly FederationCode[] = ['SAML_EXPIRED', 'SAML_NOT_YET_VALID'];

/**
 * An instant inside the assertion's window (the latest of its IssueInstant and Conditions NotBefore), at which the
 * checks are run again once the real clock has found it out of time. Read from the document only to choose that
 * instant: every check is still run, on the signed content, by checkSamlResponse.
 */
export function assertionWindowStart(xml: string): Date | null {
  let doc: Document;
  try {
    doc = parseXml(xml);
  } catch {
    return null;
  }
  const assertions = doc.getElementsByTagNameNS(NS.SAML, 'Assertion');
  if (assertions.length !== 1) return null;
  const assertion = assertions.item(0)!;
  const instants = [assertion.getAttribute('IssueInstant')];
  const conditions = assertion.getElementsByTagNameNS(NS.SAML, 'Conditions');
  if (conditions.length === 1) instants.push(conditions.item(0)!.getAttribute('NotBefore'));
  const times = instants.filter((v): v is string => !!v).map((v) => Date.parse(v)).filter((t) => !Number.isNaN(t));
  return times.length > 0 ? new Date(Math.max(...times)) : null;
}

export interface SamlPreviewContext {
  readonly idpEntityId: string;
  readonly spEntityId: string;
  readonly acsUrl: string;
}

type Explain = (context: SamlPreviewContext) => string;

/** Each refusal code for an administrator (French), with what was expected when it helps the partner fix it. */
const EXPLANATIONS: Partial<Record<FederationCode, Explain>> = {
  SAML_TOO_LARGE: () => 'Le message dépasse la taille maximale acceptée (100 Ko décodé).',
  SAML_MALFORMED: () => "Le message n'est pas une réponse SAML 2.0 lisible (XML, base64 ou structure attendue).",
  SAML_DOCTYPE: () => 'Le message contient une déclaration DOCTYPE ou ENTITY : refusé (XXE).',
  SAML_SIGNATURE_INVALID: () => "La signature manque, est mal placée ou n'est vérifiée par aucun certificat configuré pour ce partenaire "
    + '(les certificats de KeyInfo ne sont jamais utilisés).',
  SAML_ALGORITHM_REFUSED: () => 'Le message est signé avec un algorithme refusé (RSA-SHA1, SHA-1 ou inconnu) : RSA-SHA256 ou RSA-SHA512 attendu.',
  SAML_MULTIPLE_ASSERTIONS: () => 'Le message contient plusieurs assertions (ou une assertion chiffrée à côté d\'une assertion en clair).',
  SAML_NO_ASSERTION: () => 'Le message ne contient aucune assertion.',
  SAML_ISSUER_MISMATCH: (c) => `L'émetteur (Issuer) n'est pas l'entityID configuré pour ce partenaire (attendu : ${c.idpEntityId}).`,
  SAML_AUDIENCE_MISMATCH: (c) => `L'Audience est absente ou désigne un autre fournisseur de service (attendu : ${c.spEntityId}).`,
  SAML_DESTINATION_MISMATCH: (c) => `Destination ou Recipient ne désigne pas l'adresse de réception de Passerelle (attendu : ${c.acsUrl}).`,
  SAML_NO_TIME_BOUNDS: () => "L'assertion n'indique pas sa durée de validité (NotOnOrAfter, IssueInstant) ou vaut plus de 24 h : refusée.",
  SAML_EXPIRED: () => "L'assertion a expiré (NotOnOrAfter ou SessionNotOnOrAfter passé).",
  SAML_NOT_YET_VALID: () => "L'assertion n'est pas encore valable (NotBefore ou IssueInstant dans le futur) : horloge du partenaire décalée ?",
  SAML_IN_RESPONSE_TO_UNKNOWN: () => 'InResponseTo diffère entre la réponse et l\'assertion, ou ne figure que sur la réponse non signée.',
  SAML_STATUS_NOT_SUCCESS: () => "Le statut de la réponse n'est pas Success : l'ENT partenaire n'a pas authentifié la personne.",
  SAML_NAMEID_NOT_PERSISTENT: () => "Le NameID est transitoire ou une adresse e-mail : un identifiant persistant est requis (ou configurez l'attribut sujet).",
  ATTRIBUTES_INVALID: () => 'Les attributs reçus ne permettent pas d\'établir le profil, l\'établissement ou l\'identifiant.',
  PARTNER_UNAVAILABLE: () => 'Les réglages SAML du partenaire sont incomplets (entityID, adresse SSO ou certificat).',
  ASSERTION_INVALID: () => "Le message n'a pas pu être vérifié.",
};

/** `CODE — explanation` for an error raised by the SAML checks. */
export function samlProblem(error: unknown, context: SamlPreviewContext): string {
  const code = error instanceof FederationError ? (error.code as FederationCode) : 'ASSERTION_INVALID';
  const explain = EXPLANATIONS[code] ?? EXPLANATIONS.ASSERTION_INVALID!;
  return `${code} — ${explain(context)}`;
}
