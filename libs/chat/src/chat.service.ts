import { Injectable } from '@nestjs/common';
import { Principal, Role } from '@passerelle/access';
import { DomainError, ForbiddenError, InvalidInputError, NotFoundError, TooManyRequestsError } from '@passerelle/errors';
import { Connection, filterFeed, isUuid, PageRequest } from '@passerelle/graphql-kit';
import { can, GrantedSpace, MemberProfile, SpaceAction, SpaceMembersService, SpaceViewer, SpaceViewers } from '@passerelle/spaces';
import { ChatMessageEntity } from './chat-message.entity.js';
import {
  CHAT_BURST, CHAT_MESSAGE_NOT_FOUND, ChatMessageFacts, checkChatText, checkRemovalReason, floods, mayReadChatMessage, privateMessageDecision,
  removalDecision,
} from './chat-rules.js';
import { ChatRepository } from './chat.repository.js';
import { ChatStream } from './chat-stream.js';

export const RECIPIENT_NOT_FOUND = "Ce membre ne fait pas partie de l'espace.";

export interface SendChatMessageCommand {
  readonly spaceId: string;
  readonly text: string;
  readonly recipientId?: string | null;
}

/** A message with the access decision that lets the caller see it. */
export interface VisibleChatMessage {
  readonly granted: GrantedSpace;
  readonly message: ChatMessageEntity;
}

export function factsOf(message: ChatMessageEntity): ChatMessageFacts {
  return {
    authorKind: message.authorKind, authorId: message.authorId, recipientKind: message.recipientKind, recipientId: message.recipientId,
    removed: message.removedAt !== null,
  };
}

/**
 * The chat of a space: its channel, private messages where the space allows them (chat-rules.ts), removals, and the
 * live feed of a subscriber, whose access is decided again at every message (a member removed, a guest whose
 * convention was suspended, stops receiving at once).
 */
@Injectable()
export class ChatService {
  constructor(private readonly repository: ChatRepository, private readonly members: SpaceMembersService,
    private readonly stream: ChatStream, private readonly viewers: SpaceViewers) {}

  async send(viewer: SpaceViewer, command: SendChatMessageCommand): Promise<VisibleChatMessage> {
    const granted = await viewer.require(command.spaceId, SpaceAction.CHAT);
    const text = checkChatText(command.text);
    if (!text.valid) throw new InvalidInputError(text.reason, ['input', 'text']);
    const actor = viewer.actor;
    let recipient: { kind: 'PERSON' | 'GUEST'; id: string } | null = null;
    if (command.recipientId !== undefined && command.recipientId !== null) {
      const wanted = command.recipientId.toLowerCase();
      const members = isUuid(wanted) ? await this.members.members(granted.scope, viewer.now()) : [];
      const member = members.find((m) => m.id === wanted);
      if (!member) throw new DomainError('NOT_FOUND', RECIPIENT_NOT_FOUND, ['input', 'recipientId']);
      // Schools as the member directory shows them: a person's structure, a guest's UAI from their partner ENT.
      const sender = members.find((m) => m.kind === actor.kind && m.id === actor.id.toLowerCase());
      // Whether each is a pupil: their profile (an adult added as a contributor stays an adult).
      const decision = privateMessageDecision(granted.space,
        { kind: actor.kind, id: actor.id, role: granted.role, schoolUai: sender?.school?.uai ?? null,
          pupil: sender ? sender.profile === MemberProfile.PUPIL : viewer.principal.roles.includes(Role.PUPIL) },
        { kind: member.kind, id: member.id, role: member.role, schoolUai: member.school?.uai ?? null, pupil: member.profile === MemberProfile.PUPIL });
      if (!decision.allowed) throw new DomainError(decision.code, decision.message, ['input', 'recipientId']);
      recipient = { kind: member.kind, id: member.id };
    }
    const message = await this.repository.insertUnless(granted.scope, {
      authorKind: actor.kind, authorId: actor.id, recipientKind: recipient?.kind ?? null, recipientId: recipient?.id ?? null, text: text.value,
    }, CHAT_BURST.seconds, floods);
    if (!message) {
      throw new TooManyRequestsError(CHAT_BURST.seconds, 'Vous envoyez beaucoup de messages : attendez quelques secondes avant le suivant.');
    }
    this.stream.published([{ id: message.id, spaceId: message.spaceId }]);
    return { granted, message };
  }

  /**
   * Takes a message back (its author) or removes it from the channel (moderators): the text is erased, the message
   * stays as a tombstone with who removed it and when. Removing it again changes nothing.
   */
  async remove(viewer: SpaceViewer, messageId: string, reason: string | null | undefined): Promise<VisibleChatMessage> {
    const spaceId = await this.repository.locate(messageId);
    const granted = spaceId ? await viewer.find(spaceId) : null;
    const message = granted && can(granted.role, SpaceAction.READ_CHAT) ? await this.repository.find(granted.scope, messageId) : null;
    if (!granted || !message) throw new NotFoundError(CHAT_MESSAGE_NOT_FOUND);
    const decision = removalDecision(factsOf(message), viewer.actor, granted.role);
    if (!decision.allowed) throw decision.code === 'NOT_FOUND' ? new NotFoundError(decision.message) : new ForbiddenError(decision.message);
    // An archived space refuses changes, removals included.
    await viewer.require(granted.scope.spaceId, decision.as === 'AUTHOR' ? SpaceAction.CHAT : SpaceAction.MODERATE);
    const why = checkRemovalReason(reason);
    if (!why.valid) throw new InvalidInputError(why.reason, ['reason']);
    if (message.removedAt) return { granted, message };
    const actor = viewer.actor;
    const removed = await this.repository.remove(granted.scope, message.id,
      { byKind: actor.kind, byId: actor.id, reason: decision.as === 'MODERATOR' ? why.value : null });
    if (!removed) return { granted, message: (await this.repository.find(granted.scope, message.id)) ?? message };
    this.stream.published([{ id: removed.id, spaceId: removed.spaceId }]);
    return { granted, message: removed };
  }

  /** The history the caller sees (the channel and their own private messages), newest first. */
  async history(viewer: SpaceViewer, spaceId: string, page: PageRequest): Promise<Connection<ChatMessageEntity>> {
    const granted = await viewer.require(spaceId, SpaceAction.READ_CHAT);
    return this.repository.page(granted.scope, viewer.actor, page);
  }

  /**
   * The live feed of a space's chat for one subscriber: refused now (NOT_FOUND, FORBIDDEN) when they may not read it;
   * then each new or changed message they may see, their access decided again from the database at every message.
   * The feed ends when they lose access.
   */
  async follow(principal: Principal, spaceId: string): Promise<AsyncIterableIterator<VisibleChatMessage>> {
    await this.viewers.of(principal).require(spaceId, SpaceAction.READ_CHAT);
    const ids = this.stream.follow(spaceId);
    await this.stream.ready();
    return filterFeed(ids, async (id) => {
      // A fresh viewer each time: no cached role, guest state or convention window.
      const viewer = this.viewers.of(principal);
      const granted = await viewer.find(spaceId);
      if (!granted || !can(granted.role, SpaceAction.READ_CHAT)) return 'END';
      const message = await this.repository.find(granted.scope, id);
      return message && mayReadChatMessage(factsOf(message), viewer.actor) ? { granted, message } : 'SKIP';
    });
  }
}
