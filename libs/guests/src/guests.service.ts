import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { hasRole, Principal, Role } from '@passerelle/access';
import { auditActorOf, AuditService } from '@passerelle/audit';
import { Clock } from '@passerelle/conventions';
import { Profile } from '@passerelle/directory';
import { ConflictError, NotFoundError } from '@passerelle/errors';
import { Connection, isUuid, paginate, PageRequest } from '@passerelle/graphql-kit';
import { assertManagesConvention } from './convention-access.js';
import { GuestEntity, GuestState } from './guest.entity.js';
import { GuestSupervisionPort } from './guest-supervision.port.js';

/** The same words for a guest that does not exist and for one the caller may not see (no existence oracle). */
export const GUEST_NOT_FOUND = "Ce compte invité n'existe pas ou vous n'y avez pas accès.";

export interface GuestPoolCounts {
  readonly profile: Profile;
  readonly quota: number;
  readonly available: number;
  readonly bound: number;
  readonly suspended: number;
  readonly deprovisioned: number;
}

/** A guest, and whether the caller manages its convention (and so may see its display name). */
export interface GuestSeenBy {
  readonly guest: GuestEntity;
  readonly managesConvention: boolean;
}

export interface GuestsQuery {
  readonly state?: GuestState | null;
  readonly profile?: Profile | null;
}

/** Reading a convention's guests, and a guest's objection to the retention of their contributions. */
@Injectable()
export class GuestsService {
  constructor(private readonly dataSource: DataSource, private readonly audit: AuditService, private readonly clock: Clock,
    private readonly supervision: GuestSupervisionPort) {}

  /** Quota and counts per state of each profile of the convention (profiles with a quota row or with guests). */
  async guestPool(principal: Principal | null, conventionId: string): Promise<readonly GuestPoolCounts[]> {
    const manager = this.dataSource.manager;
    await assertManagesConvention(manager, principal, conventionId);
    const rows: (Omit<GuestPoolCounts, 'profile'> & { profile: Profile })[] = await manager.query(
      `WITH counts AS (
         SELECT profile, count(*) FILTER (WHERE state = 'AVAILABLE')::int AS available, count(*) FILTER (WHERE state = 'BOUND')::int AS bound,
                count(*) FILTER (WHERE state = 'SUSPENDED')::int AS suspended, count(*) FILTER (WHERE state = 'DEPROVISIONED')::int AS deprovisioned
         FROM guest WHERE convention_id = $1 GROUP BY profile)
       SELECT coalesce(q.profile, c.profile) AS profile, coalesce(q.quota, 0)::int AS quota, coalesce(c.available, 0) AS available,
              coalesce(c.bound, 0) AS bound, coalesce(c.suspended, 0) AS suspended, coalesce(c.deprovisioned, 0) AS deprovisioned
       FROM (SELECT profile, quota FROM convention_profile_quota WHERE convention_id = $1) q
       FULL JOIN counts c ON c.profile = q.profile
       ORDER BY 1`, [conventionId]);
    return rows;
  }

  /** The convention's guests matching the filter, oldest first. */
  async listGuests(principal: Principal | null, conventionId: string, filter: GuestsQuery, page: PageRequest): Promise<Connection<GuestEntity>> {
    await assertManagesConvention(this.dataSource.manager, principal, conventionId);
    const query = this.dataSource.manager.createQueryBuilder(GuestEntity, 'guest')
      .where('guest.convention_id = :conventionId', { conventionId });
    if (filter.state) query.andWhere('guest.state = :state', { state: filter.state });
    if (filter.profile) query.andWhere('guest.profile = :profile', { profile: filter.profile });
    return paginate(query, page);
  }

  /**
   * Records that a guest refuses that their contributions be kept after the convention: they are erased at
   * deprovisioning whatever the convention says. The guest themself or a hub administrator (teachers of the guest's
   * spaces come with the spaces issue); doing it twice keeps the first date.
   */
  async objectToContributionRetention(principal: Principal | null, guestId: string): Promise<GuestSeenBy> {
    const self = principal?.kind === 'GUEST' && principal.id === guestId;
    const admin = hasRole(principal, Role.HUB_ADMIN);
    if (!isUuid(guestId)) throw new NotFoundError(GUEST_NOT_FOUND);
    // A guest the caller may not act for is, for them, a guest that does not exist.
    if (!self && !admin && !(principal && await this.supervision.supervises(principal, guestId))) throw new NotFoundError(GUEST_NOT_FOUND);
    return this.dataSource.transaction(async (manager) => {
      const guest = await manager.findOne(GuestEntity, { where: { id: guestId }, lock: { mode: 'pessimistic_write' } });
      if (!guest) throw new NotFoundError(GUEST_NOT_FOUND);
      if (guest.state === GuestState.DEPROVISIONED) {
        throw new ConflictError('GUEST_DEPROVISIONED', 'Ce compte invité a déjà été effacé : ses contributions ont été traitées selon la convention.');
      }
      if (guest.objectedToRetentionAt) return { guest, managesConvention: admin };
      guest.objectedToRetentionAt = this.clock.now();
      await manager.update(GuestEntity, { id: guest.id, conventionId: guest.conventionId }, { objectedToRetentionAt: guest.objectedToRetentionAt });
      await this.audit.record(manager, {
        actor: auditActorOf(principal), action: 'guest.objected-to-retention', subject: { type: 'guest', id: guest.id },
        conventionId: guest.conventionId, guestId: guest.id, details: {},
      });
      return { guest, managesConvention: admin };
    });
  }
}
