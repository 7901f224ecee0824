import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Authenticated, CurrentPrincipal, Principal } from '@passerelle/access';
import { mapConnection, PageArgs, parsePage } from '@passerelle/graphql-kit';
import { AnnouncementsService } from './announcements.service.js';
import { AuthorsRepository } from './authors.repository.js';
import { Announcement, AuthorOriginType, Comment, CommentConnection, Post, PostRevision, ReactionCount } from './post.type.js';
import { Author } from './space.type.js';
import {
  CreateAnnouncementArgs, CreateCommentArgs, CreatePostArgs, EditPostArgs, HidePostArgs, LatestCommentsArgs, ModeratePostArgs, ReactionArgs,
} from './spaces.inputs.js';
import { authorLoader, authorOriginLoader, commentCountLoader, latestCommentsLoader, LoaderContext, reactionsLoader } from './spaces.loaders.js';
import { toAnnouncement, toAuthor, toComment, toPost, toReactionCount, toRevision } from './spaces.mapper.js';
import { SpaceViewers } from './space-viewer.js';
import { WallRepository } from './wall.repository.js';
import { WallService } from './wall.service.js';

/** The wall (posts, moderation, comments, reactions) and announcements. Each operation calls one use case. */
@Resolver(() => Post)
@Authenticated()
export class WallResolver {
  constructor(private readonly viewers: SpaceViewers, private readonly wallUseCases: WallService,
    private readonly announcementUseCases: AnnouncementsService, private readonly wall: WallRepository,
    private readonly authors: AuthorsRepository) {}

  @Query(() => Post, { nullable: true, description: 'A post the caller may see; NOT_FOUND otherwise.' })
  async post(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args('id', { type: () => ID }) id: string)
    : Promise<Post> {
    const viewer = this.viewers.of(principal, context);
    const { granted, post } = await this.wallUseCases.getPost(viewer, id);
    return toPost(post, granted, viewer);
  }

  @Mutation(() => Post, { description: "Posts on a space's wall; held for moderation when the space asks it of the author." })
  async createPost(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args() { input }: CreatePostArgs): Promise<Post> {
    const viewer = this.viewers.of(principal, context);
    const { granted, post } = await this.wallUseCases.createPost(viewer, input);
    return toPost(post, granted, viewer);
  }

  @Mutation(() => Post, {
    description: "Rewrites one of my posts, or (moderators of its space) another member's published or hidden post: the previous text "
      + 'is kept for moderators with who changed it and when; a moderator\'s edit is audited and its author told.',
  })
  async editPost(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args() { input }: EditPostArgs): Promise<Post> {
    const viewer = this.viewers.of(principal, context);
    const { granted, post } = await this.wallUseCases.editPost(viewer, input.postId, input.bodyHtml);
    return toPost(post, granted, viewer);
  }

  @Mutation(() => Post, { description: 'Deletes a post (its author or a moderator): it stays as a tombstone.' })
  async deletePost(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args('id', { type: () => ID }) id: string)
    : Promise<Post> {
    const viewer = this.viewers.of(principal, context);
    const { granted, post } = await this.wallUseCases.deletePost(viewer, id);
    return toPost(post, granted, viewer);
  }

  @Mutation(() => Post, { description: 'Approves or rejects a pending post (moderators); a rejection says why.' })
  async moderatePost(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args() args: ModeratePostArgs): Promise<Post> {
    const viewer = this.viewers.of(principal, context);
    const { granted, post } = await this.wallUseCases.moderatePost(viewer, args.id, args.decision, args.reason);
    return toPost(post, granted, viewer);
  }

  @Mutation(() => Post, {
    description: 'Hides a published post (moderators of its space), with a reason its author reads: members no longer see it; audited.',
  })
  async hidePost(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args() args: HidePostArgs): Promise<Post> {
    const viewer = this.viewers.of(principal, context);
    const { granted, post } = await this.wallUseCases.hidePost(viewer, args.id, args.reason);
    return toPost(post, granted, viewer);
  }

