import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from '@passerelle/database';
import { Connection, isUuid, PageRequest } from '@passerelle/graphql-kit';
import { ActorKind, paginateNewestFirst, SpaceScope } from '@passerelle/spaces';
import { ChatMessageEntity } from './chat-message.entity.js';

export interface NewChatMessage {
  readonly authorKind: ActorKind;
  readonly authorId: string;
  readonly recipientKind: 'PERSON' | 'GUEST' | null;
  readonly recipientId: string | null;
  readonly text: string;
}

export interface ChatRemoval {
  readonly byKind: ActorKind;
  readonly byId: string;
  readonly reason: string | null;
}

/** Chat messages of one space: every method takes the space's scope (the tenant), except `locate`. */
@Injectable()
export class ChatRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The space a message belongs to (the caller's access to it is decided next), or null. */
  async locate(messageId: string): Promise<string | null> {
    if (!isUuid(messageId)) return null;
    const [row]: { space_id: string }[] = await this.dataSource.query(`SELECT space_id FROM chat_message WHERE id = $1`, [messageId]);
    return row?.space_id ?? null;
  }

  find(scope: SpaceScope, messageId: string, manager: EntityManager = this.dataSource.manager): Promise<ChatMessageEntity | null> {
    if (!isUuid(messageId)) return Promise.resolve(null);
    return manager.findOneBy(ChatMessageEntity, { id: messageId, spaceId: scope.spaceId });
  }

  /**
   * Writes the message unless `refuse(count of the author's messages in the last `seconds`)` says no (then null). The
   * count and the insert run under one transaction-scoped advisory lock per author and space: parallel sends of one
   * member are counted one after another, so a burst cannot slip past the limit.
   */
  async insertUnless(scope: SpaceScope, message: NewChatMessage, seconds: number, refuse: (recent: number) => boolean)
    : Promise<ChatMessageEntity | null> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('chat:' || $1 || ':' || $2, 0))`, [scope.spaceId, message.authorId]);
      if (refuse(await this.recentCount(scope, { kind: message.authorKind, id: message.authorId }, seconds, manager))) return null;
      return this.insert(scope, message, manager);
    });
  }

  insert(scope: SpaceScope, message: NewChatMessage, manager: EntityManager = this.dataSource.manager): Promise<ChatMessageEntity> {
    return manager.save(manager.create(ChatMessageEntity, {
      spaceId: scope.spaceId, ...message, removedAt: null, removedByKind: null, removedById: null, removalReason: null,
    }));
  }

  /** Erases the text and records who removed it; null when it was already removed (nothing changes then). */
  async remove(scope: SpaceScope, messageId: string, removal: ChatRemoval): Promise<ChatMessageEntity | null> {
    const rows = returnedRows<{ id: string }>(await this.dataSource.query(
      `UPDATE chat_message SET text = '', removed_at = now(), removed_by_kind = $3, removed_by_id = $4, removal_reason = $5
       WHERE id = $1 AND space_id = $2 AND removed_at IS NULL RETURNING id`,
      [messageId, scope.spaceId, removal.byKind, removal.byId, removal.reason]));
    return rows.length ? this.find(scope, messageId) : null;
  }

  /** How many messages an author wrote in the space during the last `seconds` (the database's clock). */
  async recentCount(scope: SpaceScope, author: { kind: ActorKind; id: string }, seconds: number,
    manager: EntityManager = this.dataSource.manager): Promise<number> {
    if (!isUuid(author.id)) return 0;
    const [row]: { n: number }[] = await manager.query(
      `SELECT count(*)::int AS n FROM chat_message WHERE space_id = $1 AND author_kind = $2 AND author_id = $3
         AND created_at > now() - make_interval(secs => $4)`, [scope.spaceId, author.kind, author.id, seconds]);
    return row?.n ?? 0;
  }

  /** The messages one member sees, newest first: the channel, and the private messages they wrote or received. */
  page(scope: SpaceScope, viewer: { kind: ActorKind; id: string }, page: PageRequest): Promise<Connection<ChatMessageEntity>> {
    const query = this.dataSource.manager.createQueryBuilder(ChatMessageEntity, 'message')
      .where('message.space_id = :spaceId', { spaceId: scope.spaceId });
    if (isUuid(viewer.id)) {
      query.andWhere(`(message.recipient_id IS NULL
        OR (message.author_kind = :viewerKind AND message.author_id = :viewerId)
        OR (message.recipient_kind = :viewerKind AND message.recipient_id = :viewerId))`, { viewerKind: viewer.kind, viewerId: viewer.id });
    } else {
      query.andWhere('message.recipient_id IS NULL');
    }
    return paginateNewestFirst(query, page);
  }
}
