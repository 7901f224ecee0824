import { Foundation1764400000000 } from './1764400000000-foundation.js';
import { ConventionsAndGuests1764500000000 } from './1764500000000-conventions-and-guests.js';
import { GuestAvailablePick1764700000000 } from './1764700000000-guest-available-pick.js';
import { Federation1764800000000 } from './1764800000000-federation.js';
import { Spaces1764900000000 } from './1764900000000-spaces.js';
import { SpaceDocuments1765000000000 } from './1765000000000-space-documents.js';
import { AgendaHomework1765100000000 } from './1765100000000-agenda-homework.js';
import { FullTextSearch1765200000000 } from './1765200000000-full-text-search.js';
import { Chat1765300000000 } from './1765300000000-chat.js';
import { HomeworkClassCascade1765400000000 } from './1765400000000-homework-class-cascade.js';
import { GuestSuspensionReason1765500000000 } from './1765500000000-guest-suspension-reason.js';
import { HomeTrustAndErasure1765600000000 } from './1765600000000-home-trust-and-erasure.js';
import { ModerationAndLimits1765700000000 } from './1765700000000-moderation-and-limits.js';
import { ModerationAccess1765800000000 } from './1765800000000-moderation-access.js';
import { HomePeopleErasureClockFromDeployment1765950000000 } from './1765950000000-home-people-erasure-clock-from-deployment.js';
import { RemoveAdultPupilPrivateMessagesAcrossSchools1765960000000 } from './1765960000000-remove-adult-pupil-private-messages-across-schools.js';
import { CalendarFeedTokens1765970000000 } from './1765970000000-calendar-feed-tokens.js';
import { HiddenPosts1765980000000 } from './1765980000000-hidden-posts.js';

/** Every migration, in timestamp order. A new migration is a new file here, never an edit of a landed one. */
export const MIGRATIONS = [
  Foundation1764400000000,
  ConventionsAndGuests1764500000000,
  GuestAvailablePick1764700000000,
  Federation1764800000000,
  Spaces1764900000000,
  SpaceDocuments1765000000000,
  AgendaHomework1765100000000,
  FullTextSearch1765200000000,
  Chat1765300000000,
  HomeworkClassCascade1765400000000,
  GuestSuspensionReason1765500000000,
  HomeTrustAndErasure1765600000000,
  ModerationAndLimits1765700000000,
  ModerationAccess1765800000000,
  HomePeopleErasureClockFromDeployment1765950000000,
  RemoveAdultPupilPrivateMessagesAcrossSchools1765960000000,
  CalendarFeedTokens1765970000000,
  HiddenPosts1765980000000,
];
