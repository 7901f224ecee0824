import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { connectionType, Connection } from '@passerelle/graphql-kit';
import { ActorKind } from './space.entity.js';
import { ModerationDecision, PostStatus, ReactionEmoji, RevisionAction } from './wall.entities.js';
import type { SpaceRole } from './space-permissions.js';
import type { GrantedSpace } from './space-viewer.js';

registerEnumType(PostStatus, {
  name: 'PostStatus',
  valuesMap: {
    PENDING: { description: 'Waiting for a moderator; seen by its author and the moderators only.' },
    PUBLISHED: { description: 'Seen by every member.' },
    REJECTED: { description: 'Refused by a moderator; its author reads why.' },
    HIDDEN: { description: 'Was published, then hidden by a moderator with a reason; seen by its author and the moderators only, until shown again.' },
  },
});
registerEnumType(ModerationDecision, { name: 'ModerationDecision' });
registerEnumType(ReactionEmoji, {
  name: 'ReactionEmoji',
  valuesMap: {
    THUMBS_UP: { description: '👍' }, CLAP: { description: '👏' }, HEART: { description: '❤️' },
    IDEA: { description: '💡' }, SMILE: { description: '😀' }, WOW: { description: '😮' },
  },
});
registerEnumType(RevisionAction, { name: 'RevisionAction' });

@ObjectType('AuthorOrigin', {
  description: "Where an author comes from, for a space's moderators (pupils of two schools share spaces): their class's and school's "
    + 'names, nothing more.',
})
export class AuthorOriginType {
  @Field(() => String, { nullable: true, description: "Their class's name (a person's class in the space, a guest's partner class), when known." })
  className: string | null;

  @Field(() => String, { nullable: true, description: "Their school's name, when known." })
  schoolName: string | null;
}

/** Not exposed: what the field resolvers of a post or comment need to know. */
export interface ContentContext {
  readonly authorKind: ActorKind;
  readonly authorId: string;
  readonly viewerRole: SpaceRole;
  readonly viewerIsAuthor: boolean;
  readonly viewerMayModerate: boolean;
  readonly granted: GrantedSpace;
}

@ObjectType('Post', { description: 'A post on the wall of a space.' })
export class Post {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  spaceId: string;

  @Field(() => PostStatus)
  status: PostStatus;

  @Field(() => String, { nullable: true, description: 'Sanitised HTML (p, br, strong, em, ul, ol, li, a, blockquote); null once deleted.' })
  bodyHtml: string | null;

  @Field({ description: 'A deleted post stays as a tombstone.' })
  deleted: boolean;

  @Field(() => String, { nullable: true, description: 'Why a moderator refused it: shown to its author and to moderators only.' })
  moderationReason: string | null;

  @Field(() => Int, { description: '1, then one more at each edit.' })
  revision: number;

  @Field(() => String, { nullable: true, description: 'Why a moderator hid it (status HIDDEN): its author and the moderators read it.' })
  hiddenReason: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When a moderator hid it (status HIDDEN).' })
  hiddenAt: Date | null;

  @Field(() => GraphQLISODateTime)
  createdAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  editedAt: Date | null;

  /** Not a field: who hid it (the `hiddenBy` resolver names them). */
  hiddenByKind: ActorKind | null;
  hiddenById: string | null;

  context: ContentContext;
}

export const PostConnection = connectionType(Post);
export type PostConnection = Connection<Post>;

@ObjectType('Comment')
export class Comment {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  postId: string;

  @Field(() => String, { nullable: true, description: 'Sanitised HTML; null once deleted (moderators still read it).' })
  bodyHtml: string | null;

  @Field()
  deleted: boolean;

  @Field(() => PostStatus, { description: "PENDING while a moderator has not approved it (where the space holds its pupils' contributions)." })
  status: PostStatus;

  @Field(() => String, { nullable: true, description: 'Why a moderator refused it: shown to its author and to moderators only.' })
  moderationReason: string | null;

  @Field(() => GraphQLISODateTime)
  createdAt: Date;

  context: ContentContext;
}

export const CommentConnection = connectionType(Comment);
export type CommentConnection = Connection<Comment>;

@ObjectType('ReactionCount')
export class ReactionCount {
  @Field(() => ReactionEmoji)
  emoji: ReactionEmoji;

  @Field(() => Int)
  count: number;

  @Field({ description: 'Whether the caller left this reaction.' })
  reactedByMe: boolean;
}

@ObjectType('PostRevision', { description: 'What a post said before an edit or its deletion, who made that change (`editor`) and when (`createdAt`); moderators only.' })
export class PostRevision {
  @Field(() => Int)
  revision: number;

  @Field(() => RevisionAction)
  action: RevisionAction;

  @Field()
  bodyHtml: string;

  @Field(() => GraphQLISODateTime)
  createdAt: Date;

  editorKind: ActorKind;
  editorId: string;
}

@ObjectType('Announcement', { description: "An announcement of a space (affichage d'informations)." })
export class Announcement {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  spaceId: string;

  @Field()
  title: string;

  @Field()
  bodyHtml: string;

  @Field()
  pinned: boolean;

  @Field(() => GraphQLISODateTime, { nullable: true })
  displayFrom: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  displayUntil: Date | null;

  @Field({ description: 'Whether it is shown now (inside its display dates).' })
  displayed: boolean;

  @Field(() => GraphQLISODateTime)
  createdAt: Date;

  authorKind: ActorKind;
  authorId: string;
}

export const AnnouncementConnection = connectionType(Announcement);
export type AnnouncementConnection = Connection<Announcement>;
