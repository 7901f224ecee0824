import { WallPostFragment } from '../../gql/graphql';
import { Address } from '../../lib/address';
import { frenchDayTime } from '../../lib/french-format';
import { Comments } from './comments';
import { Reactions } from './reactions';
import { RichHtml } from '../../components/rich-html';
import { StatusNote } from './status-note';

/** One post of the wall: who, when (in French), its sanitised body, its reactions and its comments. */
export function PostItem({ post, me, address, canReact, canComment }: {
  post: WallPostFragment; me: string; address: Address; canReact: boolean; canComment: boolean;
}) {
  const published = post.status === 'PUBLISHED' && !post.deleted;
  const headingId = `message-${post.id}`;
  return (
    <article className="card post" aria-labelledby={headingId}>
      <header className="post-header">
        <h3 id={headingId} className="post-author">{post.author.displayName}</h3>
        <p className="post-date muted">
          <time dateTime={post.createdAt}>{frenchDayTime(post.createdAt)}</time>
          {post.editedAt ? ' (modifié)' : ''}
        </p>
      </header>
      {post.bodyHtml && !post.deleted ? <RichHtml html={post.bodyHtml} className="post-body" /> : <p className="muted">Message supprimé.</p>}
      <StatusNote status={post.status} reason={post.moderationReason} mine={post.author.id === me} address={address} />
      {published ? (
        <>
          <Reactions post={post} canReact={canReact} />
          <Comments post={post} me={me} address={address} canComment={canComment} />
        </>
      ) : null}
    </article>
  );
}
