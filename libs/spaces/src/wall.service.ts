import { addressOf } from '@passerelle/access';
import { Injectable } from '@nestjs/common';
import { AuditService } from '@passerelle/audit';
import { ConflictError, DomainError, ForbiddenError, InvalidInputError, NotFoundError } from '@passerelle/errors';
import { Connection, isUuid, PageRequest } from '@passerelle/graphql-kit';
import { jobRequest, SpaceActivityKind, Transaction, UnitOfWork } from '@passerelle/jobs';
import { ContributionLimiter, Contributor } from './contribution-limits.js';
import { DocumentsRepository } from './documents.repository.js';
import { imageIdsOf, imageRefusal, ImageRefusal } from './post-images.js';
import { checkRichText, RichTextCheck } from './rich-text.js';
import { SpaceMembersService } from './space-members.service.js';
import { can, SpaceAction } from './space-permissions.js';
import { SpaceScope } from './space-scope.js';
import { Actor, GrantedSpace, MODERATION_ACCESS_ONLY, SpaceViewer } from './space-viewer.js';
import {
  CommentEntity, ModerationDecision, PostEntity, PostModerationEntity, PostRevisionEntity, PostStatus, ReactionEmoji, RevisionAction, VisibilityChange,
} from './wall.entities.js';
import {
  hideRefusal, initialStatus, isAuthor, isOpenForReplies, mayDelete, mayEdit, mayEditAsModerator, mayView, statusAfterEdit, unhideRefusal,
} from './wall-rules.js';
import { insertContentModeration, WallPage, WallRepository } from './wall.repository.js';

export const POST_NOT_FOUND = "Ce message n'existe pas ou vous n'y avez pas accès.";
export const COMMENT_NOT_FOUND = "Ce commentaire n'existe pas ou vous n'y avez pas accès.";
export const MAX_MENTIONS = 20;
export const MAX_REASON = 500;

export interface CreatePostCommand {
  readonly spaceId: string;
  readonly bodyHtml: string;
  readonly mentionIds?: readonly string[] | null;
}

export interface CreateCommentCommand {
  readonly postId: string;
  readonly bodyHtml: string;
  readonly mentionIds?: readonly string[] | null;
}

/** A post with the access decision that let the caller see it. */
export interface VisiblePost {
  readonly granted: GrantedSpace;
  readonly post: PostEntity;
}

export interface VisibleComment {
  readonly granted: GrantedSpace;
  readonly comment: CommentEntity;
}

/**
 * The wall of a space: posts (held for moderation where the space asks for it), comments, reactions, mentions,
 * with a history of edits and deletions for moderators. Each change and the job that tells members about it are
 * written in one transaction (outbox).
 */
@Injectable()
export class WallService {
  constructor(private readonly repository: WallRepository, private readonly members: SpaceMembersService,
    private readonly unitOfWork: UnitOfWork, private readonly limiter: ContributionLimiter, private readonly audit: AuditService,
    private readonly documents: DocumentsRepository) {}

  async createPost(viewer: SpaceViewer, command: CreatePostCommand): Promise<VisiblePost> {
    const granted = await viewer.require(command.spaceId, SpaceAction.POST);
    const body = postBody(viewer, command.bodyHtml);
    const mentioned = await this.checkMentions(viewer, granted, command.mentionIds);
    const status = initialStatus(granted.space.pupilPostsNeedApproval, granted.role);
    await this.checkImages(viewer, granted, body.imageIds, status === PostStatus.PENDING);
    const actor = viewer.actor;
    const post = await this.unitOfWork.run(async (tx) => {
      await this.countContribution(tx, granted, { ...actor, address: addressOf(viewer.principal) }, 'POST', mentioned.length);
      const created = await tx.manager.save(tx.manager.create(PostEntity, {
        spaceId: granted.scope.spaceId, authorKind: actor.kind, authorId: actor.id, bodyHtml: body.html, bodyText: body.text, status,
        moderationReason: null, moderatedAt: null, revision: 1, editedAt: null, deletedAt: null,
      }));
      await this.repository.insertMentions(tx.manager, granted.scope, 'POST', created.id, mentioned);
      if (status === PostStatus.PUBLISHED) await this.announcePublished(tx, granted.scope, created.id, mentioned.length > 0);
      else await activity(tx, granted.scope, 'MODERATION_PENDING', created.id);
      return created;
    });
    return { granted, post };
  }

