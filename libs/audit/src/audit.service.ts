import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '@passerelle/access';
import { InvalidInputError } from '@passerelle/errors';
import { Connection, isUuid, PageRequest, toConnection } from '@passerelle/graphql-kit';
import { AuditActorKind, AuditEventEntity } from './audit-event.entity.js';

/** Who did it. A Principal is one (its kind and id are kept, nothing else). */
export interface AuditActor {
  readonly kind: AuditActorKind;
  readonly id: string | null;
}

/** The hub itself: jobs, the end of a validity window. */
export const SYSTEM_ACTOR: AuditActor = Object.freeze({ kind: 'SYSTEM', id: null });
export const ANONYMOUS_ACTOR: AuditActor = Object.freeze({ kind: 'ANONYMOUS', id: null });

/** The actor of a principal (kind and id only), or ANONYMOUS when nobody is signed in. */
export function auditActorOf(principal: Pick<Principal, 'kind' | 'id'> | AuditActor | null | undefined): AuditActor {
  if (!principal) return ANONYMOUS_ACTOR;
  return { kind: principal.kind, id: principal.id ?? null };
}

/** One event to record. Ids only: never a pupil's name, subject, class or any other personal data. */
export interface AuditRecord {
  readonly actor: AuditActor | Pick<Principal, 'kind' | 'id'> | null;
  /** `<subject>.<verb>` in the past tense: `convention.activated`, `partner.updated`, `guest.bound`. */
  readonly action: string;
  readonly subject: { readonly type: string; readonly id?: string | null };
  readonly conventionId?: string | null;
  readonly partnerId?: string | null;
  readonly guestId?: string | null;
  /** For changes: the state before and after (e.g. a convention snapshot). */
  readonly before?: Record<string, unknown> | null;
  readonly after?: Record<string, unknown> | null;
  readonly details?: Record<string, unknown>;
}

/** Keys that name personal data of a person: an audit payload holding one is a bug, refused before it is written. */
const PERSONAL_KEYS = new Set(['displayname', 'display_name', 'subject', 'classcode', 'class_code', 'email', 'mail',
  'password', 'clientsecret', 'client_secret', 'birthdate', 'phone', 'address']);

/** Throws when a payload carries a key that names personal data or a secret (checked at any depth). */
export function assertNoPersonalData(value: unknown, path = 'payload'): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => assertNoPersonalData(item, `${path}[${index}]`));
  } else if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, item] of Object.entries(value)) {
      if (PERSONAL_KEYS.has(key.toLowerCase())) throw new Error(`Audit payloads carry ids only: ${path}.${key} is refused`);
      assertNoPersonalData(item, `${path}.${key}`);
    }
  }
}

const ACTION_SHAPE = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

export interface AuditEventQuery {
  readonly conventionId?: string | null;
  readonly partnerId?: string | null;
  readonly guestId?: string | null;
  readonly action?: string | null;
  /** Inclusive. */
  readonly from?: Date | null;
  /** Exclusive. */
  readonly to?: Date | null;
}

/**
 * The append-only audit trail. There is no update and no delete here, on purpose; the database refuses them too.
 * Recording always happens inside the caller's transaction, so an event exists exactly when its change does.
 */
@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  /** Writes one event with the caller's transaction manager (mandatory: an audit line never commits on its own). */
  async record(manager: EntityManager, event: AuditRecord): Promise<void> {
    if (!manager) throw new Error('AuditService.record needs the caller transaction manager');
    if (!ACTION_SHAPE.test(event.action)) throw new Error(`Audit action must look like subject.verb: ${event.action}`);
    for (const part of ['before', 'after', 'details'] as const) assertNoPersonalData(event[part], part);
    const actor = auditActorOf(event.actor);
    const row: Partial<AuditEventEntity> = {
      actorKind: actor.kind,
      actorId: actor.id,
      action: event.action,
      subjectType: event.subject.type,
      subjectId: event.subject.id ?? null,
      conventionId: event.conventionId ?? null,
      partnerId: event.partnerId ?? null,
      guestId: event.guestId ?? null,
      before: event.before ?? null,
      after: event.after ?? null,
      details: event.details ?? {},
    };
    // TypeORM's deep-partial type does not accept free JSON objects for jsonb columns: the row is typed above.
    await manager.createQueryBuilder().insert().into(AuditEventEntity).values(row as never).updateEntity(false).execute();
  }

  /** Events matching every criterion, oldest first, paged by (occurred_at, id). */
  async list(filter: AuditEventQuery, page: PageRequest, manager: EntityManager = this.dataSource.manager):
    Promise<Connection<AuditEventEntity>> {
    for (const field of ['conventionId', 'partnerId', 'guestId'] as const) {
      const id = filter[field];
      if (id && !isUuid(id)) throw new InvalidInputError('Identifiant invalide.', ['filter', field]);
    }
    if (filter.from && filter.to && filter.from >= filter.to) {
      throw new InvalidInputError('La date de fin doit suivre la date de début.', ['filter', 'to']);
    }
    const query = manager.createQueryBuilder(AuditEventEntity, 'event');
    if (filter.conventionId) query.andWhere('event.convention_id = :conventionId', { conventionId: filter.conventionId });
    if (filter.partnerId) query.andWhere('event.partner_id = :partnerId', { partnerId: filter.partnerId });
    if (filter.guestId) query.andWhere('event.guest_id = :guestId', { guestId: filter.guestId });
    if (filter.action) query.andWhere('event.action = :action', { action: filter.action });
    if (filter.from) query.andWhere('event.occurred_at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('event.occurred_at < :to', { to: filter.to });

    const countQuery = query.clone();
    const pageQuery = query.clone()
      .addSelect(`to_char(event.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, 'cursor_at')
      .addSelect('event.id::text', 'cursor_id')
      .orderBy('event.occurred_at', 'ASC')
      .addOrderBy('event.id', 'ASC')
      .limit(page.first + 1);
    if (page.after) {
      pageQuery.andWhere('(event.occurred_at, event.id) > (CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid))',
        { afterAt: page.after.createdAt, afterId: page.after.id });
    }
    const { entities, raw } = await pageQuery.getRawAndEntities<{ cursor_at: string; cursor_id: string }>();
    const at = new Map(raw.map((row) => [row.cursor_id, row.cursor_at]));
    const rows = entities.map((node) => ({ node, position: { createdAt: at.get(node.id)!, id: node.id } }));
    let counted: Promise<number> | undefined;
    return toConnection(rows, page, () => (counted ??= countQuery.getCount()));
  }
}
