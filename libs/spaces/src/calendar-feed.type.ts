import { Field, GraphQLISODateTime, ObjectType } from '@nestjs/graphql';

@ObjectType('CalendarFeedLink', { description: "The caller's secret agenda feed of a space: its URL is given once, when it is made or renewed." })
export class CalendarFeedLink {
  @Field({ description: 'The feed (iCalendar) for a calendar application, without sign-in: /agenda/<token>.ics. Shown once, never stored in clear.' })
  url: string;

  @Field(() => GraphQLISODateTime)
  createdAt: Date;
}
