import { constants, createPublicKey, KeyObject, verify } from 'node:crypto';
import { checkPartnerUrl, checkSigningCertificate, frenchDate, isOidcAlgorithm, OidcAlgorithm } from '@passerelle/conventions';
import { DomainError, InvalidInputError } from '@passerelle/errors';

/**
 * Pure rules of the partner self-test (no Nest, no network, no database): the verdict of each check, the clock skew,
 * certificates, JWKS keys and ID token signatures, the claims of a previewed ID token, and how a previewed identity
 * is shown to an administrator. The services in this folder only gather the facts these functions judge.
 */

export enum PartnerCheck {
  PARTNER_STATUS = 'PARTNER_STATUS',
  SAML_SETTINGS = 'SAML_SETTINGS',
  SIGNING_CERTIFICATE = 'SIGNING_CERTIFICATE',
  SSO_REACHABLE = 'SSO_REACHABLE',
  SAML_METADATA = 'SAML_METADATA',
  OIDC_SETTINGS = 'OIDC_SETTINGS',
  OIDC_DISCOVERY = 'OIDC_DISCOVERY',
  OIDC_ENDPOINTS = 'OIDC_ENDPOINTS',
  OIDC_JWKS = 'OIDC_JWKS',
  CLOCK_SKEW = 'CLOCK_SKEW',
}

export enum CheckStatus {
  OK = 'OK',
  WARNING = 'WARNING',
  FAILED = 'FAILED',
}

export interface CheckResult {
  readonly check: PartnerCheck;
  readonly status: CheckStatus;
  /** French, for the hub administrator. */
  readonly message: string;
}

export const ok = (check: PartnerCheck, message: string): CheckResult => ({ check, status: CheckStatus.OK, message });
export const warning = (check: PartnerCheck, message: string): CheckResult => ({ check, status: CheckStatus.WARNING, message });
export const failed = (check: PartnerCheck, message: string): CheckResult => ({ check, status: CheckStatus.FAILED, message });

const SEVERITY: Record<CheckStatus, number> = { OK: 0, WARNING: 1, FAILED: 2 };

/** The worst status of a report (OK when there is no check). */
export function worstStatus(results: readonly Pick<CheckResult, 'status'>[]): CheckStatus {
  return results.reduce<CheckStatus>((worst, r) => (SEVERITY[r.status] > SEVERITY[worst] ? r.status : worst), CheckStatus.OK);
}

// ---------------------------------------------------------------------------------------------------------------
// Partner URLs

/**
 * A partner endpoint the self-test may call: the rule libs/conventions applies when the settings are written, applied
 * again here because a stored value or a discovery document may say anything. Returns the URL or throws a French error.
 */
export function checkProbeUrl(raw: string, what: string): string {
  return checkPartnerUrl(raw, what);
}

// ---------------------------------------------------------------------------------------------------------------
// Clock

/** Beyond these, the partner's clock is flagged (the hub tolerates 60 s on assertions and ID tokens). */
export const CLOCK_SKEW_WARNING_SECONDS = 30;
export const CLOCK_SKEW_FAILED_SECONDS = 60;

/**
 * The partner server's clock against ours, from the HTTP `Date` header of an answer (RFC 9110: one-second
 * resolution, truncated — hence the half second added) and the middle of the exchange.
 */