  /** A post the caller may see; NOT_FOUND for one in a space they cannot reach, or pending and not theirs. */
  async getPost(viewer: SpaceViewer, postId: string): Promise<VisiblePost> {
    const spaceId = await this.repository.locatePost(postId);
    const granted = spaceId ? await viewer.find(spaceId) : null;
    const post = granted ? await this.repository.findPost(granted.scope, postId) : null;
    if (!granted || !post || !mayView(facts(post), { ...viewer.actor, role: granted.role })) throw new NotFoundError(POST_NOT_FOUND);
    return { granted, post };
  }

  /** Approves or rejects a pending post; a rejection says why, and its author reads it. Moderators only. */
  async moderatePost(viewer: SpaceViewer, postId: string, decision: ModerationDecision, reason: string | null | undefined): Promise<VisiblePost> {
    const { granted } = await this.getPost(viewer, postId);
    await viewer.require(granted.scope.spaceId, SpaceAction.MODERATE);
    const why = moderationReason(decision, reason, 'son message');
    const actor = viewer.actor;
    const post = await this.unitOfWork.run(async (tx) => {
      const current = await this.repository.findPost(granted.scope, postId, tx.manager, true);
      if (!current || current.deletedAt) throw new NotFoundError(POST_NOT_FOUND);
      if (current.status !== PostStatus.PENDING) throw new ConflictError('POST_NOT_PENDING', 'Ce message a déjà été modéré.');
      current.status = decision === ModerationDecision.APPROVE ? PostStatus.PUBLISHED : PostStatus.REJECTED;
      current.moderationReason = why;
      current.moderatedAt = new Date();
      await tx.manager.save(current);
      const record = await tx.manager.save(tx.manager.create(PostModerationEntity, {
        postId: current.id, spaceId: granted.scope.spaceId, decision, reason: why, moderatorKind: actor.kind, moderatorId: actor.id,
      }));
      await activity(tx, granted.scope, 'MODERATION_DECISION', record.id);
      if (current.status === PostStatus.PUBLISHED) {
        await this.publishHeldImages(tx, granted.scope, current, actor);
        const mentions = await this.repository.mentions(granted.scope, current.id, tx.manager);
        await this.announcePublished(tx, granted.scope, current.id, mentions.length > 0);
      }
      return current;
    });
    return { granted, post };
  }

  /**
   * Approving a post publishes the held images it shows (its author's own uploads, which the moderator saw in it): one
   * click, and members never see a post whose images are missing. Rejecting it leaves them held in the queue.
   */
  private async publishHeldImages(tx: Transaction, scope: SpaceScope, post: PostEntity, moderator: Actor): Promise<void> {
    const held = await this.documents.lockHeldVersionsBy(tx.manager, scope, imageIdsOf(post.bodyHtml), { kind: post.authorKind, id: post.authorId });
    for (const version of held) {
      await this.documents.decideVersion(tx.manager, scope, version.id, 'PUBLISHED', null);
      await insertContentModeration(tx.manager, scope, { documentVersionId: version.id },
        { decision: ModerationDecision.APPROVE, reason: null, moderator });
      await activity(tx, scope, 'DOCUMENT_ADDED', version.id);
    }
  }

