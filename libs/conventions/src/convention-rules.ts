import { checkSchoolYear, checkUai, parseProfile, Profile, schoolYearOf } from '@passerelle/directory';
import { InvalidInputError } from '@passerelle/errors';
import { isUuid } from '@passerelle/graphql-kit';
import { ContributionFate } from './convention.entity.js';
import { SignatorySide } from './convention-parts.entity.js';

/* The rules of a convention's terms, framework-free: each function checks one aspect and names the field at fault. */

export const MAX_WINDOW_DAYS = 400;
export const MAX_RETENTION_DAYS = 92;
export const MAX_QUOTA = 100_000;
const DAY_MS = 86_400_000;
const CODE_SHAPE = /^[a-z0-9]{3,20}$/;
const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

export type FieldPath = readonly (string | number)[];

export interface PartnerStructureTerm {
  readonly uai: string;
  readonly name: string | null;
}

export interface QuotaTerm {
  /** National code, e.g. National_ELV. */
  readonly profile: Profile;
  readonly quota: number;
}

export interface SignatoryTerm {
  readonly side: SignatorySide;
  readonly fullName: string;
  readonly capacity: string;
  /** YYYY-MM-DD, or null until signed. */
  readonly signedAt: string | null;
}

/** Everything a convention agrees on: what a version snapshots. */
export interface ConventionTerms {
  readonly title: string;
  readonly purpose: string;
  readonly partnerId: string;
  readonly schoolYear: string;
  readonly validFrom: Date;
  readonly validUntil: Date;
  readonly retentionDays: number;
  readonly contributionFate: ContributionFate;
  readonly hostingStructureIds: readonly string[];
  readonly partnerStructures: readonly PartnerStructureTerm[];
  readonly quotas: readonly QuotaTerm[];
  readonly signatories: readonly SignatoryTerm[];
}

function bad(message: string, field: FieldPath): InvalidInputError {
  return new InvalidInputError(message, field);
}

/** A code from a title: lower-case ASCII letters and digits, accents dropped, 3 to 20 characters ("École Jaurès 2026" → "ecolejaures2026"). */
export function codeFromTitle(title: string): string {
  const letters = title.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');
  const code = letters.slice(0, 20);
  return code.length >= 3 ? code : `${code}conv`.slice(0, 20);
}

/** A variant of a code with a suffix, still at most 20 characters. */
export function codeWithSuffix(code: string, suffix: string): string {
  return `${code.slice(0, 20 - suffix.length)}${suffix}`;
}

export function checkCode(raw: string, field: FieldPath): string {
  const code = raw.trim().toLowerCase();
  if (!CODE_SHAPE.test(code)) throw bad('Le code doit comporter de 3 à 20 lettres minuscules ou chiffres, sans espace ni accent.', field);
  return code;
}

export function checkText(raw: string, max: number, subject: string, field: FieldPath, required = true): string {
  const value = (raw ?? '').trim();
  if (required && value === '') throw bad(`${subject} est obligatoire.`, field);
  if (Array.from(value).length > max) throw bad(`${subject} ne doit pas dépasser ${max} caractères.`, field);
  return value;
}

/** The validity window: valid_until after valid_from, 400 days at most. */
export function checkWindow(validFrom: Date, validUntil: Date, field: FieldPath): void {
  if (!(validFrom instanceof Date) || Number.isNaN(validFrom.getTime())) throw bad('La date de début est invalide.', [...field, 'validFrom']);
  if (!(validUntil instanceof Date) || Number.isNaN(validUntil.getTime())) throw bad('La date de fin est invalide.', [...field, 'validUntil']);
  if (validUntil.getTime() <= validFrom.getTime()) throw bad('La date de fin doit suivre la date de début.', [...field, 'validUntil']);
  if (validUntil.getTime() - validFrom.getTime() > MAX_WINDOW_DAYS * DAY_MS) {
    throw bad(`Une convention dure ${MAX_WINDOW_DAYS} jours au plus.`, [...field, 'validUntil']);
  }
}

/** Retention after the end: whole days, 0 to 92 (personal data erased at most 3 months after the end). */
export function checkRetention(days: number, field: FieldPath): number {
  if (!Number.isInteger(days) || days < 0 || days > MAX_RETENTION_DAYS) {
    throw bad(`La durée de conservation doit être un nombre entier de jours entre 0 et ${MAX_RETENTION_DAYS}.`, field);
  }
  return days;
}

export function checkContributionFate(fate: ContributionFate, field: FieldPath): ContributionFate {
  if (!Object.values(ContributionFate).includes(fate)) throw bad('Le sort des contributions est inconnu.', field);
  return fate;
}

/** The school year given, or the one the window starts in. */
export function checkConventionSchoolYear(raw: string | null | undefined, validFrom: Date, field: FieldPath): string {
  if (raw === undefined || raw === null || raw.trim() === '') return schoolYearOf(validFrom);
  const check = checkSchoolYear(raw);
  if (!check.valid) throw bad(check.reason, field);
  return check.schoolYear;
}

export function checkHostingStructureIds(ids: readonly string[], field: FieldPath): string[] {
  const out: string[] = [];
  ids.forEach((id, index) => {
    if (!isUuid(id)) throw bad('Identifiant invalide.', [...field, index]);
    const lower = id.toLowerCase();
    if (!out.includes(lower)) out.push(lower);
  });
  return out;
}

