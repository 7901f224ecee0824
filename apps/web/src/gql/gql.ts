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
    "mutation CreateSpace($input: CreateSpaceInput!) {\n  createSpace(input: $input) {\n    ...HomeSpace\n  }\n}\n\nquery NewSpaceClasses($spaceId: ID!) {\n  space(id: $spaceId) {\n    id\n    memberCandidates {\n      classes {\n        id\n        label\n        levelLabel\n        schoolYear\n        alreadyMember\n      }\n    }\n  }\n}\n\nmutation AddSpaceClasses($input: AddSpaceMembersInput!) {\n  addSpaceMembers(input: $input) {\n    id\n    classes {\n      id\n      label\n    }\n  }\n}": typeof types.CreateSpaceDocument,
    "query HomeScreen($spacesFirst: Int = 20, $upcomingFirst: Int = 5) {\n  me {\n    id\n    kind\n    displayName\n    roles\n  }\n  unreadNotificationsCount\n  spaces(first: $spacesFirst) {\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        ...HomeSpace\n      }\n    }\n  }\n  upcoming(first: $upcomingFirst) {\n    homework {\n      id\n      spaceId\n      schoolClassId\n      title\n      dueOn\n      doneByMe\n      doneCount\n    }\n    events {\n      id\n      spaceId\n      title\n      startsAt\n      endsAt\n      allDay\n      location\n    }\n  }\n}\n\nfragment HomeSpace on Space {\n  id\n  title\n  description\n  status\n  myRole\n  myPermissions\n  pendingModerationCount\n  structure {\n    id\n    name\n  }\n}": typeof types.HomeScreenDocument,
};
const documents: Documents = {
    "query UnreadNotifications {\n  unreadNotificationsCount\n}\n\nsubscription NotificationArrived {\n  notificationAdded {\n    id\n    message\n    read\n  }\n}": types.UnreadNotificationsDocument,
    "query Session {\n  me {\n    id\n    displayName\n    kind\n    roles\n  }\n}": types.SessionDocument,
    "mutation CreateSpace($input: CreateSpaceInput!) {\n  createSpace(input: $input) {\n    ...HomeSpace\n  }\n}\n\nquery NewSpaceClasses($spaceId: ID!) {\n  space(id: $spaceId) {\n    id\n    memberCandidates {\n      classes {\n        id\n        label\n        levelLabel\n        schoolYear\n        alreadyMember\n      }\n    }\n  }\n}\n\nmutation AddSpaceClasses($input: AddSpaceMembersInput!) {\n  addSpaceMembers(input: $input) {\n    id\n    classes {\n      id\n      label\n    }\n  }\n}": types.CreateSpaceDocument,
    "query HomeScreen($spacesFirst: Int = 20, $upcomingFirst: Int = 5) {\n  me {\n    id\n    kind\n    displayName\n    roles\n  }\n  unreadNotificationsCount\n  spaces(first: $spacesFirst) {\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        ...HomeSpace\n      }\n    }\n  }\n  upcoming(first: $upcomingFirst) {\n    homework {\n      id\n      spaceId\n      schoolClassId\n      title\n      dueOn\n      doneByMe\n      doneCount\n    }\n    events {\n      id\n      spaceId\n      title\n      startsAt\n      endsAt\n      allDay\n      location\n    }\n  }\n}\n\nfragment HomeSpace on Space {\n  id\n  title\n  description\n  status\n  myRole\n  myPermissions\n  pendingModerationCount\n  structure {\n    id\n    name\n  }\n}": types.HomeScreenDocument,
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
export function graphql(source: "mutation CreateSpace($input: CreateSpaceInput!) {\n  createSpace(input: $input) {\n    ...HomeSpace\n  }\n}\n\nquery NewSpaceClasses($spaceId: ID!) {\n  space(id: $spaceId) {\n    id\n    memberCandidates {\n      classes {\n        id\n        label\n        levelLabel\n        schoolYear\n        alreadyMember\n      }\n    }\n  }\n}\n\nmutation AddSpaceClasses($input: AddSpaceMembersInput!) {\n  addSpaceMembers(input: $input) {\n    id\n    classes {\n      id\n      label\n    }\n  }\n}"): (typeof documents)["mutation CreateSpace($input: CreateSpaceInput!) {\n  createSpace(input: $input) {\n    ...HomeSpace\n  }\n}\n\nquery NewSpaceClasses($spaceId: ID!) {\n  space(id: $spaceId) {\n    id\n    memberCandidates {\n      classes {\n        id\n        label\n        levelLabel\n        schoolYear\n        alreadyMember\n      }\n    }\n  }\n}\n\nmutation AddSpaceClasses($input: AddSpaceMembersInput!) {\n  addSpaceMembers(input: $input) {\n    id\n    classes {\n      id\n      label\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query HomeScreen($spacesFirst: Int = 20, $upcomingFirst: Int = 5) {\n  me {\n    id\n    kind\n    displayName\n    roles\n  }\n  unreadNotificationsCount\n  spaces(first: $spacesFirst) {\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        ...HomeSpace\n      }\n    }\n  }\n  upcoming(first: $upcomingFirst) {\n    homework {\n      id\n      spaceId\n      schoolClassId\n      title\n      dueOn\n      doneByMe\n      doneCount\n    }\n    events {\n      id\n      spaceId\n      title\n      startsAt\n      endsAt\n      allDay\n      location\n    }\n  }\n}\n\nfragment HomeSpace on Space {\n  id\n  title\n  description\n  status\n  myRole\n  myPermissions\n  pendingModerationCount\n  structure {\n    id\n    name\n  }\n}"): (typeof documents)["query HomeScreen($spacesFirst: Int = 20, $upcomingFirst: Int = 5) {\n  me {\n    id\n    kind\n    displayName\n    roles\n  }\n  unreadNotificationsCount\n  spaces(first: $spacesFirst) {\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        ...HomeSpace\n      }\n    }\n  }\n  upcoming(first: $upcomingFirst) {\n    homework {\n      id\n      spaceId\n      schoolClassId\n      title\n      dueOn\n      doneByMe\n      doneCount\n    }\n    events {\n      id\n      spaceId\n      title\n      startsAt\n      endsAt\n      allDay\n      location\n    }\n  }\n}\n\nfragment HomeSpace on Space {\n  id\n  title\n  description\n  status\n  myRole\n  myPermissions\n  pendingModerationCount\n  structure {\n    id\n    name\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;