export function clockSkewCheck(dateHeader: string | null | undefined, sentAt: number, receivedAt: number): CheckResult {
  const served = dateHeader ? Date.parse(dateHeader) : Number.NaN;
  if (Number.isNaN(served)) {
    return warning(PartnerCheck.CLOCK_SKEW, "Le serveur du partenaire n'a pas donné d'en-tête Date lisible : le décalage d'horloge n'a pas pu être mesuré.");
  }
  const skewSeconds = Math.round((served + 500 - (sentAt + receivedAt) / 2) / 1000);
  const size = Math.abs(skewSeconds);
  const how = skewSeconds === 0 ? "L'horloge du serveur du partenaire est à l'heure"
    : `L'horloge du serveur du partenaire ${skewSeconds > 0 ? 'avance' : 'retarde'} de ${size} s sur celle de Passerelle`;
  if (size > CLOCK_SKEW_FAILED_SECONDS) {
    return failed(PartnerCheck.CLOCK_SKEW, `${how} : au-delà de ${CLOCK_SKEW_FAILED_SECONDS} s, ses assertions et jetons seront refusés.`);
  }
  if (size > CLOCK_SKEW_WARNING_SECONDS) {
    return warning(PartnerCheck.CLOCK_SKEW, `${how} : les connexions seront refusées au-delà de ${CLOCK_SKEW_FAILED_SECONDS} s, demandez-lui de synchroniser son horloge (NTP).`);
  }
  return ok(PartnerCheck.CLOCK_SKEW, `${how} (tolérance ${CLOCK_SKEW_WARNING_SECONDS} s).`);
}

/** When the check could not be made because the server never answered. */
export function clockNotMeasured(): CheckResult {
  return warning(PartnerCheck.CLOCK_SKEW, "Aucun serveur du partenaire n'a répondu : le décalage d'horloge n'a pas pu être mesuré.");
}

// ---------------------------------------------------------------------------------------------------------------
// Certificates

/** A certificate closer than this to its end is flagged: time to ask the partner for the next one. */
export const CERTIFICATE_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;

