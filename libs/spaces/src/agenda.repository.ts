import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Connection, isUuid, paginate, PageRequest } from '@passerelle/graphql-kit';
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

  /** Events in the order they were planned (Relay cursor). */
  pageEvents(scope: SpaceScope, page: PageRequest): Promise<Connection<SpaceEventEntity>> {
    return paginate(this.dataSource.manager.createQueryBuilder(SpaceEventEntity, 'event')
      .where('event.space_id = :spaceId', { spaceId: scope.spaceId }), page);
  }

  /** Every event of the space, in time order (the iCalendar export; bounded). */
  allEvents(scope: SpaceScope, limit = 2000): Promise<SpaceEventEntity[]> {
    return this.dataSource.manager.find(SpaceEventEntity, { where: { spaceId: scope.spaceId }, order: { startsAt: 'ASC', id: 'ASC' }, take: limit });
  }
}
