import { Args, Context, ID, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { ForbiddenError } from '@passerelle/errors';
import { Authenticated, CurrentPrincipal, Principal } from '@passerelle/access';
import { mapConnection, parsePage } from '@passerelle/graphql-kit';
import { CreateHomeworkArgs, MarkHomeworkDoneArgs, SpaceHomeworkArgs } from './homework.inputs.js';
import { HomeworkRepository } from './homework.repository.js';
import { HomeworkService } from './homework.service.js';
import { Homework, HomeworkConnection, HomeworkDone, toHomework } from './homework.type.js';
import { Space } from './space.type.js';
import { homeworkDoneByLoader, LoaderContext } from './spaces.loaders.js';
import { SpaceViewers } from './space-viewer.js';

export const DONE_BY_FOR_TEACHERS = "Seuls les enseignants de l'espace voient qui a fait ce travail.";

/** The cahier de textes. Each operation calls one use case. */
@Resolver(() => Homework)
@Authenticated()
export class HomeworkResolver {
  constructor(private readonly viewers: SpaceViewers, private readonly homework: HomeworkService, private readonly repository: HomeworkRepository) {}

  @ResolveField(() => [HomeworkDone], {
    nullable: true,
    description: 'Who marked it done, first done first: display names only (owners and moderators of the space; FORBIDDEN to others).',
  })
  async doneBy(@Parent() homework: Homework, @Context() context: LoaderContext): Promise<HomeworkDone[]> {
    if (!homework.mayFollow) throw new ForbiddenError(DONE_BY_FOR_TEACHERS);
    const doers = await homeworkDoneByLoader(context, this.repository).load({ spaceId: homework.spaceId, id: homework.id });
    return doers.map(({ id, displayName, doneAt }) => ({ id, displayName, doneAt }));
  }

  @Mutation(() => Homework, { description: 'Sets homework or a planned activity, due on a day (owners and moderators).' })
  async createHomework(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args() { input }: CreateHomeworkArgs)
    : Promise<Homework> {
    return toHomework(await this.homework.createHomework(this.viewers.of(principal, context), input));
  }

  @Mutation(() => ID, { description: 'Removes a homework (owners and moderators); returns its id.' })
  deleteHomework(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args('id', { type: () => ID }) id: string)
    : Promise<string> {
    return this.homework.deleteHomework(this.viewers.of(principal, context), id);
  }

  @Mutation(() => Homework, { description: 'A pupil marks a homework done (or not done any more), for themselves.' })
  async markHomeworkDone(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args() { id, done }: MarkHomeworkDoneArgs)
    : Promise<Homework> {
    return toHomework(await this.homework.markDone(this.viewers.of(principal, context), id, done));
  }
}

/** Space.homework. */
@Resolver(() => Space)
@Authenticated()
export class SpaceHomeworkFieldsResolver {
  constructor(private readonly viewers: SpaceViewers, private readonly cahier: HomeworkService) {}

  @ResolveField(() => HomeworkConnection, { description: 'The cahier de textes by due day, soonest first (optionally due within [dueFrom, dueTo]).' })
  async homework(@Parent() space: Space, @CurrentPrincipal() principal: Principal, @Context() context: LoaderContext,
    @Args() { dueFrom, dueTo, ...page }: SpaceHomeworkArgs): Promise<HomeworkConnection> {
    const viewer = this.viewers.of(principal, context);
    return mapConnection(await this.cahier.listHomework(viewer, space.granted, parsePage(page), { from: dueFrom, to: dueTo }), toHomework);
  }
}
