import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Connection, connectionType } from '@passerelle/graphql-kit';
import { SpaceEventEntity } from './agenda.entities.js';

@ObjectType('SpaceEvent', { description: "An event of a space's agenda (also in its iCalendar export, GET /spaces/:id/calendar.ics)." })
export class SpaceEvent {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  spaceId: string;

  @Field()
  title: string;

  @Field()
  description: string;

  @Field({ description: 'Where it happens, as text.' })
  location: string;

  @Field(() => GraphQLISODateTime)
  startsAt: Date;

  @Field(() => GraphQLISODateTime)
  endsAt: Date;

  @Field({ description: 'Whole days (in Paris time) rather than hours.' })
  allDay: boolean;

  @Field(() => GraphQLISODateTime)
  createdAt: Date;
}

export const SpaceEventConnection = connectionType(SpaceEvent);
export type SpaceEventConnection = Connection<SpaceEvent>;

/** The fields an event exposes (nothing else of the row leaves the server). */
export function toSpaceEvent(entity: SpaceEventEntity): SpaceEvent {
  return {
    id: entity.id, spaceId: entity.spaceId, title: entity.title, description: entity.description, location: entity.location,
    startsAt: entity.startsAt, endsAt: entity.endsAt, allDay: entity.allDay, createdAt: entity.createdAt,
  };
}
