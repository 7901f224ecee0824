import { DomainError } from '@passerelle/errors';

/**
 * Why a federated sign-in was refused. Each code has a French message for the person in front of the screen
 * (often a child: plain words, no jargon) and a kind: INVALID (the message itself is not acceptable → 400) or
 * REFUSED (a valid sign-in that the hub does not admit → 403). The audit trail keeps the code, never the message
 * received.
 */
export type FederationRefusalKind = 'INVALID' | 'REFUSED';

interface CodeInfo {
  readonly kind: FederationRefusalKind;
  readonly message: string;
}

const TECHNICAL = "La connexion depuis l'ENT de ton établissement n'a pas pu être vérifiée.";

export const FEDERATION_CODES = {
  // The SAML message itself (400)
  SAML_TOO_LARGE: { kind: 'INVALID', message: `${TECHNICAL} Le message reçu est trop volumineux.` },
  SAML_MALFORMED: { kind: 'INVALID', message: `${TECHNICAL} Le message reçu est illisible.` },
  SAML_DOCTYPE: { kind: 'INVALID', message: `${TECHNICAL} Le message reçu contient une déclaration interdite.` },
  SAML_SIGNATURE_INVALID: { kind: 'INVALID', message: `${TECHNICAL} La signature du message n'est pas celle de l'ENT partenaire.` },
  SAML_ALGORITHM_REFUSED: { kind: 'INVALID', message: `${TECHNICAL} Le message est signé avec un algorithme refusé.` },
  SAML_MULTIPLE_ASSERTIONS: { kind: 'INVALID', message: `${TECHNICAL} Le message contient plusieurs identités.` },
  SAML_NO_ASSERTION: { kind: 'INVALID', message: `${TECHNICAL} Le message ne contient aucune identité.` },
  SAML_ISSUER_MISMATCH: { kind: 'INVALID', message: `${TECHNICAL} Le message ne vient pas de l'ENT attendu.` },
  SAML_AUDIENCE_MISMATCH: { kind: 'INVALID', message: `${TECHNICAL} Le message n'est pas destiné à Passerelle.` },
  SAML_DESTINATION_MISMATCH: { kind: 'INVALID', message: `${TECHNICAL} Le message n'est pas adressé à cette adresse de Passerelle.` },
  SAML_EXPIRED: { kind: 'INVALID', message: `${TECHNICAL} Le message a expiré : recommence la connexion.` },
  SAML_NOT_YET_VALID: { kind: 'INVALID', message: `${TECHNICAL} Le message n'est pas encore valable : l'horloge de l'ENT est peut-être décalée.` },
  SAML_NO_TIME_BOUNDS: { kind: 'INVALID', message: `${TECHNICAL} Le message n'indique pas sa durée de validité.` },
  SAML_REPLAY: { kind: 'INVALID', message: `${TECHNICAL} Ce message a déjà été utilisé : recommence la connexion.` },
  SAML_UNSOLICITED: { kind: 'INVALID', message: `${TECHNICAL} La connexion doit commencer sur Passerelle.` },
  SAML_IN_RESPONSE_TO_UNKNOWN: { kind: 'INVALID', message: `${TECHNICAL} La demande de connexion est inconnue, expirée ou déjà utilisée : recommence la connexion.` },
  SAML_STATUS_NOT_SUCCESS: { kind: 'REFUSED', message: "L'ENT de ton établissement n'a pas confirmé ton identité." },
  SAML_BUSY: {
    kind: 'INVALID',
    message: 'Passerelle reçoit beaucoup de connexions en ce moment : attends quelques secondes, puis recommence la connexion depuis ton ENT.',
  },
  SAML_NAMEID_NOT_PERSISTENT: { kind: 'INVALID', message: `${TECHNICAL} L'identifiant envoyé n'est pas stable.` },
  // Any protocol (OIDC codes are the OIDC handler's)
  LOGIN_EXPIRED: { kind: 'INVALID', message: 'La connexion a pris trop de temps ou a été commencée dans un autre navigateur : recommence depuis Passerelle.' },
  PARTNER_UNKNOWN: { kind: 'INVALID', message: "Cet ENT n'est pas connu de Passerelle." },
  PARTNER_UNAVAILABLE: { kind: 'REFUSED', message: "La connexion avec cet ENT n'est pas ouverte pour le moment." },
  ATTRIBUTES_INVALID: { kind: 'REFUSED', message: "L'ENT de ton établissement n'a pas envoyé les informations nécessaires (profil ou établissement)." },
  ASSERTION_INVALID: { kind: 'INVALID', message: `${TECHNICAL}` },
  // Admission (claimGuest), 403
  NO_CONVENTION: { kind: 'REFUSED', message: "Ton établissement n'a pas de convention avec Passerelle pour le moment." },
  PROFILE_NOT_ALLOWED: { kind: 'REFUSED', message: "La convention de ton établissement n'ouvre pas Passerelle à ton profil." },
  STRUCTURE_NOT_COVERED: { kind: 'REFUSED', message: "Ton établissement ne fait pas partie de la convention." },
  CONVENTION_NOT_ACTIVE: { kind: 'REFUSED', message: "La convention de ton établissement n'est pas active en ce moment." },
  GUEST_POOL_EXHAUSTED: { kind: 'REFUSED', message: "Tous les comptes invités prévus par la convention sont déjà utilisés." },
  GUEST_SUSPENDED: { kind: 'REFUSED', message: 'Ton compte invité est suspendu.' },
  // Home ENT (HomePeopleService), 403
  HOME_SCHOOL_NOT_SERVED: { kind: 'REFUSED', message: "Passerelle n'est pas ouvert à ton établissement depuis cet ENT." },
  HOME_SCHOOL_CHANGED: {
    kind: 'REFUSED',
    message: "Ton établissement n'est plus celui que Passerelle connaît pour toi : l'administrateur de Passerelle doit d'abord mettre ton compte à jour.",
  },
} as const satisfies Record<string, CodeInfo>;

export type FederationCode = keyof typeof FEDERATION_CODES;

export class FederationError extends DomainError {
  /**
   * `detail` is for the logs (never shown, never audited with personal data). `auditDetails` (ids and codes only)
   * go into the refusal's audit event.
   */
  constructor(code: FederationCode, detail?: string, readonly auditDetails?: Readonly<Record<string, string | null>>) {
    super(code, FEDERATION_CODES[code].message, undefined, detail ? { detail } : undefined);
    this.name = 'FederationError';
  }
}

/** The kind of a refusal code (unknown codes: INVALID). */
export function refusalKindOf(code: string): FederationRefusalKind {
  return (FEDERATION_CODES as Record<string, CodeInfo>)[code]?.kind ?? 'INVALID';
}

/** Retry-After of a SAML_BUSY refusal (the schema validator's queue was full), in seconds. */
export const SAML_BUSY_RETRY_AFTER_SECONDS = 5;

/**
 * 400 for a message the hub cannot accept (413 for one too large), 403 for a sign-in it does not admit, 503 when the
 * hub could not check it now (SAML_BUSY).
 */
export function refusalStatusOf(code: string): 400 | 403 | 413 | 503 {
  if (code === 'SAML_TOO_LARGE') return 413;
  if (code === 'SAML_BUSY') return 503;
  return refusalKindOf(code) === 'REFUSED' ? 403 : 400;
}