/** One signing certificate, read with X509Certificate (through libs/conventions' checkSigningCertificate). */
export function certificateCheck(pem: string, index: number, now: Date): CheckResult {
  const label = `Certificat de signature n° ${index + 1}`;
  try {
    const checked = checkSigningCertificate(pem, now);
    const daysLeft = Math.floor((checked.validTo.getTime() - now.getTime()) / DAY_MS);
    if (daysLeft < CERTIFICATE_WARNING_DAYS) {
      return warning(PartnerCheck.SIGNING_CERTIFICATE, `${label} (« ${checked.subject} ») : expire le ${frenchDate(checked.validTo)}, `
        + `dans ${daysLeft} jour${daysLeft > 1 ? 's' : ''}. Demandez au partenaire son prochain certificat.`);
    }
    return ok(PartnerCheck.SIGNING_CERTIFICATE, `${label} (« ${checked.subject} ») : valide jusqu'au ${frenchDate(checked.validTo)}.`);
  } catch (error) {
    const message = error instanceof DomainError ? error.message : "Le certificat n'a pas pu être lu.";
    return failed(PartnerCheck.SIGNING_CERTIFICATE, `${label} : ${message}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Settings

export interface RawSamlSettings {
  readonly entityId?: string | null;
  readonly ssoUrl?: string | null;
  readonly signingCertificates?: readonly unknown[] | null;
}

/** entityID, SSO URL (https, or http on the loopback) and at least one certificate. */
export function samlSettingsCheck(saml: RawSamlSettings | null | undefined): CheckResult {
  const missing: string[] = [];
  if (!saml?.entityId) missing.push("l'entityID");
  if (!saml?.ssoUrl) missing.push("l'adresse SingleSignOnService");
  const certificates = (saml?.signingCertificates ?? []).filter((c) => typeof c === 'string' && c.trim() !== '');
  if (certificates.length === 0) missing.push('un certificat de signature');
  if (missing.length > 0) {
    return failed(PartnerCheck.SAML_SETTINGS, `Réglages SAML incomplets : il manque ${missing.join(', ')}. Importez les métadonnées du partenaire.`);
  }
  try {
    checkProbeUrl(saml!.ssoUrl!, "L'adresse SingleSignOnService");
  } catch (error) {
    return failed(PartnerCheck.SAML_SETTINGS, error instanceof DomainError ? error.message : "L'adresse SingleSignOnService est invalide.");
  }
  return ok(PartnerCheck.SAML_SETTINGS, `Réglages SAML complets (entityID ${saml!.entityId}, ${certificates.length} certificat(s)).`);
}

export interface RawOidcSettings {
  readonly issuer?: string | null;
  readonly clientId?: string | null;
  readonly clientSecret?: string | null;
  readonly allowedAlgorithms?: readonly string[] | null;
}

/** Issuer, client id, a readable client secret and a valid algorithm allow-list. */
export function oidcSettingsCheck(oidc: RawOidcSettings | null | undefined): CheckResult {
  const missing: string[] = [];
  if (!oidc?.issuer) missing.push("l'émetteur (issuer)");
  if (!oidc?.clientId) missing.push("l'identifiant client (client_id)");
  if (!oidc?.clientSecret) missing.push('le secret client (absent ou illisible : saisissez-le à nouveau)');
  const algorithms = oidc?.allowedAlgorithms ?? [];
  if (algorithms.length === 0) missing.push('les algorithmes de signature acceptés');
  if (missing.length > 0) return failed(PartnerCheck.OIDC_SETTINGS, `Réglages OpenID Connect incomplets : il manque ${missing.join(', ')}.`);
  const refused = algorithms.filter((alg) => !isOidcAlgorithm(alg));
  if (refused.length > 0) {
    return failed(PartnerCheck.OIDC_SETTINGS, `Algorithmes refusés par Passerelle dans les réglages : ${refused.map((a) => String(a).slice(0, 16)).join(', ')}.`);
  }
  return ok(PartnerCheck.OIDC_SETTINGS, `Réglages OpenID Connect complets (émetteur ${oidc!.issuer}, algorithmes ${algorithms.join(', ')}).`);
}

// ---------------------------------------------------------------------------------------------------------------
// OpenID Connect discovery document

export interface DiscoveryEndpoints {
  readonly jwksUri: string | null;
}

/**
 * The discovery document against the configured issuer: the same `issuer` (exactly, as openid-client requires),
 * the endpoints a code flow needs, and at least one of the partner's allowed algorithms advertised.
 */
export function discoveryDocumentChecks(document: unknown, issuer: string, allowed: readonly string[]):
  { readonly results: CheckResult[]; readonly endpoints: DiscoveryEndpoints } {
  if (!document || typeof document !== 'object' || Array.isArray(document)) {
    return { results: [failed(PartnerCheck.OIDC_DISCOVERY, "Le document de découverte n'est pas un objet JSON.")], endpoints: { jwksUri: null } };
  }
  const doc = document as Record<string, unknown>;
  const results: CheckResult[] = [];
  if (doc.issuer !== issuer) {
    results.push(failed(PartnerCheck.OIDC_DISCOVERY,
      `Le document de découverte annonce l'émetteur « ${String(doc.issuer).slice(0, 200)} » au lieu de « ${issuer} » : les connexions échoueront.`));
  } else {
    const advertised = Array.isArray(doc.id_token_signing_alg_values_supported) ? doc.id_token_signing_alg_values_supported : [];
    const common = allowed.filter((alg) => advertised.includes(alg));
    results.push(common.length > 0
      ? ok(PartnerCheck.OIDC_DISCOVERY, `Document de découverte lu, l'émetteur correspond ; algorithmes communs : ${common.join(', ')}.`)
      : warning(PartnerCheck.OIDC_DISCOVERY, `Document de découverte lu et émetteur conforme, mais aucun des algorithmes acceptés (${allowed.join(', ')}) `
        + `n'est annoncé dans id_token_signing_alg_values_supported (${advertised.slice(0, 10).map(String).join(', ') || 'vide'}).`));
  }
  const problems: string[] = [];
  const endpoint = (key: string, required: boolean): string | null => {
    const value = doc[key];
    if (value === undefined || value === null) {
      if (required) problems.push(`${key} absent`);
      return null;
    }
    if (typeof value !== 'string') {
      problems.push(`${key} n'est pas une adresse`);
      return null;
    }
    try {
      return checkProbeUrl(value, key);
    } catch (error) {
      problems.push(error instanceof DomainError ? error.message : `${key} invalide`);
      return null;
    }
  };
  endpoint('authorization_endpoint', true);
  endpoint('token_endpoint', true);
  const jwksUri = endpoint('jwks_uri', true);
  const responseTypes = doc.response_types_supported;
  if (Array.isArray(responseTypes) && !responseTypes.includes('code')) problems.push('le flux « code » n\'est pas proposé (response_types_supported)');
  results.push(problems.length > 0
    ? failed(PartnerCheck.OIDC_ENDPOINTS, `Adresses du fournisseur incomplètes : ${problems.join(' ; ')}.`)
    : ok(PartnerCheck.OIDC_ENDPOINTS, "Les adresses d'autorisation, de jetons et de clés publiques sont présentes."));
  return { results, endpoints: { jwksUri } };
}

// ---------------------------------------------------------------------------------------------------------------
// JWKS and ID token signatures (node:crypto only)

interface AlgorithmSpec {
  readonly kty: 'RSA' | 'EC' | 'OKP';
  readonly hash: 'sha256' | 'sha384' | 'sha512' | null;
  readonly pss?: boolean;
  readonly crv?: readonly string[];
}

const ALGORITHMS: Record<OidcAlgorithm, AlgorithmSpec> = {
  RS256: { kty: 'RSA', hash: 'sha256' }, RS384: { kty: 'RSA', hash: 'sha384' }, RS512: { kty: 'RSA', hash: 'sha512' },
  PS256: { kty: 'RSA', hash: 'sha256', pss: true }, PS384: { kty: 'RSA', hash: 'sha384', pss: true },
  PS512: { kty: 'RSA', hash: 'sha512', pss: true },
  ES256: { kty: 'EC', hash: 'sha256', crv: ['P-256'] }, ES384: { kty: 'EC', hash: 'sha384', crv: ['P-384'] },
  ES512: { kty: 'EC', hash: 'sha512', crv: ['P-521'] },
  EdDSA: { kty: 'OKP', hash: null, crv: ['Ed25519', 'Ed448'] },
};

export type Jwk = Readonly<Record<string, unknown>>;

/** Whether a JWK may verify `alg`: a signing key of the right type and curve, whose own `alg`, if any, is this one. */
export function keyFitsAlgorithm(jwk: Jwk, alg: string): boolean {
  if (!isOidcAlgorithm(alg)) return false;
  const spec = ALGORITHMS[alg];
  if (jwk.kty !== spec.kty) return false;
  if (spec.crv && !spec.crv.includes(String(jwk.crv))) return false;
  if (jwk.use !== undefined && jwk.use !== 'sig') return false;
  if (jwk.alg !== undefined && jwk.alg !== alg) return false;
  if (Array.isArray(jwk.key_ops) && !jwk.key_ops.includes('verify')) return false;
  return true;
}

function publicKeyOf(jwk: Jwk): KeyObject | null {
  try {
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicPart } = jwk as Record<string, unknown>;
    return createPublicKey({ key: publicPart as never, format: 'jwk' });
  } catch {
    return null;
  }
}

