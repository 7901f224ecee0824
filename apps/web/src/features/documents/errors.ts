import { CombinedGraphQLErrors } from '@apollo/client';
import { Address, say } from '../../lib/address';

/** The French message of a failed mutation: the hub's own (always French), or a plain « réessaie ». */
export function errorMessage(error: unknown, address: Address): string {
  if (CombinedGraphQLErrors.is(error) && error.errors[0]?.message) return error.errors[0].message;
  return say(address, {
    tu: 'Cela n’a pas marché. Vérifie ta connexion et réessaie.',
    vous: 'Cela n’a pas fonctionné. Vérifiez votre connexion et réessayez.',
  });
}
