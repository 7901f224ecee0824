import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  checkOptionalText, checkRequiredText, parseProfiles, PERSON_NOT_FOUND, rolesForProfiles, STRUCTURE_NOT_FOUND, StructuresService,
} from '@passerelle/directory';
import { DomainError, ForbiddenError, InvalidInputError, NotFoundError } from '@passerelle/errors';
import { Connection, isUuid, PageRequest, toConnection } from '@passerelle/graphql-kit';
import { mayCreateSpace, personRoleCeiling } from './space-access.js';
import { SpaceAccessRepository, SpaceListFilter } from './space-access.repository.js';
import { fetchNewestFirst, PositionedRow } from './newest-first.js';
import { SpaceAction, SpaceRole } from './space-permissions.js';
import { SpaceEntity, SpaceStatus } from './space.entity.js';
import { GrantedSpace, SPACE_NOT_FOUND, SpaceViewer } from './space-viewer.js';

export interface SpaceSettingsCommand {
  readonly pupilPostsNeedApproval?: boolean | null;
  readonly privateMessagesAllowed?: boolean | null;
  readonly parentsMayRead?: boolean | null;
  readonly crossSchoolPrivateMessages?: boolean | null;
}

export interface CreateSpaceCommand {
  /** The owning school; by default the creator's own school. */
  readonly structureId?: string | null;
  readonly title: string;
  readonly description?: string | null;
  readonly settings?: SpaceSettingsCommand | null;
  /** A teacher of the school who owns the space with its creator (a hub administrator names one). */
  readonly ownerId?: string | null;
}

export interface UpdateSpaceCommand {
  readonly spaceId: string;
  readonly title?: string | null;
  readonly description?: string | null;
  readonly settings?: SpaceSettingsCommand | null;
  readonly status?: SpaceStatus | null;
}

/** Spaces themselves: creation, settings, archiving, and the list of the caller's spaces. */
@Injectable()
export class SpacesService {
  constructor(private readonly dataSource: DataSource, private readonly structures: StructuresService,
    private readonly access: SpaceAccessRepository) {}

  /**
   * Creates a space for a school. Hub administrators may do it anywhere; home teachers and directors for their
   * own school (FORBIDDEN otherwise). The creating person owns it, and so does `ownerId` when given.
   * Pupils' posts need approval unless the settings say otherwise.
   */
  async createSpace(viewer: SpaceViewer, command: CreateSpaceCommand): Promise<GrantedSpace> {
    const title = checkRequiredText(command.title ?? '', 200, 'Le titre');
    if (!title.valid) throw new InvalidInputError(title.reason, ['input', 'title']);
    const description = checkOptionalText(command.description, 2000, 'La description');
    if (!description.valid) throw new InvalidInputError(description.reason, ['input', 'description']);
    const subject = await viewer.subject();
    const structureId = command.structureId ?? (subject.kind === 'PERSON' ? subject.structureId : null);
    if (!structureId) throw new InvalidInputError("Indiquez l'école de l'espace.", ['input', 'structureId']);
    const decision = mayCreateSpace(subject, structureId);
    if (!decision.allowed) throw new ForbiddenError(decision.reason);
    const structure = await this.structures.findStructure(structureId);
    if (!structure) throw new DomainError('NOT_FOUND', STRUCTURE_NOT_FOUND, ['input', 'structureId']);

    const actor = viewer.actor;
    const space = await this.dataSource.transaction(async (manager) => {
      const created = await manager.save(manager.create(SpaceEntity, {
        structureId: structure.id, title: title.value, description: description.value ?? '', status: SpaceStatus.OPEN,
        pupilPostsNeedApproval: command.settings?.pupilPostsNeedApproval ?? true,
        privateMessagesAllowed: command.settings?.privateMessagesAllowed ?? false,
        parentsMayRead: command.settings?.parentsMayRead ?? false,
        crossSchoolPrivateMessages: command.settings?.crossSchoolPrivateMessages ?? false,
        createdByKind: actor.kind, createdById: actor.id, archivedAt: null,
      }));
      const owners = new Set<string>();
      if (actor.kind === 'PERSON') owners.add(actor.id);
      if (command.ownerId) {
        const [owner]: { profiles: string[]; structure_id: string | null }[] = isUuid(command.ownerId)
          ? await manager.query(`SELECT profiles, structure_id FROM person WHERE id = $1`, [command.ownerId]) : [];
        if (!owner || owner.structure_id !== structure.id) throw new DomainError('NOT_FOUND', PERSON_NOT_FOUND, ['input', 'ownerId']);
        const parsed = parseProfiles(owner.profiles);
        if (personRoleCeiling(parsed.ok ? rolesForProfiles(parsed.profiles) : [], false) !== SpaceRole.OWNER) {
          throw new InvalidInputError("Le responsable d'un espace doit être un enseignant ou le directeur de l'établissement.", ['input', 'ownerId']);
        }
        owners.add(command.ownerId);
      }
      for (const personId of owners) {
        await manager.query(`INSERT INTO space_person (space_id, person_id, role) VALUES ($1, $2, 'OWNER') ON CONFLICT DO NOTHING`,
          [created.id, personId]);
      }
      return created;
    });
    const granted = await viewer.find(space.id);
    if (!granted) throw new NotFoundError(SPACE_NOT_FOUND);
    return granted;
  }

