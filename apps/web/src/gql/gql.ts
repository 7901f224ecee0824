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
    "query DocumentsScreen($spaceId: ID!, $first: Int = 50) {\n  space(id: $spaceId) {\n    id\n    title\n    myPermissions\n    pendingModerationCount\n    documentStorage {\n      ...DocumentStorage\n    }\n    documentFolders {\n      ...DocumentFolderItem\n    }\n    documents(first: $first) {\n      pageInfo {\n        hasNextPage\n      }\n      edges {\n        node {\n          id\n          name\n          folderId\n          mediaType\n          sizeBytes\n          version\n          status\n          moderationReason\n          contentUrl\n          updatedAt\n          mayChange\n          uploadedBy {\n            id\n            displayName\n          }\n          versions {\n            id\n            version\n            name\n            sizeBytes\n            status\n            createdAt\n            uploadedBy {\n              id\n              displayName\n            }\n          }\n        }\n      }\n    }\n  }\n}\n\nfragment DocumentStorage on SpaceStorage {\n  quotaBytes\n  usedBytes\n  myShareBytes\n  myUsedBytes\n}\n\nfragment DocumentFolderItem on DocumentFolder {\n  id\n  parentId\n  name\n  mayDelete\n}\n\nmutation CreateDocumentFolder($spaceId: ID!, $name: String!, $parentId: ID) {\n  createDocumentFolder(spaceId: $spaceId, name: $name, parentId: $parentId) {\n    id\n  }\n}\n\nmutation DeleteDocumentFolder($id: ID!) {\n  deleteDocumentFolder(id: $id)\n}\n\nmutation RenameDocument($id: ID!, $name: String!) {\n  renameDocument(id: $id, name: $name) {\n    id\n    name\n  }\n}\n\nmutation DeleteDocument($id: ID!) {\n  deleteDocument(id: $id)\n}": typeof types.DocumentsScreenDocument,
    "query Home($first: Int!) {\n  spaces(first: $first) {\n    totalCount\n    edges {\n      node {\n        ...HomeSpace\n      }\n    }\n  }\n}\n\nfragment HomeSpace on Space {\n  id\n  title\n  description\n  status\n  myPermissions\n}": typeof types.HomeDocument,
};
const documents: Documents = {
    "query UnreadNotifications {\n  unreadNotificationsCount\n}\n\nsubscription NotificationArrived {\n  notificationAdded {\n    id\n    message\n    read\n  }\n}": types.UnreadNotificationsDocument,
    "query Session {\n  me {\n    id\n    displayName\n    kind\n    roles\n  }\n}": types.SessionDocument,
    "query DocumentsScreen($spaceId: ID!, $first: Int = 50) {\n  space(id: $spaceId) {\n    id\n    title\n    myPermissions\n    pendingModerationCount\n    documentStorage {\n      ...DocumentStorage\n    }\n    documentFolders {\n      ...DocumentFolderItem\n    }\n    documents(first: $first) {\n      pageInfo {\n        hasNextPage\n      }\n      edges {\n        node {\n          id\n          name\n          folderId\n          mediaType\n          sizeBytes\n          version\n          status\n          moderationReason\n          contentUrl\n          updatedAt\n          mayChange\n          uploadedBy {\n            id\n            displayName\n          }\n          versions {\n            id\n            version\n            name\n            sizeBytes\n            status\n            createdAt\n            uploadedBy {\n              id\n              displayName\n            }\n          }\n        }\n      }\n    }\n  }\n}\n\nfragment DocumentStorage on SpaceStorage {\n  quotaBytes\n  usedBytes\n  myShareBytes\n  myUsedBytes\n}\n\nfragment DocumentFolderItem on DocumentFolder {\n  id\n  parentId\n  name\n  mayDelete\n}\n\nmutation CreateDocumentFolder($spaceId: ID!, $name: String!, $parentId: ID) {\n  createDocumentFolder(spaceId: $spaceId, name: $name, parentId: $parentId) {\n    id\n  }\n}\n\nmutation DeleteDocumentFolder($id: ID!) {\n  deleteDocumentFolder(id: $id)\n}\n\nmutation RenameDocument($id: ID!, $name: String!) {\n  renameDocument(id: $id, name: $name) {\n    id\n    name\n  }\n}\n\nmutation DeleteDocument($id: ID!) {\n  deleteDocument(id: $id)\n}": types.DocumentsScreenDocument,
    "query Home($first: Int!) {\n  spaces(first: $first) {\n    totalCount\n    edges {\n      node {\n        ...HomeSpace\n      }\n    }\n  }\n}\n\nfragment HomeSpace on Space {\n  id\n  title\n  description\n  status\n  myPermissions\n}": types.HomeDocument,
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
export function graphql(source: "query DocumentsScreen($spaceId: ID!, $first: Int = 50) {\n  space(id: $spaceId) {\n    id\n    title\n    myPermissions\n    pendingModerationCount\n    documentStorage {\n      ...DocumentStorage\n    }\n    documentFolders {\n      ...DocumentFolderItem\n    }\n    documents(first: $first) {\n      pageInfo {\n        hasNextPage\n      }\n      edges {\n        node {\n          id\n          name\n          folderId\n          mediaType\n          sizeBytes\n          version\n          status\n          moderationReason\n          contentUrl\n          updatedAt\n          mayChange\n          uploadedBy {\n            id\n            displayName\n          }\n          versions {\n            id\n            version\n            name\n            sizeBytes\n            status\n            createdAt\n            uploadedBy {\n              id\n              displayName\n            }\n          }\n        }\n      }\n    }\n  }\n}\n\nfragment DocumentStorage on SpaceStorage {\n  quotaBytes\n  usedBytes\n  myShareBytes\n  myUsedBytes\n}\n\nfragment DocumentFolderItem on DocumentFolder {\n  id\n  parentId\n  name\n  mayDelete\n}\n\nmutation CreateDocumentFolder($spaceId: ID!, $name: String!, $parentId: ID) {\n  createDocumentFolder(spaceId: $spaceId, name: $name, parentId: $parentId) {\n    id\n  }\n}\n\nmutation DeleteDocumentFolder($id: ID!) {\n  deleteDocumentFolder(id: $id)\n}\n\nmutation RenameDocument($id: ID!, $name: String!) {\n  renameDocument(id: $id, name: $name) {\n    id\n    name\n  }\n}\n\nmutation DeleteDocument($id: ID!) {\n  deleteDocument(id: $id)\n}"): (typeof documents)["query DocumentsScreen($spaceId: ID!, $first: Int = 50) {\n  space(id: $spaceId) {\n    id\n    title\n    myPermissions\n    pendingModerationCount\n    documentStorage {\n      ...DocumentStorage\n    }\n    documentFolders {\n      ...DocumentFolderItem\n    }\n    documents(first: $first) {\n      pageInfo {\n        hasNextPage\n      }\n      edges {\n        node {\n          id\n          name\n          folderId\n          mediaType\n          sizeBytes\n          version\n          status\n          moderationReason\n          contentUrl\n          updatedAt\n          mayChange\n          uploadedBy {\n            id\n            displayName\n          }\n          versions {\n            id\n            version\n            name\n            sizeBytes\n            status\n            createdAt\n            uploadedBy {\n              id\n              displayName\n            }\n          }\n        }\n      }\n    }\n  }\n}\n\nfragment DocumentStorage on SpaceStorage {\n  quotaBytes\n  usedBytes\n  myShareBytes\n  myUsedBytes\n}\n\nfragment DocumentFolderItem on DocumentFolder {\n  id\n  parentId\n  name\n  mayDelete\n}\n\nmutation CreateDocumentFolder($spaceId: ID!, $name: String!, $parentId: ID) {\n  createDocumentFolder(spaceId: $spaceId, name: $name, parentId: $parentId) {\n    id\n  }\n}\n\nmutation DeleteDocumentFolder($id: ID!) {\n  deleteDocumentFolder(id: $id)\n}\n\nmutation RenameDocument($id: ID!, $name: String!) {\n  renameDocument(id: $id, name: $name) {\n    id\n    name\n  }\n}\n\nmutation DeleteDocument($id: ID!) {\n  deleteDocument(id: $id)\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Home($first: Int!) {\n  spaces(first: $first) {\n    totalCount\n    edges {\n      node {\n        ...HomeSpace\n      }\n    }\n  }\n}\n\nfragment HomeSpace on Space {\n  id\n  title\n  description\n  status\n  myPermissions\n}"): (typeof documents)["query Home($first: Int!) {\n  spaces(first: $first) {\n    totalCount\n    edges {\n      node {\n        ...HomeSpace\n      }\n    }\n  }\n}\n\nfragment HomeSpace on Space {\n  id\n  title\n  description\n  status\n  myPermissions\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;