import { X509Certificate } from 'node:crypto';
import { DomainError } from '@passerelle/errors';

/** A signing certificate that passed the checks, as stored (PEM). */
export interface CheckedCertificate {
  readonly pem: string;
  readonly subject: string;
  readonly validFrom: Date;
  readonly validTo: Date;
  readonly fingerprint256: string;
}

const MAX_CERTIFICATE_CHARS = 20_000;

/** Dates in messages, as French people read them (Paris time). */
export function frenchDate(date: Date): string {
  return new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: '2-digit', month: '2-digit', year: 'numeric' }).format(date);
}

/** The PEM text of a certificate given as PEM or as the bare base64 of a metadata `ds:X509Certificate`. */
export function toPem(text: string): string {
  const body = text.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** The common name (or the whole subject) of a certificate, for messages. */
function shortSubject(certificate: X509Certificate): string {
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(certificate.subject)?.[1];
  return (cn ?? certificate.subject.replace(/\n/g, ', ')).slice(0, 80);
}

/**
 * Reads and checks a partner's signing certificate with node:crypto X509Certificate: it must parse, and be valid
 * at `now` — refused with CERTIFICATE_EXPIRED / CERTIFICATE_NOT_YET_VALID / CERTIFICATE_INVALID and a French message.
 */
export function checkSigningCertificate(text: string, now: Date, field?: readonly (string | number)[]): CheckedCertificate {
  if (typeof text !== 'string' || text.length > MAX_CERTIFICATE_CHARS || !/^[\sA-Za-z0-9+/=-]+$/.test(text.replace(/-----(BEGIN|END) CERTIFICATE-----/g, ''))) {
    throw new DomainError('CERTIFICATE_INVALID', "Le certificat n'est pas un certificat X.509 lisible (PEM ou base64).", field);
  }
  const pem = toPem(text);
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch {
    throw new DomainError('CERTIFICATE_INVALID', "Le certificat n'est pas un certificat X.509 lisible (PEM ou base64).", field);
  }
  const validFrom = new Date(certificate.validFrom);
  const validTo = new Date(certificate.validTo);
  const subject = shortSubject(certificate);
  if (Number.isNaN(validFrom.getTime()) || Number.isNaN(validTo.getTime())) {
    throw new DomainError('CERTIFICATE_INVALID', `Le certificat « ${subject} » a des dates de validité illisibles.`, field);
  }
  if (validTo.getTime() <= now.getTime()) {
    throw new DomainError('CERTIFICATE_EXPIRED', `Le certificat « ${subject} » a expiré le ${frenchDate(validTo)}.`, field,
      { subject, validTo: validTo.toISOString() });
  }
  if (validFrom.getTime() > now.getTime()) {
    throw new DomainError('CERTIFICATE_NOT_YET_VALID', `Le certificat « ${subject} » ne sera valide qu'à partir du ${frenchDate(validFrom)}.`,
      field, { subject, validFrom: validFrom.toISOString() });
  }
  return { pem, subject, validFrom, validTo, fingerprint256: certificate.fingerprint256 };
}
