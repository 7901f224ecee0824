import { useMutation } from '@apollo/client/react';
import { AddReactionDocument, ReactionEmoji, RemoveReactionDocument, WallPostFragment } from '../../gql/graphql';

/** The reactions a post may get, in the order they are shown, with the words a screen reader says. */
export const REACTIONS: readonly { emoji: ReactionEmoji; symbol: string; name: string }[] = [
  { emoji: 'THUMBS_UP', symbol: '👍', name: 'J’aime' },
  { emoji: 'HEART', symbol: '❤️', name: 'J’adore' },
  { emoji: 'CLAP', symbol: '👏', name: 'Bravo' },
  { emoji: 'SMILE', symbol: '😀', name: 'Drôle' },
  { emoji: 'WOW', symbol: '😮', name: 'Étonnant' },
  { emoji: 'IDEA', symbol: '💡', name: 'Bonne idée' },
];

/** Toggle buttons (aria-pressed) with their count in their accessible name: « Bravo, 2 réactions ». */
export function Reactions({ post, canReact }: { post: WallPostFragment; canReact: boolean }) {
  const [add, added] = useMutation(AddReactionDocument);
  const [remove, removed] = useMutation(RemoveReactionDocument);
  const busy = added.loading || removed.loading;
  const counts = new Map(post.reactions.map((reaction) => [reaction.emoji, reaction]));
  return (
    <ul className="reactions" aria-label="Réactions">
      {REACTIONS.map(({ emoji, symbol, name }) => {
        const reaction = counts.get(emoji);
        const count = reaction?.count ?? 0;
        const pressed = reaction?.reactedByMe ?? false;
        if (!canReact && count === 0) return null;
        const label = `${name}, ${count} ${count > 1 ? 'réactions' : 'réaction'}`;
        return (
          <li key={emoji}>
            <button type="button" className="reaction" aria-pressed={pressed} aria-label={label} disabled={!canReact}
              aria-disabled={busy || undefined}
              onClick={() => {
                if (busy) return;
                const input = { postId: post.id, emoji };
                void (pressed ? remove({ variables: { input } }) : add({ variables: { input } })).catch(() => undefined);
              }}>
              <span aria-hidden="true">{symbol}</span> <span aria-hidden="true">{count}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