/** The partner's JWKS judged: at least one readable signing key of an allowed algorithm, and no private key. */
export function jwksCheck(jwks: unknown, allowed: readonly string[]): { readonly result: CheckResult; readonly keys: Jwk[] } {
  const keys = jwks && typeof jwks === 'object' && Array.isArray((jwks as { keys?: unknown }).keys)
    ? ((jwks as { keys: unknown[] }).keys.filter((k) => k && typeof k === 'object' && !Array.isArray(k)) as Jwk[]) : null;
  if (!keys) return { result: failed(PartnerCheck.OIDC_JWKS, "Le jeu de clés publiques (JWKS) n'est pas un objet JSON avec un tableau « keys »."), keys: [] };
  if (keys.some((k) => k.d !== undefined)) {
    return { result: failed(PartnerCheck.OIDC_JWKS, 'Le JWKS publie une clé PRIVÉE : prévenez le partenaire sans attendre, sa clé est compromise.'), keys: [] };
  }
  const usable = keys.filter((k) => allowed.some((alg) => keyFitsAlgorithm(k, alg)) && publicKeyOf(k) !== null);
  if (usable.length === 0) {
    return {
      result: failed(PartnerCheck.OIDC_JWKS, `Le JWKS (${keys.length} clé(s)) ne contient aucune clé de signature utilisable avec les algorithmes acceptés (${allowed.join(', ')}).`),
      keys: [],
    };
  }
  return { result: ok(PartnerCheck.OIDC_JWKS, `JWKS joignable : ${usable.length} clé(s) de signature utilisable(s) sur ${keys.length}.`), keys: usable };
}

