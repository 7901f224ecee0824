import { CombinedGraphQLErrors } from '@apollo/client';
import { Address, say } from '../../lib/address';

/**
 * What the person reads next to the input when the hub refuses a message, in French, « tu » to a pupil: the flood
 * limit, a private message the rules refuse (the hub's own words, which already follow the sender), a chat one may
 * not write in, a network failure.
 */
export function chatRefusal(error: unknown, address: Address): string {
  if (!CombinedGraphQLErrors.is(error)) {
    return say(address, { tu: 'Ton message n’est pas parti : vérifie ta connexion et réessaie.',
      vous: 'Votre message n’est pas parti : vérifiez votre connexion et réessayez.' });
  }
  const [first] = error.errors;
  const code = String(first?.extensions?.code ?? '');
  switch (code) {
    case 'TOO_MANY_REQUESTS':
    case 'RATE_LIMITED':
      return say(address, { tu: 'Tu envoies beaucoup de messages : attends quelques secondes avant le suivant.',
        vous: 'Vous envoyez beaucoup de messages : attendez quelques secondes avant le suivant.' });
    case 'FORBIDDEN':
      return say(address, { tu: 'Tu ne peux pas écrire dans cette discussion.', vous: 'Vous ne pouvez pas écrire dans cette discussion.' });
    case 'NOT_FOUND':
      return say(address, { tu: 'Ce membre ne fait plus partie de l’espace.', vous: 'Ce membre ne fait plus partie de l’espace.' });
    default:
      return first?.message || say(address, { tu: 'Ton message n’a pas été accepté.', vous: 'Votre message n’a pas été accepté.' });
  }
}

/** The hub's refusal of a removal, in French. */
export function removalRefusal(error: unknown, address: Address): string {
  if (CombinedGraphQLErrors.is(error) && error.errors[0]?.message) return error.errors[0].message;
  return say(address, { tu: 'Le message n’a pas pu être retiré. Réessaie.', vous: 'Le message n’a pas pu être retiré. Réessayez.' });
}
