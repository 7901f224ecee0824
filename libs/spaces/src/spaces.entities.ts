import { SpaceClassEntity, SpaceConventionEntity, SpaceGuestCohortEntity, SpacePersonEntity } from './space-membership.entity.js';
import { SpaceEntity } from './space.entity.js';
import { SpaceEventEntity } from './agenda.entities.js';
import { HomeworkCompletionEntity, HomeworkEntity } from './homework.entities.js';
import {
  AnnouncementEntity, CommentEntity, MentionEntity, PostEntity, PostModerationEntity, PostRevisionEntity, ReactionEntity,
} from './wall.entities.js';

/** The spaces library's TypeORM entities, for the data source the apps assemble. */
export const SPACES_ENTITIES = [
  SpaceEntity, SpaceConventionEntity, SpaceClassEntity, SpacePersonEntity, SpaceGuestCohortEntity,
  PostEntity, PostRevisionEntity, PostModerationEntity, CommentEntity, ReactionEntity, MentionEntity, AnnouncementEntity,
  SpaceEventEntity, HomeworkEntity, HomeworkCompletionEntity,
] as const;
