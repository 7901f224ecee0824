import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useAnnounce } from '../../components/live-region';
import { Loading } from '../../components/status-pages';
import { WallPostFragment } from '../../gql/graphql';
import { Address, say } from '../../lib/address';

/**
 * Tiptap and ProseMirror weigh more than the rest of the wall: the editor is its own chunk, downloaded when the person
 * opens « Écrire un message » (or points at / focuses the button, to win a few hundred milliseconds). Seeing the wall
 * never downloads it.
 */
const loadEditor = () => import('./editor/post-editor');
const PostEditor = lazy(async () => ({ default: (await loadEditor()).PostEditor }));

export function Composer({ spaceId, address, held, onPublished }: {
  spaceId: string; address: Address;
  /** The space holds this person's posts until a moderator approves them. */
  held: boolean;
  onPublished: (post: WallPostFragment) => void;
}) {
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const announce = useAnnounce();
  // Back on « Écrire un message » once the editor has closed (after it is rendered again).
  const [refocus, setRefocus] = useState(false);
  useEffect(() => {
    if (!refocus || open) return;
    opener.current?.focus();
    setRefocus(false);
  }, [refocus, open]);
  const close = () => {
    setOpen(false);
    setRefocus(true);
  };
  return (
    <section className="composer" aria-labelledby="ecrire">
      <h2 id="ecrire" className="visually-hidden">{say(address, { tu: 'Écrire un message', vous: 'Écrire un message' })}</h2>
      {open ? (
        <Suspense fallback={<Loading label="Ouverture de l’éditeur…" />}>
          <PostEditor spaceId={spaceId} address={address} held={held} onCancel={close}
            onPublished={(post) => {
              onPublished(post);
              announce(post.status === 'PENDING'
                ? say(address, { tu: 'Ton message est envoyé. Il est en attente de validation.', vous: 'Votre message est envoyé. Il est en attente de validation.' })
                : say(address, { tu: 'Ton message est publié.', vous: 'Votre message est publié.' }));
              close();
            }} />
        </Suspense>
      ) : (
        <button ref={opener} type="button" className="button"
          onPointerEnter={() => void loadEditor()} onFocus={() => void loadEditor()} onClick={() => setOpen(true)}>
          Écrire un message
        </button>
      )}
    </section>
  );
}
