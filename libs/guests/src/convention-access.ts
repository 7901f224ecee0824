import type { EntityManager } from 'typeorm';
import { hasRole, Principal, Role } from '@passerelle/access';
import { NotFoundError } from '@passerelle/errors';
import { isUuid } from '@passerelle/graphql-kit';

/** The same words for a convention that does not exist and for one the caller may not see (no existence oracle). */
export const CONVENTION_NOT_FOUND = "Cette convention n'existe pas ou vous n'y avez pas accès.";

/**
 * Who manages a convention's guests: hub administrators, and the directors of one of its hosting structures (a
 * person signed in with the DIRECTOR role whose school hosts the convention). NOT_FOUND for an unknown convention and
 * for anyone else who reaches this far (a director of another school is told it does not exist, as in libs/conventions);
 * callers without either role are refused by the resolver's role guard before any id is read.
 */
export async function assertManagesConvention(manager: EntityManager, principal: Principal | null, conventionId: string): Promise<void> {
  if (!isUuid(conventionId)) throw new NotFoundError(CONVENTION_NOT_FOUND);
  const [row]: { director: boolean }[] = await manager.query(
    `SELECT EXISTS (SELECT 1 FROM convention_hosting_structure h JOIN person p ON p.structure_id = h.structure_id
                    WHERE h.convention_id = c.id AND p.id = $2) AS director
     FROM convention c WHERE c.id = $1`,
    [conventionId, principal?.kind === 'PERSON' && isUuid(principal.id) ? principal.id : null]);
  if (!row) throw new NotFoundError(CONVENTION_NOT_FOUND);
  if (hasRole(principal, Role.HUB_ADMIN)) return;
  if (hasRole(principal, Role.DIRECTOR) && row.director) return;
  throw new NotFoundError(CONVENTION_NOT_FOUND);
}
