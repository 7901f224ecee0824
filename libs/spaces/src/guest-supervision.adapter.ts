import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@passerelle/access';
import { GuestSupervisionPort } from '@passerelle/guests';
import { SpaceAccessRepository } from './space-access.repository.js';
import { resolveSpaceRole, sameClassCode } from './space-access.js';
import { SpaceRole } from './space-permissions.js';

/** A teacher supervises a guest when they moderate (or own) a space the guest is a member of, through its cohort. */
@Injectable()
export class SpacesGuestSupervision extends GuestSupervisionPort {
  private readonly access: SpaceAccessRepository;

  constructor(private readonly dataSource: DataSource) {
    super();
    this.access = new SpaceAccessRepository(dataSource);
  }

  async supervises(principal: Principal, guestId: string): Promise<boolean> {
    if (principal.kind !== 'PERSON') return false;
    const guest = await this.access.loadGuestFacts(guestId);
    if (!guest) return false;
    const cohorts: { space_id: string; class_code: string | null }[] = await this.dataSource.query(
      `SELECT space_id, class_code FROM space_guest_cohort WHERE convention_id = $1`, [guest.conventionId]);
    const rows = cohorts.filter((c) => c.class_code === null || sameClassCode(c.class_code, guest.classCode));
    if (rows.length === 0) return false;
    const subject = await this.access.loadSubject(principal);
    const spaces = await this.access.loadSpaces(rows.map((r) => r.space_id), subject);
    const now = new Date();
    return [...spaces.values()].some((space) => {
      const role = resolveSpaceRole(subject, space.facts, now);
      return role === SpaceRole.OWNER || role === SpaceRole.MODERATOR;
    });
  }
}
