import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { hasRole, Principal, Role } from '@passerelle/access';
import { PeopleService } from '@passerelle/directory';
import { ForbiddenError, NotFoundError } from '@passerelle/errors';
import { isUuid } from '@passerelle/graphql-kit';
import { ConventionEntity } from './convention.entity.js';

export const CONVENTION_NOT_FOUND = "Cette convention n'existe pas ou vous n'y avez pas accès.";

/** What a principal may manage: every convention (hub administrator) or those hosted by some structures (a director). */
export type ConventionScope = { readonly all: true } | { readonly all: false; readonly structureIds: readonly string[] };

/**
 * Who manages which convention: hub administrators all of them; a director (National_DIR) those hosted by their
 * own school; nobody else. A director asking for another school's convention is told it does not exist.
 */
@Injectable()
export class ConventionAccess {
  constructor(private readonly people: PeopleService) {}

  async scopeOf(principal: Principal, manager: EntityManager): Promise<ConventionScope> {
    if (hasRole(principal, Role.HUB_ADMIN)) return { all: true };
    if (principal.kind !== 'PERSON' || !hasRole(principal, Role.DIRECTOR)) throw new ForbiddenError();
    const person = await this.people.findPerson(principal.id, manager);
    return { all: false, structureIds: person?.structureId ? [person.structureId] : [] };
  }

  /** NOT_FOUND unless the principal manages this convention (the convention row is read with the caller's lock). */
  async assertManages(principal: Principal, manager: EntityManager, convention: ConventionEntity | null): Promise<ConventionEntity> {
    if (!convention) throw new NotFoundError(CONVENTION_NOT_FOUND);
    const scope = await this.scopeOf(principal, manager);
    if (scope.all) return convention;
    if (scope.structureIds.length === 0) throw new NotFoundError(CONVENTION_NOT_FOUND);
    const [row] = await manager.query(
      'SELECT 1 AS ok FROM convention_hosting_structure WHERE convention_id = $1 AND structure_id = ANY($2::uuid[]) LIMIT 1',
      [convention.id, scope.structureIds]);
    if (!row) throw new NotFoundError(CONVENTION_NOT_FOUND);
    return convention;
  }

  /** The convention with this id, locked FOR UPDATE for the rest of the transaction, if the principal manages it. */
  async lockManaged(principal: Principal, manager: EntityManager, id: string): Promise<ConventionEntity> {
    const convention = isUuid(id)
      ? await manager.findOne(ConventionEntity, { where: { id }, lock: { mode: 'pessimistic_write' } })
      : null;
    return this.assertManages(principal, manager, convention);
  }

  /** FORBIDDEN unless every hosting structure is one the principal manages. */
  assertMayHost(scope: ConventionScope, hostingStructureIds: readonly string[]): void {
    if (scope.all) return;
    if (hostingStructureIds.some((id) => !scope.structureIds.includes(id))) {
      throw new ForbiddenError("Vous ne pouvez engager que votre propre établissement comme établissement d'accueil.");
    }
  }
}
