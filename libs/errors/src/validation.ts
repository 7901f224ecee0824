import { ValidationError, ValidationPipe } from '@nestjs/common';
import { InvalidInputError } from './domain-error.js';

/** The first failing constraint, with the path of the field at fault. */
export function toInvalidInputError(errors: ValidationError[], root: (string | number)[] = []): InvalidInputError {
  let path = root;
  let current: ValidationError | undefined = errors[0];
  while (current) {
    path = [...path, current.property];
    if (current.constraints && Object.keys(current.constraints).length > 0) {
      const message = Object.values(current.constraints)[0];
      return new InvalidInputError(message, path);
    }
    current = current.children?.[0];
  }
  return new InvalidInputError('Donnée invalide.', path);
}

/** Global pipe: class-validator on every input object; errors become BAD_USER_INPUT with the field path. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidUnknownValues: false,
    stopAtFirstError: true,
    exceptionFactory: (errors) => toInvalidInputError(errors),
  });
}
