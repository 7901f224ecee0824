import { CombinedGraphQLErrors } from '@apollo/client';
import { Address, say } from '../../lib/address';

/** The API's French message for a refused write (BAD_USER_INPUT, FORBIDDEN…), or a generic one for a failure. */
export function errorMessage(error: unknown, address: Address): string {
  if (CombinedGraphQLErrors.is(error) && error.errors[0]?.message) return error.errors[0].message;
  return say(address, {
    tu: 'L’envoi n’a pas marché. Vérifie ta connexion et réessaie.',
    vous: 'L’envoi a échoué. Vérifiez votre connexion et réessayez.',
  });
}
