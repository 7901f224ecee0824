import { classLevelLabel, ClassLevel } from '@passerelle/directory';
import { AuthorName } from './authors.repository.js';
import type { ClassCandidateRow, CohortCandidate } from './member-candidates.js';
import { MemberKind, MembershipVia, SpaceMember, SpaceMemberCandidates } from './member.type.js';
import { Announcement, Comment, ContentContext, Post, PostRevision, ReactionCount } from './post.type.js';
import { ActorKindEnum, Author, Space } from './space.type.js';
import { can, SpaceAction } from './space-permissions.js';
import { actionsOfAccess } from './space-access.js';
import type { MemberView } from './space-members.service.js';
import type { GrantedSpace, SpaceViewer } from './space-viewer.js';
import { AnnouncementEntity, CommentEntity, PostEntity, PostRevisionEntity, ReactionEmoji } from './wall.entities.js';
import { isAuthor, isDisplayed } from './wall-rules.js';

/* What the API shows of each entity: every exposed field is listed here, nothing else leaves the library. */

export function toSpace(granted: GrantedSpace): Space {
  const space = granted.space;
  return {
    id: space.id,
    title: space.title,
    description: space.description,
    structureId: space.structureId,
    status: space.status,
    settings: {
      pupilPostsNeedApproval: space.pupilPostsNeedApproval,
      privateMessagesAllowed: space.privateMessagesAllowed,
      parentsMayRead: space.parentsMayRead,
      crossSchoolPrivateMessages: space.crossSchoolPrivateMessages,
    },
    myRole: granted.role,
    myPermissions: actionsOfAccess(granted.access),
    conventionIds: [...granted.facts.conventionIds],
    createdAt: space.createdAt,
    archivedAt: space.archivedAt,
    granted,
  };
}

function contextOf(authorKind: PostEntity['authorKind'], authorId: string, granted: GrantedSpace, viewer: SpaceViewer): ContentContext {
  return {
    authorKind, authorId, viewerRole: granted.role,
    viewerIsAuthor: isAuthor({ authorKind, authorId }, viewer.actor),
    viewerMayModerate: can(granted.role, SpaceAction.MODERATE),
    granted,
  };
}

export function toPost(post: PostEntity, granted: GrantedSpace, viewer: SpaceViewer): Post {
  const context = contextOf(post.authorKind, post.authorId, granted, viewer);
  return {
    id: post.id,
    spaceId: post.spaceId,
    status: post.status,
    bodyHtml: post.deletedAt ? null : post.bodyHtml,
    deleted: !!post.deletedAt,
    moderationReason: context.viewerIsAuthor || context.viewerMayModerate ? post.moderationReason : null,
    revision: post.revision,
    hiddenReason: context.viewerIsAuthor || context.viewerMayModerate ? post.hiddenReason : null,
    hiddenAt: context.viewerIsAuthor || context.viewerMayModerate ? post.hiddenAt : null,
    createdAt: post.createdAt,
    editedAt: post.editedAt,
    hiddenByKind: context.viewerIsAuthor || context.viewerMayModerate ? post.hiddenByKind : null,
    hiddenById: context.viewerIsAuthor || context.viewerMayModerate ? post.hiddenById : null,
    context,
  };
}

export function toComment(comment: CommentEntity, granted: GrantedSpace, viewer: SpaceViewer): Comment {
  const context = contextOf(comment.authorKind, comment.authorId, granted, viewer);
  return {
    id: comment.id,
    postId: comment.postId,
    bodyHtml: comment.deletedAt && !context.viewerMayModerate ? null : comment.bodyHtml,
    deleted: !!comment.deletedAt,
    status: comment.status,
    moderationReason: context.viewerIsAuthor || context.viewerMayModerate ? comment.moderationReason : null,
    createdAt: comment.createdAt,
    context,
  };
}

export function toAnnouncement(entity: AnnouncementEntity, now: Date): Announcement {
  return {
    id: entity.id,
    spaceId: entity.spaceId,
    title: entity.title,
    bodyHtml: entity.bodyHtml,
    pinned: entity.pinned,
    displayFrom: entity.displayFrom,
    displayUntil: entity.displayUntil,
    displayed: isDisplayed(entity, now),
    createdAt: entity.createdAt,
    authorKind: entity.authorKind,
    authorId: entity.authorId,
  };
}

export function toRevision(entity: PostRevisionEntity): PostRevision {
  return {
    revision: entity.revision,
    action: entity.action,
    bodyHtml: entity.bodyHtml,
    createdAt: entity.createdAt,
    editorKind: entity.editorKind,
    editorId: entity.editorId,
  };
}

export function toReactionCount(row: { emoji: ReactionEmoji; count: number; mine: boolean }): ReactionCount {
  return { emoji: row.emoji, count: row.count, reactedByMe: row.mine };
}

export function toMember(view: MemberView): SpaceMember {
  return {
    id: view.id,
    kind: view.kind === 'GUEST' ? MemberKind.GUEST : MemberKind.PERSON,
    displayName: view.displayName,
    profile: view.profile,
    role: view.role,
    via: view.via === 'GUEST_COHORT' ? MembershipVia.GUEST_COHORT : view.via === 'CLASS' ? MembershipVia.CLASS : MembershipVia.MEMBER,
    school: view.school ? { uai: view.school.uai, name: view.school.name } : null,
  };
}

export function toAuthor(name: AuthorName): Author {
  return { id: name.id, kind: name.kind as ActorKindEnum, displayName: name.displayName };
}

export function toMemberCandidates(candidates: { classes: readonly ClassCandidateRow[]; guestCohorts: readonly CohortCandidate[] }): SpaceMemberCandidates {
  return {
    classes: candidates.classes.map((row) => ({ id: row.id, label: row.label, levelLabel: classLevelLabel(row.level as ClassLevel),
      schoolYear: row.schoolYear, alreadyMember: row.alreadyMember })),
    guestCohorts: candidates.guestCohorts.map((cohort) => ({ conventionId: cohort.conventionId, conventionTitle: cohort.conventionTitle,
      partnerName: cohort.partnerName, classCode: cohort.classCode, schools: [...cohort.schools], guestCount: cohort.guestCount,
      alreadyMember: cohort.alreadyMember })),
  };
}
