import type { MemberProfile, SpaceRole } from '../../gql/graphql';

/** How a member's profile and role read on the screen (words a pupil understands: no « profil », no « établissement »). */
export const PROFILE_LABELS: Readonly<Record<MemberProfile, string>> = {
  PUPIL: 'élève', TEACHER: 'enseignant·e', STAFF: 'personnel de l’école', PARENT: 'parent',
};

export const ROLE_LABELS: Readonly<Record<SpaceRole, string>> = {
  OWNER: 'responsable de l’espace', MODERATOR: 'modérateur·rice', CONTRIBUTOR: 'participant·e', READER: 'lecteur·rice',
};

/** The roles an owner may give a teacher of the space's school by name (addSpaceMembers.people: their role is updated). */
export const TEACHER_ROLES: readonly SpaceRole[] = ['OWNER', 'MODERATOR'];