  /**
   * Every image a post shows must be a document of its space that its author sees, an image by the type detected at
   * upload, and published (or the author's own held upload in a post that is held too: post-images.ts).
   */
  private async checkImages(viewer: SpaceViewer, granted: GrantedSpace, ids: readonly string[], postHeld: boolean): Promise<void> {
    const visibility = { actorKind: viewer.actor.kind, actorId: viewer.actor.id, mayModerate: can(granted.role, SpaceAction.MODERATE) };
    for (const id of ids) {
      const refusal = imageRefusal(await this.documents.find(granted.scope, id, visibility), postHeld);
      if (refusal) throw imageRefused(refusal, addressOf(viewer.principal));
    }
  }

  /**
   * Its author rewrites a post; what it said before is kept for moderators. A pupil's published post goes back to
   * moderation. A moderator of the space may rewrite another member's published or hidden post: it keeps its status,
   * the revision records who rewrote it and when, its author is told, and an audit event records the act.
   */
  async editPost(viewer: SpaceViewer, postId: string, bodyHtml: string): Promise<VisiblePost> {
    const { granted, post } = await this.getPost(viewer, postId);
    const who = { ...viewer.actor, role: granted.role };
    const byModerator = mayEditAsModerator(facts(post), who);
    if (!byModerator && !mayEdit(facts(post), who)) {
      if (post.status === PostStatus.REJECTED && isAuthor(post, viewer.actor)) {
        throw new ConflictError('POST_REJECTED', "Ce message a été refusé : écrivez-en plutôt un nouveau.");
      }
      if (post.deletedAt && can(granted.role, SpaceAction.MODERATE)) throw new ConflictError('POST_DELETED', 'Ce message est déjà supprimé.');
      throw new ForbiddenError('Seuls son auteur et les modérateurs de l’espace peuvent modifier ce message.');
    }
    // A hub administrator under a moderation access reads, hides and removes; rewriting a member's words is taking part.
    if (byModerator && granted.access.via === 'MODERATION_ACCESS') throw new ForbiddenError(MODERATION_ACCESS_ONLY);
    await viewer.require(granted.scope.spaceId, byModerator ? SpaceAction.MODERATE : SpaceAction.POST);
    const body = postBody(viewer, bodyHtml);
    // A moderator's edit keeps the post's status (published or hidden: its images must be published); its author's may hold it.
    await this.checkImages(viewer, granted, body.imageIds,
      !byModerator && statusAfterEdit(post.status, granted.space.pupilPostsNeedApproval, granted.role) === PostStatus.PENDING);
    const actor = viewer.actor;
    const edited = await this.unitOfWork.run(async (tx) => {
      const current = await this.repository.findPost(granted.scope, postId, tx.manager, true);
      if (!current || current.deletedAt) throw new NotFoundError(POST_NOT_FOUND);
      if (byModerator && !mayEditAsModerator(facts(current), who)) throw new ConflictError('POST_NOT_PUBLISHED', 'Ce message n’est plus publié.');
      const revision = await tx.manager.save(tx.manager.create(PostRevisionEntity, {
        postId: current.id, spaceId: granted.scope.spaceId, revision: current.revision, action: RevisionAction.EDIT,
        bodyHtml: current.bodyHtml, bodyText: current.bodyText, editorKind: actor.kind, editorId: actor.id,
      }));
      const before = current.status;
      current.bodyHtml = body.html;
      current.bodyText = body.text;
      current.revision += 1;
      current.editedAt = new Date();
      if (!byModerator) current.status = statusAfterEdit(before, granted.space.pupilPostsNeedApproval, granted.role);
      await tx.manager.save(current);
      if (before === PostStatus.PUBLISHED && current.status === PostStatus.PENDING) await activity(tx, granted.scope, 'MODERATION_PENDING', current.id);
      if (byModerator) {
        await this.audit.record(tx.manager, {
          actor: viewer.principal, action: 'post.edited-by-moderator', subject: { type: 'post', id: current.id },
          // Ids only: what the post said stays in its history, which goes with its space.
          details: { spaceId: granted.scope.spaceId, revisionId: revision.id, revision: revision.revision },
        });
        await activity(tx, granted.scope, 'POST_EDITED_BY_MODERATOR', revision.id);
      }
      return current;
    });
    return { granted, post: edited };
  }

