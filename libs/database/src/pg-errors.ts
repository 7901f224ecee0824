import { QueryFailedError } from 'typeorm';

/** PostgreSQL error codes that use cases turn into domain errors (the constraint names are in the migrations). */
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

function violated(error: unknown, code: string, constraint: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = (error as QueryFailedError & { driverError?: { code?: string; constraint?: string } }).driverError;
  return driverError?.code === code && driverError.constraint === constraint;
}

/** Whether `error` is PostgreSQL refusing a duplicate under this unique constraint. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  return violated(error, UNIQUE_VIOLATION, constraint);
}

/** Whether `error` is PostgreSQL refusing a reference to a missing row under this foreign key. */
export function isForeignKeyViolation(error: unknown, constraint: string): boolean {
  return violated(error, FOREIGN_KEY_VIOLATION, constraint);
}
