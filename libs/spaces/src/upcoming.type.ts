import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, Max, Min } from 'class-validator';
import { SpaceEvent } from './agenda.type.js';
import { Homework } from './homework.type.js';
import { MAX_UPCOMING } from './upcoming.service.js';

@ObjectType('Upcoming', { description: 'What comes next across my open spaces (the home screen), each space\'s rules applied.' })
export class Upcoming {
  @Field(() => [Homework], { description: 'Homework due today or later, soonest first (a class\'s homework only to that class and its teachers).' })
  homework: Homework[];

  @Field(() => [SpaceEvent], { description: 'Events not over yet, earliest start first.' })
  events: SpaceEvent[];
}

const RANGE = `Le nombre d'éléments demandés doit être compris entre 0 et ${MAX_UPCOMING}.`;

@ArgsType()
export class UpcomingArgs {
  @Field(() => Int, { defaultValue: 5, description: `How many of each, 0 to ${MAX_UPCOMING} (default 5).` })
  @IsInt({ message: RANGE }) @Min(0, { message: RANGE }) @Max(MAX_UPCOMING, { message: RANGE })
  first: number = 5;
}