  /**
   * A moderator hides a published post with a reason: members no longer see it anywhere (wall, search, notifications,
   * home page); its author reads who hid it and why; moderators still see it and may show it again. Audited; its author is told.
   */
  async hidePost(viewer: SpaceViewer, postId: string, reason: string | null | undefined): Promise<VisiblePost> {
    const { granted } = await this.getPost(viewer, postId);
    await viewer.require(granted.scope.spaceId, SpaceAction.MODERATE);
    const why = hidingReason(reason);
    const actor = viewer.actor;
    const post = await this.unitOfWork.run(async (tx) => {
      const current = await this.repository.findPost(granted.scope, postId, tx.manager, true);
      if (!current) throw new NotFoundError(POST_NOT_FOUND);
      refuseVisibilityChange(hideRefusal(facts(current)));
      current.status = PostStatus.HIDDEN;
      current.hiddenReason = why;
      current.hiddenAt = new Date();
      current.hiddenByKind = actor.kind;
      current.hiddenById = actor.id;
      await tx.manager.save(current);
      const record = await this.recordVisibilityChange(tx, granted, current, VisibilityChange.HIDE, why, viewer);
      await activity(tx, granted.scope, 'POST_HIDDEN', record.id);
      return current;
    });
    return { granted, post };
  }

  /** A moderator shows a hidden post again: members see it as before. Audited; its author is told. */
  async unhidePost(viewer: SpaceViewer, postId: string): Promise<VisiblePost> {
    const { granted } = await this.getPost(viewer, postId);
    await viewer.require(granted.scope.spaceId, SpaceAction.MODERATE);
    const post = await this.unitOfWork.run(async (tx) => {
      const current = await this.repository.findPost(granted.scope, postId, tx.manager, true);
      if (!current) throw new NotFoundError(POST_NOT_FOUND);
      refuseVisibilityChange(unhideRefusal(facts(current)));
      current.status = PostStatus.PUBLISHED;
      current.hiddenReason = null;
      current.hiddenAt = null;
      current.hiddenByKind = null;
      current.hiddenById = null;
      await tx.manager.save(current);
      const record = await this.recordVisibilityChange(tx, granted, current, VisibilityChange.UNHIDE, null, viewer);
      await activity(tx, granted.scope, 'POST_UNHIDDEN', record.id);
      return current;
    });
    return { granted, post };
  }

  private async recordVisibilityChange(tx: Transaction, granted: GrantedSpace, post: PostEntity, change: VisibilityChange, reason: string | null,
    viewer: SpaceViewer): Promise<PostModerationEntity> {
    const record = await tx.manager.save(tx.manager.create(PostModerationEntity, {
      postId: post.id, spaceId: granted.scope.spaceId, decision: change, reason, moderatorKind: viewer.actor.kind, moderatorId: viewer.actor.id,
    }));
    await this.audit.record(tx.manager, {
      actor: viewer.principal, action: change === VisibilityChange.HIDE ? 'post.hidden' : 'post.unhidden', subject: { type: 'post', id: post.id },
      // Ids only: the reason is free text (it may name a child); it stays on the post and its moderation record.
      details: { spaceId: granted.scope.spaceId, moderationId: record.id },
    });
    return record;
  }

