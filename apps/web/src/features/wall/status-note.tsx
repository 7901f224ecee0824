import { PostStatus } from '../../gql/graphql';
import { Address, say } from '../../lib/address';

/**
 * What the author of a held or refused post or comment reads about it (the API shows these to their author and to
 * the moderators only; the words are for the author).
 */
export function StatusNote({ status, reason, mine, address, hiddenBy, hiddenReason }: {
  status: PostStatus; reason: string | null; mine: boolean; address: Address; hiddenBy?: string | null; hiddenReason?: string | null;
}) {
  if (status === 'HIDDEN') {
    // Its author and the moderators only ever receive a hidden post: both read who hid it and why.
    const by = hiddenBy ? ` par ${hiddenBy}` : '';
    return (
      <p className="status-note status-hidden">
        {mine ? `Masqué${by}` : `Masqué pour les membres${by}`}
        {hiddenReason ? ` : ${hiddenReason}` : '.'}
      </p>
    );
  }
  if (!mine || status === 'PUBLISHED') return null;
  if (status === 'PENDING') return <p className="status-note status-pending">en attente de validation</p>;
  return (
    <p className="status-note status-rejected">
      {say(address, { tu: 'Refusé par ton enseignant', vous: 'Refusé par la modération' })}
      {reason ? ` : ${reason}` : '.'}
    </p>
  );
}