  /** Changes title, description, settings or status (ARCHIVED: read only; OPEN again). Owners only. */
  async updateSpace(viewer: SpaceViewer, command: UpdateSpaceCommand): Promise<GrantedSpace> {
    const granted = await viewer.require(command.spaceId, SpaceAction.EDIT_SETTINGS);
    const changes: Partial<SpaceEntity> = {};
    if (command.title !== undefined && command.title !== null) {
      const title = checkRequiredText(command.title, 200, 'Le titre');
      if (!title.valid) throw new InvalidInputError(title.reason, ['input', 'title']);
      changes.title = title.value;
    }
    if (command.description !== undefined) {
      const description = checkOptionalText(command.description, 2000, 'La description');
      if (!description.valid) throw new InvalidInputError(description.reason, ['input', 'description']);
      changes.description = description.value ?? '';
    }
    for (const key of ['pupilPostsNeedApproval', 'privateMessagesAllowed', 'parentsMayRead', 'crossSchoolPrivateMessages'] as const) {
      const value = command.settings?.[key];
      if (value !== undefined && value !== null) changes[key] = value;
    }
    if (command.status && command.status !== granted.space.status) {
      if (!Object.values(SpaceStatus).includes(command.status)) throw new InvalidInputError("L'état de l'espace est inconnu.", ['input', 'status']);
      changes.status = command.status;
      changes.archivedAt = command.status === SpaceStatus.ARCHIVED ? new Date() : null;
    }
    if (Object.keys(changes).length > 0) {
      await this.dataSource.manager.update(SpaceEntity, { id: granted.scope.spaceId }, changes);
    }
    viewer.forget(granted.scope.spaceId);
    return (await viewer.find(granted.scope.spaceId)) ?? granted;
  }

  /** The space, when the caller may read it; NOT_FOUND otherwise (whether or not it exists). */
  async getSpace(viewer: SpaceViewer, id: string): Promise<GrantedSpace> {
    return viewer.require(id, SpaceAction.READ);
  }

  /** The spaces the caller may read, newest first. */
  async listSpaces(viewer: SpaceViewer, filter: SpaceListFilter, page: PageRequest): Promise<Connection<GrantedSpace>> {
    if (filter.structureId && !isUuid(filter.structureId)) throw new InvalidInputError('Identifiant invalide.', ['filter', 'structureId']);
    const subject = await viewer.subject();
    const candidates = this.access.candidateSpaces(subject, filter);
    if (!candidates) return toConnection([], page, () => Promise.resolve(0));
    const kept: PositionedRow<GrantedSpace>[] = [];
    const batch = Math.max(page.first + 1, 50);
    let after = page.after;
    for (;;) {
      const rows = await fetchNewestFirst(candidates.clone(), batch, after);
      const granted = await viewer.findMany(rows.map((row) => row.node.id));
      rows.forEach((row, index) => {
        const found = granted[index];
        if (found) kept.push({ node: found, position: row.position });
      });
      if (kept.length > page.first || rows.length < batch) break;
      after = rows[rows.length - 1].position;
    }
    return toConnection(kept.slice(0, page.first + 1), page, async () => {
      const ids: { id: string }[] = await candidates.clone().select('space.id', 'id').getRawMany();
      return (await viewer.findMany(ids.map((row) => row.id))).filter(Boolean).length;
    });
  }
}