  /** Its author or a moderator deletes a post: it stays as a tombstone; what it said is kept for moderators. */
  async deletePost(viewer: SpaceViewer, postId: string): Promise<VisiblePost> {
    const { granted, post } = await this.getPost(viewer, postId);
    if (!mayDelete(facts(post), { ...viewer.actor, role: granted.role })) {
      if (post.deletedAt) throw new ConflictError('POST_DELETED', 'Ce message est déjà supprimé.');
      throw new ForbiddenError('Seuls son auteur et les modérateurs peuvent supprimer ce message.');
    }
    await viewer.require(granted.scope.spaceId, isAuthor(post, viewer.actor) ? SpaceAction.POST : SpaceAction.MODERATE);
    const actor = viewer.actor;
    const deleted = await this.unitOfWork.run(async (tx) => {
      const current = await this.repository.findPost(granted.scope, postId, tx.manager, true);
      if (!current || current.deletedAt) throw new ConflictError('POST_DELETED', 'Ce message est déjà supprimé.');
      await tx.manager.save(tx.manager.create(PostRevisionEntity, {
        postId: current.id, spaceId: granted.scope.spaceId, revision: current.revision, action: RevisionAction.DELETE,
        bodyHtml: current.bodyHtml, bodyText: current.bodyText, editorKind: actor.kind, editorId: actor.id,
      }));
      current.bodyHtml = '';
      current.bodyText = '';
      current.revision += 1;
      current.deletedAt = new Date();
      await tx.manager.save(current);
      return current;
    });
    return { granted, post: deleted };
  }

  async createComment(viewer: SpaceViewer, command: CreateCommentCommand): Promise<VisibleComment> {
    const { granted, post } = await this.getPost(viewer, command.postId);
    await viewer.require(granted.scope.spaceId, SpaceAction.COMMENT);
    if (!isOpenForReplies(facts(post))) {
      throw new ConflictError('POST_NOT_OPEN', 'On ne peut commenter qu\'un message publié.');
    }
    const body = checkRichText(command.bodyHtml, 'Le commentaire');
    if (!body.valid) throw new InvalidInputError(body.reason, ['input', 'bodyHtml']);
    const mentioned = await this.checkMentions(viewer, granted, command.mentionIds);
    // Where the space holds its pupils' posts, it holds their comments too.
    const status = initialStatus(granted.space.pupilPostsNeedApproval, granted.role);
    const actor = viewer.actor;
    const comment = await this.unitOfWork.run(async (tx) => {
      await this.countContribution(tx, granted, { ...actor, address: addressOf(viewer.principal) }, 'COMMENT', mentioned.length);
      const created = await tx.manager.save(tx.manager.create(CommentEntity, {
        spaceId: granted.scope.spaceId, postId: post.id, authorKind: actor.kind, authorId: actor.id,
        bodyHtml: body.html, bodyText: body.text, status, moderationReason: null, moderatedAt: null, deletedAt: null,
      }));
      await this.repository.insertMentions(tx.manager, granted.scope, 'COMMENT', created.id, mentioned);
      if (status === PostStatus.PUBLISHED) await this.announceComment(tx, granted.scope, created.id, mentioned.length > 0);
      else await activity(tx, granted.scope, 'MODERATION_PENDING', created.id);
      return created;
    });
    return { granted, comment };
  }

  /** A comment the caller may see: published, or held and theirs or in a space they moderate; NOT_FOUND otherwise. */
  async getComment(viewer: SpaceViewer, commentId: string): Promise<VisibleComment> {
    const spaceId = await this.repository.locateComment(commentId);
    const granted = spaceId ? await viewer.find(spaceId) : null;
    const comment = granted ? await this.repository.findComment(granted.scope, commentId) : null;
    if (!granted || !comment || !mayView(commentFacts(comment), { ...viewer.actor, role: granted.role })) throw new NotFoundError(COMMENT_NOT_FOUND);
    return { granted, comment };
  }

