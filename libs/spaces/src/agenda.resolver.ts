import { Args, Context, ID, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Authenticated, CurrentPrincipal, Principal } from '@passerelle/access';
import { mapConnection, parsePage } from '@passerelle/graphql-kit';
import { CreateEventArgs, SpaceEventsArgs, UpdateEventArgs } from './agenda.inputs.js';
import { AgendaService } from './agenda.service.js';
import { SpaceEvent, SpaceEventConnection, toSpaceEvent } from './agenda.type.js';
import { Space } from './space.type.js';
import { LoaderContext } from './spaces.loaders.js';
import { SpaceViewers } from './space-viewer.js';

/** The agenda of spaces: events. Each operation calls one use case. */
@Resolver(() => SpaceEvent)
@Authenticated()
export class AgendaResolver {
  constructor(private readonly viewers: SpaceViewers, private readonly agenda: AgendaService) {}

  @Mutation(() => SpaceEvent, { description: "Adds an event to a space's agenda (owners and moderators)." })
  async createEvent(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args() { input }: CreateEventArgs)
    : Promise<SpaceEvent> {
    return toSpaceEvent((await this.agenda.createEvent(this.viewers.of(principal, context), input)).event);
  }

  @Mutation(() => SpaceEvent, { description: 'Changes an event (owners and moderators).' })
  async updateEvent(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args() { input: { eventId, ...changes } }: UpdateEventArgs)
    : Promise<SpaceEvent> {
    return toSpaceEvent((await this.agenda.updateEvent(this.viewers.of(principal, context), eventId, changes)).event);
  }

  @Mutation(() => ID, { description: 'Removes an event (owners and moderators); returns its id.' })
  deleteEvent(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args('id', { type: () => ID }) id: string)
    : Promise<string> {
    return this.agenda.deleteEvent(this.viewers.of(principal, context), id);
  }
}

/** Space.events. */
@Resolver(() => Space)
@Authenticated()
export class SpaceAgendaFieldsResolver {
  constructor(private readonly agenda: AgendaService) {}

  @ResolveField(() => SpaceEventConnection, { description: 'The agenda by start, earliest first (optionally within a period).' })
  async events(@Parent() space: Space, @Args() { from, to, ...page }: SpaceEventsArgs): Promise<SpaceEventConnection> {
    return mapConnection(await this.agenda.listEvents(space.granted, parsePage(page), { from, to }), toSpaceEvent);
  }
}
