import { Address, speak } from './address.js';

/**
 * An error the domain expects: it has a stable code for programs and a French message for people.
 * Use cases throw these; one filter per API maps them to GraphQL extensions.code or an HTTP status.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** Path of the input field at fault, e.g. ['input', 'uai']. */
    readonly field?: readonly (string | number)[],
    /** Extra facts safe to show to the caller (never personal data). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class InvalidInputError extends DomainError {
  constructor(message: string, field?: readonly (string | number)[], details?: Record<string, unknown>) {
    super('BAD_USER_INPUT', message, field, details);
  }
}

export class NotFoundError extends DomainError {
  constructor(message = "Cet élément n'existe pas ou vous n'y avez pas accès.") {
    super('NOT_FOUND', message);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'Vous devez être connecté pour faire cela.') {
    super('UNAUTHENTICATED', message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = "Vous n'avez pas les droits nécessaires pour faire cela.") {
    super('FORBIDDEN', message);
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string, field?: readonly (string | number)[]) {
    super(code, message, field);
  }
}

export class TooManyRequestsError extends DomainError {
  constructor(readonly retryAfterSeconds: number,
    message = 'Trop de tentatives. Réessayez dans quelques minutes.') {
    super('TOO_MANY_REQUESTS', message, undefined, { retryAfterSeconds });
  }
}

/**
 * A person published too much too fast (per-person limits of a space). Members who do not moderate the space are
 * limited, pupils and adults alike: the message says « tu » to a pupil and « vous » to anyone else (`address`).
 * `retryAfterSeconds` becomes `extensions.retryAfter` in GraphQL, and the HTTP answer is 429 with a Retry-After header.
 */
export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number, address: Address = 'VOUS') {
    const seconds = `${retryAfterSeconds} seconde${retryAfterSeconds > 1 ? 's' : ''}`;
    super('RATE_LIMITED', speak(address, {
      tu: `Tu publies trop vite : réessaie dans ${seconds}.`,
      vous: `Vous publiez trop vite : réessayez dans ${seconds}.`,
    }), undefined, { retryAfter: retryAfterSeconds });
  }
}

/** The Retry-After of an error that has one (TOO_MANY_REQUESTS, RATE_LIMITED), in seconds; undefined otherwise. */
export function retryAfterOf(error: unknown): number | undefined {
  return error instanceof TooManyRequestsError || error instanceof RateLimitedError ? error.retryAfterSeconds : undefined;
}

const STATUS_BY_CODE: Record<string, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CROSS_SITE_REQUEST_REFUSED: 403,
  NOT_FOUND: 404,
  TOO_MANY_REQUESTS: 429,
  RATE_LIMITED: 429,
  PERSON_QUOTA_EXCEEDED: 413,
  PAYLOAD_TOO_LARGE: 413,
  DOCUMENT_TOO_LARGE: 413,
  SPACE_QUOTA_EXCEEDED: 413,
  DOCUMENT_TYPE_REFUSED: 415,
};

/** HTTP status for a domain error; any other domain code is a conflict with the current state (409). */
export function httpStatusOf(error: DomainError): number {
  return STATUS_BY_CODE[error.code] ?? 409;
}
