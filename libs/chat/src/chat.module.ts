import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SpacesModule } from '@passerelle/spaces';
import { ChatMessageEntity } from './chat-message.entity.js';
import { ChatStream } from './chat-stream.js';
import { ChatRepository } from './chat.repository.js';
import { ChatResolver, SpaceChatFieldsResolver } from './chat.resolver.js';
import { ChatService } from './chat.service.js';

/** The chat of spaces (messagerie instantanée): API only, live over graphql-ws. */
@Module({
  imports: [TypeOrmModule.forFeature([ChatMessageEntity]), SpacesModule],
  providers: [ChatRepository, ChatStream, ChatService, ChatResolver, SpaceChatFieldsResolver],
  exports: [ChatService, ChatStream],
})
export class ChatModule {}