  /** Approves or rejects a held comment (moderators); a rejection says why, and its author reads it. */
  async moderateComment(viewer: SpaceViewer, commentId: string, decision: ModerationDecision, reason: string | null | undefined)
    : Promise<VisibleComment> {
    const { granted } = await this.getComment(viewer, commentId);
    await viewer.require(granted.scope.spaceId, SpaceAction.MODERATE);
    const why = moderationReason(decision, reason, 'son commentaire');
    const actor = viewer.actor;
    const comment = await this.unitOfWork.run(async (tx) => {
      const current = await this.repository.findComment(granted.scope, commentId, tx.manager, true);
      if (!current || current.deletedAt) throw new NotFoundError(COMMENT_NOT_FOUND);
      if (current.status !== PostStatus.PENDING) throw new ConflictError('COMMENT_NOT_PENDING', 'Ce commentaire a déjà été modéré.');
      current.status = decision === ModerationDecision.APPROVE ? PostStatus.PUBLISHED : PostStatus.REJECTED;
      current.moderationReason = why;
      current.moderatedAt = new Date();
      await tx.manager.save(current);
      const recordId = await this.repository.recordContentModeration(tx.manager, granted.scope, { commentId: current.id },
        { decision, reason: why, moderator: actor });
      await activity(tx, granted.scope, 'MODERATION_DECISION', recordId);
      if (current.status === PostStatus.PUBLISHED) {
        const mentions = await this.repository.mentions(granted.scope, current.id, tx.manager);
        await this.announceComment(tx, granted.scope, current.id, mentions.length > 0);
      }
      return current;
    });
    return { granted, comment };
  }

  /** Its author or a moderator deletes a comment: members see a tombstone, moderators still read it. */
  async deleteComment(viewer: SpaceViewer, commentId: string): Promise<VisibleComment> {
    const spaceId = await this.repository.locateComment(commentId);
    const granted = spaceId ? await viewer.find(spaceId) : null;
    const comment = granted ? await this.repository.findComment(granted.scope, commentId) : null;
    if (!granted || !comment || !mayView(commentFacts(comment), { ...viewer.actor, role: granted.role })) throw new NotFoundError(COMMENT_NOT_FOUND);
    if (!mayDelete({ authorKind: comment.authorKind, authorId: comment.authorId, deleted: !!comment.deletedAt }, { ...viewer.actor, role: granted.role })) {
      if (comment.deletedAt) throw new ConflictError('COMMENT_DELETED', 'Ce commentaire est déjà supprimé.');
      throw new ForbiddenError('Seuls son auteur et les modérateurs peuvent supprimer ce commentaire.');
    }
    await viewer.require(granted.scope.spaceId, isAuthor(comment, viewer.actor) ? SpaceAction.COMMENT : SpaceAction.MODERATE);
    comment.deletedAt = new Date();
    await this.unitOfWork.run(async (tx) => {
      await tx.manager.update(CommentEntity, { id: comment.id, spaceId: granted.scope.spaceId }, { deletedAt: comment.deletedAt });
    });
    return { granted, comment };
  }

  /** Adds (or, with `on` false, removes) the caller's reaction; doing it twice changes nothing. */
  async react(viewer: SpaceViewer, postId: string, emoji: ReactionEmoji, on: boolean): Promise<VisiblePost> {
    const { granted, post } = await this.getPost(viewer, postId);
    await viewer.require(granted.scope.spaceId, SpaceAction.REACT);
    if (!Object.values(ReactionEmoji).includes(emoji)) throw new InvalidInputError('Cette réaction est inconnue.', ['input', 'emoji']);
    if (!isOpenForReplies(facts(post))) throw new ConflictError('POST_NOT_OPEN', 'On ne peut réagir qu\'à un message publié.');
    const actor = viewer.actor;
    await this.unitOfWork.run(async ({ manager }) => {
      if (on) {
        await manager.query(`INSERT INTO post_reaction (post_id, space_id, reactor_kind, reactor_id, emoji) VALUES ($1, $2, $3, $4, $5)
          ON CONFLICT DO NOTHING`, [post.id, granted.scope.spaceId, actor.kind, actor.id, emoji]);
      } else {
        await manager.query(`DELETE FROM post_reaction WHERE post_id = $1 AND space_id = $2 AND reactor_kind = $3 AND reactor_id = $4 AND emoji = $5`,
          [post.id, granted.scope.spaceId, actor.kind, actor.id, emoji]);
      }
    });
    return { granted, post };
  }

