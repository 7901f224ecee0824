/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query UnreadNotifications {\n  unreadNotificationsCount\n}\n\nsubscription NotificationArrived {\n  notificationAdded {\n    id\n    message\n    read\n  }\n}": typeof types.UnreadNotificationsDocument,
    "query Session {\n  me {\n    id\n    displayName\n    kind\n    roles\n  }\n}": typeof types.SessionDocument,
    "query Home($first: Int!) {\n  spaces(first: $first) {\n    totalCount\n    edges {\n      node {\n        ...HomeSpace\n      }\n    }\n  }\n}\n\nfragment HomeSpace on Space {\n  id\n  title\n  description\n  status\n  myPermissions\n}": typeof types.HomeDocument,
    "query NotificationsScreen($first: Int!, $after: String) {\n  unreadNotificationsCount\n  notifications(first: $first, after: $after) {\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        ...NotificationItem\n      }\n    }\n  }\n  notificationPreferences {\n    ...NotificationPreferenceItem\n  }\n}\n\nfragment NotificationItem on Notification {\n  id\n  kind\n  message\n  read\n  readAt\n  createdAt\n  spaceId\n  postId\n  commentId\n  documentId\n  eventId\n}\n\nfragment NotificationPreferenceItem on NotificationPreference {\n  kind\n  enabled\n}\n\nmutation MarkNotificationRead($ids: [ID!]!) {\n  markNotificationsRead(ids: $ids) {\n    unreadCount\n    notifications {\n      id\n      read\n      readAt\n    }\n  }\n}\n\nmutation MarkAllNotificationsRead($before: DateTime) {\n  markAllNotificationsRead(before: $before) {\n    markedCount\n    unreadCount\n  }\n}\n\nmutation SetNotificationPreference($kind: NotificationKind!, $enabled: Boolean!) {\n  setNotificationPreference(kind: $kind, enabled: $enabled) {\n    ...NotificationPreferenceItem\n  }\n}\n\nsubscription NotificationListed {\n  notificationAdded {\n    ...NotificationItem\n  }\n}": typeof types.NotificationsScreenDocument,
    "query SearchScreen($query: String!, $first: Int = 20, $after: String) {\n  search(query: $query, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        ...SearchHit\n      }\n    }\n  }\n}\n\nfragment SearchHit on SearchResult {\n  id\n  kind\n  postId\n  createdAt\n  title {\n    ...Highlighted\n  }\n  excerpt {\n    ...Highlighted\n  }\n  space {\n    id\n    title\n  }\n}\n\nfragment Highlighted on HighlightedText {\n  text\n  highlights {\n    start\n    length\n  }\n}": typeof types.SearchScreenDocument,
};
const documents: Documents = {
    "query UnreadNotifications {\n  unreadNotificationsCount\n}\n\nsubscription NotificationArrived {\n  notificationAdded {\n    id\n    message\n    read\n  }\n}": types.UnreadNotificationsDocument,
    "query Session {\n  me {\n    id\n    displayName\n    kind\n    roles\n  }\n}": types.SessionDocument,
    "query Home($first: Int!) {\n  spaces(first: $first) {\n    totalCount\n    edges {\n      node {\n        ...HomeSpace\n      }\n    }\n  }\n}\n\nfragment HomeSpace on Space {\n  id\n  title\n  description\n  status\n  myPermissions\n}": types.HomeDocument,
    "query NotificationsScreen($first: Int!, $after: String) {\n  unreadNotificationsCount\n  notifications(first: $first, after: $after) {\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        ...NotificationItem\n      }\n    }\n  }\n  notificationPreferences {\n    ...NotificationPreferenceItem\n  }\n}\n\nfragment NotificationItem on Notification {\n  id\n  kind\n  message\n  read\n  readAt\n  createdAt\n  spaceId\n  postId\n  commentId\n  documentId\n  eventId\n}\n\nfragment NotificationPreferenceItem on NotificationPreference {\n  kind\n  enabled\n}\n\nmutation MarkNotificationRead($ids: [ID!]!) {\n  markNotificationsRead(ids: $ids) {\n    unreadCount\n    notifications {\n      id\n      read\n      readAt\n    }\n  }\n}\n\nmutation MarkAllNotificationsRead($before: DateTime) {\n  markAllNotificationsRead(before: $before) {\n    markedCount\n    unreadCount\n  }\n}\n\nmutation SetNotificationPreference($kind: NotificationKind!, $enabled: Boolean!) {\n  setNotificationPreference(kind: $kind, enabled: $enabled) {\n    ...NotificationPreferenceItem\n  }\n}\n\nsubscription NotificationListed {\n  notificationAdded {\n    ...NotificationItem\n  }\n}": types.NotificationsScreenDocument,
    "query SearchScreen($query: String!, $first: Int = 20, $after: String) {\n  search(query: $query, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        ...SearchHit\n      }\n    }\n  }\n}\n\nfragment SearchHit on SearchResult {\n  id\n  kind\n  postId\n  createdAt\n  title {\n    ...Highlighted\n  }\n  excerpt {\n    ...Highlighted\n  }\n  space {\n    id\n    title\n  }\n}\n\nfragment Highlighted on HighlightedText {\n  text\n  highlights {\n    start\n    length\n  }\n}": types.SearchScreenDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query UnreadNotifications {\n  unreadNotificationsCount\n}\n\nsubscription NotificationArrived {\n  notificationAdded {\n    id\n    message\n    read\n  }\n}"): (typeof documents)["query UnreadNotifications {\n  unreadNotificationsCount\n}\n\nsubscription NotificationArrived {\n  notificationAdded {\n    id\n    message\n    read\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Session {\n  me {\n    id\n    displayName\n    kind\n    roles\n  }\n}"): (typeof documents)["query Session {\n  me {\n    id\n    displayName\n    kind\n    roles\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Home($first: Int!) {\n  spaces(first: $first) {\n    totalCount\n    edges {\n      node {\n        ...HomeSpace\n      }\n    }\n  }\n}\n\nfragment HomeSpace on Space {\n  id\n  title\n  description\n  status\n  myPermissions\n}"): (typeof documents)["query Home($first: Int!) {\n  spaces(first: $first) {\n    totalCount\n    edges {\n      node {\n        ...HomeSpace\n      }\n    }\n  }\n}\n\nfragment HomeSpace on Space {\n  id\n  title\n  description\n  status\n  myPermissions\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query NotificationsScreen($first: Int!, $after: String) {\n  unreadNotificationsCount\n  notifications(first: $first, after: $after) {\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        ...NotificationItem\n      }\n    }\n  }\n  notificationPreferences {\n    ...NotificationPreferenceItem\n  }\n}\n\nfragment NotificationItem on Notification {\n  id\n  kind\n  message\n  read\n  readAt\n  createdAt\n  spaceId\n  postId\n  commentId\n  documentId\n  eventId\n}\n\nfragment NotificationPreferenceItem on NotificationPreference {\n  kind\n  enabled\n}\n\nmutation MarkNotificationRead($ids: [ID!]!) {\n  markNotificationsRead(ids: $ids) {\n    unreadCount\n    notifications {\n      id\n      read\n      readAt\n    }\n  }\n}\n\nmutation MarkAllNotificationsRead($before: DateTime) {\n  markAllNotificationsRead(before: $before) {\n    markedCount\n    unreadCount\n  }\n}\n\nmutation SetNotificationPreference($kind: NotificationKind!, $enabled: Boolean!) {\n  setNotificationPreference(kind: $kind, enabled: $enabled) {\n    ...NotificationPreferenceItem\n  }\n}\n\nsubscription NotificationListed {\n  notificationAdded {\n    ...NotificationItem\n  }\n}"): (typeof documents)["query NotificationsScreen($first: Int!, $after: String) {\n  unreadNotificationsCount\n  notifications(first: $first, after: $after) {\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        ...NotificationItem\n      }\n    }\n  }\n  notificationPreferences {\n    ...NotificationPreferenceItem\n  }\n}\n\nfragment NotificationItem on Notification {\n  id\n  kind\n  message\n  read\n  readAt\n  createdAt\n  spaceId\n  postId\n  commentId\n  documentId\n  eventId\n}\n\nfragment NotificationPreferenceItem on NotificationPreference {\n  kind\n  enabled\n}\n\nmutation MarkNotificationRead($ids: [ID!]!) {\n  markNotificationsRead(ids: $ids) {\n    unreadCount\n    notifications {\n      id\n      read\n      readAt\n    }\n  }\n}\n\nmutation MarkAllNotificationsRead($before: DateTime) {\n  markAllNotificationsRead(before: $before) {\n    markedCount\n    unreadCount\n  }\n}\n\nmutation SetNotificationPreference($kind: NotificationKind!, $enabled: Boolean!) {\n  setNotificationPreference(kind: $kind, enabled: $enabled) {\n    ...NotificationPreferenceItem\n  }\n}\n\nsubscription NotificationListed {\n  notificationAdded {\n    ...NotificationItem\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query SearchScreen($query: String!, $first: Int = 20, $after: String) {\n  search(query: $query, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        ...SearchHit\n      }\n    }\n  }\n}\n\nfragment SearchHit on SearchResult {\n  id\n  kind\n  postId\n  createdAt\n  title {\n    ...Highlighted\n  }\n  excerpt {\n    ...Highlighted\n  }\n  space {\n    id\n    title\n  }\n}\n\nfragment Highlighted on HighlightedText {\n  text\n  highlights {\n    start\n    length\n  }\n}"): (typeof documents)["query SearchScreen($query: String!, $first: Int = 20, $after: String) {\n  search(query: $query, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        ...SearchHit\n      }\n    }\n  }\n}\n\nfragment SearchHit on SearchResult {\n  id\n  kind\n  postId\n  createdAt\n  title {\n    ...Highlighted\n  }\n  excerpt {\n    ...Highlighted\n  }\n  space {\n    id\n    title\n  }\n}\n\nfragment Highlighted on HighlightedText {\n  text\n  highlights {\n    start\n    length\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;