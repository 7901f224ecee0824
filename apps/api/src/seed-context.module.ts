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
import { ALL_ENTITIES, DatabaseTarget } from './database.js';

/**
 * The domain services without HTTP, for operator commands that write through the use cases (`npm run seed:demo`).
 * Jobs are produced (and, without Redis, run here from the outbox); no BullMQ consumer.
 */
@Module({})
export class SeedContextModule {
  static forRoot(config: AppConfig, database: DatabaseTarget): DynamicModule {
    return {
      module: SeedContextModule,
      imports: [
        ConfigModule.forRoot(config),
        loggingModule(config.LOG_LEVEL),
        TypeOrmModule.forRoot(dataSourceOptions({ url: database.url, entities: ALL_ENTITIES, embedded: database.embedded,
          applicationName: 'passerelle-cli' })),
        JobsModule.forRoot(config, { consume: false }),
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
