import { Args, Context, GraphQLISODateTime, ID, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Authenticated, CurrentPrincipal, Principal } from '@passerelle/access';
import { CalendarFeedService } from './calendar-feed.service.js';
import { CalendarFeedLink } from './calendar-feed.type.js';
import { Space } from './space.type.js';
import { LoaderContext } from './spaces.loaders.js';
import { SpaceViewers } from './space-viewer.js';

/** Secret agenda feeds (ADR 0023). Each operation calls one use case. */
@Resolver(() => CalendarFeedLink)
@Authenticated()
export class CalendarFeedResolver {
  constructor(private readonly viewers: SpaceViewers, private readonly feeds: CalendarFeedService) {}

  @Mutation(() => CalendarFeedLink, { description: "Makes the caller's secret agenda feed of a space, or renews it: the previous URL stops "
    + 'working at once. Members only (not a moderation access).' })
  calendarFeedUrl(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args('spaceId', { type: () => ID }) spaceId: string)
    : Promise<CalendarFeedLink> {
    return this.feeds.issue(this.viewers.of(principal, context), spaceId);
  }

  @Mutation(() => Boolean, { description: "Deletes the caller's agenda feed of a space; false when there was none." })
  revokeCalendarFeedUrl(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext,
    @Args('spaceId', { type: () => ID }) spaceId: string): Promise<boolean> {
    return this.feeds.revoke(this.viewers.of(principal, context), spaceId);
  }
}

/** Space.calendarFeedCreatedAt. */
@Resolver(() => Space)
@Authenticated()
export class SpaceCalendarFeedFieldsResolver {
  constructor(private readonly feeds: CalendarFeedService) {}

  @ResolveField(() => GraphQLISODateTime, { nullable: true, description: "When the caller made their agenda feed of this space (null: none)." })
  calendarFeedCreatedAt(@CurrentPrincipal() principal: Principal, @Parent() space: Space): Promise<Date | null> {
    return this.feeds.createdAt(principal, space.granted);
  }
}
