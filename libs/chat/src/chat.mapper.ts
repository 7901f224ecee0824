import { can, SpaceAction } from '@passerelle/spaces';
import { ChatMessage } from './chat.type.js';
import { ChatViewer, isChatAuthor, removedNotice } from './chat-rules.js';
import { factsOf, VisibleChatMessage } from './chat.service.js';

/**
 * What the API shows of a chat message, for one viewer: every exposed field is listed here. A removed message has
 * no text; when and why it was removed are for moderators (and when, for its author).
 */
export function toChatMessage({ granted, message }: VisibleChatMessage, viewer: ChatViewer): ChatMessage {
  const mayModerate = can(granted.role, SpaceAction.MODERATE);
  const removed = message.removedAt !== null;
  const byAuthor = removed && message.removedByKind === message.authorKind && message.removedById === message.authorId;
  const isAuthor = isChatAuthor(factsOf(message), viewer);
  return {
    id: message.id,
    spaceId: message.spaceId,
    text: removed ? null : message.text,
    isPrivate: message.recipientId !== null,
    removed,
    removedNotice: removed ? removedNotice(byAuthor) : null,
    removedAt: removed && (mayModerate || isAuthor) ? message.removedAt : null,
    removalReason: removed && mayModerate ? message.removalReason : null,
    createdAt: message.createdAt,
    entity: message,
    granted,
    viewerMayModerate: mayModerate,
  };
}
