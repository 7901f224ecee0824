import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SpaceScope } from './space-scope.js';

/** The member a feed belongs to: a home person or a guest (hub administrators have none). */
export interface FeedMember {
  readonly kind: 'PERSON' | 'GUEST';
  readonly id: string;
}

/** A feed found by its token, with the fetch just counted against its window. */
export interface FoundFeed {
  readonly spaceId: string;
  readonly member: FeedMember;
  readonly hits: number;
  readonly retryAfterSeconds: number;
}

const MEMBER_COLUMN = { PERSON: 'person_id', GUEST: 'guest_id' } as const;

/** `calendar_feed_token`: one row per member and space, the token's hash only. */
@Injectable()
export class CalendarFeedsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Creates the member's feed of the space, or replaces its token (the old one stops working): whether one existed. */
  async replace(manager: EntityManager, scope: SpaceScope, member: FeedMember, tokenHash: Buffer): Promise<{ renewed: boolean; createdAt: Date }> {
    const column = MEMBER_COLUMN[member.kind];
    const [row]: { renewed: boolean; created_at: Date }[] = await manager.query(
      `INSERT INTO calendar_feed_token AS t (space_id, ${column}, token_hash) VALUES ($1, $2, $3)
       ON CONFLICT (space_id, ${column}) WHERE ${column} IS NOT NULL DO UPDATE SET token_hash = EXCLUDED.token_hash,
         created_at = now(), window_start = now(), window_hits = 0, last_fetched_at = NULL
       RETURNING (xmax <> 0) AS renewed, created_at`,
      [scope.spaceId, member.id, tokenHash]);
    return { renewed: row.renewed, createdAt: new Date(row.created_at) };
  }

  /** Deletes the member's feed of the space: whether there was one. */
  async remove(manager: EntityManager, scope: SpaceScope, member: FeedMember): Promise<boolean> {
    const [, count] = await manager.query(
      `DELETE FROM calendar_feed_token WHERE space_id = $1 AND ${MEMBER_COLUMN[member.kind]} = $2`, [scope.spaceId, member.id]) as [unknown, number];
    return count > 0;
  }

  /** When the member's feed of the space was made, or null. */
  async createdAt(scope: SpaceScope, member: FeedMember): Promise<Date | null> {
    const [row]: { created_at: Date }[] = await this.dataSource.query(
      `SELECT created_at FROM calendar_feed_token WHERE space_id = $1 AND ${MEMBER_COLUMN[member.kind]} = $2`, [scope.spaceId, member.id]);
    return row ? new Date(row.created_at) : null;
  }

  /** The feed of a token hash, counting this fetch in its fixed window (one statement), or null for an unknown token. */
  async fetch(tokenHash: Buffer, windowSeconds: number): Promise<FoundFeed | null> {
    // TypeORM answers an UPDATE with [rows, affected count].
    const [[row]]: [{ space_id: string; person_id: string | null; guest_id: string | null; hits: number; retry_after: number }[], number] =
      await this.dataSource.query(
        `UPDATE calendar_feed_token AS t SET
           window_start = CASE WHEN t.window_start <= now() - make_interval(secs => $2) THEN now() ELSE t.window_start END,
           window_hits = CASE WHEN t.window_start <= now() - make_interval(secs => $2) THEN 1 ELSE t.window_hits + 1 END,
           last_fetched_at = now()
         WHERE token_hash = $1
         RETURNING space_id, person_id, guest_id, window_hits AS hits,
           ceil(extract(epoch FROM window_start + make_interval(secs => $2) - clock_timestamp()))::int AS retry_after`,
        [tokenHash, windowSeconds]);
    if (!row) return null;
    const member: FeedMember = row.person_id ? { kind: 'PERSON', id: row.person_id } : { kind: 'GUEST', id: row.guest_id! };
    return { spaceId: row.space_id, member, hits: row.hits, retryAfterSeconds: Math.max(1, row.retry_after) };
  }

  /** The national profiles of a home person today, or null when they are no longer in the directory. */
  async personProfiles(personId: string): Promise<string[] | null> {
    const [row]: { profiles: string[] }[] = await this.dataSource.query(`SELECT profiles FROM person WHERE id = $1`, [personId]);
    return row ? row.profiles : null;
  }
}
