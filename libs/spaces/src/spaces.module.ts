import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@passerelle/audit';
import { DirectoryModule } from '@passerelle/directory';
import { AgendaCalendarController } from './agenda-calendar.controller.js';
import { CalendarFeedController } from './calendar-feed.controller.js';
import { CalendarFeedResolver, SpaceCalendarFeedFieldsResolver } from './calendar-feed.resolver.js';
import { CalendarFeedService } from './calendar-feed.service.js';
import { CalendarFeedsRepository } from './calendar-feeds.repository.js';
import { AgendaRepository } from './agenda.repository.js';
import { AgendaResolver, SpaceAgendaFieldsResolver } from './agenda.resolver.js';
import { AgendaService } from './agenda.service.js';
import { AnnouncementsService } from './announcements.service.js';
import { HomeworkRepository } from './homework.repository.js';
import { HomeworkResolver, SpaceHomeworkFieldsResolver } from './homework.resolver.js';
import { HomeworkService } from './homework.service.js';
import { AuthorsRepository } from './authors.repository.js';
import { DocumentsController } from './documents.controller.js';
import { DOCUMENTS_PROVIDERS } from './documents.providers.js';
import { DocumentsRepository } from './documents.repository.js';
import { DocumentStorage } from './documents.storage.js';
import { ModerationAccessRepository } from './moderation-access.repository.js';
import { ModerationAccessResolver, SpaceModerationFieldsResolver } from './moderation-access.resolver.js';
import { ModerationAccessService } from './moderation-access.service.js';
import { SpaceAccessRepository } from './space-access.repository.js';
import { SpaceMembersRepository } from './space-members.repository.js';
import { SpaceMembersService } from './space-members.service.js';
import { SpaceViewers } from './space-viewer.js';
import { SPACES_ENTITIES } from './spaces.entities.js';
import { SpacesResolver } from './spaces.resolver.js';
import { SpacesService } from './spaces.service.js';
import { WallRepository } from './wall.repository.js';
import { AnnouncementFieldsResolver, CommentFieldsResolver, PostRevisionFieldsResolver, WallResolver } from './wall.resolver.js';
import { WallService } from './wall.service.js';
import { ContributionLimiter } from './contribution-limits.js';
import { UpcomingResolver } from './upcoming.resolver.js';
import { UpcomingService } from './upcoming.service.js';

/** Shared spaces: spaces, members and roles, the wall and announcements. */
@Module({
  imports: [TypeOrmModule.forFeature([...SPACES_ENTITIES]), DirectoryModule, AuditModule],
  providers: [
    SpaceAccessRepository, SpaceViewers, SpaceMembersRepository, SpaceMembersService, SpacesService,
    WallRepository, WallService, ContributionLimiter, AnnouncementsService, AuthorsRepository,
    SpacesResolver, WallResolver, CommentFieldsResolver, AnnouncementFieldsResolver, PostRevisionFieldsResolver,
    AgendaRepository, AgendaService, AgendaResolver, SpaceAgendaFieldsResolver,
    CalendarFeedsRepository, CalendarFeedService, CalendarFeedResolver, SpaceCalendarFeedFieldsResolver,
    HomeworkRepository, HomeworkService, HomeworkResolver, SpaceHomeworkFieldsResolver, UpcomingService, UpcomingResolver,
    ...DOCUMENTS_PROVIDERS,
    ModerationAccessRepository, ModerationAccessService, ModerationAccessResolver, SpaceModerationFieldsResolver,
  ],
  controllers: [AgendaCalendarController, CalendarFeedController, DocumentsController],
  exports: [SpaceViewers, SpaceAccessRepository, SpaceMembersService, SpaceMembersRepository, WallRepository, AuthorsRepository,
    SpacesService, WallService,
    AgendaRepository, HomeworkRepository, DocumentsRepository, DocumentStorage],
})
export class SpacesModule {}
