import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Connection, isUuid, paginate, PageRequest } from '@passerelle/graphql-kit';
import { AuthorName, authorNameJoins, authorNameOfRow } from './authors.repository.js';
import { entitySql } from './entity-sql.js';
import { paginateNewestFirst, paginateNewestFirstSql } from './newest-first.js';
import { SpaceScope } from './space-scope.js';
import {
  AnnouncementEntity, CommentEntity, MentionEntity, MentionSubjectKind, PostEntity, PostModerationEntity, PostRevisionEntity, PostStatus,
  ReactionEmoji,
} from './wall.entities.js';

/** SQL: how many published comments (deleted ones excluded) the post has, given SQL expressions of its space's and its own id. */
function commentCountSql(spaceId: string, postId: string): string {
  return `SELECT count(*)::int FROM post_comment c WHERE c.space_id = ${spaceId} AND c.post_id = ${postId} AND c.deleted_at IS NULL
    AND c.status = 'PUBLISHED'`;
}

/** A moderation decision on a comment or a document version (posts have post_moderation). */
export interface ContentModerationRecord {
  readonly id: string;
  readonly commentId: string | null;
  readonly documentVersionId: string | null;
  readonly decision: 'APPROVE' | 'REJECT';
  readonly moderatorKind: string;
  readonly moderatorId: string;
}

