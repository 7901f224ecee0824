import {
  Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Relation, Unique,
  UpdateDateColumn,
} from 'typeorm';
import { ActorKind, SpaceEntity } from './space.entity.js';

/*
 * The wall of a space (échanges et collaboration). Every row carries its space (the tenant) and its author as
 * (kind, id); display names are resolved when read.
 */

export enum PostStatus {
  /** Waiting for a moderator: seen only by its author and the moderators. */
  PENDING = 'PENDING',
  PUBLISHED = 'PUBLISHED',
  /** Refused by a moderator, with a reason its author reads. */
  REJECTED = 'REJECTED',
  /** Was published, then hidden by a moderator with a reason: seen only by its author and the moderators, until shown again. */
  HIDDEN = 'HIDDEN',
}

/** What a moderator did to a published post, besides approving or rejecting a pending one (post_moderation.decision). */
export enum VisibilityChange {
  HIDE = 'HIDE',
  UNHIDE = 'UNHIDE',
}

export enum ModerationDecision {
  APPROVE = 'APPROVE',
  REJECT = 'REJECT',
}

/** The reactions a member may leave on a post: a small fixed set. */
export enum ReactionEmoji {
  THUMBS_UP = 'THUMBS_UP',
  CLAP = 'CLAP',
  HEART = 'HEART',
  IDEA = 'IDEA',
  SMILE = 'SMILE',
  WOW = 'WOW',
}

const AUTHOR_KINDS = `IN ('HUB_ADMIN', 'PERSON', 'GUEST')`;

@Entity('post')
@Index('post_space_created_at_idx', ['spaceId', 'createdAt', 'id'])
@Index('post_space_pending_idx', ['spaceId', 'createdAt'], { where: `status = 'PENDING'` })
@Check('post_author_kind_known', `author_kind ${AUTHOR_KINDS}`)
@Check('post_body_html_length', 'length(body_html) <= 20000')
@Check('post_status_known', `status IN ('PENDING', 'PUBLISHED', 'REJECTED', 'HIDDEN')`)
@Check('post_revision_positive', 'revision >= 1')
@Check('post_rejected_has_reason', `status <> 'REJECTED' OR moderation_reason IS NOT NULL`)
@Check('post_deleted_is_blank', `deleted_at IS NULL OR (body_html = '' AND body_text = '')`)
@Check('post_hidden_has_reason', `status <> 'HIDDEN' OR (hidden_reason IS NOT NULL AND hidden_at IS NOT NULL AND hidden_by_kind IS NOT NULL AND hidden_by_id IS NOT NULL)`)
export class PostEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'post_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  spaceId: string;

  @ManyToOne(() => SpaceEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'space_id', foreignKeyConstraintName: 'post_space_id_fkey' })
  space?: Relation<SpaceEntity>;

  @Column({ type: 'text' })
  authorKind: ActorKind;

  @Column({ type: 'uuid' })
  authorId: string;

  /** Sanitised (rich-text.ts); empty once deleted. */
  @Column({ type: 'text' })
  bodyHtml: string;

  /** Plain text of the body, for notifications and search. */
  @Column({ type: 'text' })
  bodyText: string;

  @Column({ type: 'text' })
  status: PostStatus;

  @Column({ type: 'varchar', length: 500, nullable: true })
  moderationReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  moderatedAt: Date | null;

  /** 1, then one more at each edit or deletion (post_revision keeps what it said before). */
  @Column({ type: 'integer', default: 1 })
  revision: number;

  /** Why a moderator hid it (status HIDDEN): its author and the moderators read it. Cleared when it is shown again. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  hiddenReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  hiddenAt: Date | null;

  @Column({ type: 'text', nullable: true })
  hiddenByKind: ActorKind | null;

  @Column({ type: 'uuid', nullable: true })
  hiddenById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  editedAt: Date | null;

  /** Set on a tombstone: the body is gone (its last words are in post_revision, for moderators). */
  @Column({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null;
}

export enum RevisionAction {
  EDIT = 'EDIT',
  DELETE = 'DELETE',
}

/** What a post said before an edit or a deletion. */
@Entity('post_revision')
@Unique('post_revision_unique', ['postId', 'revision'])
@Check('post_revision_action_known', `action IN ('EDIT', 'DELETE')`)
@Check('post_revision_editor_kind_known', `editor_kind ${AUTHOR_KINDS}`)
export class PostRevisionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'post_revision_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  postId: string;

  @ManyToOne(() => PostEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'post_id', foreignKeyConstraintName: 'post_revision_post_id_fkey' })
  post?: Relation<PostEntity>;

  @Column({ type: 'uuid' })
  spaceId: string;

  @ManyToOne(() => SpaceEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'space_id', foreignKeyConstraintName: 'post_revision_space_id_fkey' })
  space?: Relation<SpaceEntity>;

  /** The post's revision number that this body was. */
  @Column({ type: 'integer' })
  revision: number;

  @Column({ type: 'text' })
  action: RevisionAction;

  @Column({ type: 'text' })
  bodyHtml: string;

  @Column({ type: 'text' })
  bodyText: string;

  @Column({ type: 'text' })
  editorKind: ActorKind;

  @Column({ type: 'uuid' })
  editorId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** One moderation decision on a post (the post keeps the latest): approved or rejected while pending, hidden or shown again once published. */
