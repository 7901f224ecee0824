import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Connection, isUuid, PageRequest } from '@passerelle/graphql-kit';
import { paginateAscendingBy } from './keyset-page.js';
import { SpaceEventEntity } from './agenda.entities.js';
import { SpaceScope } from './space-scope.js';

/** Events of spaces. Every method that returns content takes the space's scope. */
@Injectable()
export class AgendaRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The space an event belongs to (to decide access before reading it), or null. */
  async locateEvent(eventId: string): Promise<string | null> {
    if (!isUuid(eventId)) return null;
    const [row] = await this.dataSource.query(`SELECT space_id FROM space_event WHERE id = $1`, [eventId]);
    return row?.space_id ?? null;
  }

  findEvent(scope: SpaceScope, id: string): Promise<SpaceEventEntity | null> {
    return this.dataSource.manager.findOneBy(SpaceEventEntity, { id, spaceId: scope.spaceId });
  }

  /**
   * Events by start, earliest first (Relay cursor on start and id); `from` keeps those still going on then, `to` those
   * that start before it.
   */
  pageEvents(scope: SpaceScope, page: PageRequest, period: { from?: Date | null; to?: Date | null } = {}): Promise<Connection<SpaceEventEntity>> {
    const query = this.dataSource.manager.createQueryBuilder(SpaceEventEntity, 'event')
      .where('event.space_id = :spaceId', { spaceId: scope.spaceId });
    if (period.from) query.andWhere('event.ends_at >= :from', { from: period.from });
    if (period.to) query.andWhere('event.starts_at < :to', { to: period.to });
    return paginateAscendingBy(query, page, { name: 'starts_at', type: 'timestamptz' });
  }

  /** Every event of the space, in time order (the iCalendar export; bounded). */
  allEvents(scope: SpaceScope, limit = 2000): Promise<SpaceEventEntity[]> {
    return this.dataSource.manager.find(SpaceEventEntity, { where: { spaceId: scope.spaceId }, order: { startsAt: 'ASC', id: 'ASC' }, take: limit });
  }

  /** Events still going on at or after `from` across several spaces, earliest start first, in one query. */
  upcoming(spaceIds: readonly string[], from: Date, limit: number): Promise<SpaceEventEntity[]> {
    if (spaceIds.length === 0 || limit <= 0) return Promise.resolve([]);
    return this.dataSource.manager.createQueryBuilder(SpaceEventEntity, 'event')
      .where('event.space_id = ANY(CAST(:spaceIds AS uuid[]))', { spaceIds: [...spaceIds] })
      .andWhere('event.ends_at >= :from', { from })
      .orderBy('event.starts_at', 'ASC').addOrderBy('event.id', 'ASC')
      .limit(limit).getMany();
  }
}