  /** The wall of a space for the caller; the moderation queue is `status: PENDING` (moderators see every pending post). */
  async listPosts(viewer: SpaceViewer, granted: GrantedSpace, status: PostStatus | null, page: PageRequest): Promise<WallPage> {
    const mayModerate = can(granted.role, SpaceAction.MODERATE);
    return this.repository.pagePosts(granted.scope, { actorKind: viewer.actor.kind, actorId: viewer.actor.id, mayModerate }, status, page);
  }

  /** Comments of a post: published ones, plus held or rejected ones of the caller (moderators see them all). */
  async listComments(viewer: SpaceViewer, granted: GrantedSpace, postId: string, page: PageRequest): Promise<Connection<CommentEntity>> {
    const mayModerate = can(granted.role, SpaceAction.MODERATE);
    return this.repository.pageComments(granted.scope, { actorKind: viewer.actor.kind, actorId: viewer.actor.id, mayModerate }, postId, page);
  }

  /** Held comments of the space, oldest first (the moderation queue): every one for moderators, their own for others. */
  async listHeldComments(viewer: SpaceViewer, granted: GrantedSpace, page: PageRequest): Promise<Connection<CommentEntity>> {
    const mayModerate = can(granted.role, SpaceAction.MODERATE);
    return this.repository.pageHeldComments(granted.scope, { actorKind: viewer.actor.kind, actorId: viewer.actor.id, mayModerate }, page);
  }

  /** What a post said before each edit and its deletion: moderators only. */
  async revisions(viewer: SpaceViewer, granted: GrantedSpace, postId: string): Promise<PostRevisionEntity[]> {
    await viewer.require(granted.scope.spaceId, SpaceAction.MODERATE);
    return this.repository.revisions(granted.scope, postId);
  }

  /** Mentions name members of the space (a pupil reaches only the members of their spaces). */
  private async checkMentions(viewer: SpaceViewer, granted: GrantedSpace, ids: readonly string[] | null | undefined)
    : Promise<{ kind: 'PERSON' | 'GUEST'; id: string }[]> {
    const wanted = [...new Set((ids ?? []).map((id) => id.toLowerCase()))].filter((id) => !(id === viewer.actor.id.toLowerCase()));
    if (wanted.length === 0) return [];
    if (wanted.length > MAX_MENTIONS) {
      throw new InvalidInputError(`Vous pouvez mentionner au plus ${MAX_MENTIONS} membres.`, ['input', 'mentionIds']);
    }
    const members = await this.members.members(granted.scope, viewer.now());
    const byId = new Map(members.map((member) => [member.id, member]));
    return wanted.map((id) => {
      const member = isUuid(id) ? byId.get(id) : undefined;
      if (!member) throw new DomainError('BAD_USER_INPUT', 'Vous ne pouvez mentionner que des membres de cet espace.', ['input', 'mentionIds']);
      return { kind: member.kind, id: member.id };
    });
  }

  /** Counts a post or comment and its mentions against the author's limits (contribution-limits.ts); throws RATE_LIMITED. */
  private async countContribution(tx: Transaction, granted: GrantedSpace, who: Contributor, kind: 'POST' | 'COMMENT', mentions: number): Promise<void> {
    await this.limiter.count(tx.manager, granted.scope, granted.role, who, kind);
    await this.limiter.count(tx.manager, granted.scope, granted.role, who, 'MENTION', mentions);
  }

  private async announceComment(tx: Transaction, scope: SpaceScope, commentId: string, hasMentions: boolean): Promise<void> {
    await activity(tx, scope, 'COMMENT_ADDED', commentId);
    if (hasMentions) await activity(tx, scope, 'MENTION', commentId);
  }

  private async announcePublished(tx: Transaction, scope: SpaceScope, postId: string, hasMentions: boolean): Promise<void> {
    await activity(tx, scope, 'POST_PUBLISHED', postId);
    if (hasMentions) await activity(tx, scope, 'MENTION', postId);
  }
}

