import type { Address } from '@passerelle/errors';

/** Roles the hub knows at the gate. Finer rules (director of *this* structure) live in the use cases. */
export enum Role {
  HUB_ADMIN = 'HUB_ADMIN',
  DIRECTOR = 'DIRECTOR',
  TEACHER = 'TEACHER',
  PUPIL = 'PUPIL',
  PARENT = 'PARENT',
  STAFF = 'STAFF',
  GUEST = 'GUEST',
}

export type PrincipalKind = 'HUB_ADMIN' | 'PERSON' | 'GUEST';

/** Who is calling, as the session says. Carries ids, never personal data beyond the display name. */
export interface Principal {
  readonly kind: PrincipalKind;
  readonly id: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly sessionId: string;
}

export function hasRole(principal: Principal | undefined | null, ...roles: Role[]): boolean {
  return !!principal && roles.some((role) => principal.roles.includes(role));
}

/** How the hub speaks to this caller: « tu » to a pupil (role PUPIL, home or guest), « vous » to anyone else. */
export function addressOf(principal: Pick<Principal, 'roles'> | undefined | null): Address {
  return principal?.roles.includes(Role.PUPIL) ? 'TU' : 'VOUS';
}
