import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SpacesModule } from '@passerelle/spaces';
import { NotificationPreferenceEntity } from './notification-preference.entity.js';
import { NotificationEntity } from './notification.entity.js';
import { NotificationStream } from './notification-stream.js';
import { NotificationsResolver } from './notifications.resolver.js';
import { NotificationsService } from './notifications.service.js';
import { EventReminderHandler } from './event-reminder.handler.js';
import { SpaceActivityHandler } from './space-activity.handler.js';
import { SpaceFanOut } from './space-fan-out.js';
import { StructureCreatedHandler } from './structure-created.handler.js';

/** Inboxes: the fan-out of space activity (worker), the inbox API and its live subscription (API). */
@Module({
  imports: [TypeOrmModule.forFeature([NotificationEntity, NotificationPreferenceEntity]), SpacesModule],
  providers: [StructureCreatedHandler, SpaceActivityHandler, SpaceFanOut, EventReminderHandler, NotificationStream, NotificationsService, NotificationsResolver],
  exports: [NotificationStream, NotificationsService],
})
export class NotificationsModule {}
