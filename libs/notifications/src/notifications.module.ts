import { Module } from '@nestjs/common';
import { StructureCreatedHandler } from './structure-created.handler.js';

/** Stored notifications (inboxes); delivery and GraphQL come with the spaces issue. */
@Module({ providers: [StructureCreatedHandler] })
export class NotificationsModule {}
