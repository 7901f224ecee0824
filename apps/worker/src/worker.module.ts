import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@passerelle/audit';
import { SpacesAndChatGuestContributions } from '@passerelle/chat';
import { AppConfig, ConfigModule } from '@passerelle/config';
import { ConventionsModule } from '@passerelle/conventions';
import { dataSourceOptions } from '@passerelle/database';
import { DirectoryModule } from '@passerelle/directory';
import { GuestsModule } from '@passerelle/guests';
import { IdentityModule, SessionService } from '@passerelle/identity';
import { JobsModule } from '@passerelle/jobs';
import { NotificationsModule } from '@passerelle/notifications';
import { loggingModule } from '@passerelle/observability';
import { SpacesGuestSupervision, SpacesModule } from '@passerelle/spaces';
import { ALL_ENTITIES } from '../../api/src/database.js';

/** The worker process: BullMQ consumers for every queue, no HTTP server. Only assembles libraries. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        loggingModule(config.LOG_LEVEL),
        TypeOrmModule.forRoot(dataSourceOptions({ url: databaseUrl, entities: ALL_ENTITIES, applicationName: 'passerelle-worker' })),
        JobsModule.forRoot(config, { consume: true }),
        IdentityModule.forRoot(config, { http: false }),
        DirectoryModule,
        NotificationsModule,
        SpacesModule,
        AuditModule,
        ConventionsModule,
        GuestsModule.forRoot({ sessions: SessionService, contributions: SpacesAndChatGuestContributions, supervision: SpacesGuestSupervision }),
      ],
    };
  }
}
