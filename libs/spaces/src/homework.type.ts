import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection, connectionType } from '@passerelle/graphql-kit';
import type { HomeworkView } from './homework.service.js';

@ObjectType('Homework', { description: 'Homework or a planned activity of the cahier de textes.' })
export class Homework {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  spaceId: string;

  @Field(() => ID, { nullable: true, description: 'The class of the space it is for; null: every member.' })
  schoolClassId: string | null;

  @Field()
  title: string;

  @Field({ description: 'Instructions, sanitised rich text (may be empty).' })
  detailsHtml: string;

  @Field({ description: 'The day it is due, YYYY-MM-DD.' })
  dueOn: string;

  @Field({ description: 'Whether the caller marked it done.' })
  doneByMe: boolean;

  @Field(() => Int, { nullable: true, description: 'How many pupils marked it done (owners and moderators; null for others).' })
  doneCount: number | null;

  @Field(() => GraphQLISODateTime)
  createdAt: Date;

  /** Not a field: whether the caller may follow who did it (doneCount, doneBy). */
  mayFollow: boolean;
}

@ObjectType('HomeworkDone', { description: 'A pupil (home or guest) who marked a homework done: their display name only.' })
export class HomeworkDone {
  @Field(() => ID, { description: 'Person or guest id.' })
  id: string;

  @Field({ description: 'The current name (a guest whose data was erased shows a pseudonym).' })
  displayName: string;

  @Field(() => GraphQLISODateTime)
  doneAt: Date;
}

export const HomeworkConnection = connectionType(Homework);
export type HomeworkConnection = Connection<Homework>;

/** The fields a homework exposes; the completion count only to those who may see it. */
export function toHomework({ homework, progress, mayCount }: HomeworkView): Homework {
  return {
    id: homework.id, spaceId: homework.spaceId, schoolClassId: homework.schoolClassId, title: homework.title, detailsHtml: homework.detailsHtml,
    dueOn: homework.dueOn, doneByMe: progress.doneByMe, doneCount: mayCount ? progress.doneCount : null, createdAt: homework.createdAt,
    mayFollow: mayCount,
  };
}
