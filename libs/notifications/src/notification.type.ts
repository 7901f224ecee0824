import { ArgsType, Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsOptional } from 'class-validator';
import { connectionType, Connection, PageArgs } from '@passerelle/graphql-kit';
import { NotificationKind } from './notification-kinds.js';

registerEnumType(NotificationKind, {
  name: 'NotificationKind',
  valuesMap: {
    POST_PUBLISHED: { description: 'A new post in one of my spaces.' },
    POST_PENDING: { description: 'A post waits for moderation (moderators; written by earlier versions: now MODERATION_PENDING).' },
    MODERATION_PENDING: { description: 'Posts, comments or documents wait for moderation in a space (moderators): one per space, with how many.' },
    COMMENT_ADDED: { description: 'A new comment in one of my spaces.' },
    MENTION: { description: 'Someone mentioned me.' },
    MODERATION_DECISION: { description: 'My post, comment or document was approved or rejected.' },
    STRUCTURE_CREATED: { description: 'A school joined the directory (hub administrators).' },
    CONVENTION_ALERT: { description: 'A convention needs attention (administrators).' },
    HOMEWORK_CREATED: { description: 'New homework in the cahier de textes of one of my spaces.' },
    EVENT_CREATED: { description: 'A new event in the agenda of one of my spaces.' },
    DOCUMENT_ADDED: { description: 'A new document (or a new version of one) in one of my spaces.' },
    EVENT_REMINDER: { description: 'An event of the agenda of one of my spaces starts soon.' },
    POST_HIDDEN: { description: 'A moderator hid my post (the post says why).' },
    POST_UNHIDDEN: { description: 'A moderator showed my hidden post again.' },
    POST_EDITED_BY_MODERATOR: { description: 'A moderator rewrote my post.' },
    OTHER: { description: 'A kind this version does not know.' },
  },
});

@ObjectType('Notification')
export class Notification {
  @Field(() => ID)
  id: string;

  @Field(() => NotificationKind)
  kind: NotificationKind;

  @Field(() => GraphQLISODateTime)
  createdAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  readAt: Date | null;

  @Field()
  read: boolean;

  @Field(() => ID, { nullable: true })
  spaceId: string | null;

  @Field(() => ID, { nullable: true })
  postId: string | null;

  @Field(() => ID, { nullable: true })
  commentId: string | null;

  @Field(() => ID, { nullable: true })
  conventionId: string | null;

  @Field(() => ID, { nullable: true, description: 'The document of a DOCUMENT_ADDED notification.' })
  documentId: string | null;

  @Field(() => ID, { nullable: true, description: 'The event of an EVENT_CREATED or EVENT_REMINDER notification.' })
  eventId: string | null;

  @Field(() => ID, { nullable: true, description: 'The homework of a HOMEWORK_CREATED notification.' })
  homeworkId: string | null;

  /** Not a field: what the message is built from. */
  payload: Record<string, unknown>;
}

export const NotificationConnection = connectionType(Notification);
export type NotificationConnection = Connection<Notification>;

@ObjectType('NotificationPreference')
export class NotificationPreference {
  @Field(() => NotificationKind)
  kind: NotificationKind;

  @Field()
  enabled: boolean;
}

@ObjectType('MarkNotificationsReadPayload')
export class MarkNotificationsReadPayload {
  @Field(() => [Notification], { description: 'The notifications marked (only mine).' })
  notifications: Notification[];

  @Field(() => Int)
  unreadCount: number;
}

@ObjectType('MarkAllNotificationsReadPayload')
export class MarkAllNotificationsReadPayload {
  @Field(() => Int, { description: 'How many were unread and are now read.' })
  markedCount: number;

  @Field(() => Int, { description: 'How many stay unread (those that arrived after `before`).' })
  unreadCount: number;
}

@ArgsType()
export class NotificationsArgs extends PageArgs {
  @Field(() => Boolean, { nullable: true, description: 'Only unread ones.' })
  @IsOptional() @IsBoolean()
  unreadOnly?: boolean | null;
}

@ArgsType()
export class SetNotificationPreferenceArgs {
  @Field(() => NotificationKind)
  @IsEnum(NotificationKind, { message: 'Ce type de notification est inconnu.' })
  kind: NotificationKind;

  @Field()
  @IsBoolean()
  enabled: boolean;
}
