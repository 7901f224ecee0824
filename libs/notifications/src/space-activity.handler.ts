import { Injectable } from '@nestjs/common';
import { HandlesJob, JobHandler, JobPayloads } from '@passerelle/jobs';
import {
  AgendaRepository, can, DocumentsRepository, HomeworkRepository, homeworkVisibleTo, MemberView, PostEntity, PostStatus, SpaceAction, SpaceMembersService, systemScope, WallRepository,
} from '@passerelle/spaces';
import { SpaceFanOut } from './space-fan-out.js';

interface Audience {
  /** Who should hear about it (already filtered by role). */
  readonly recipients: readonly MemberView[];
  /** The author of what happened: never notified of their own act. */
  readonly author: { kind: string; id: string } | null;
  readonly payload: Record<string, unknown>;
}

/**
 * Fans space activity out to members' inboxes: one notification per member concerned except the author, with a
 * dedupe key per (kind, subject) so that a re-run adds nothing. Members and their roles are decided now, by the
 * same rules as their own requests (a guest whose convention ended hears nothing); a member who switched the kind
 * off hears nothing. The handler re-reads the subject and skips when it no longer applies (deleted, already moderated).
 */
@Injectable()
@HandlesJob('space-activity')
export class SpaceActivityHandler implements JobHandler<'space-activity'> {
  constructor(private readonly members: SpaceMembersService, private readonly wall: WallRepository, private readonly fanOut: SpaceFanOut,
    private readonly agenda: AgendaRepository, private readonly homework: HomeworkRepository,
    private readonly documents: DocumentsRepository) {}

  async handle({ spaceId, kind, subjectId }: JobPayloads['space-activity']): Promise<void> {
    if (kind === 'MODERATION_PENDING') return this.moderationPending(spaceId, subjectId);
    const audience = await this.audience(spaceId, kind, subjectId);
    if (!audience) return;
    const recipients = audience.recipients.filter((member) => !(audience.author && member.kind === audience.author.kind
      && member.id === audience.author.id));
    await this.fanOut.deliver(recipients, kind, `${kind}.${subjectId}`, audience.payload);
  }

  private async audience(spaceId: string, kind: JobPayloads['space-activity']['kind'], subjectId: string): Promise<Audience | null> {
    const scope = systemScope(spaceId);
    const now = new Date();
    const readers = async (action: SpaceAction) => (await this.members.members(scope, now)).filter((member) => can(member.role, action));
    const published = (post: PostEntity | null): post is PostEntity => !!post && post.status === PostStatus.PUBLISHED && !post.deletedAt;
    switch (kind) {
      case 'POST_PUBLISHED': {
        const post = await this.wall.findPost(scope, subjectId);
        if (!published(post)) return null;
        return { recipients: await readers(SpaceAction.READ), author: authorOf(post), payload: { spaceId, postId: post.id } };
      }
      case 'POST_PENDING': {
        const post = await this.wall.findPost(scope, subjectId);
        if (!post || post.status !== PostStatus.PENDING || post.deletedAt) return null;
        return { recipients: await readers(SpaceAction.MODERATE), author: authorOf(post), payload: { spaceId, postId: post.id } };
      }
      case 'COMMENT_ADDED': {
        const comment = await this.wall.findComment(scope, subjectId);
        if (!comment || comment.deletedAt || comment.status !== PostStatus.PUBLISHED) return null;
        // A comment approved after its post was hidden says nothing to members: the post is not theirs to see.
        if (!published(await this.wall.findPost(scope, comment.postId))) return null;
        return { recipients: await readers(SpaceAction.READ), author: authorOf(comment),
          payload: { spaceId, postId: comment.postId, commentId: comment.id } };
      }
      case 'MENTION': {
        const post = await this.wall.findPost(scope, subjectId);
        const comment = post ? null : await this.wall.findComment(scope, subjectId);
        if (post ? !published(post) : !comment || comment.deletedAt || comment.status !== PostStatus.PUBLISHED) return null;
        if (comment && !published(await this.wall.findPost(scope, comment.postId))) return null;
        const mentioned = new Set((await this.wall.mentions(scope, subjectId)).map((mention) => `${mention.mentionedKind}:${mention.mentionedId}`));
        const recipients = (await readers(SpaceAction.READ)).filter((member) => mentioned.has(`${member.kind}:${member.id}`));
        return { recipients, author: authorOf((post ?? comment)!),
          payload: { spaceId, postId: post ? post.id : comment!.postId, ...(comment ? { commentId: comment.id } : {}) } };
      }
      case 'MODERATION_DECISION': {
        const decision = await this.wall.findModeration(scope, subjectId);
        if (!decision) return this.contentDecision(spaceId, subjectId);
        const post = decision ? await this.wall.findPost(scope, decision.postId) : null;
        if (!decision || !post || post.deletedAt) return null;
        const recipients = (await readers(SpaceAction.READ))
          .filter((member) => member.kind === post.authorKind && member.id === post.authorId);
        return { recipients, author: { kind: decision.moderatorKind, id: decision.moderatorId },
          payload: { spaceId, postId: post.id, decision: decision.decision } };
      }
      case 'POST_HIDDEN':
      case 'POST_UNHIDDEN': {
        // Its author hears of it while it is still so (hidden, or shown again); nobody else does.
        const change = await this.wall.findModeration(scope, subjectId);
        const post = change ? await this.wall.findPost(scope, change.postId) : null;
        if (!change || !post || post.deletedAt) return null;
        if (post.status !== (kind === 'POST_HIDDEN' ? PostStatus.HIDDEN : PostStatus.PUBLISHED)) return null;
        const recipients = (await readers(SpaceAction.READ)).filter((member) => member.kind === post.authorKind && member.id === post.authorId);
        return { recipients, author: { kind: change.moderatorKind, id: change.moderatorId }, payload: { spaceId, postId: post.id } };
      }
      case 'POST_EDITED_BY_MODERATOR': {
        const revision = await this.wall.findRevision(scope, subjectId);
        const post = revision ? await this.wall.findPost(scope, revision.postId) : null;
        if (!revision || !post || post.deletedAt) return null;
        const recipients = (await readers(SpaceAction.READ)).filter((member) => member.kind === post.authorKind && member.id === post.authorId);
        return { recipients, author: { kind: revision.editorKind, id: revision.editorId }, payload: { spaceId, postId: post.id } };
      }
      case 'HOMEWORK_CREATED': {
        const homework = await this.homework.findHomework(scope, subjectId);
        if (!homework) return null;
        // A homework of one class: only its pupils (and those who run the space) hear of it.
        const recipients = (await readers(SpaceAction.READ)).filter((member) => homeworkVisibleTo(homework, member));
        return { recipients, author: authorOf(homework), payload: { spaceId, homeworkId: homework.id } };
      }
      case 'EVENT_CREATED': {
        const event = await this.agenda.findEvent(scope, subjectId);
        if (!event) return null;
        return { recipients: await readers(SpaceAction.READ), author: authorOf(event), payload: { spaceId, eventId: event.id } };
      }
      case 'DOCUMENT_ADDED': {
        const version = await this.documents.findVersion(scope, subjectId);
        if (!version || version.status !== 'PUBLISHED') return null;
        return { recipients: await readers(SpaceAction.READ), author: { kind: version.uploadedByKind, id: version.uploadedById },
          payload: { spaceId, documentId: version.documentId, version: version.version } };
      }
      default:
        return null;
    }
  }

