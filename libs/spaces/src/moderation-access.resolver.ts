import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AllowRoles, Authenticated, CurrentPrincipal, Principal, Role } from '@passerelle/access';
import { mapConnection, parsePage } from '@passerelle/graphql-kit';
import { isModerationAccessOpen } from './moderation-access.js';
import { ModerationAccessRecord, SpaceOverviewRecord } from './moderation-access.repository.js';
import { ModerationAccessService } from './moderation-access.service.js';
import {
  ModerationAccess, OpenModerationAccessArgs, SpaceOverview, SpaceOverviewConnection, SpaceOverviewsArgs,
} from './moderation-access.type.js';
import { LoaderContext } from './spaces.loaders.js';
import { SpaceViewers } from './space-viewer.js';
import { Space } from './space.type.js';

export function toModerationAccess(record: ModerationAccessRecord, now: Date): ModerationAccess {
  return {
    id: record.id, spaceId: record.spaceId, adminName: record.adminName, reason: record.reason,
    openedAt: new Date(record.openedAt), expiresAt: new Date(record.expiresAt),
    open: isModerationAccessOpen({ openedAt: new Date(record.openedAt), expiresAt: new Date(record.expiresAt) }, now),
  };
}

export function toSpaceOverview(record: SpaceOverviewRecord, now: Date): SpaceOverview {
  return {
    id: record.id, title: record.title, structureId: record.structureId, createdAt: new Date(record.createdAt),
    owners: record.owners.map((owner) => ({ id: owner.id, displayName: owner.displayName })),
    storageUsedBytes: record.storageUsedBytes, now,
  };
}

/** Hub administrators and spaces: the overview (name, owners, size) and the « accès de modération » (ADR 0019). */
@Resolver(() => SpaceOverview)
@AllowRoles(Role.HUB_ADMIN)
export class ModerationAccessResolver {
  constructor(private readonly viewers: SpaceViewers, private readonly moderation: ModerationAccessService) {}

  @Query(() => SpaceOverviewConnection, { description: 'Every space (of a school, when asked), newest first: name, owners, size (hub administrators).' })
  async spaceOverviews(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args() { structureId, ...page }: SpaceOverviewsArgs)
    : Promise<SpaceOverviewConnection> {
    const viewer = this.viewers.of(principal, context);
    return mapConnection(await this.moderation.overviews(viewer, structureId ?? null, parsePage(page)), (row) => toSpaceOverview(row, viewer.now()));
  }

  @Query(() => SpaceOverview, { description: 'One space as hub administrators see it (no content); NOT_FOUND when there is none.' })
  async spaceOverview(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args('id', { type: () => ID }) id: string)
    : Promise<SpaceOverview> {
    const viewer = this.viewers.of(principal, context);
    return toSpaceOverview(await this.moderation.overview(viewer, id), viewer.now());
  }

  @Mutation(() => ModerationAccess, {
    description: "Opens an « accès de modération » to a space for one hour (a reason is required): audited, shown to the space's owners; "
      + 'meanwhile the administrator reads the space and removes content as a moderator (hub administrators).',
  })
  async openModerationAccess(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args() { input }: OpenModerationAccessArgs)
    : Promise<ModerationAccess> {
    const viewer = this.viewers.of(principal, context);
    return toModerationAccess(await this.moderation.open(viewer, input), viewer.now());
  }

  @ResolveField(() => Int, { description: 'How many members it has now.' })
  membersCount(@Parent() overview: SpaceOverview): Promise<number> {
    return this.moderation.membersCount(overview.id, overview.now);
  }

  @ResolveField(() => [ModerationAccess], { description: 'Its moderation accesses, newest first (every administrator’s).' })
  async moderationAccesses(@Parent() overview: SpaceOverview): Promise<ModerationAccess[]> {
    return (await this.moderation.journals([overview.id])).get(overview.id)?.map((row) => toModerationAccess(row, overview.now)) ?? [];
  }
}

/** Space.moderationAccesses: the journal the space's owners read. */
@Resolver(() => Space)
@Authenticated()
export class SpaceModerationFieldsResolver {
  constructor(private readonly viewers: SpaceViewers, private readonly moderation: ModerationAccessService) {}

  @ResolveField(() => [ModerationAccess], {
    description: "Hub administrators' moderation accesses to this space, newest first: who, why, until when (owners; FORBIDDEN to others).",
  })
  async moderationAccesses(@Parent() space: Space, @CurrentPrincipal() principal: Principal, @Context() context: LoaderContext)
    : Promise<ModerationAccess[]> {
    const now = this.viewers.of(principal, context).now();
    return (await this.moderation.journal(space.granted)).map((row) => toModerationAccess(row, now));
  }
}
