import { Args, Context, GraphQLISODateTime, ID, Int, Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { addressOf, Authenticated, CurrentPrincipal, Principal } from '@passerelle/access';
import { filterFeed, mapConnection, parsePage } from '@passerelle/graphql-kit';
import { LoaderContext, Space, SpaceViewers, toSpace } from '@passerelle/spaces';
import { notificationMessage } from './notification-kinds.js';
import { NotificationStream } from './notification-stream.js';
import {
  MarkAllNotificationsReadPayload, MarkNotificationsReadPayload, Notification, NotificationConnection, NotificationPreference, NotificationsArgs,
  SetNotificationPreferenceArgs,
} from './notification.type.js';
import { toNotification } from './notifications.mapper.js';
import { NotificationsService } from './notifications.service.js';

/** The signed-in principal's inbox. Each operation calls one use case, for the caller only. */
@Resolver(() => Notification)
@Authenticated()
export class NotificationsResolver {
  constructor(private readonly inbox: NotificationsService, private readonly stream: NotificationStream,
    private readonly viewers: SpaceViewers) {}

  @Query(() => NotificationConnection, { description: 'My notifications, newest first.' })
  async notifications(@CurrentPrincipal() principal: Principal, @Args() { unreadOnly, ...page }: NotificationsArgs): Promise<NotificationConnection> {
    return mapConnection(await this.inbox.listNotifications(principal, unreadOnly ?? false, parsePage(page)), toNotification);
  }

  @Query(() => Int, { description: 'How many of my notifications are unread.' })
  unreadNotificationsCount(@CurrentPrincipal() principal: Principal): Promise<number> {
    return this.inbox.unreadCount(principal);
  }

  @Mutation(() => MarkNotificationsReadPayload, { description: 'Marks some of my notifications read (others\' ids are ignored).' })
  async markNotificationsRead(@CurrentPrincipal() principal: Principal, @Args('ids', { type: () => [ID] }) ids: string[])
    : Promise<MarkNotificationsReadPayload> {
    const notifications = (await this.inbox.markRead(principal, ids)).map(toNotification);
    return { notifications, unreadCount: await this.inbox.unreadCount(principal) };
  }

  @Mutation(() => MarkAllNotificationsReadPayload, {
    description: 'Marks all my unread notifications read (only those created up to `before` when given: what the list on screen showed).',
  })
  async markAllNotificationsRead(@CurrentPrincipal() principal: Principal,
    @Args('before', { type: () => GraphQLISODateTime, nullable: true }) before: Date | null): Promise<MarkAllNotificationsReadPayload> {
    const markedCount = await this.inbox.markAllRead(principal, before ?? null);
    return { markedCount, unreadCount: await this.inbox.unreadCount(principal) };
  }

  @Query(() => [NotificationPreference], { description: 'Which kinds of notification I receive.' })
  notificationPreferences(@CurrentPrincipal() principal: Principal): Promise<NotificationPreference[]> {
    return this.inbox.preferences(principal);
  }

  @Mutation(() => NotificationPreference, { description: 'Switches one kind of notification on or off for me.' })
  setNotificationPreference(@CurrentPrincipal() principal: Principal, @Args() { kind, enabled }: SetNotificationPreferenceArgs)
    : Promise<NotificationPreference> {
    return this.inbox.setPreference(principal, kind, enabled);
  }

  @Subscription(() => Notification, { description: 'My new notifications, as they arrive (graphql-ws).' })
  notificationAdded(@CurrentPrincipal() principal: Principal): AsyncIterableIterator<{ notificationAdded: Notification }> {
    return this.follow(principal);
  }

  @ResolveField(() => String, { description: 'What it says, in French (names the space while I may still see it).' })
  async message(@Parent() notification: Notification, @CurrentPrincipal() principal: Principal, @Context() context: LoaderContext)
    : Promise<string> {
    const granted = notification.spaceId ? await this.viewers.of(principal, context).find(notification.spaceId) : null;
    return notificationMessage(notification.kind, notification.payload, granted?.space.title ?? null, addressOf(principal));
  }

  @ResolveField(() => Space, { nullable: true, description: 'The space it is about, while I may still see it.' })
  async space(@Parent() notification: Notification, @CurrentPrincipal() principal: Principal, @Context() context: LoaderContext)
    : Promise<Space | null> {
    const granted = notification.spaceId ? await this.viewers.of(principal, context).find(notification.spaceId) : null;
    return granted ? toSpace(granted) : null;
  }

  /** Not an async generator: the listener must go as soon as the client unsubscribes, not at the next notification. */
  private follow(principal: Principal): AsyncIterableIterator<{ notificationAdded: Notification }> {
    return filterFeed(this.stream.subscribe(principal.kind, principal.id), async (id) => {
      const entity = await this.inbox.find(principal, id);
      return entity ? { notificationAdded: toNotification(entity) } : 'SKIP';
    });
  }
}
