import { Module } from '@nestjs/common';
import { AuditModule } from '@passerelle/audit';
import { DirectoryModule } from '@passerelle/directory';
import { Clock, SystemClock } from './clock.js';
import { ConventionAccess } from './convention-access.js';
import { ConventionDetailsService } from './convention-details.service.js';
import { ConventionLifecycleService } from './convention-lifecycle.service.js';
import { ConventionWindowEndHandler } from './convention-window-end.handler.js';
import { ConventionFieldsResolver, ConventionsResolver } from './conventions.resolver.js';
import { ConventionsQueries } from './conventions.queries.js';
import { ConventionsService } from './conventions.service.js';
import { PartnersQueries } from './partners.queries.js';
import { PartnersResolver } from './partners.resolver.js';
import { PartnersService } from './partners.service.js';
import { SecretBox } from './secret-box.js';

/**
 * Partner ENTs, conventions and their quotas, and the job that ends a convention with its window. Exports the Clock
 * and the read APIs the guests and federation libraries use.
 */
@Module({
  imports: [DirectoryModule, AuditModule],
  providers: [
    { provide: Clock, useClass: SystemClock }, SecretBox, PartnersQueries, ConventionsQueries,
    PartnersService, ConventionAccess, ConventionsService, ConventionLifecycleService, ConventionDetailsService,
    PartnersResolver, ConventionsResolver, ConventionFieldsResolver, ConventionWindowEndHandler,
  ],
  exports: [Clock, SecretBox, PartnersQueries, ConventionsQueries, ConventionAccess, ConventionLifecycleService],
})
export class ConventionsModule {}
