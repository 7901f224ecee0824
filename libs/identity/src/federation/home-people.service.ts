import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, SYSTEM_ACTOR } from '@passerelle/audit';
import { normaliseUai, Profile } from '@passerelle/directory';
import { FederationError } from './federation-errors.js';
import { checkHomeSchool } from './home-school.js';
import { FederatedIdentity, FederationPartner } from './protocol.js';

export interface HomePerson {
  readonly personId: string;
  readonly displayName: string;
  readonly created: boolean;
}

/**
 * People of the home ENT (a partner with trust HOME) become local members of the directory: one `person` per
 * external identity (issuer + subject, unique in the database), origin HOME, attached to the school of their UAI —
 * which must be one the partner serves (partner_ent.served_uais) and a school of the hub's directory. A returning
 * person keeps their school: an ENT asserting another one is refused (checkHomeSchool), never followed. Name and
 * profile follow the home ENT at each sign-in, and each sign-in sets `last_seen_at` (home people not seen for long
 * are erased: HomePersonEraseHandler in the guests library).
 */
@Injectable()
export class HomePeopleService {
  constructor(private readonly dataSource: DataSource, private readonly audit: AuditService) {}

  async bind(identity: FederatedIdentity & { profile: Profile }, partner: Pick<FederationPartner, 'id' | 'servedUais'>): Promise<HomePerson> {
    const uai = normaliseUai(identity.uai);
    return this.dataSource.transaction(async (manager) => {
      const [existing]: { id: string; structure_id: string | null; uai: string | null }[] = await manager.query(
        `SELECT p.id, p.structure_id, s.uai FROM person p LEFT JOIN structure s ON s.id = p.structure_id
         WHERE p.external_issuer = $1 AND p.external_subject = $2 FOR UPDATE OF p`, [identity.issuer, identity.subject]);
      const verdict = checkHomeSchool({ servedUais: partner.servedUais, assertedUai: uai, currentUai: existing?.uai ?? null });
      if (!verdict.admitted) {
        throw new FederationError(verdict.code, `asserted ${uai}`, verdict.code === 'HOME_SCHOOL_NOT_SERVED'
          ? { uai, profile: identity.profile }
          : { personId: existing!.id, structureId: existing!.structure_id, uai, profile: identity.profile });
      }
      const [structure]: { id: string }[] = await manager.query('SELECT id FROM structure WHERE uai = $1', [uai]);
      if (!structure) throw new FederationError('STRUCTURE_NOT_COVERED', 'home ENT user of a school not in the directory', { uai });
      const [row]: { id: string; display_name: string; created: boolean }[] = await manager.query(
        `INSERT INTO person (display_name, profiles, origin, structure_id, external_issuer, external_subject, last_seen_at)
         VALUES ($1, ARRAY[$2]::text[], 'HOME', $3, $4, $5, now())
         ON CONFLICT (external_issuer, external_subject) WHERE external_subject IS NOT NULL
         DO UPDATE SET display_name = EXCLUDED.display_name, profiles = EXCLUDED.profiles, structure_id = EXCLUDED.structure_id,
           last_seen_at = now(), updated_at = now()
         RETURNING id, display_name, (xmax = 0) AS created`,
        [identity.displayName, identity.profile, structure.id, identity.issuer, identity.subject]);
      if (row.created) {
        await this.audit.record(manager, {
          actor: SYSTEM_ACTOR, action: 'person.created-from-home-ent', subject: { type: 'person', id: row.id },
          partnerId: identity.partnerId, details: { profile: identity.profile, structureId: structure.id },
        });
      }
      return { personId: row.id, displayName: row.display_name, created: row.created };
    });
  }
}
