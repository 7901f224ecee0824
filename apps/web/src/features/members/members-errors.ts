import { CombinedGraphQLErrors } from '@apollo/client';

/** The hub's own French message for a refusal (owners are adults: its « vous » fits), or the fallback. */
export function hubMessage(error: unknown, fallback: string): string {
  if (CombinedGraphQLErrors.is(error) && error.errors[0]?.message) return error.errors[0].message;
  return fallback;
}