export interface CompactJws {
  readonly header: Record<string, unknown>;
  readonly claims: Record<string, unknown>;
  readonly signingInput: string;
  readonly signature: Buffer;
}

/** A compact JWS split and decoded, or null when it is not one (three base64url parts, JSON objects). */
export function parseCompactJws(token: string): CompactJws | null {
  if (typeof token !== 'string' || token.length > 16_384) return null;
  const parts = token.trim().split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return null;
  try {
    const header: unknown = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    const claims: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (!header || typeof header !== 'object' || Array.isArray(header) || !claims || typeof claims !== 'object' || Array.isArray(claims)) return null;
    return { header: header as Record<string, unknown>, claims: claims as Record<string, unknown>, signingInput: `${parts[0]}.${parts[1]}`,
      signature: Buffer.from(parts[2], 'base64url') };
  } catch {
    return null;
  }
}

/**
 * Verifies a JWS with the partner's keys: its `alg` must be allowed (never `none`, never HS*), the key chosen by
 * `kid` when the header names one, and only keys that fit the algorithm are tried.
 */
export function verifyJwsSignature(jws: CompactJws, keys: readonly Jwk[], allowed: readonly string[]):
  { readonly verified: true } | { readonly verified: false; readonly reason: string } {
  const alg = jws.header.alg;
  if (typeof alg !== 'string' || !allowed.includes(alg) || !isOidcAlgorithm(alg)) {
    return { verified: false, reason: `l'algorithme « ${String(alg).slice(0, 16)} » n'est pas accepté pour ce partenaire (${allowed.join(', ')})` };
  }
  const kid = jws.header.kid;
  const candidates = keys.filter((k) => keyFitsAlgorithm(k, alg) && (typeof kid !== 'string' || k.kid === kid));
  if (candidates.length === 0) return { verified: false, reason: `aucune clé du JWKS ne correspond (kid « ${String(kid ?? '—').slice(0, 64)} », ${alg})` };
  const spec = ALGORITHMS[alg];
  for (const jwk of candidates) {
    const key = publicKeyOf(jwk);
    if (!key) continue;
    try {
      const good = verify(spec.hash, Buffer.from(jws.signingInput), {
        key,
        ...(spec.pss ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST } : {}),
        ...(spec.kty === 'EC' ? { dsaEncoding: 'ieee-p1363' as const } : {}),
      }, jws.signature);
      if (good) return { verified: true };
    } catch {
      // A malformed signature for this key: try the next one.
    }
  }
  return { verified: false, reason: 'la signature ne correspond à aucune clé publiée par le partenaire' };
}

/** Clock difference tolerated on ID tokens (as at sign-in). */
const SKEW_SECONDS = 60;

/**
 * The claims of a previewed ID token. Problems: what a real sign-in refuses whatever the moment (iss, aud, azp, sub).
 * Warnings: what depends on the moment or on the browser's flow, reported but not applied (exp, iat, nbf, nonce).
 */
