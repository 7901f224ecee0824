import { Injectable } from '@nestjs/common';
import { InvalidInputError } from '@passerelle/errors';
import { SpaceEventEntity } from './agenda.entities.js';
import { AgendaRepository } from './agenda.repository.js';
import { parisDay } from './agenda-calendar.js';
import { HomeworkRepository } from './homework.repository.js';
import { homeworkSpacesOf, mayFollowHomework } from './homework.rules.js';
import type { HomeworkView } from './homework.service.js';
import { SpaceAccessRepository } from './space-access.repository.js';
import { can, SpaceAction } from './space-permissions.js';
import { SpaceStatus } from './space.entity.js';
import { SpaceViewer } from './space-viewer.js';

/** The most items of each list the home screen may ask for. */
export const MAX_UPCOMING = 20;

/**
 * The home screen's « À venir »: the next homework due and the next events across the caller's open spaces, each
 * space's rules applied (homework of a class only to that class and to those who run the space), in a few queries.
 */
@Injectable()
export class UpcomingService {
  constructor(private readonly access: SpaceAccessRepository, private readonly homework: HomeworkRepository, private readonly agenda: AgendaRepository) {}

  async upcoming(viewer: SpaceViewer, first: number): Promise<{ homework: HomeworkView[]; events: SpaceEventEntity[] }> {
    if (!Number.isInteger(first) || first < 0 || first > MAX_UPCOMING) {
      throw new InvalidInputError(`Le nombre d'éléments demandés doit être compris entre 0 et ${MAX_UPCOMING}.`, ['first']);
    }
    const subject = await viewer.subject();
    const candidates = this.access.candidateSpaces(subject, { status: SpaceStatus.OPEN });
    if (!candidates || first === 0) return { homework: [], events: [] };
    const ids: { id: string }[] = await candidates.select('space.id', 'id').getRawMany();
    const readable = (await viewer.findMany(ids.map((row) => row.id)))
      .filter((granted) => granted !== null && can(granted.role, SpaceAction.READ))
      .map((granted) => granted!);
    const now = viewer.now();
    const classIds = subject.kind === 'PERSON' ? subject.classIds : [];
    const [homework, events] = await Promise.all([
      this.homework.upcoming(homeworkSpacesOf(readable.map((g) => ({ spaceId: g.scope.spaceId, role: g.role }))), classIds, parisDay(now), first),
      this.agenda.upcoming(readable.map((g) => g.scope.spaceId), now, first),
    ]);
    const progress = await this.homework.progressAcross(homework, viewer.actor);
    const roles = new Map(readable.map((g) => [g.scope.spaceId, g.role]));
    return {
      homework: homework.map((h) => ({ homework: h, progress: progress.get(h.id) ?? { doneCount: 0, doneByMe: false },
        mayCount: mayFollowHomework(roles.get(h.spaceId)!) })),
      events,
    };
  }
}
