import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { checkRequiredText } from '@passerelle/directory';
import { ForbiddenError, InvalidInputError, NotFoundError } from '@passerelle/errors';
import { Connection, PageRequest } from '@passerelle/graphql-kit';
import { checkRichText } from './rich-text.js';
import { can, SpaceAction } from './space-permissions.js';
import { GrantedSpace, SpaceViewer } from './space-viewer.js';
import { AnnouncementEntity } from './wall.entities.js';
import { WallRepository } from './wall.repository.js';

export interface CreateAnnouncementCommand {
  readonly spaceId: string;
  readonly title: string;
  readonly bodyHtml: string;
  readonly pinned?: boolean | null;
  readonly displayFrom?: Date | null;
  readonly displayUntil?: Date | null;
}

export const ANNOUNCEMENT_NOT_FOUND = "Cette annonce n'existe pas ou vous n'y avez pas accès.";

/** Announcements (affichage d'informations): written by owners and moderators, shown between optional dates. */
@Injectable()
export class AnnouncementsService {
  constructor(private readonly dataSource: DataSource, private readonly repository: WallRepository) {}

  async createAnnouncement(viewer: SpaceViewer, command: CreateAnnouncementCommand): Promise<{ granted: GrantedSpace; announcement: AnnouncementEntity }> {
    const granted = await viewer.require(command.spaceId, SpaceAction.ANNOUNCE);
    const title = checkRequiredText(command.title ?? '', 200, 'Le titre');
    if (!title.valid) throw new InvalidInputError(title.reason, ['input', 'title']);
    const body = checkRichText(command.bodyHtml, "Le texte de l'annonce");
    if (!body.valid) throw new InvalidInputError(body.reason, ['input', 'bodyHtml']);
    const from = command.displayFrom ?? null;
    const until = command.displayUntil ?? null;
    if (from && until && until.getTime() <= from.getTime()) {
      throw new InvalidInputError("La date de fin d'affichage doit suivre la date de début.", ['input', 'displayUntil']);
    }
    const actor = viewer.actor;
    const announcement = await this.dataSource.manager.save(this.dataSource.manager.create(AnnouncementEntity, {
      spaceId: granted.scope.spaceId, authorKind: actor.kind, authorId: actor.id, title: title.value, bodyHtml: body.html, bodyText: body.text,
      pinned: command.pinned ?? false, displayFrom: from, displayUntil: until,
    }));
    return { granted, announcement };
  }

  /** Removes an announcement (owners and moderators). */
  async deleteAnnouncement(viewer: SpaceViewer, id: string): Promise<string> {
    const spaceId = await this.repository.locateAnnouncement(id);
    const granted = spaceId ? await viewer.find(spaceId) : null;
    const announcement = granted ? await this.repository.findAnnouncement(granted.scope, id) : null;
    if (!granted || !announcement) throw new NotFoundError(ANNOUNCEMENT_NOT_FOUND);
    await viewer.require(granted.scope.spaceId, SpaceAction.ANNOUNCE);
    await this.dataSource.manager.delete(AnnouncementEntity, { id: announcement.id, spaceId: granted.scope.spaceId });
    return announcement.id;
  }

  /**
   * Announcements newest first: those shown now; owners and moderators may ask for hidden ones too (scheduled or
   * expired) with `includeHidden`.
   */
  async listAnnouncements(viewer: SpaceViewer, granted: GrantedSpace, options: { includeHidden: boolean; pinned: boolean | null },
    page: PageRequest): Promise<Connection<AnnouncementEntity>> {
    if (options.includeHidden && !can(granted.role, SpaceAction.ANNOUNCE)) {
      throw new ForbiddenError("Seuls les enseignants qui animent l'espace voient les annonces programmées ou passées.");
    }
    return this.repository.pageAnnouncements(granted.scope, { now: viewer.now(), ...options }, page);
  }
}
