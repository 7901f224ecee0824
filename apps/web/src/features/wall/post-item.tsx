import { WallPostFragment } from '../../gql/graphql';
import { Address } from '../../lib/address';
import { frenchDayTime } from '../../lib/french-format';
import { Comments } from './comments';
import { Reactions } from './reactions';
import { RichHtml } from '../../components/rich-html';
import { PostModeration } from './post-moderation';
import { StatusNote } from './status-note';

/**
 * One post of the wall: who, when (in French), its sanitised body, its reactions and its comments. Its element is
 * `#post-<id>` (a notification links there: focused, scrolled into view and highlighted). A hidden post (which only its
 * author and the moderators receive) is greyed, with who hid it and why; moderators get « Masquer », « Afficher de
 * nouveau » and « Historique ».
 */
export function PostItem({ post, spaceId, me, address, canReact, canComment, canModerate = false }: {
  post: WallPostFragment; spaceId: string; me: string; address: Address; canReact: boolean; canComment: boolean; canModerate?: boolean;
}) {
  const published = post.status === 'PUBLISHED' && !post.deleted;
  const headingId = `message-${post.id}`;
  return (
    <article id={`post-${post.id}`} tabIndex={-1} className={`card post${post.status === 'HIDDEN' ? ' post-hidden' : ''}`}
      aria-labelledby={headingId}>
      <header className="post-header">
        <h3 id={headingId} className="post-author">{post.author.displayName}</h3>
        <p className="post-date muted">
          <time dateTime={post.createdAt}>{frenchDayTime(post.createdAt)}</time>
          {post.editedAt ? ' (modifié)' : ''}
        </p>
      </header>
      {post.bodyHtml && !post.deleted ? <RichHtml html={post.bodyHtml} className="post-body" /> : <p className="muted">Message supprimé.</p>}
      <StatusNote status={post.status} reason={post.moderationReason} mine={post.author.id === me} address={address}
        hiddenBy={post.hiddenBy?.displayName} hiddenReason={post.hiddenReason} />
      {canModerate && !post.deleted && post.status !== 'PENDING' && post.status !== 'REJECTED' ? <PostModeration post={post} spaceId={spaceId} address={address} me={me} /> : null}
      {published ? (
        <>
          <Reactions post={post} canReact={canReact} />
          <Comments post={post} me={me} address={address} canComment={canComment} />
        </>
      ) : null}
    </article>
  );
}