/** The reason of a moderation decision: required to reject (the pupil reads it), at most MAX_REASON characters. */
export function moderationReason(decision: ModerationDecision, reason: string | null | undefined, what: string): string | null {
  if (!Object.values(ModerationDecision).includes(decision)) throw new InvalidInputError('Décision inconnue.', ['decision']);
  const why = reason?.trim() ? reason.trim() : null;
  if (decision === ModerationDecision.REJECT && !why) {
    throw new InvalidInputError(`Expliquez à l'élève pourquoi ${what} n'est pas publié.`, ['reason']);
  }
  if (why && Array.from(why).length > MAX_REASON) throw new InvalidInputError(`La raison ne doit pas dépasser ${MAX_REASON} caractères.`, ['reason']);
  return why;
}

/** The reason a moderator gives to hide a post: required (its author reads it), at most MAX_REASON characters. */
export function hidingReason(reason: string | null | undefined): string {
  const why = reason?.trim() ?? '';
  if (!why) throw new InvalidInputError("Expliquez pourquoi vous masquez ce message : son auteur lira la raison.", ['reason']);
  if (Array.from(why).length > MAX_REASON) throw new InvalidInputError(`La raison ne doit pas dépasser ${MAX_REASON} caractères.`, ['reason']);
  return why;
}

const VISIBILITY_REFUSALS = {
  POST_DELETED: 'Ce message est supprimé.',
  POST_HIDDEN: 'Ce message est déjà masqué.',
  POST_NOT_PUBLISHED: 'Seul un message publié peut être masqué : un message en attente se valide ou se refuse.',
  POST_NOT_HIDDEN: "Ce message n'est pas masqué.",
} as const;

function refuseVisibilityChange(refusal: keyof typeof VISIBILITY_REFUSALS | null): void {
  if (refusal) throw new ConflictError(refusal, VISIBILITY_REFUSALS[refusal]);
}

/** A post's text, images allowed; a refusal names the field and says what was wrong (IMAGE_* codes for images). */
function postBody(viewer: SpaceViewer, raw: string): Extract<RichTextCheck, { valid: true }> {
  const body = checkRichText(raw, 'Le message', { images: true, address: addressOf(viewer.principal) });
  if (!body.valid) throw new DomainError(body.code ?? 'BAD_USER_INPUT', body.reason, ['input', 'bodyHtml']);
  return body;
}

function imageRefused(refusal: ImageRefusal, address: 'TU' | 'VOUS'): DomainError {
  const field = ['input', 'bodyHtml'];
  switch (refusal) {
    case 'NOT_FOUND': return new DomainError('IMAGE_NOT_FOUND', "Cette image n'est pas un document de cet espace, ou elle n'existe plus.", field);
    case 'NOT_AN_IMAGE': return new DomainError('IMAGE_NOT_AN_IMAGE', address === 'TU'
      ? "Ce document n'est pas une image : joins-le plutôt comme fichier." : "Ce document n'est pas une image : joignez-le plutôt comme fichier.", field);
    case 'PENDING': return new DomainError('IMAGE_PENDING', address === 'TU'
      ? 'Cette image attend encore la validation d’un enseignant.' : 'Cette image attend encore la validation d’un modérateur : validez-la d’abord.', field);
  }
}

function commentFacts(comment: CommentEntity) {
  return { status: comment.status, authorKind: comment.authorKind, authorId: comment.authorId, deleted: false };
}

function facts(post: PostEntity) {
  return { status: post.status, authorKind: post.authorKind, authorId: post.authorId, deleted: !!post.deletedAt };
}

function activity(tx: Transaction, scope: SpaceScope, kind: SpaceActivityKind, subjectId: string): Promise<void> {
  return tx.enqueue(jobRequest('space-activity', { spaceId: scope.spaceId, kind, subjectId }, [kind, subjectId]));
}