/** Records a moderator's decision on a comment or a document version; returns its id (the decision's notification re-reads it). */
export async function insertContentModeration(manager: EntityManager, scope: SpaceScope, subject: { commentId?: string; documentVersionId?: string },
  decision: { decision: string; reason: string | null; moderator: { kind: string; id: string } }): Promise<string> {
  const [{ id }] = await manager.query(
    `INSERT INTO content_moderation (space_id, comment_id, document_version_id, decision, reason, moderator_kind, moderator_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [scope.spaceId, subject.commentId ?? null, subject.documentVersionId ?? null, decision.decision, decision.reason,
      decision.moderator.kind, decision.moderator.id]);
  return id;
}

/** A page of the wall, with what its readers show beside each post (primed into the request's loaders). */
export interface WallPage extends Connection<PostEntity> {
  readonly authorNames: readonly AuthorName[];
  readonly commentCounts: ReadonlyMap<string, number>;
}

/** A post or comment id already read through its space's scope (what batch loaders take). */
export interface ScopedId {
  readonly scope: SpaceScope;
  readonly id: string;
}

export interface PostVisibility {
  readonly actorKind: string;
  readonly actorId: string;
  readonly mayModerate: boolean;
}

/**
 * Content of spaces (posts, comments, reactions, mentions, announcements). Every method that returns content takes
 * the space's scope; `locate*` only say which space an id belongs to, so that access can be decided first.
 */
@Injectable()
export class WallRepository {
  constructor(private readonly dataSource: DataSource) {}

  async locatePost(postId: string): Promise<string | null> {
    if (!isUuid(postId)) return null;
    const [row] = await this.dataSource.query(`SELECT space_id FROM post WHERE id = $1`, [postId]);
    return row?.space_id ?? null;
  }

  async locateComment(commentId: string): Promise<string | null> {
    if (!isUuid(commentId)) return null;
    const [row] = await this.dataSource.query(`SELECT space_id FROM post_comment WHERE id = $1`, [commentId]);
    return row?.space_id ?? null;
  }

  async locateAnnouncement(announcementId: string): Promise<string | null> {
    if (!isUuid(announcementId)) return null;
    const [row] = await this.dataSource.query(`SELECT space_id FROM announcement WHERE id = $1`, [announcementId]);
    return row?.space_id ?? null;
  }

  findPost(scope: SpaceScope, postId: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<PostEntity | null> {
    if (!isUuid(postId)) return Promise.resolve(null);
    const query = manager.createQueryBuilder(PostEntity, 'post').where('post.id = :postId AND post.space_id = :spaceId', { postId, spaceId: scope.spaceId });
    if (lock) query.setLock('pessimistic_write');
    return query.getOne();
  }

  findComment(scope: SpaceScope, commentId: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<CommentEntity | null> {
    if (!isUuid(commentId)) return Promise.resolve(null);
    const query = manager.createQueryBuilder(CommentEntity, 'post_comment')
      .where('post_comment.id = :commentId AND post_comment.space_id = :spaceId', { commentId, spaceId: scope.spaceId });
    if (lock) query.setLock('pessimistic_write');
    return query.getOne();
  }

  findAnnouncement(scope: SpaceScope, id: string, manager: EntityManager = this.dataSource.manager): Promise<AnnouncementEntity | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return manager.findOneBy(AnnouncementEntity, { id, spaceId: scope.spaceId });
  }

  /**
   * The wall, newest first: published posts and tombstones, plus pending/rejected ones the caller may see. Each
   * post's author name and comment count come in the same statement (what every reader of a wall shows).
   */
  async pagePosts(scope: SpaceScope, visibility: PostVisibility, status: PostStatus | null, page: PageRequest): Promise<WallPage> {
    // Plain SQL: the wall is the hottest read of the hub (bench feed-read).
    const params: unknown[] = [scope.spaceId];
    const conditions = ['t.space_id = $1'];
    if (!visibility.mayModerate) {
      params.push(visibility.actorKind, isUuid(visibility.actorId) ? visibility.actorId : null);
      conditions.push(`(t.status = 'PUBLISHED' OR (t.author_kind = $2 AND t.author_id = CAST($3 AS uuid)))`);
    }
    if (status) {
      params.push(status);
      conditions.push(`t.status = $${params.length}`);
    }
    const authors = authorNameJoins('t');
    const { connection, extras } = await paginateNewestFirstSql(this.dataSource.manager, PostEntity, conditions.join(' AND '), params, page, {
      joins: authors.joins,
      columns: `${authors.columns}, (${commentCountSql('t.space_id', 't.id')}) AS comment_count`,
    });
    const authorNames: AuthorName[] = [];
    const commentCounts = new Map<string, number>();
    for (const { node: post } of connection.edges) {
      const row = extras.get(post.id)!;
      authorNames.push(authorNameOfRow(post.authorKind, post.authorId, row));
      commentCounts.set(post.id, Number(row.comment_count));
    }
    return { ...connection, authorNames, commentCounts };
  }

  /** Comments of a post, oldest first (a conversation reads down): published ones, the caller's own, all for moderators. */
  pageComments(scope: SpaceScope, visibility: PostVisibility, postId: string, page: PageRequest): Promise<Connection<CommentEntity>> {
    const query = this.dataSource.manager.createQueryBuilder(CommentEntity, 'post_comment')
      .where('post_comment.space_id = :spaceId AND post_comment.post_id = :postId', { spaceId: scope.spaceId, postId });
    if (!visibility.mayModerate) {
      query.andWhere(`(post_comment.status = 'PUBLISHED' OR (post_comment.author_kind = :actorKind AND post_comment.author_id = CAST(:actorId AS uuid)))`,
        { actorKind: visibility.actorKind, actorId: isUuid(visibility.actorId) ? visibility.actorId : null });
    }
    return paginate(query, page);
  }

  /**
   * The latest `count` comments of each post (deleted ones left out), newest last, in one statement for a whole page
   * of the wall: published ones, plus held or refused ones to their author, all of them where `mayModerate` is set
   * for the post's space (the same visibility as `pageComments`).
   */
  async latestComments(posts: readonly (ScopedId & { readonly mayModerate: boolean })[], actorKind: string, actorId: string, count: number)
    : Promise<Map<string, CommentEntity[]>> {
    const byPost = new Map<string, CommentEntity[]>();
    if (posts.length === 0 || count <= 0) return byPost;
    const sql = entitySql(this.dataSource.manager, CommentEntity);
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT ${sql.columns('c')} FROM unnest($1::uuid[], $2::uuid[], $3::boolean[]) AS wanted(space_id, post_id, may_moderate)
       CROSS JOIN LATERAL (SELECT * FROM ${sql.table} x WHERE x.space_id = wanted.space_id AND x.post_id = wanted.post_id AND x.deleted_at IS NULL
         AND (wanted.may_moderate OR x.status = 'PUBLISHED' OR (x.author_kind = $4 AND x.author_id = CAST($5 AS uuid)))
         ORDER BY x.created_at DESC, x.id DESC LIMIT $6) c
       ORDER BY c.post_id, c.created_at, c.id`,
      [posts.map((post) => post.scope.spaceId), posts.map((post) => post.id), posts.map((post) => post.mayModerate), actorKind,
        isUuid(actorId) ? actorId : null, count]);
    for (const row of rows) {
      const comment = sql.entity<CommentEntity>(row);
      const list = byPost.get(comment.postId) ?? [];
      list.push(comment);
      byPost.set(comment.postId, list);
    }
    return byPost;
  }

  /** Held comments of the space, oldest first: all of them for moderators, the caller's own otherwise. */
  pageHeldComments(scope: SpaceScope, visibility: PostVisibility, page: PageRequest): Promise<Connection<CommentEntity>> {
    const query = this.dataSource.manager.createQueryBuilder(CommentEntity, 'post_comment')
      .where(`post_comment.space_id = :spaceId AND post_comment.status = 'PENDING' AND post_comment.deleted_at IS NULL`, { spaceId: scope.spaceId });
    if (!visibility.mayModerate) {
      query.andWhere('post_comment.author_kind = :actorKind AND post_comment.author_id = CAST(:actorId AS uuid)',
        { actorKind: visibility.actorKind, actorId: isUuid(visibility.actorId) ? visibility.actorId : null });
    }
    return paginate(query, page);
  }

  /** Records a moderator's decision on a comment or a document version; returns its id. */
  recordContentModeration(manager: EntityManager, scope: SpaceScope, subject: { commentId?: string; documentVersionId?: string },
    decision: { decision: string; reason: string | null; moderator: { kind: string; id: string } }): Promise<string> {
    return insertContentModeration(manager, scope, subject, decision);
  }

  async findContentModeration(scope: SpaceScope, id: string): Promise<ContentModerationRecord | null> {
    if (!isUuid(id)) return null;
    const rows: ContentModerationRecord[] = await this.dataSource.query(
      `SELECT id, comment_id AS "commentId", document_version_id AS "documentVersionId", decision, moderator_kind AS "moderatorKind",
         moderator_id AS "moderatorId" FROM content_moderation WHERE space_id = $1 AND id = $2`, [scope.spaceId, id]);
    return rows[0] ?? null;
  }

  /** How many posts, comments and document versions wait for a moderator in the space (the moderators' notification says it). */
  async pendingCount(scope: SpaceScope): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(
      `SELECT (SELECT count(*) FROM post WHERE space_id = $1 AND status = 'PENDING' AND deleted_at IS NULL)
            + (SELECT count(*) FROM post_comment WHERE space_id = $1 AND status = 'PENDING' AND deleted_at IS NULL)
            + (SELECT count(*) FROM document_version WHERE space_id = $1 AND status = 'PENDING') AS n`, [scope.spaceId]);
    return Number(row?.n ?? 0);
  }

  /** The same count as `pendingCount` for several spaces at once (a list of spaces on the home screen), in one query. */
  async pendingCounts(scopes: readonly SpaceScope[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (scopes.length === 0) return counts;
    const rows: { space_id: string; n: number }[] = await this.dataSource.query(
      `SELECT wanted.space_id,
         (SELECT count(*) FROM post WHERE space_id = wanted.space_id AND status = 'PENDING' AND deleted_at IS NULL)
         + (SELECT count(*) FROM post_comment WHERE space_id = wanted.space_id AND status = 'PENDING' AND deleted_at IS NULL)
         + (SELECT count(*) FROM document_version WHERE space_id = wanted.space_id AND status = 'PENDING') AS n
       FROM unnest($1::uuid[]) AS wanted(space_id)`, [scopes.map((scope) => scope.spaceId)]);
    for (const row of rows) counts.set(row.space_id, Number(row.n));
    return counts;
  }

  /** Comments per post (deleted ones excluded), in one query for a whole feed. */
  async commentCounts(posts: readonly ScopedId[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (posts.length === 0) return counts;
    const rows: { post_id: string; n: number }[] = await this.dataSource.query(
      `SELECT wanted.post_id, (${commentCountSql('wanted.space_id', 'wanted.post_id')}) AS n FROM unnest($1::uuid[], $2::uuid[]) AS wanted(space_id, post_id)`,
      [posts.map((post) => post.scope.spaceId), posts.map((post) => post.id)]);
    for (const row of rows) counts.set(row.post_id, row.n);
    return counts;
  }

  /** Reactions per post and emoji, with whether the actor left each, in one query for a whole feed. */
  async reactionCounts(posts: readonly ScopedId[], actorKind: string, actorId: string)
    : Promise<Map<string, { emoji: ReactionEmoji; count: number; mine: boolean }[]>> {
    const byPost = new Map<string, { emoji: ReactionEmoji; count: number; mine: boolean }[]>();
    if (posts.length === 0) return byPost;
    const rows: { post_id: string; emoji: ReactionEmoji; n: number; mine: boolean }[] = await this.dataSource.query(
      `SELECT r.post_id, r.emoji, count(*)::int AS n, bool_or(r.reactor_kind = $3 AND r.reactor_id = CAST($4 AS uuid)) AS mine
       FROM post_reaction r
       JOIN unnest($1::uuid[], $2::uuid[]) AS wanted(space_id, post_id) ON wanted.space_id = r.space_id AND wanted.post_id = r.post_id
       GROUP BY r.post_id, r.emoji ORDER BY r.post_id, r.emoji`,
      [posts.map((post) => post.scope.spaceId), posts.map((post) => post.id), actorKind, isUuid(actorId) ? actorId : null]);
    for (const row of rows) {
      const list = byPost.get(row.post_id) ?? [];
      list.push({ emoji: row.emoji, count: row.n, mine: row.mine });
      byPost.set(row.post_id, list);
    }
    return byPost;
  }

  findModeration(scope: SpaceScope, id: string): Promise<PostModerationEntity | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.dataSource.manager.findOneBy(PostModerationEntity, { id, spaceId: scope.spaceId });
  }

  findRevision(scope: SpaceScope, id: string): Promise<PostRevisionEntity | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.dataSource.manager.findOneBy(PostRevisionEntity, { id, spaceId: scope.spaceId });
  }

  revisions(scope: SpaceScope, postId: string): Promise<PostRevisionEntity[]> {
    return this.dataSource.manager.find(PostRevisionEntity, { where: { spaceId: scope.spaceId, postId }, order: { revision: 'ASC' } });
  }

  async insertMentions(manager: EntityManager, scope: SpaceScope, subjectKind: MentionSubjectKind, subjectId: string,
    mentioned: readonly { kind: 'PERSON' | 'GUEST'; id: string }[]): Promise<void> {
    for (const member of mentioned) {
      await manager.query(`INSERT INTO mention (space_id, subject_kind, subject_id, mentioned_kind, mentioned_id) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT DO NOTHING`, [scope.spaceId, subjectKind, subjectId, member.kind, member.id]);
    }
  }

  mentions(scope: SpaceScope, subjectId: string, manager: EntityManager = this.dataSource.manager): Promise<MentionEntity[]> {
    return manager.findBy(MentionEntity, { spaceId: scope.spaceId, subjectId });
  }

  /** Announcements newest first; only those displayed at `now` unless `includeHidden`; only pinned ones when asked. */
  pageAnnouncements(scope: SpaceScope, options: { now: Date; includeHidden: boolean; pinned: boolean | null }, page: PageRequest)
    : Promise<Connection<AnnouncementEntity>> {
    const query = this.dataSource.manager.createQueryBuilder(AnnouncementEntity, 'announcement')
      .where('announcement.space_id = :spaceId', { spaceId: scope.spaceId });
    if (!options.includeHidden) {
      query.andWhere(`(announcement.display_from IS NULL OR announcement.display_from <= :now)
        AND (announcement.display_until IS NULL OR announcement.display_until > :now)`, { now: options.now });
    }
    if (options.pinned !== null) query.andWhere('announcement.pinned = :pinned', { pinned: options.pinned });
    return paginateNewestFirst(query, page);
  }

  /** Posts by id within their scopes (for loaders), in one query. */
  async postsByIds(posts: readonly ScopedId[]): Promise<Map<string, PostEntity>> {
    if (posts.length === 0) return new Map();
    const found = await this.dataSource.manager.createQueryBuilder(PostEntity, 'post')
      .where(`(post.space_id, post.id) IN (SELECT * FROM unnest(CAST(:spaceIds AS uuid[]), CAST(:postIds AS uuid[])))`,
        { spaceIds: posts.map((post) => post.scope.spaceId), postIds: posts.map((post) => post.id) })
      .getMany();
    return new Map(found.map((post) => [post.id, post]));
  }

  /** Whether a status is one the wall knows. */
  static isStatus(value: string): value is PostStatus {
    return (Object.values(PostStatus) as string[]).includes(value);
  }
}
