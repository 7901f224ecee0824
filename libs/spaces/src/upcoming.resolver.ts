import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { Authenticated, CurrentPrincipal, Principal } from '@passerelle/access';
import { toSpaceEvent } from './agenda.type.js';
import { toHomework } from './homework.type.js';
import { LoaderContext } from './spaces.loaders.js';
import { SpaceViewers } from './space-viewer.js';
import { Upcoming, UpcomingArgs } from './upcoming.type.js';
import { UpcomingService } from './upcoming.service.js';

/** The home screen's « À venir » across the caller's spaces. */
@Resolver(() => Upcoming)
@Authenticated()
export class UpcomingResolver {
  constructor(private readonly viewers: SpaceViewers, private readonly upcomingUseCase: UpcomingService) {}

  @Query(() => Upcoming, { description: 'The next homework due and the next events across my open spaces, in one request.' })
  async upcoming(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args() { first }: UpcomingArgs): Promise<Upcoming> {
    const { homework, events } = await this.upcomingUseCase.upcoming(this.viewers.of(principal, context), first);
    return { homework: homework.map(toHomework), events: events.map(toSpaceEvent) };
  }
}
