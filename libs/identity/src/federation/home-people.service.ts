import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, SYSTEM_ACTOR } from '@passerelle/audit';
import { Profile } from '@passerelle/directory';
import { FederationError } from './federation-errors.js';
import { FederatedIdentity } from './protocol.js';

export interface HomePerson {
  readonly personId: string;
  readonly displayName: string;
  readonly created: boolean;
}

/**
 * People of the home ENT (a partner with trust HOME) become local members of the directory: one `person` per
 * external identity (issuer + subject, unique in the database), origin HOME, attached to the school of their UAI —
 * which must be a school of the hub's directory. Name and profile follow the home ENT at each sign-in.
 */
@Injectable()
export class HomePeopleService {
  constructor(private readonly dataSource: DataSource, private readonly audit: AuditService) {}

  async bind(identity: FederatedIdentity & { profile: Profile }): Promise<HomePerson> {
    return this.dataSource.transaction(async (manager) => {
      const [structure]: { id: string }[] = await manager.query('SELECT id FROM structure WHERE uai = $1', [identity.uai]);
      if (!structure) throw new FederationError('STRUCTURE_NOT_COVERED', 'home ENT user of a school not in the directory');
      const [row]: { id: string; display_name: string; created: boolean }[] = await manager.query(
        `INSERT INTO person (display_name, profiles, origin, structure_id, external_issuer, external_subject)
         VALUES ($1, ARRAY[$2]::text[], 'HOME', $3, $4, $5)
         ON CONFLICT (external_issuer, external_subject) WHERE external_subject IS NOT NULL
         DO UPDATE SET display_name = EXCLUDED.display_name, profiles = EXCLUDED.profiles, structure_id = EXCLUDED.structure_id,
           updated_at = now()
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