export function idTokenClaimFindings(claims: Readonly<Record<string, unknown>>, expected: { issuer: string; clientId: string; nowSeconds: number }):
  { readonly problems: string[]; readonly warnings: string[] } {
  const problems: string[] = [];
  const warnings: string[] = [];
  if (claims.iss !== expected.issuer) problems.push(`L'émetteur du jeton (iss) n'est pas celui du partenaire (attendu : ${expected.issuer}).`);
  const audiences = typeof claims.aud === 'string' ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud : [];
  if (!audiences.includes(expected.clientId)) problems.push(`Le jeton n'est pas destiné à Passerelle : aud ne contient pas ${expected.clientId}.`);
  if (audiences.length > 1 && claims.azp === undefined) problems.push('Le jeton a plusieurs destinataires (aud) sans azp.');
  if (claims.azp !== undefined && claims.azp !== expected.clientId) problems.push(`Le jeton a été délivré à un autre client (azp ≠ ${expected.clientId}).`);
  if (typeof claims.sub !== 'string' || claims.sub.length === 0 || claims.sub.length > 255) problems.push("Le jeton n'a pas d'identifiant (sub) valide.");
  const now = expected.nowSeconds;
  if (typeof claims.exp !== 'number') problems.push("Le jeton n'indique pas sa fin de validité (exp).");
  else if (claims.exp <= now - SKEW_SECONDS) warnings.push(`Le jeton a expiré (exp ${new Date(claims.exp * 1000).toISOString()}) : une vraie connexion le refuserait. L'aperçu ne l'applique pas.`);
  if (typeof claims.iat !== 'number') problems.push("Le jeton n'indique pas sa date d'émission (iat).");
  else if (claims.iat > now + SKEW_SECONDS) warnings.push("Le jeton est daté dans le futur (iat) : l'horloge du partenaire est peut-être décalée.");
  if (typeof claims.nbf === 'number' && claims.nbf > now + SKEW_SECONDS) warnings.push("Le jeton n'est pas encore valable (nbf).");
  warnings.push("Le nonce et l'état de la connexion ne sont pas vérifiés dans un aperçu : seule une vraie connexion les contrôle.");
  return { problems, warnings };
}

// ---------------------------------------------------------------------------------------------------------------
// Preview input and presentation

export type AssertionInput = { readonly kind: 'SAML'; readonly samlResponse: string } | { readonly kind: 'OIDC'; readonly idToken: string };

/** Exactly one of the two messages, else BAD_USER_INPUT naming the field at fault. */
export function chooseAssertionInput(samlResponse: string | null | undefined, idToken: string | null | undefined): AssertionInput {
  const hasSaml = typeof samlResponse === 'string' && samlResponse.trim() !== '';
  const hasToken = typeof idToken === 'string' && idToken.trim() !== '';
  if (hasSaml && hasToken) throw new InvalidInputError('Donnez soit une réponse SAML, soit un jeton d\'identité (idToken), pas les deux.', ['idToken']);
  if (hasSaml) return { kind: 'SAML', samlResponse: samlResponse!.trim() };
  if (hasToken) return { kind: 'OIDC', idToken: idToken!.trim() };
  throw new InvalidInputError('Donnez la réponse SAML (samlResponse) ou le jeton d\'identité (idToken) à examiner.', ['samlResponse']);
}

/** A subject as shown to an administrator: its first characters only (three, fewer for a short one), then '…'. */
export function maskSubject(subject: string): string {
  const shown = Math.min(3, Math.max(1, subject.length - 3));
  return `${Array.from(subject).slice(0, shown).join('')}…`;
}

const FIELD_NAMES: Record<string, string> = {
  subject: "l'identifiant (sujet)", profile: 'le profil', uai: "l'UAI de l'établissement", displayName: 'le nom affiché',
  vector: "le vecteur d'identité (FrEduVecteur)", preset: 'le profil de correspondance',
};
const REASONS: Record<string, string> = {
  'missing': 'absent', 'multi-valued': 'plusieurs valeurs', 'malformed': 'mal formé', 'invalid UAI': 'UAI invalide',
  'not a national profile code': "n'est pas un code de profil national", 'unknown preset': 'inconnu', 'too long': 'trop long',
  'control characters': 'caractères de contrôle', 'unknown vector profile digit': 'profil du vecteur inconnu',
  'the vector describes a child, not the signer': "le vecteur décrit un enfant, pas la personne connectée",
};

/** An ATTRIBUTES_INVALID detail (`field: reason`, never a value received) in French for an administrator. */
export function attributeProblem(detail: unknown): string {
  const [field, reason] = typeof detail === 'string' ? detail.split(/:\s*/, 2) : [];
  const name = FIELD_NAMES[field ?? ''];
  if (!name) return "La correspondance des attributs a échoué (profil, établissement ou identifiant manquant ou invalide).";
  return `La correspondance des attributs a échoué : ${name} — ${REASONS[reason ?? ''] ?? 'invalide'}.`;
}
