import { Args, Query, Resolver } from '@nestjs/graphql';
import { AllowRoles, Role } from '@passerelle/access';
import { mapConnection, parsePage } from '@passerelle/graphql-kit';
import { AuditEventConnection } from './audit-event.type.js';
import { AuditEventsArgs } from './audit.inputs.js';
import { toAuditEvent } from './audit.mapper.js';
import { AuditService } from './audit.service.js';

/** The audit trail, for hub administrators. (Directors read their conventions' events through `Convention.auditEvents`.) */
@Resolver()
@AllowRoles(Role.HUB_ADMIN)
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Query(() => AuditEventConnection, { description: 'Audit events matching the filter, oldest first.' })
  async auditEvents(@Args() { filter, ...page }: AuditEventsArgs): Promise<AuditEventConnection> {
    return mapConnection(await this.audit.list(filter ?? {}, parsePage(page)), toAuditEvent);
  }
}
