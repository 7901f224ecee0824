import { can, SpaceAction, SpaceRole } from './space-permissions.js';
import { PostStatus } from './wall.entities.js';

/** Rules of the wall as pure functions: who sees a post, whose post waits for a moderator, who may change it. */

export interface PostFacts {
  readonly status: PostStatus;
  readonly authorKind: string;
  readonly authorId: string;
  readonly deleted: boolean;
}

export interface ViewerFacts {
  readonly kind: string;
  readonly id: string;
  readonly role: SpaceRole;
}

export function isAuthor(post: Pick<PostFacts, 'authorKind' | 'authorId'>, viewer: Pick<ViewerFacts, 'kind' | 'id'>): boolean {
  return post.authorKind === viewer.kind && post.authorId === viewer.id;
}

/** A published post (or its tombstone) is seen by every member; a pending, rejected or hidden one by its author and the moderators. */
export function mayView(post: PostFacts, viewer: ViewerFacts): boolean {
  if (!can(viewer.role, SpaceAction.READ)) return false;
  return post.status === PostStatus.PUBLISHED || isAuthor(post, viewer) || can(viewer.role, SpaceAction.MODERATE);
}

/**
 * Where the space asks for approval, what members who cannot moderate (pupils, home or guest) publish waits for a
 * moderator: posts, comments, uploaded documents and new versions alike (one setting, `pupilPostsNeedApproval`).
 */
export function initialStatus(pupilPostsNeedApproval: boolean, role: SpaceRole): PostStatus {
  return pupilPostsNeedApproval && !can(role, SpaceAction.MODERATE) ? PostStatus.PENDING : PostStatus.PUBLISHED;
}

/** Only its author edits a post, while they may still post; a deleted or rejected post is not edited. */
export function mayEdit(post: PostFacts, viewer: ViewerFacts): boolean {
  return !post.deleted && post.status !== PostStatus.REJECTED && isAuthor(post, viewer) && can(viewer.role, SpaceAction.POST);
}

/**
 * A moderator of the space rewrites another member's post while it is published or hidden (not pending: they approve or
 * reject that one; not rejected nor deleted). The author is told, and the history keeps who rewrote it and when.
 */
export function mayEditAsModerator(post: PostFacts, viewer: ViewerFacts): boolean {
  return !post.deleted && (post.status === PostStatus.PUBLISHED || post.status === PostStatus.HIDDEN) && !isAuthor(post, viewer)
    && can(viewer.role, SpaceAction.MODERATE);
}

/** Why a post cannot be hidden now (moderators only; checked after the caller's right to moderate), or null when it can. */
export function hideRefusal(post: PostFacts): 'POST_DELETED' | 'POST_HIDDEN' | 'POST_NOT_PUBLISHED' | null {
  if (post.deleted) return 'POST_DELETED';
  if (post.status === PostStatus.HIDDEN) return 'POST_HIDDEN';
  return post.status === PostStatus.PUBLISHED ? null : 'POST_NOT_PUBLISHED';
}

/** Why a post cannot be shown again now, or null when it can: only a hidden post that is not deleted. */
export function unhideRefusal(post: PostFacts): 'POST_DELETED' | 'POST_NOT_HIDDEN' | null {
  if (post.deleted) return 'POST_DELETED';
  return post.status === PostStatus.HIDDEN ? null : 'POST_NOT_HIDDEN';
}

/** An edited post that was published goes back to the moderation queue when its author's posts need approval. */
export function statusAfterEdit(current: PostStatus, pupilPostsNeedApproval: boolean, role: SpaceRole): PostStatus {
  return current === PostStatus.PUBLISHED ? initialStatus(pupilPostsNeedApproval, role) : current;
}

/** Its author (while they may post) or a moderator deletes a post or a comment. */
export function mayDelete(post: Pick<PostFacts, 'authorKind' | 'authorId' | 'deleted'>, viewer: ViewerFacts): boolean {
  if (post.deleted) return false;
  return can(viewer.role, SpaceAction.MODERATE) || (isAuthor(post, viewer) && can(viewer.role, SpaceAction.POST));
}

/** Comments and reactions go only on a published post that is not deleted. */
export function isOpenForReplies(post: PostFacts): boolean {
  return post.status === PostStatus.PUBLISHED && !post.deleted;
}

/** Whether an announcement is shown at `now`: inside [displayFrom, displayUntil), either end open. */
export function isDisplayed(announcement: { displayFrom: Date | null; displayUntil: Date | null }, now: Date): boolean {
  return (!announcement.displayFrom || announcement.displayFrom.getTime() <= now.getTime())
    && (!announcement.displayUntil || now.getTime() < announcement.displayUntil.getTime());
}
