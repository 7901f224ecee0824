import type { ApolloCache } from '@apollo/client';
import { ChatMessageItemFragment, ChatScreenDocument, ChatScreenQuery, ChatScreenQueryVariables } from '../../gql/graphql';

/** How many messages the screen reads at once (the latest, then « Messages plus anciens »). */
export const CHAT_PAGE = 50;

export function chatVariables(spaceId: string): ChatScreenQueryVariables {
  return { spaceId, first: CHAT_PAGE };
}

/**
 * A message that arrived (the answer to one's own « Envoyer » or « Retirer »): added at the newest end of the
 * screen's list once, or put in place of the one it changes (a removal).
 */
export function addChatMessage(cache: ApolloCache, message: ChatMessageItemFragment): void {
  cache.updateQuery({ query: ChatScreenDocument, variables: chatVariables(message.spaceId) }, (data) => (data ? withMessage(data, message) : data));
}

/** The screen's data with this message added at the newest end, or in place of the one it changes. */
export function withMessage(data: ChatScreenQuery, message: ChatMessageItemFragment): ChatScreenQuery {
  if (!data.space) return data;
  const connection = data.space.chatMessages;
  const known = connection.edges.some((edge) => edge.node.id === message.id);
  const edges = known
    ? connection.edges.map((edge) => (edge.node.id === message.id ? { ...edge, node: message } : edge))
    : [{ __typename: 'ChatMessageEdge' as const, cursor: '', node: message }, ...connection.edges];
  return { ...data, space: { ...data.space, chatMessages: { ...connection, edges } } };
}