export function checkPartnerStructures(items: readonly { uai: string; name?: string | null }[], field: FieldPath): PartnerStructureTerm[] {
  const out: PartnerStructureTerm[] = [];
  items.forEach((item, index) => {
    const uai = checkUai(item.uai ?? '');
    if (!uai.valid) throw bad(uai.reason, [...field, index, 'uai']);
    if (out.some((known) => known.uai === uai.uai)) throw bad(`L'UAI ${uai.uai} figure deux fois.`, [...field, index, 'uai']);
    const name = item.name === undefined || item.name === null || item.name.trim() === '' ? null
      : checkText(item.name, 200, 'Le nom', [...field, index, 'name']);
    out.push({ uai: uai.uai, name });
  });
  return out;
}

export function checkQuotas(items: readonly { profile: string; quota: number }[], field: FieldPath): QuotaTerm[] {
  const out: QuotaTerm[] = [];
  items.forEach((item, index) => {
    const profile = parseProfile(String(item.profile ?? ''));
    if (!profile) throw bad(`Le profil « ${String(item.profile).slice(0, 40)} » n'est pas un profil national connu.`, [...field, index, 'profile']);
    if (out.some((known) => known.profile === profile)) throw bad(`Le profil ${profile} figure deux fois.`, [...field, index, 'profile']);
    if (!Number.isInteger(item.quota) || item.quota < 0 || item.quota > MAX_QUOTA) {
      throw bad(`Le quota doit être un nombre entier entre 0 et ${MAX_QUOTA}.`, [...field, index, 'quota']);
    }
    out.push({ profile, quota: item.quota });
  });
  return out;
}

/** A calendar date as YYYY-MM-DD that exists (2026-02-30 does not). */
export function checkIsoDate(raw: string, subject: string, field: FieldPath): string {
  const match = ISO_DATE.exec((raw ?? '').trim());
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!match || !date || date.toISOString().slice(0, 10) !== match[0]) {
    throw bad(`${subject} doit s'écrire AAAA-MM-JJ (par exemple 2026-09-01).`, field);
  }
  return match[0];
}

export function checkSignatories(items: readonly { side: SignatorySide; fullName: string; capacity: string; signedAt?: string | null }[],
  field: FieldPath): SignatoryTerm[] {
  return items.map((item, index) => {
    if (!Object.values(SignatorySide).includes(item.side)) throw bad('Le côté du signataire est inconnu.', [...field, index, 'side']);
    return {
      side: item.side,
      fullName: checkText(item.fullName, 200, 'Le nom du signataire', [...field, index, 'fullName']),
      capacity: checkText(item.capacity, 200, 'La qualité du signataire', [...field, index, 'capacity']),
      signedAt: item.signedAt === undefined || item.signedAt === null || item.signedAt.trim() === '' ? null
        : checkIsoDate(item.signedAt, 'La date de signature', [...field, index, 'signedAt']),
    };
  });
}

/** Why a convention cannot be activated yet, one French sentence per missing piece (empty when it can). */
export function activationProblems(terms: ConventionTerms, context: { partnerActive: boolean; now: Date }): { code: string; message: string }[] {
  const problems: { code: string; message: string }[] = [];
  if (!context.partnerActive) problems.push({ code: 'PARTNER_DISABLED', message: "l'ENT partenaire est désactivé" });
  if (terms.hostingStructureIds.length === 0) problems.push({ code: 'NO_HOSTING_STRUCTURE', message: "aucun établissement d'accueil" });
  if (terms.partnerStructures.length === 0) problems.push({ code: 'NO_PARTNER_STRUCTURE', message: 'aucun établissement partenaire (UAI)' });
  if (!terms.quotas.some((quota) => quota.quota > 0)) problems.push({ code: 'NO_QUOTA', message: 'aucun profil admis avec un quota' });
  if (terms.validUntil.getTime() <= context.now.getTime()) problems.push({ code: 'WINDOW_OVER', message: 'la période de validité est déjà passée' });
  for (const side of [SignatorySide.HOST, SignatorySide.PARTNER]) {
    if (!terms.signatories.some((signatory) => signatory.side === side && signatory.signedAt)) {
      problems.push({
        code: side === SignatorySide.HOST ? 'NO_HOST_SIGNATURE' : 'NO_PARTNER_SIGNATURE',
        message: side === SignatorySide.HOST ? "aucune signature côté établissement d'accueil" : 'aucune signature côté partenaire',
      });
    }
  }
  return problems;
}

/** The JSON a version keeps (and the audit trail's before/after): every agreed term, dates as ISO strings. */
export function termsSnapshot(code: string, version: number, status: string, terms: ConventionTerms): Record<string, unknown> {
  return {
    code, version, status,
    title: terms.title, purpose: terms.purpose, partnerId: terms.partnerId, schoolYear: terms.schoolYear,
    validFrom: terms.validFrom.toISOString(), validUntil: terms.validUntil.toISOString(),
    retentionDays: terms.retentionDays, contributionFate: terms.contributionFate,
    hostingStructureIds: [...terms.hostingStructureIds].sort(),
    partnerStructures: [...terms.partnerStructures].sort((a, b) => a.uai.localeCompare(b.uai)).map((s) => ({ uai: s.uai, name: s.name })),
    quotas: [...terms.quotas].sort((a, b) => a.profile.localeCompare(b.profile)).map((q) => ({ profile: q.profile, quota: q.quota })),
    signatories: terms.signatories.map((s) => ({ side: s.side, fullName: s.fullName, capacity: s.capacity, signedAt: s.signedAt })),
  };
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}
