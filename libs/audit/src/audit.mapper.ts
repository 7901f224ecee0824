import { AuditEventEntity } from './audit-event.entity.js';
import { AuditActorKindValue, AuditEvent } from './audit-event.type.js';

/** What the API shows of an audit event: every exposed field is listed here. */
export function toAuditEvent(entity: AuditEventEntity): AuditEvent {
  return {
    id: entity.id,
    occurredAt: entity.occurredAt,
    actor: { kind: entity.actorKind as AuditActorKindValue, id: entity.actorId },
    action: entity.action,
    subjectType: entity.subjectType,
    subjectId: entity.subjectId,
    conventionId: entity.conventionId,
    partnerId: entity.partnerId,
    guestId: entity.guestId,
    before: entity.before,
    after: entity.after,
    details: entity.details,
  };
}
