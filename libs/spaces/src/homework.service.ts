import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { checkRequiredText } from '@passerelle/directory';
import { InvalidInputError, NotFoundError } from '@passerelle/errors';
import { Connection, PageRequest } from '@passerelle/graphql-kit';
import { jobRequest, UnitOfWork } from '@passerelle/jobs';
import { checkPeriod, isCalendarDay } from './agenda.rules.js';
import { HomeworkEntity } from './homework.entities.js';
import { HomeworkProgress, HomeworkRepository } from './homework.repository.js';
import { homeworkClassFilter, HomeworkReader, homeworkVisibleTo, mayFollowHomework } from './homework.rules.js';
import { checkRichText } from './rich-text.js';
import { SpaceAction } from './space-permissions.js';
import { GrantedSpace, SpaceViewer } from './space-viewer.js';

export interface CreateHomeworkCommand {
  readonly spaceId: string;
  readonly title: string;
  readonly detailsHtml?: string | null;
  readonly dueOn: string;
  readonly schoolClassId?: string | null;
}

/** A homework as the caller may see it: completion counts only for those who run the space. */
export interface HomeworkView {
  readonly homework: HomeworkEntity;
  readonly progress: HomeworkProgress;
  readonly mayCount: boolean;
}

export const HOMEWORK_NOT_FOUND = "Ce travail n'existe pas ou vous n'y avez pas accès.";

/** The cahier de textes: owners and moderators set homework; pupils mark it done; teachers see how many did. */
@Injectable()
export class HomeworkService {
  constructor(private readonly dataSource: DataSource, private readonly repository: HomeworkRepository, private readonly unitOfWork: UnitOfWork) {}

  async createHomework(viewer: SpaceViewer, command: CreateHomeworkCommand): Promise<HomeworkView> {
    const granted = await viewer.require(command.spaceId, SpaceAction.SCHEDULE);
    const title = checkRequiredText(command.title ?? '', 200, 'Le titre');
    if (!title.valid) throw new InvalidInputError(title.reason, ['input', 'title']);
    let details = { html: '', text: '' };
    if (command.detailsHtml && command.detailsHtml.trim() !== '') {
      const checked = checkRichText(command.detailsHtml, 'La consigne');
      if (!checked.valid) throw new InvalidInputError(checked.reason, ['input', 'detailsHtml']);
      details = { html: checked.html, text: checked.text };
    }
    if (!isCalendarDay(command.dueOn)) throw new InvalidInputError('La date de remise doit être un jour (AAAA-MM-JJ).', ['input', 'dueOn']);
    const schoolClassId = command.schoolClassId ?? null;
    if (schoolClassId && !(await this.repository.isMemberClass(granted.scope, schoolClassId))) {
      throw new InvalidInputError("Cette classe n'est pas membre de l'espace.", ['input', 'schoolClassId']);
    }
    const actor = viewer.actor;
    const homework = await this.unitOfWork.run(async (tx) => {
      const created = await tx.manager.save(tx.manager.create(HomeworkEntity, {
        spaceId: granted.scope.spaceId, schoolClassId, authorKind: actor.kind, authorId: actor.id, title: title.value,
        detailsHtml: details.html, detailsText: details.text, dueOn: command.dueOn,
      }));
      await tx.enqueue(jobRequest('space-activity', { spaceId: granted.scope.spaceId, kind: 'HOMEWORK_CREATED', subjectId: created.id },
        ['HOMEWORK_CREATED', created.id]));
      return created;
    });
    return { homework, progress: { doneCount: 0, doneByMe: false }, mayCount: true };
  }

  async deleteHomework(viewer: SpaceViewer, id: string): Promise<string> {
    const { granted, homework } = await this.locate(viewer, id);
    await viewer.require(granted.scope.spaceId, SpaceAction.SCHEDULE);
    await this.dataSource.manager.delete(HomeworkEntity, { id: homework.id, spaceId: granted.scope.spaceId });
    return homework.id;
  }

  /** A pupil marks a homework done (or not done any more), for themselves only. */
  async markDone(viewer: SpaceViewer, id: string, done: boolean): Promise<HomeworkView> {
    const { granted, homework } = await this.locate(viewer, id);
    await viewer.require(granted.scope.spaceId, SpaceAction.COMPLETE_HOMEWORK);
    await this.repository.setDone(granted.scope, homework.id, viewer.actor, done);
    return this.view(viewer, granted, [homework]).then(([view]) => view);
  }

  /** The cahier de textes by due day, soonest first, optionally due within [from, to] (days, inclusive). */
  async listHomework(viewer: SpaceViewer, granted: GrantedSpace, page: PageRequest, due: { from?: string | null; to?: string | null } = {})
    : Promise<Connection<HomeworkView>> {
    for (const [day, field] of [[due.from, 'dueFrom'], [due.to, 'dueTo']] as const) {
      if (day && !isCalendarDay(day)) throw new InvalidInputError('La date doit être un jour (AAAA-MM-JJ).', [field]);
    }
    const checked = checkPeriod(due.from, due.to);
    if (!checked.valid) throw new InvalidInputError(checked.reason, ['dueTo']);
    const connection = await this.repository.pageHomework(granted.scope, page, homeworkClassFilter(await readerOf(viewer, granted)), due);
    const views = await this.view(viewer, granted, connection.edges.map((edge) => edge.node));
    return { ...connection, edges: connection.edges.map((edge, index) => ({ ...edge, node: views[index] })) };
  }

  private async view(viewer: SpaceViewer, granted: GrantedSpace, homework: readonly HomeworkEntity[]): Promise<HomeworkView[]> {
    const progress = await this.repository.progress(granted.scope, homework.map((h) => h.id), viewer.actor);
    const mayCount = mayFollowHomework(granted.role);
    return homework.map((h) => ({ homework: h, progress: progress.get(h.id) ?? { doneCount: 0, doneByMe: false }, mayCount }));
  }

  private async locate(viewer: SpaceViewer, id: string): Promise<{ granted: GrantedSpace; homework: HomeworkEntity }> {
    const spaceId = await this.repository.locateHomework(id);
    const granted = spaceId ? await viewer.find(spaceId) : null;
    const homework = granted ? await this.repository.findHomework(granted.scope, id) : null;
    // A homework of another class answers exactly like a missing one.
    if (!granted || !homework || !homeworkVisibleTo(homework, await readerOf(viewer, granted))) throw new NotFoundError(HOMEWORK_NOT_FOUND);
    return { granted, homework };
  }
}

/** The caller as the homework rules see them: role in the space and home classes. */
async function readerOf(viewer: SpaceViewer, granted: GrantedSpace): Promise<HomeworkReader> {
  const subject = await viewer.subject();
  return { role: granted.role, classIds: subject.kind === 'PERSON' ? subject.classIds : [] };
}
