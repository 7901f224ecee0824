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
    "query AgendaScreen($spaceId: ID!, $now: DateTime!, $from: DateTime!, $to: DateTime!) {\n  space(id: $spaceId) {\n    id\n    title\n    myPermissions\n    pendingModerationCount\n    upcoming: events(from: $now, first: 10) {\n      edges {\n        node {\n          ...AgendaEvent\n        }\n      }\n    }\n    month: events(from: $from, to: $to, first: 100) {\n      pageInfo {\n        hasNextPage\n      }\n      edges {\n        node {\n          id\n          title\n          startsAt\n          endsAt\n          allDay\n        }\n      }\n    }\n  }\n}\n\nfragment AgendaEvent on SpaceEvent {\n  id\n  title\n  description\n  location\n  startsAt\n  endsAt\n  allDay\n}\n\nmutation CreateAgendaEvent($input: CreateEventInput!) {\n  createEvent(input: $input) {\n    ...AgendaEvent\n  }\n}\n\nmutation UpdateAgendaEvent($input: UpdateEventInput!) {\n  updateEvent(input: $input) {\n    ...AgendaEvent\n  }\n}\n\nmutation DeleteAgendaEvent($id: ID!) {\n  deleteEvent(id: $id)\n}": typeof types.AgendaScreenDocument,
    "query Home($first: Int!) {\n  spaces(first: $first) {\n    totalCount\n    edges {\n      node {\n        ...HomeSpace\n      }\n    }\n  }\n}\n\nfragment HomeSpace on Space {\n  id\n  title\n  description\n  status\n  myPermissions\n}": typeof types.HomeDocument,
    "query HomeworkScreen($spaceId: ID!, $dueFrom: String!) {\n  space(id: $spaceId) {\n    id\n    title\n    myPermissions\n    pendingModerationCount\n    classes {\n      id\n      label\n    }\n    homework(dueFrom: $dueFrom, first: 50) {\n      pageInfo {\n        hasNextPage\n      }\n      edges {\n        node {\n          ...HomeworkItem\n        }\n      }\n    }\n  }\n}\n\nfragment HomeworkItem on Homework {\n  id\n  schoolClassId\n  title\n  detailsHtml\n  dueOn\n  doneByMe\n  doneCount\n}\n\nquery HomeworkDoneBy($spaceId: ID!, $dueFrom: String!) {\n  space(id: $spaceId) {\n    id\n    homework(dueFrom: $dueFrom, first: 50) {\n      edges {\n        node {\n          id\n          doneCount\n          doneBy {\n            id\n            displayName\n          }\n        }\n      }\n    }\n  }\n}\n\nmutation CreateHomework($input: CreateHomeworkInput!) {\n  createHomework(input: $input) {\n    ...HomeworkItem\n  }\n}\n\nmutation MarkHomeworkDone($id: ID!, $done: Boolean!) {\n  markHomeworkDone(id: $id, done: $done) {\n    __typename\n    id\n    doneByMe\n  }\n}": typeof types.HomeworkScreenDocument,
};
const documents: Documents = {
    "query UnreadNotifications {\n  unreadNotificationsCount\n}\n\nsubscription NotificationArrived {\n  notificationAdded {\n    id\n    message\n    read\n  }\n}": types.UnreadNotificationsDocument,
    "query Session {\n  me {\n    id\n    displayName\n    kind\n    roles\n  }\n}": types.SessionDocument,
    "query AgendaScreen($spaceId: ID!, $now: DateTime!, $from: DateTime!, $to: DateTime!) {\n  space(id: $spaceId) {\n    id\n    title\n    myPermissions\n    pendingModerationCount\n    upcoming: events(from: $now, first: 10) {\n      edges {\n        node {\n          ...AgendaEvent\n        }\n      }\n    }\n    month: events(from: $from, to: $to, first: 100) {\n      pageInfo {\n        hasNextPage\n      }\n      edges {\n        node {\n          id\n          title\n          startsAt\n          endsAt\n          allDay\n        }\n      }\n    }\n  }\n}\n\nfragment AgendaEvent on SpaceEvent {\n  id\n  title\n  description\n  location\n  startsAt\n  endsAt\n  allDay\n}\n\nmutation CreateAgendaEvent($input: CreateEventInput!) {\n  createEvent(input: $input) {\n    ...AgendaEvent\n  }\n}\n\nmutation UpdateAgendaEvent($input: UpdateEventInput!) {\n  updateEvent(input: $input) {\n    ...AgendaEvent\n  }\n}\n\nmutation DeleteAgendaEvent($id: ID!) {\n  deleteEvent(id: $id)\n}": types.AgendaScreenDocument,
    "query Home($first: Int!) {\n  spaces(first: $first) {\n    totalCount\n    edges {\n      node {\n        ...HomeSpace\n      }\n    }\n  }\n}\n\nfragment HomeSpace on Space {\n  id\n  title\n  description\n  status\n  myPermissions\n}": types.HomeDocument,
    "query HomeworkScreen($spaceId: ID!, $dueFrom: String!) {\n  space(id: $spaceId) {\n    id\n    title\n    myPermissions\n    pendingModerationCount\n    classes {\n      id\n      label\n    }\n    homework(dueFrom: $dueFrom, first: 50) {\n      pageInfo {\n        hasNextPage\n      }\n      edges {\n        node {\n          ...HomeworkItem\n        }\n      }\n    }\n  }\n}\n\nfragment HomeworkItem on Homework {\n  id\n  schoolClassId\n  title\n  detailsHtml\n  dueOn\n  doneByMe\n  doneCount\n}\n\nquery HomeworkDoneBy($spaceId: ID!, $dueFrom: String!) {\n  space(id: $spaceId) {\n    id\n    homework(dueFrom: $dueFrom, first: 50) {\n      edges {\n        node {\n          id\n          doneCount\n          doneBy {\n            id\n            displayName\n          }\n        }\n      }\n    }\n  }\n}\n\nmutation CreateHomework($input: CreateHomeworkInput!) {\n  createHomework(input: $input) {\n    ...HomeworkItem\n  }\n}\n\nmutation MarkHomeworkDone($id: ID!, $done: Boolean!) {\n  markHomeworkDone(id: $id, done: $done) {\n    __typename\n    id\n    doneByMe\n  }\n}": types.HomeworkScreenDocument,
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
export function graphql(source: "query AgendaScreen($spaceId: ID!, $now: DateTime!, $from: DateTime!, $to: DateTime!) {\n  space(id: $spaceId) {\n    id\n    title\n    myPermissions\n    pendingModerationCount\n    upcoming: events(from: $now, first: 10) {\n      edges {\n        node {\n          ...AgendaEvent\n        }\n      }\n    }\n    month: events(from: $from, to: $to, first: 100) {\n      pageInfo {\n        hasNextPage\n      }\n      edges {\n        node {\n          id\n          title\n          startsAt\n          endsAt\n          allDay\n        }\n      }\n    }\n  }\n}\n\nfragment AgendaEvent on SpaceEvent {\n  id\n  title\n  description\n  location\n  startsAt\n  endsAt\n  allDay\n}\n\nmutation CreateAgendaEvent($input: CreateEventInput!) {\n  createEvent(input: $input) {\n    ...AgendaEvent\n  }\n}\n\nmutation UpdateAgendaEvent($input: UpdateEventInput!) {\n  updateEvent(input: $input) {\n    ...AgendaEvent\n  }\n}\n\nmutation DeleteAgendaEvent($id: ID!) {\n  deleteEvent(id: $id)\n}"): (typeof documents)["query AgendaScreen($spaceId: ID!, $now: DateTime!, $from: DateTime!, $to: DateTime!) {\n  space(id: $spaceId) {\n    id\n    title\n    myPermissions\n    pendingModerationCount\n    upcoming: events(from: $now, first: 10) {\n      edges {\n        node {\n          ...AgendaEvent\n        }\n      }\n    }\n    month: events(from: $from, to: $to, first: 100) {\n      pageInfo {\n        hasNextPage\n      }\n      edges {\n        node {\n          id\n          title\n          startsAt\n          endsAt\n          allDay\n        }\n      }\n    }\n  }\n}\n\nfragment AgendaEvent on SpaceEvent {\n  id\n  title\n  description\n  location\n  startsAt\n  endsAt\n  allDay\n}\n\nmutation CreateAgendaEvent($input: CreateEventInput!) {\n  createEvent(input: $input) {\n    ...AgendaEvent\n  }\n}\n\nmutation UpdateAgendaEvent($input: UpdateEventInput!) {\n  updateEvent(input: $input) {\n    ...AgendaEvent\n  }\n}\n\nmutation DeleteAgendaEvent($id: ID!) {\n  deleteEvent(id: $id)\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Home($first: Int!) {\n  spaces(first: $first) {\n    totalCount\n    edges {\n      node {\n        ...HomeSpace\n      }\n    }\n  }\n}\n\nfragment HomeSpace on Space {\n  id\n  title\n  description\n  status\n  myPermissions\n}"): (typeof documents)["query Home($first: Int!) {\n  spaces(first: $first) {\n    totalCount\n    edges {\n      node {\n        ...HomeSpace\n      }\n    }\n  }\n}\n\nfragment HomeSpace on Space {\n  id\n  title\n  description\n  status\n  myPermissions\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query HomeworkScreen($spaceId: ID!, $dueFrom: String!) {\n  space(id: $spaceId) {\n    id\n    title\n    myPermissions\n    pendingModerationCount\n    classes {\n      id\n      label\n    }\n    homework(dueFrom: $dueFrom, first: 50) {\n      pageInfo {\n        hasNextPage\n      }\n      edges {\n        node {\n          ...HomeworkItem\n        }\n      }\n    }\n  }\n}\n\nfragment HomeworkItem on Homework {\n  id\n  schoolClassId\n  title\n  detailsHtml\n  dueOn\n  doneByMe\n  doneCount\n}\n\nquery HomeworkDoneBy($spaceId: ID!, $dueFrom: String!) {\n  space(id: $spaceId) {\n    id\n    homework(dueFrom: $dueFrom, first: 50) {\n      edges {\n        node {\n          id\n          doneCount\n          doneBy {\n            id\n            displayName\n          }\n        }\n      }\n    }\n  }\n}\n\nmutation CreateHomework($input: CreateHomeworkInput!) {\n  createHomework(input: $input) {\n    ...HomeworkItem\n  }\n}\n\nmutation MarkHomeworkDone($id: ID!, $done: Boolean!) {\n  markHomeworkDone(id: $id, done: $done) {\n    __typename\n    id\n    doneByMe\n  }\n}"): (typeof documents)["query HomeworkScreen($spaceId: ID!, $dueFrom: String!) {\n  space(id: $spaceId) {\n    id\n    title\n    myPermissions\n    pendingModerationCount\n    classes {\n      id\n      label\n    }\n    homework(dueFrom: $dueFrom, first: 50) {\n      pageInfo {\n        hasNextPage\n      }\n      edges {\n        node {\n          ...HomeworkItem\n        }\n      }\n    }\n  }\n}\n\nfragment HomeworkItem on Homework {\n  id\n  schoolClassId\n  title\n  detailsHtml\n  dueOn\n  doneByMe\n  doneCount\n}\n\nquery HomeworkDoneBy($spaceId: ID!, $dueFrom: String!) {\n  space(id: $spaceId) {\n    id\n    homework(dueFrom: $dueFrom, first: 50) {\n      edges {\n        node {\n          id\n          doneCount\n          doneBy {\n            id\n            displayName\n          }\n        }\n      }\n    }\n  }\n}\n\nmutation CreateHomework($input: CreateHomeworkInput!) {\n  createHomework(input: $input) {\n    ...HomeworkItem\n  }\n}\n\nmutation MarkHomeworkDone($id: ID!, $done: Boolean!) {\n  markHomeworkDone(id: $id, done: $done) {\n    __typename\n    id\n    doneByMe\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;