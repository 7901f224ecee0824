import { DynamicModule, Module, Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@passerelle/audit';
import { ConventionsModule } from '@passerelle/conventions';
import { ConventionAlertHandler } from './convention-alert.handler.js';
import { ConventionDeprovisionHandler } from './convention-deprovision.handler.js';
import { ConventionGuestsAdmissionHandler } from './convention-guests-admission.handler.js';
import { ConventionGuestsResumeHandler } from './convention-guests-resume.handler.js';
import { ConventionGuestsSuspendHandler } from './convention-guests-suspend.handler.js';
import { GUESTS_ENTITIES } from './guest.entity.js';
import { GuestClaimService } from './guest-claim.service.js';
import { GUEST_CONTRIBUTIONS, GuestContributionsPort, NoContributionsYetAdapter } from './guest-contributions.port.js';
import { GuestPoolProvisionHandler } from './guest-pool-provision.handler.js';
import { GuestSupervisionPort, NoSpacesSupervision } from './guest-supervision.port.js';
import { GuestSessionsPort } from './guest-sessions.port.js';
import { GuestsResolver } from './guests.resolver.js';
import { GuestsService } from './guests.service.js';
import {
  HomePeopleErasureSchedule, HomePeopleErasureSweepHandler, HomePersonEraseHandler, HomeSchoolsDroppedHandler,
} from './home-people.handlers.js';

export interface GuestsModuleOptions {
  /** Ends a guest's sessions: the identity library's SessionService (a provider visible to this module). */
  readonly sessions: Type<GuestSessionsPort> | Type<{ revokeAllOf(principalId: string): Promise<number> }>;
  /** What becomes of guests' contributions at deprovisioning; the applications pass the spaces library's adapter. */
  readonly contributions?: Type<GuestContributionsPort>;
  /** Who may act for a guest besides themself and hub administrators (teachers of their spaces). */
  readonly supervision?: Type<GuestSupervisionPort>;
}

/**
 * Guest pools, claiming a guest, and the guest lifecycle jobs (provisioning, suspension, resumption,
 * deprovisioning, alerts). Global, so that the federation (in the identity library) injects GuestClaimService.
 */
@Module({})
export class GuestsModule {
  static forRoot(options: GuestsModuleOptions): DynamicModule {
    return {
      module: GuestsModule,
      global: true,
      imports: [TypeOrmModule.forFeature([...GUESTS_ENTITIES]), ConventionsModule, AuditModule],
      providers: [
        { provide: GuestSessionsPort, useExisting: options.sessions },
        { provide: GUEST_CONTRIBUTIONS, useClass: options.contributions ?? NoContributionsYetAdapter },
        { provide: GuestSupervisionPort, useClass: options.supervision ?? NoSpacesSupervision },
        GuestClaimService, GuestsService, GuestsResolver,
        GuestPoolProvisionHandler, ConventionGuestsSuspendHandler, ConventionGuestsResumeHandler, ConventionGuestsAdmissionHandler,
        ConventionDeprovisionHandler, ConventionAlertHandler, HomePeopleErasureSweepHandler, HomePersonEraseHandler,
        HomeSchoolsDroppedHandler, HomePeopleErasureSchedule,
      ],
      exports: [GuestClaimService, GuestsService, GUEST_CONTRIBUTIONS],
    };
  }
}
