import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Authenticated, CurrentPrincipal, Principal } from '@passerelle/access';
import { SchoolClass, Structure, structureByIdLoader, StructuresService, toSchoolClass } from '@passerelle/directory';
import { mapConnection, PageArgs, parsePage } from '@passerelle/graphql-kit';
import { AnnouncementsService } from './announcements.service.js';
import { SpaceMemberCandidates, SpaceMemberConnection } from './member.type.js';
import { AnnouncementConnection, CommentConnection, PostConnection } from './post.type.js';
import { SpaceMembersService } from './space-members.service.js';
import { Space, SpaceConnection, SpaceGuestCohort } from './space.type.js';
import {
  AddSpaceMembersArgs, AnnouncementsArgs, CreateSpaceArgs, PostsArgs, RemoveSpaceMemberArgs, SpacesArgs, UpdateSpaceArgs,
} from './spaces.inputs.js';
import { AuthorsRepository } from './authors.repository.js';
import { LoaderContext, pendingModerationLoader, primeWallPage } from './spaces.loaders.js';
import { mayModerate } from './space-access.js';
import { toAnnouncement, toComment, toMember, toMemberCandidates, toPost, toSpace } from './spaces.mapper.js';
import { SpacesService } from './spaces.service.js';
import { SpaceViewers } from './space-viewer.js';
import { WallRepository } from './wall.repository.js';
import { WallService } from './wall.service.js';

/** Spaces and their members. Any signed-in caller; the use cases decide with the permissions table. */
@Resolver(() => Space)
@Authenticated()
export class SpacesResolver {
  constructor(
    private readonly viewers: SpaceViewers,
    private readonly spaceUseCases: SpacesService,
    private readonly memberUseCases: SpaceMembersService,
    private readonly wallUseCases: WallService,
    private readonly announcementUseCases: AnnouncementsService,
    private readonly structures: StructuresService,
    private readonly wall: WallRepository,
    private readonly authors: AuthorsRepository,
  ) {}

  @Query(() => SpaceConnection, { description: 'The spaces the caller may read, newest first.' })
  async spaces(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args() { filter, ...page }: SpacesArgs)
    : Promise<SpaceConnection> {
    return mapConnection(await this.spaceUseCases.listSpaces(this.viewers.of(principal, context), filter ?? {}, parsePage(page)), toSpace);
  }

  @Query(() => Space, { nullable: true, description: 'A space; NOT_FOUND when it does not exist or the caller is not a member.' })
  async space(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args('id', { type: () => ID }) id: string)
    : Promise<Space> {
    return toSpace(await this.spaceUseCases.getSpace(this.viewers.of(principal, context), id));
  }

  @Mutation(() => Space, { description: 'Creates a space for a school: home teachers and directors for their own school, hub administrators.' })
  async createSpace(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args() { input }: CreateSpaceArgs)
    : Promise<Space> {
    return toSpace(await this.spaceUseCases.createSpace(this.viewers.of(principal, context), input));
  }

  @Mutation(() => Space, { description: 'Changes title, description, settings or status (owners).' })
  async updateSpace(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args() { input }: UpdateSpaceArgs)
    : Promise<Space> {
    return toSpace(await this.spaceUseCases.updateSpace(this.viewers.of(principal, context), input));
  }

  @Mutation(() => Space, { description: 'Adds classes, people and guest cohorts (owners).' })
  async addSpaceMembers(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args() { input }: AddSpaceMembersArgs)
    : Promise<Space> {
    return toSpace(await this.memberUseCases.addMembers(this.viewers.of(principal, context), input));
  }

  @Mutation(() => Space, { description: 'Removes one person, class or guest cohort (owners).' })
  async removeSpaceMember(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext,
    @Args() { input }: RemoveSpaceMemberArgs): Promise<Space> {
    return toSpace(await this.memberUseCases.removeMember(this.viewers.of(principal, context), input));
  }