  /** A moderator's decision on a comment or a document version: its author hears of it. */
  private async contentDecision(spaceId: string, subjectId: string): Promise<Audience | null> {
    const scope = systemScope(spaceId);
    const decision = await this.wall.findContentModeration(scope, subjectId);
    if (!decision) return null;
    let author: { kind: string; id: string };
    let payload: Record<string, unknown>;
    if (decision.commentId) {
      const comment = await this.wall.findComment(scope, decision.commentId);
      if (!comment || comment.deletedAt) return null;
      author = authorOf(comment);
      payload = { spaceId, postId: comment.postId, commentId: comment.id, decision: decision.decision, subject: 'COMMENT' };
    } else {
      const version = decision.documentVersionId ? await this.documents.findVersion(scope, decision.documentVersionId) : null;
      if (!version) return null;
      author = { kind: version.uploadedByKind, id: version.uploadedById };
      payload = { spaceId, documentId: version.documentId, version: version.version, decision: decision.decision, subject: 'DOCUMENT' };
    }
    const recipients = (await this.members.members(scope, new Date()))
      .filter((member) => can(member.role, SpaceAction.READ) && member.kind === author.kind && member.id === author.id);
    return { recipients, author: { kind: decision.moderatorKind, id: decision.moderatorId }, payload };
  }

  /**
   * Something waits for a moderator: each moderator of the space (but its author) gets ONE notification per space, the
   * same row updated with how many items wait now; once read, the next held item makes it unread again. A burst of held
   * items is one notification, not one per item (SpaceFanOut.coalesce: one row per (recipient, dedupe key) under the
   * database's unique constraint, so concurrent jobs update it rather than add rows).
   */
  private async moderationPending(spaceId: string, subjectId: string): Promise<void> {
    const scope = systemScope(spaceId);
    const author = await this.heldAuthor(spaceId, subjectId);
    if (!author) return;
    const moderators = (await this.members.members(scope, new Date()))
      .filter((member) => can(member.role, SpaceAction.MODERATE) && !(member.kind === author.kind && member.id === author.id));
    const pending = await this.wall.pendingCount(scope);
    await this.fanOut.coalesce(moderators, 'MODERATION_PENDING', `MODERATION_PENDING.${spaceId}`, { spaceId, count: pending });
  }

  /** The author of a held post, comment or document version; null when it is no longer held. */
  private async heldAuthor(spaceId: string, subjectId: string): Promise<{ kind: string; id: string } | null> {
    const scope = systemScope(spaceId);
    const post = await this.wall.findPost(scope, subjectId);
    if (post) return post.status === PostStatus.PENDING && !post.deletedAt ? authorOf(post) : null;
    const comment = await this.wall.findComment(scope, subjectId);
    if (comment) return comment.status === PostStatus.PENDING && !comment.deletedAt ? authorOf(comment) : null;
    const version = await this.documents.findVersion(scope, subjectId);
    return version?.status === 'PENDING' ? { kind: version.uploadedByKind, id: version.uploadedById } : null;
  }
}

function authorOf(content: { authorKind: string; authorId: string }): { kind: string; id: string } {
  return { kind: content.authorKind, id: content.authorId };
}