  @Mutation(() => Post, { description: 'Shows a hidden post again (moderators of its space); audited.' })
  async unhidePost(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args('id', { type: () => ID }) id: string)
    : Promise<Post> {
    const viewer = this.viewers.of(principal, context);
    const { granted, post } = await this.wallUseCases.unhidePost(viewer, id);
    return toPost(post, granted, viewer);
  }

  @Mutation(() => Comment, { description: 'Approves or rejects a held comment (moderators); a rejection says why.' })
  async moderateComment(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args() args: ModeratePostArgs)
    : Promise<Comment> {
    const viewer = this.viewers.of(principal, context);
    const { granted, comment } = await this.wallUseCases.moderateComment(viewer, args.id, args.decision, args.reason);
    return toComment(comment, granted, viewer);
  }

  @Mutation(() => Comment, { description: "Comments a published post; held for moderation when the space holds its author's posts." })
  async createComment(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args() { input }: CreateCommentArgs)
    : Promise<Comment> {
    const viewer = this.viewers.of(principal, context);
    const { granted, comment } = await this.wallUseCases.createComment(viewer, input);
    return toComment(comment, granted, viewer);
  }

  @Mutation(() => Comment, { description: 'Deletes a comment (its author or a moderator).' })
  async deleteComment(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args('id', { type: () => ID }) id: string)
    : Promise<Comment> {
    const viewer = this.viewers.of(principal, context);
    const { granted, comment } = await this.wallUseCases.deleteComment(viewer, id);
    return toComment(comment, granted, viewer);
  }

  @Mutation(() => Post, { description: 'Leaves a reaction on a published post (twice changes nothing).' })
  async addReaction(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args() { input }: ReactionArgs): Promise<Post> {
    const viewer = this.viewers.of(principal, context);
    const { granted, post } = await this.wallUseCases.react(viewer, input.postId, input.emoji, true);
    return toPost(post, granted, viewer);
  }

  @Mutation(() => Post, { description: 'Takes back one of my reactions.' })
  async removeReaction(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args() { input }: ReactionArgs): Promise<Post> {
    const viewer = this.viewers.of(principal, context);
    const { granted, post } = await this.wallUseCases.react(viewer, input.postId, input.emoji, false);
    return toPost(post, granted, viewer);
  }

  @Mutation(() => Announcement, { description: 'Publishes an announcement (owners and moderators).' })
  async createAnnouncement(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args() { input }: CreateAnnouncementArgs)
    : Promise<Announcement> {
    const viewer = this.viewers.of(principal, context);
    return toAnnouncement((await this.announcementUseCases.createAnnouncement(viewer, input)).announcement, viewer.now());
  }

  @Mutation(() => ID, { description: 'Removes an announcement (owners and moderators); returns its id.' })
  async deleteAnnouncement(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args('id', { type: () => ID }) id: string)
    : Promise<string> {
    return this.announcementUseCases.deleteAnnouncement(this.viewers.of(principal, context), id);
  }

  @ResolveField(() => Author)
  async author(@Parent() post: Post, @Context() context: LoaderContext): Promise<Author> {
    return toAuthor(await authorLoader(context, this.authors).load({ kind: post.context.authorKind, id: post.context.authorId }));
  }

  @ResolveField(() => AuthorOriginType, { nullable: true, description: "Its author's class and school (moderators of its space only; null for others)." })
  async authorOrigin(@Parent() post: Post, @Context() context: LoaderContext): Promise<AuthorOriginType | null> {
    if (!post.context.viewerMayModerate) return null;
    return authorOriginLoader(context, this.authors).load({ spaceId: post.spaceId, kind: post.context.authorKind, id: post.context.authorId });
  }

  @ResolveField(() => Author, { nullable: true, description: 'The moderator who hid it (status HIDDEN; its author and the moderators only).' })
  async hiddenBy(@Parent() post: Post, @Context() context: LoaderContext): Promise<Author | null> {
    if (!post.hiddenByKind || !post.hiddenById) return null;
    return toAuthor(await authorLoader(context, this.authors).load({ kind: post.hiddenByKind, id: post.hiddenById }));
  }

