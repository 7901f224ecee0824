import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '@passerelle/audit';
import { ForbiddenError, InvalidInputError, NotFoundError } from '@passerelle/errors';
import { Connection, isUuid, PageRequest } from '@passerelle/graphql-kit';
import { checkModerationReason, moderationAccessEnd } from './moderation-access.js';
import { ModerationAccessRecord, ModerationAccessRepository, SpaceOverviewRecord } from './moderation-access.repository.js';
import { paginateNewestFirst } from './newest-first.js';
import { permits } from './space-access.js';
import { SpaceMembersService } from './space-members.service.js';
import { SpaceAction } from './space-permissions.js';
import { systemScope } from './space-scope.js';
import { GrantedSpace, SPACE_NOT_FOUND, SpaceViewer } from './space-viewer.js';
import { SpaceEntity } from './space.entity.js';

export interface OpenModerationAccessCommand {
  readonly spaceId: string;
  readonly reason: string;
}

export const ADMINS_ONLY = 'Réservé aux administrateurs du hub.';
export const OWNERS_ONLY = "Seuls les responsables de l'espace voient les accès de modération.";

/**
 * Hub administrators and spaces (ADR 0019): they see every space's name, school, owners and size, never its content;
 * to read it they open an « accès de modération » (a reason, one hour, one audit event, a line the space's owners see),
 * during which the access rules (space-access.ts) let them read and remove as a moderator.
 */
@Injectable()
export class ModerationAccessService {
  constructor(private readonly dataSource: DataSource, private readonly repository: ModerationAccessRepository,
    private readonly audit: AuditService, private readonly members: SpaceMembersService) {}

  /** Opens a moderation access to a space for the calling administrator: the row and its audit event, or nothing. */
  async open(viewer: SpaceViewer, command: OpenModerationAccessCommand): Promise<ModerationAccessRecord> {
    const principal = viewer.principal;
    if (principal.kind !== 'HUB_ADMIN') throw new ForbiddenError(ADMINS_ONLY);
    const reason = checkModerationReason(command.reason);
    if (!reason.valid) throw new InvalidInputError(reason.reason, ['input', 'reason']);
    const openedAt = viewer.now();
    const access = await this.dataSource.transaction(async (manager) => {
      if (!(await this.repository.lockSpace(manager, command.spaceId))) throw new NotFoundError(SPACE_NOT_FOUND);
      const adminName = (await this.repository.adminName(manager, principal.id)) ?? principal.displayName;
      const inserted = await this.repository.insert(manager, {
        spaceId: command.spaceId.toLowerCase(), adminId: principal.id, adminName, reason: reason.value, openedAt,
        expiresAt: moderationAccessEnd(openedAt),
      });
      await this.audit.record(manager, {
        actor: principal, action: 'space.moderation-access-opened', subject: { type: 'space', id: inserted.spaceId },
        // Ids and times only: the reason is free text (it may name a child) and audit events outlive content; it
        // stays on the access itself, which goes with its space and which the space's owners read.
        details: { moderationAccessId: inserted.id, openedAt: inserted.openedAt, expiresAt: inserted.expiresAt,
          durationMinutes: Math.round((inserted.expiresAt.getTime() - inserted.openedAt.getTime()) / 60_000) },
      });
      return inserted;
    });
    // The next read of the space in this request decides again, with the access.
    viewer.forget(access.spaceId);
    return access;
  }

  /** Space.moderationAccesses: the space's journal, for its owners (FORBIDDEN to other members). */
  async journal(granted: GrantedSpace): Promise<ModerationAccessRecord[]> {
    if (!permits(granted.access, SpaceAction.EDIT_SETTINGS)) throw new ForbiddenError(OWNERS_ONLY);
    return this.repository.ofSpace(granted.scope);
  }

  /** Every space (of a school, when asked), newest first, as administrators see them. */
  async overviews(viewer: SpaceViewer, structureId: string | null, page: PageRequest): Promise<Connection<SpaceOverviewRecord>> {
    if (viewer.principal.kind !== 'HUB_ADMIN') throw new ForbiddenError(ADMINS_ONLY);
    if (structureId && !isUuid(structureId)) throw new InvalidInputError('Identifiant invalide.', ['structureId']);
    const query = this.dataSource.manager.createQueryBuilder(SpaceEntity, 'space');
    if (structureId) query.andWhere('space.structure_id = :structureId', { structureId });
    const spaces = await paginateNewestFirst(query, page);
    const overviews = new Map((await this.repository.overviews(spaces.edges.map((edge) => edge.node.id))).map((row) => [row.id, row]));
    return { ...spaces, edges: spaces.edges.map((edge) => ({ cursor: edge.cursor, node: overviews.get(edge.node.id)! })) };
  }

  /** One space as administrators see it; NOT_FOUND when there is none. */
  async overview(viewer: SpaceViewer, spaceId: string): Promise<SpaceOverviewRecord> {
    if (viewer.principal.kind !== 'HUB_ADMIN') throw new ForbiddenError(ADMINS_ONLY);
    const [found] = await this.repository.overviews([spaceId]);
    if (!found) throw new NotFoundError(SPACE_NOT_FOUND);
    return found;
  }

  /** How many members the space has now (decided by the access rules, as for the members themselves). */
  async membersCount(spaceId: string, now: Date): Promise<number> {
    return (await this.members.members(systemScope(spaceId), now)).length;
  }

  /** The journals of the spaces an administrator lists (their own accesses and others'). */
  journals(spaceIds: readonly string[]): Promise<Map<string, ModerationAccessRecord[]>> {
    return this.repository.ofSpaces(spaceIds);
  }
}
