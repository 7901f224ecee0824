import { ArgsType, Field, GraphQLISODateTime, ID, InputType, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Connection, connectionType } from '@passerelle/graphql-kit';
import type { GrantedSpace } from '@passerelle/spaces';
import type { ChatMessageEntity } from './chat-message.entity.js';

@ObjectType('ChatMessage', { description: "A message of a space's chat: in its channel, or private between two members." })
export class ChatMessage {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  spaceId: string;

  @Field(() => String, { nullable: true, description: 'Plain text (never HTML: show it as text); null once removed.' })
  text: string | null;

  @Field({ description: 'Between its author and one recipient only (never in the channel of others).' })
  isPrivate: boolean;

  @Field({ description: 'Taken back by its author or removed by a moderator: it stays as a tombstone.' })
  removed: boolean;

  @Field(() => String, { nullable: true, description: 'What to show in its place once removed, e.g. "Message retiré par un modérateur."' })
  removedNotice: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was removed (its author and moderators only).' })
  removedAt: Date | null;

  @Field(() => String, { nullable: true, description: "The moderator's reason (moderators only)." })
  removalReason: string | null;

  @Field(() => GraphQLISODateTime)
  createdAt: Date;

  /** Not fields: what the field resolvers need. */
  entity: ChatMessageEntity;
  granted: GrantedSpace;
  viewerMayModerate: boolean;
}

export const ChatMessageConnection = connectionType(ChatMessage);
export type ChatMessageConnection = Connection<ChatMessage>;

const INVALID_ID = 'Identifiant invalide.';

@InputType('SendChatMessageInput')
export class SendChatMessageInput {
  @Field(() => ID)
  @IsString({ message: INVALID_ID }) @MaxLength(64, { message: INVALID_ID })
  spaceId: string;

  @Field({ description: 'Plain text, 1 to 1000 characters (control characters are refused with BAD_USER_INPUT, invisible formatting characters removed, spaces around trimmed).' })
  @IsString({ message: 'Le message doit être un texte.' })
  @MaxLength(4000, { message: 'Le message ne doit pas dépasser 1000 caractères.' })
  text: string;

  @Field(() => ID, { nullable: true, description: 'A member of the space: the message is then private between the two of you.' })
  @IsOptional() @IsString({ message: INVALID_ID }) @MaxLength(64, { message: INVALID_ID })
  recipientId?: string | null;
}

@ArgsType()
export class SendChatMessageArgs {
  @Field(() => SendChatMessageInput) @ValidateNested() @Type(() => SendChatMessageInput)
  input: SendChatMessageInput;
}

@ArgsType()
export class RemoveChatMessageArgs {
  @Field(() => ID)
  @IsString({ message: INVALID_ID }) @MaxLength(64, { message: INVALID_ID })
  id: string;

  @Field(() => String, { nullable: true, description: 'Why (moderators; at most 500 characters): shown to moderators only.' })
  @IsOptional() @IsString({ message: 'La raison doit être un texte.' }) @MaxLength(2000, { message: 'La raison ne doit pas dépasser 500 caractères.' })
  reason?: string | null;
}
