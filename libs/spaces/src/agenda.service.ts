import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { checkRequiredText } from '@passerelle/directory';
import { InvalidInputError, NotFoundError } from '@passerelle/errors';
import { Connection, PageRequest } from '@passerelle/graphql-kit';
import { jobRequest, Transaction, UnitOfWork } from '@passerelle/jobs';
import { SpaceEventEntity } from './agenda.entities.js';
import { AgendaRepository } from './agenda.repository.js';
import { checkEventWindow, checkPeriod, eventReminderTime } from './agenda.rules.js';
import { SpaceAction } from './space-permissions.js';
import { GrantedSpace, SpaceViewer } from './space-viewer.js';

export interface EventFields {
  readonly title?: string | null;
  readonly description?: string | null;
  readonly location?: string | null;
  readonly startsAt?: Date | null;
  readonly endsAt?: Date | null;
  readonly allDay?: boolean | null;
}

export interface CreateEventCommand extends EventFields {
  readonly spaceId: string;
  readonly title: string;
  readonly startsAt: Date;
}

export const EVENT_NOT_FOUND = "Cet évènement n'existe pas ou vous n'y avez pas accès.";

/** The agenda of a space: owners and moderators plan events, every member reads them (and their .ics export). */
@Injectable()
export class AgendaService {
  constructor(private readonly dataSource: DataSource, private readonly repository: AgendaRepository, private readonly unitOfWork: UnitOfWork) {}

  async createEvent(viewer: SpaceViewer, command: CreateEventCommand): Promise<{ granted: GrantedSpace; event: SpaceEventEntity }> {
    const granted = await viewer.require(command.spaceId, SpaceAction.SCHEDULE);
    const fields = this.check(command, { startsAt: command.startsAt, endsAt: command.endsAt ?? command.startsAt });
    const actor = viewer.actor;
    const event = await this.unitOfWork.run(async (tx) => {
      const created = await tx.manager.save(tx.manager.create(SpaceEventEntity, {
        spaceId: granted.scope.spaceId, authorKind: actor.kind, authorId: actor.id, ...fields,
      }));
      await tx.enqueue(jobRequest('space-activity', { spaceId: granted.scope.spaceId, kind: 'EVENT_CREATED', subjectId: created.id },
        ['EVENT_CREATED', created.id]));
      await planReminder(tx, created);
      return created;
    });
    return { granted, event };
  }

  async updateEvent(viewer: SpaceViewer, id: string, changes: EventFields): Promise<{ granted: GrantedSpace; event: SpaceEventEntity }> {
    const { granted, event } = await this.locate(viewer, id);
    await viewer.require(granted.scope.spaceId, SpaceAction.SCHEDULE);
    const fields = this.check({ ...event, ...definedOnly(changes) }, {
      startsAt: changes.startsAt ?? event.startsAt, endsAt: changes.endsAt ?? event.endsAt,
    });
    await this.unitOfWork.run(async (tx) => {
      await tx.manager.update(SpaceEventEntity, { id: event.id, spaceId: granted.scope.spaceId }, fields);
      // A new start gets its own reminder (another job id); the one planned for the old start skips itself.
      if (fields.startsAt.getTime() !== event.startsAt.getTime()) await planReminder(tx, { ...event, ...fields });
    });
    return { granted, event: (await this.repository.findEvent(granted.scope, event.id))! };
  }

  async deleteEvent(viewer: SpaceViewer, id: string): Promise<string> {
    const { granted, event } = await this.locate(viewer, id);
    await viewer.require(granted.scope.spaceId, SpaceAction.SCHEDULE);
    await this.dataSource.manager.delete(SpaceEventEntity, { id: event.id, spaceId: granted.scope.spaceId });
    return event.id;
  }

  /** The agenda by start, earliest first, optionally within a period (events still going on at `from`, starting before `to`). */
  listEvents(granted: GrantedSpace, page: PageRequest, period: { from?: Date | null; to?: Date | null } = {}): Promise<Connection<SpaceEventEntity>> {
    const checked = checkPeriod(period.from, period.to);
    if (!checked.valid) throw new InvalidInputError(checked.reason, ['to']);
    return this.repository.pageEvents(granted.scope, page, period);
  }

  /** Every event of a space the caller may read (NOT_FOUND otherwise), for the iCalendar export. */
  async calendar(viewer: SpaceViewer, spaceId: string): Promise<{ granted: GrantedSpace; events: SpaceEventEntity[] }> {
    const granted = await viewer.require(spaceId, SpaceAction.READ);
    return { granted, events: await this.repository.allEvents(granted.scope) };
  }

  private async locate(viewer: SpaceViewer, id: string): Promise<{ granted: GrantedSpace; event: SpaceEventEntity }> {
    const spaceId = await this.repository.locateEvent(id);
    const granted = spaceId ? await viewer.find(spaceId) : null;
    const event = granted ? await this.repository.findEvent(granted.scope, id) : null;
    if (!granted || !event) throw new NotFoundError(EVENT_NOT_FOUND);
    return { granted, event };
  }

  private check(fields: EventFields, window: { startsAt: Date; endsAt: Date }) {
    const title = checkRequiredText(fields.title ?? '', 200, 'Le titre');
    if (!title.valid) throw new InvalidInputError(title.reason, ['input', 'title']);
    const description = (fields.description ?? '').trim();
    if (description.length > 4000) throw new InvalidInputError('La description est trop longue.', ['input', 'description']);
    const location = (fields.location ?? '').trim();
    if (location.length > 300) throw new InvalidInputError('Le lieu est trop long.', ['input', 'location']);
    const checked = checkEventWindow(window.startsAt, window.endsAt);
    if (!checked.valid) throw new InvalidInputError(checked.reason, ['input', 'endsAt']);
    return { title: title.value, description, location, startsAt: window.startsAt, endsAt: window.endsAt, allDay: fields.allDay ?? false };
  }
}

/**
 * Plans the reminder of an event (none when it has started). The job id names the event, its start and the moment it
 * was planned: an event moved away and back to the same start gets a new job (BullMQ keeps completed ids for days and
 * would ignore a second job of the same id); the handler re-checks the start, and the notification's key prevents a
 * second reminder of the same start.
 */
async function planReminder(tx: Transaction, event: Pick<SpaceEventEntity, 'id' | 'spaceId' | 'startsAt'>): Promise<void> {
  const now = new Date();
  const runAt = eventReminderTime(event.startsAt, now);
  if (!runAt) return;
  await tx.enqueue(jobRequest('event-reminder', { spaceId: event.spaceId, eventId: event.id, startsAt: event.startsAt.toISOString() },
    [event.id, String(event.startsAt.getTime()), now.getTime().toString(36)], runAt));
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}
