import { Args, Context, ID, Mutation, Parent, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { Authenticated, CurrentPrincipal, Principal } from '@passerelle/access';
import { filterFeed, mapConnection, PageArgs, parsePage } from '@passerelle/graphql-kit';
import { Author, authorLoader, AuthorsRepository, LoaderContext, Space, SpaceViewers, toAuthor } from '@passerelle/spaces';
import { toChatMessage } from './chat.mapper.js';
import { ChatService } from './chat.service.js';
import { ChatMessage, ChatMessageConnection, RemoveChatMessageArgs, SendChatMessageArgs } from './chat.type.js';

/** The chat of spaces: send, remove, follow live. Each operation calls one use case. */
@Resolver(() => ChatMessage)
@Authenticated()
export class ChatResolver {
  constructor(private readonly viewers: SpaceViewers, private readonly chat: ChatService, private readonly authors: AuthorsRepository) {}

  @Mutation(() => ChatMessage, { description: "Writes in a space's chat; to one member only (private) where the space allows it." })
  async sendChatMessage(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args() { input }: SendChatMessageArgs)
    : Promise<ChatMessage> {
    const viewer = this.viewers.of(principal, context);
    return toChatMessage(await this.chat.send(viewer, input), viewer.actor);
  }

  @Mutation(() => ChatMessage, { description: 'Takes back one of my messages, or removes a channel message (moderators): it stays as a tombstone.' })
  async removeChatMessage(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args() { id, reason }: RemoveChatMessageArgs)
    : Promise<ChatMessage> {
    const viewer = this.viewers.of(principal, context);
    return toChatMessage(await this.chat.remove(viewer, id, reason), viewer.actor);
  }

  @Subscription(() => ChatMessage, {
    description: "New messages of a space's chat, and removals (removed: true), as they happen (graphql-ws). NOT_FOUND for a space I am not in.",
  })
  async chatMessageAdded(@CurrentPrincipal() principal: Principal, @Args('spaceId', { type: () => ID }) spaceId: string)
    : Promise<AsyncIterableIterator<{ chatMessageAdded: ChatMessage }>> {
    const feed = await this.chat.follow(principal, spaceId);
    const actor = { kind: principal.kind, id: principal.id };
    return filterFeed(feed, async (visible) => ({ chatMessageAdded: toChatMessage(visible, actor) }));
  }

  @ResolveField(() => Author)
  async author(@Parent() message: ChatMessage, @Context() context: LoaderContext): Promise<Author> {
    return toAuthor(await authorLoader(context, this.authors).load({ kind: message.entity.authorKind, id: message.entity.authorId }));
  }

  @ResolveField(() => Author, { nullable: true, description: 'Who a private message is for (its two parties only see it).' })
  async recipient(@Parent() message: ChatMessage, @Context() context: LoaderContext): Promise<Author | null> {
    const { recipientKind, recipientId } = message.entity;
    return recipientKind && recipientId ? toAuthor(await authorLoader(context, this.authors).load({ kind: recipientKind, id: recipientId })) : null;
  }

  @ResolveField(() => Author, { nullable: true, description: 'Who removed it (moderators only).' })
  async removedBy(@Parent() message: ChatMessage, @Context() context: LoaderContext): Promise<Author | null> {
    const { removedByKind, removedById } = message.entity;
    if (!message.viewerMayModerate || !removedByKind || !removedById) return null;
    return toAuthor(await authorLoader(context, this.authors).load({ kind: removedByKind, id: removedById }));
  }
}

/** Space.chatMessages: the chat history of a space, from the chat library (spaces does not know the chat). */
@Resolver(() => Space)
export class SpaceChatFieldsResolver {
  constructor(private readonly viewers: SpaceViewers, private readonly chat: ChatService) {}

  @ResolveField(() => ChatMessageConnection, {
    description: 'The chat: channel messages and my own private ones, newest first (not for parents: FORBIDDEN).',
  })
  async chatMessages(@Parent() space: Space, @CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args() page: PageArgs)
    : Promise<ChatMessageConnection> {
    const viewer = this.viewers.of(principal, context);
    const connection = await this.chat.history(viewer, space.id, parsePage(page));
    const granted = space.granted;
    return mapConnection(connection, (message) => toChatMessage({ granted, message }, viewer.actor));
  }
}
