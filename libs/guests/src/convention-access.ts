import type { EntityManager } from 'typeorm';
import { hasRole, Principal, Role } from '@passerelle/access';
import { ForbiddenError, NotFoundError } from '@passerelle/errors';
import { isUuid } from '@passerelle/graphql-kit';

export const CONVENTION_NOT_FOUND = "Cette convention n'existe pas.";

/**
 * Who manages a convention's guests: hub administrators, and the directors of one of its hosting structures (a
 * person signed in with the DIRECTOR role whose school hosts the convention). NOT_FOUND for an unknown convention,
 * FORBIDDEN for anyone else.
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
  throw new ForbiddenError();
}