@Entity('post_moderation')
@Index('post_moderation_post_idx', ['postId'])
@Check('post_moderation_decision_known', `decision IN ('APPROVE', 'REJECT', 'HIDE', 'UNHIDE')`)
@Check('post_moderation_moderator_kind_known', `moderator_kind ${AUTHOR_KINDS}`)
@Check('post_moderation_reject_has_reason', `decision NOT IN ('REJECT', 'HIDE') OR reason IS NOT NULL`)
export class PostModerationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'post_moderation_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  postId: string;

  @ManyToOne(() => PostEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'post_id', foreignKeyConstraintName: 'post_moderation_post_id_fkey' })
  post?: Relation<PostEntity>;

  @Column({ type: 'uuid' })
  spaceId: string;

  @ManyToOne(() => SpaceEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'space_id', foreignKeyConstraintName: 'post_moderation_space_id_fkey' })
  space?: Relation<SpaceEntity>;

  @Column({ type: 'text' })
  decision: ModerationDecision | VisibilityChange;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  @Column({ type: 'text' })
  moderatorKind: ActorKind;

  @Column({ type: 'uuid' })
  moderatorId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

@Entity('post_comment')
@Index('post_comment_post_created_at_idx', ['postId', 'createdAt', 'id'])
@Check('post_comment_author_kind_known', `author_kind ${AUTHOR_KINDS}`)
@Index('post_comment_space_pending_idx', ['spaceId', 'createdAt'], { where: `status = 'PENDING'` })
@Check('post_comment_body_html_length', 'length(body_html) <= 20000')
@Check('post_comment_status_known', `status IN ('PENDING', 'PUBLISHED', 'REJECTED')`)
@Check('post_comment_rejected_has_reason', `status <> 'REJECTED' OR moderation_reason IS NOT NULL`)
export class CommentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'post_comment_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  spaceId: string;

  @ManyToOne(() => SpaceEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'space_id', foreignKeyConstraintName: 'post_comment_space_id_fkey' })
  space?: Relation<SpaceEntity>;

  @Column({ type: 'uuid' })
  postId: string;

  @ManyToOne(() => PostEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'post_id', foreignKeyConstraintName: 'post_comment_post_id_fkey' })
  post?: Relation<PostEntity>;

  @Column({ type: 'text' })
  authorKind: ActorKind;

  @Column({ type: 'uuid' })
  authorId: string;

  @Column({ type: 'text' })
  bodyHtml: string;

  @Column({ type: 'text' })
  bodyText: string;

  /** Held like its author's posts where the space asks for approval (wall-rules.ts). */
  @Column({ type: 'text', default: PostStatus.PUBLISHED })
  status: PostStatus;

  @Column({ type: 'varchar', length: 500, nullable: true })
  moderationReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  moderatedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** A deleted comment is a tombstone for members; moderators still read what it said. */
  @Column({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null;
}

@Entity('post_reaction')
@Check('post_reaction_reactor_kind_known', `reactor_kind ${AUTHOR_KINDS}`)
@Check('post_reaction_emoji_known', `emoji IN ('THUMBS_UP', 'CLAP', 'HEART', 'IDEA', 'SMILE', 'WOW')`)
export class ReactionEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'post_reaction_pkey' })
  postId: string;

  @ManyToOne(() => PostEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'post_id', foreignKeyConstraintName: 'post_reaction_post_id_fkey' })
  post?: Relation<PostEntity>;

  @Column({ type: 'uuid' })
  spaceId: string;

  @ManyToOne(() => SpaceEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'space_id', foreignKeyConstraintName: 'post_reaction_space_id_fkey' })
  space?: Relation<SpaceEntity>;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'post_reaction_pkey' })
  reactorKind: ActorKind;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'post_reaction_pkey' })
  reactorId: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'post_reaction_pkey' })
  emoji: ReactionEmoji;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

export type MentionSubjectKind = 'POST' | 'COMMENT';
export type MentionedKind = 'PERSON' | 'GUEST';

/** A member mentioned by a post or a comment. */
@Entity('mention')
@Unique('mention_unique', ['subjectId', 'mentionedKind', 'mentionedId'])
@Check('mention_subject_kind_known', `subject_kind IN ('POST', 'COMMENT')`)
@Check('mention_mentioned_kind_known', `mentioned_kind IN ('PERSON', 'GUEST')`)
export class MentionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'mention_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  spaceId: string;

  @ManyToOne(() => SpaceEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'space_id', foreignKeyConstraintName: 'mention_space_id_fkey' })
  space?: Relation<SpaceEntity>;

  @Column({ type: 'text' })
  subjectKind: MentionSubjectKind;

  @Column({ type: 'uuid' })
  subjectId: string;

  @Column({ type: 'text' })
  mentionedKind: MentionedKind;

  @Column({ type: 'uuid' })
  mentionedId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** Announcements (affichage d'informations): pinned or not, shown between optional dates. */
@Entity('announcement')
@Index('announcement_space_created_at_idx', ['spaceId', 'createdAt', 'id'])
@Check('announcement_author_kind_known', `author_kind ${AUTHOR_KINDS}`)
@Check('announcement_title_not_blank', 'length(btrim(title)) > 0')
@Check('announcement_body_html_length', 'length(body_html) <= 20000')
@Check('announcement_display_window_ordered', 'display_from IS NULL OR display_until IS NULL OR display_until > display_from')
export class AnnouncementEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'announcement_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  spaceId: string;

  @ManyToOne(() => SpaceEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'space_id', foreignKeyConstraintName: 'announcement_space_id_fkey' })
  space?: Relation<SpaceEntity>;

  @Column({ type: 'text' })
  authorKind: ActorKind;

  @Column({ type: 'uuid' })
  authorId: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text' })
  bodyHtml: string;

  @Column({ type: 'text' })
  bodyText: string;

  @Column({ type: 'boolean', default: false })
  pinned: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  displayFrom: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  displayUntil: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