  @ResolveField(() => PostConnection, { description: 'The wall, newest first; the moderation queue with status: PENDING.' })
  async posts(@Parent() space: Space, @CurrentPrincipal() principal: Principal, @Context() context: LoaderContext,
    @Args() { status, ...page }: PostsArgs): Promise<PostConnection> {
    const viewer = this.viewers.of(principal, context);
    const wallPage = await this.wallUseCases.listPosts(viewer, space.granted, status ?? null, parsePage(page));
    primeWallPage(context, this.authors, this.wall, space.granted.scope, wallPage);
    return mapConnection(wallPage, (post) => toPost(post, space.granted, viewer));
  }

  @ResolveField(() => CommentConnection, {
    description: 'The held comments of the moderation queue, oldest first: every one for moderators, their own for others.',
  })
  async heldComments(@Parent() space: Space, @CurrentPrincipal() principal: Principal, @Context() context: LoaderContext,
    @Args() page: PageArgs): Promise<CommentConnection> {
    const viewer = this.viewers.of(principal, context);
    return mapConnection(await this.wallUseCases.listHeldComments(viewer, space.granted, parsePage(page)),
      (comment) => toComment(comment, space.granted, viewer));
  }

  @ResolveField(() => Int, {
    nullable: true,
    description: 'How many posts, comments and uploads wait for a moderator here; null when the caller does not moderate the space. '
      + 'Batched over a list of spaces.',
  })
  async pendingModerationCount(@Parent() space: Space, @Context() context: LoaderContext): Promise<number | null> {
    if (!mayModerate(space.granted.access)) return null;
    return pendingModerationLoader(context, this.wall).load(space.granted.scope);
  }

  @ResolveField(() => AnnouncementConnection, { description: 'Announcements shown now, newest first.' })
  async announcements(@Parent() space: Space, @CurrentPrincipal() principal: Principal, @Context() context: LoaderContext,
    @Args() { pinned, includeHidden, ...page }: AnnouncementsArgs): Promise<AnnouncementConnection> {
    const viewer = this.viewers.of(principal, context);
    const connection = await this.announcementUseCases.listAnnouncements(viewer, space.granted,
      { includeHidden: includeHidden ?? false, pinned: pinned ?? null }, parsePage(page));
    return mapConnection(connection, (entity) => toAnnouncement(entity, viewer.now()));
  }

  @ResolveField(() => SpaceMemberConnection, { description: 'Members (pages blanches: name, profile, role), oldest first; not for parents (FORBIDDEN).' })
  async members(@Parent() space: Space, @CurrentPrincipal() principal: Principal, @Context() context: LoaderContext,
    @Args() page: PageArgs): Promise<SpaceMemberConnection> {
    return mapConnection(await this.memberUseCases.listMembers(this.viewers.of(principal, context), space.id, parsePage(page)), toMember);
  }

  @ResolveField(() => SpaceMemberCandidates, {
    description: "What an owner may add: the classes of the space's school and the guest cohorts of the conventions in force that host it "
      + '(owners only: FORBIDDEN to other members).',
  })
  async memberCandidates(@Parent() space: Space, @CurrentPrincipal() principal: Principal, @Context() context: LoaderContext)
    : Promise<SpaceMemberCandidates> {
    return toMemberCandidates(await this.memberUseCases.candidates(this.viewers.of(principal, context), space.granted));
  }

  @ResolveField(() => [SchoolClass], { description: 'Whole classes that are members.' })
  async classes(@Parent() space: Space): Promise<SchoolClass[]> {
    return (await this.memberUseCases.classes(space.granted)).map(toSchoolClass);
  }

  @ResolveField(() => [SpaceGuestCohort], { description: 'Guest cohorts that are members.' })
  async guestCohorts(@Parent() space: Space): Promise<SpaceGuestCohort[]> {
    return this.memberUseCases.cohorts(space.granted);
  }

  @ResolveField(() => Structure, { description: 'The owning school.' })
  structure(@Parent() space: Space, @Context() context: LoaderContext): Promise<Structure> {
    return structureByIdLoader(context, this.structures).load(space.structureId);
  }
}