  @ResolveField(() => Int, { description: 'Comments not deleted.' })
  commentCount(@Parent() post: Post, @Context() context: LoaderContext): Promise<number> {
    return commentCountLoader(context, this.wall).load({ scope: post.context.granted.scope, id: post.id });
  }

  @ResolveField(() => CommentConnection, { description: 'Comments, oldest first: published ones, and held ones to their author and moderators.' })
  async comments(@Parent() post: Post, @CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args() page: PageArgs)
    : Promise<CommentConnection> {
    const viewer = this.viewers.of(principal, context);
    const granted = post.context.granted;
    return mapConnection(await this.wallUseCases.listComments(viewer, granted, post.id, parsePage(page)), (comment) => toComment(comment, granted, viewer));
  }

  @ResolveField(() => [Comment], {
    description: 'Its latest comments, newest last, to show under the post without a click (deleted ones left out): published ones, '
      + 'and held ones to their author and moderators. `commentCount` says how many there are in all (« Voir les N commentaires »). '
      + 'Batched: a page of posts asks for all their comments in one query.',
  })
  async latestComments(@Parent() post: Post, @CurrentPrincipal() principal: Principal, @Context() context: LoaderContext,
    @Args() { first }: LatestCommentsArgs): Promise<Comment[]> {
    const viewer = this.viewers.of(principal, context);
    const granted = post.context.granted;
    const comments = await latestCommentsLoader(context, this.wall, viewer, first)
      .load({ scope: granted.scope, id: post.id, mayModerate: post.context.viewerMayModerate });
    return comments.map((comment) => toComment(comment, granted, viewer));
  }

  @ResolveField(() => [ReactionCount])
  async reactions(@Parent() post: Post, @CurrentPrincipal() principal: Principal, @Context() context: LoaderContext): Promise<ReactionCount[]> {
    const viewer = this.viewers.of(principal, context);
    return (await reactionsLoader(context, this.wall, viewer).load({ scope: post.context.granted.scope, id: post.id })).map(toReactionCount);
  }

  @ResolveField(() => [PostRevision], { description: 'What it said before each edit and its deletion (moderators only: FORBIDDEN otherwise).' })
  async revisions(@Parent() post: Post, @CurrentPrincipal() principal: Principal, @Context() context: LoaderContext): Promise<PostRevision[]> {
    return (await this.wallUseCases.revisions(this.viewers.of(principal, context), post.context.granted, post.id)).map(toRevision);
  }
}

@Resolver(() => Comment)
export class CommentFieldsResolver {
  constructor(private readonly authors: AuthorsRepository) {}

  @ResolveField(() => AuthorOriginType, { nullable: true, description: "Its author's class and school (moderators of its space only; null for others)." })
  async authorOrigin(@Parent() comment: Comment, @Context() context: LoaderContext): Promise<AuthorOriginType | null> {
    if (!comment.context.viewerMayModerate) return null;
    return authorOriginLoader(context, this.authors)
      .load({ spaceId: comment.context.granted.scope.spaceId, kind: comment.context.authorKind, id: comment.context.authorId });
  }

  @ResolveField(() => Author)
  async author(@Parent() comment: Comment, @Context() context: LoaderContext): Promise<Author> {
    return toAuthor(await authorLoader(context, this.authors).load({ kind: comment.context.authorKind, id: comment.context.authorId }));
  }
}

@Resolver(() => Announcement)
export class AnnouncementFieldsResolver {
  constructor(private readonly authors: AuthorsRepository) {}

  @ResolveField(() => Author)
  async author(@Parent() announcement: Announcement, @Context() context: LoaderContext): Promise<Author> {
    return toAuthor(await authorLoader(context, this.authors).load({ kind: announcement.authorKind, id: announcement.authorId }));
  }
}

@Resolver(() => PostRevision)
export class PostRevisionFieldsResolver {
  constructor(private readonly authors: AuthorsRepository) {}

  @ResolveField(() => Author)
  async editor(@Parent() revision: PostRevision, @Context() context: LoaderContext): Promise<Author> {
    return toAuthor(await authorLoader(context, this.authors).load({ kind: revision.editorKind, id: revision.editorId }));
  }
}
