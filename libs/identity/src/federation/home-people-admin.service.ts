import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@passerelle/access';
import { AuditService } from '@passerelle/audit';
import { PERSON_NOT_FOUND, PersonEntity, STRUCTURE_NOT_FOUND } from '@passerelle/directory';
import { InvalidInputError, NotFoundError } from '@passerelle/errors';
import { isUuid } from '@passerelle/graphql-kit';
import { SessionService } from '../sessions/session.service.js';

/**
 * The one legitimate way a home-ENT person changes school (a sign-in never does it: see checkHomeSchool). A hub
 * administrator moves the person; their classes and direct space memberships of the former school go (they belonged
 * to that school), their sessions end, and the next sign-in from the new school is admitted (if the home ENT serves it).
 */
@Injectable()
export class HomePeopleAdminService {
  constructor(private readonly dataSource: DataSource, private readonly audit: AuditService, private readonly sessions: SessionService) {}

  async moveHomePerson(actor: Principal, personId: string, structureId: string): Promise<PersonEntity> {
    if (!isUuid(personId)) throw new NotFoundError(PERSON_NOT_FOUND);
    if (!isUuid(structureId)) throw new NotFoundError(STRUCTURE_NOT_FOUND);
    const moved = await this.dataSource.transaction(async (manager) => {
      const person = await manager.findOne(PersonEntity, { where: { id: personId }, lock: { mode: 'pessimistic_write' } });
      if (!person) throw new NotFoundError(PERSON_NOT_FOUND);
      if (person.origin !== 'HOME') {
        throw new InvalidInputError("Seule une personne de l'ENT de l'école change d'école ici : un invité dépend de sa convention.", ['personId']);
      }
      const [structure]: { id: string }[] = await manager.query('SELECT id FROM structure WHERE id = $1', [structureId]);
      if (!structure) throw new NotFoundError(STRUCTURE_NOT_FOUND);
      if (person.structureId === structureId) return { person, changed: false };
      const from = person.structureId;
      await manager.query(`UPDATE person SET structure_id = $2, updated_at = now() WHERE id = $1`, [personId, structureId]);
      const classes = await manager.query(
        `DELETE FROM class_membership m USING school_class c
         WHERE m.person_id = $1 AND c.id = m.school_class_id AND c.structure_id <> $2 RETURNING m.school_class_id`, [personId, structureId]);
      const spaces = await manager.query(
        `DELETE FROM space_person sp USING space s
         WHERE sp.person_id = $1 AND s.id = sp.space_id AND s.structure_id IS DISTINCT FROM $2 RETURNING sp.space_id`, [personId, structureId]);
      await this.audit.record(manager, {
        actor, action: 'person.school-changed', subject: { type: 'person', id: personId },
        before: { structureId: from }, after: { structureId },
        details: { classMembershipsRemoved: classes.length, spaceMembershipsRemoved: spaces.length },
      });
      return { person: { ...person, structureId }, changed: true };
    });
    // Their roles and school are read again at the next sign-in.
    if (moved.changed) await this.sessions.revokeAllOf(personId);
    return moved.person;
  }
}
