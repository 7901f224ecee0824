import { useMutation } from '@apollo/client/react';
import { FormEvent, useId, useState } from 'react';
import { ConfirmAction } from '../../components/confirm-action';
import { useAnnounce } from '../../components/live-region';
import { AddSpaceMembersDocument, MembersScreenDocument, MembersScreenQuery, RemoveSpaceMemberDocument, SpaceRole } from '../../gql/graphql';
import { hubMessage } from './members-errors';
import { PROFILE_LABELS, ROLE_LABELS, TEACHER_ROLES } from './member-words';

export type MemberRowFragment = NonNullable<MembersScreenQuery['space']>['members']['edges'][number]['node'];

export interface OwnerTools {
  readonly spaceId: string;
  /** The space's school: only its teachers may be given a role by name. */
  readonly schoolUai: string;
  readonly me: { readonly id: string; readonly kind: string };
  readonly onError: (message: string | null) => void;
}

interface SchoolGroup {
  readonly key: string;
  readonly name: string;
  readonly members: MemberRowFragment[];
}

const byName = (a: MemberRowFragment, b: MemberRowFragment) => a.displayName.localeCompare(b.displayName, 'fr');

/** Members by school (the space's own first), adults before pupils, then by name. */
export function groupBySchool(members: readonly MemberRowFragment[], ownUai: string | null): SchoolGroup[] {
  const groups = new Map<string, SchoolGroup>();
  for (const member of members) {
    const key = member.school?.uai.trim().toUpperCase() ?? '';
    const name = member.school?.name?.trim() || member.school?.uai || 'École non indiquée';
    const group = groups.get(key) ?? { key, name, members: [] };
    group.members.push(member);
    groups.set(key, group);
  }
  const own = ownUai?.trim().toUpperCase();
  return [...groups.values()]
    .map((group) => ({ ...group, members: [...group.members].sort((a, b) =>
      Number(a.profile === 'PUPIL') - Number(b.profile === 'PUPIL') || byName(a, b)) }))
    .sort((a, b) => Number(b.key === own) - Number(a.key === own) || (a.key === '' ? 1 : 0) - (b.key === '' ? 1 : 0)
      || a.name.localeCompare(b.name, 'fr'));
}

/** One school's members: name, profile, role; for owners, the role of a teacher of their school and « Retirer ». */
export function SchoolMembers({ group, owner }: { group: SchoolGroup; owner: OwnerTools | null }) {
  const id = useId();
  return (
    <section className="members-school" aria-labelledby={`${id}-ecole`}>
      <h2 id={`${id}-ecole`}>{group.name} <span className="muted members-count">({group.members.length})</span></h2>
      <ul className="members-list">
        {group.members.map((member) => <MemberItem key={`${member.kind}-${member.id}`} member={member} owner={owner} />)}
      </ul>
    </section>
  );
}

function MemberItem({ member, owner }: { member: MemberRowFragment; owner: OwnerTools | null }) {
  const self = owner !== null && owner.me.kind === member.kind && owner.me.id.toLowerCase() === member.id.toLowerCase();
  const mayRole = owner !== null && !self && member.kind === 'PERSON' && member.profile === 'TEACHER'
    && member.school?.uai.trim().toUpperCase() === owner.schoolUai.trim().toUpperCase();
  const mayRemove = owner !== null && !self && member.kind === 'PERSON' && member.via === 'MEMBER';
  return (
    <li className="member">
      <p className="member-who">
        <span className="member-name">{member.displayName}</span>
        <span className="member-profile"> · {PROFILE_LABELS[member.profile]}</span>
        {member.role === 'OWNER' || member.role === 'MODERATOR' ? <span className="member-role"> · {ROLE_LABELS[member.role]}</span> : null}
      </p>
      {owner && (mayRole || mayRemove) ? (
        <div className="member-tools">
          {mayRole ? <RoleForm member={member} owner={owner} /> : null}
          {mayRemove ? <RemovePerson member={member} owner={owner} /> : null}
        </div>
      ) : null}
    </li>
  );
}

function RoleForm({ member, owner }: { member: MemberRowFragment; owner: OwnerTools }) {
  const id = useId();
  const announce = useAnnounce();
  const [role, setRole] = useState<SpaceRole>(TEACHER_ROLES.includes(member.role) ? member.role : 'MODERATOR');
  const [save, { loading }] = useMutation(AddSpaceMembersDocument, { refetchQueries: [MembersScreenDocument], awaitRefetchQueries: true });
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (loading) return;
    try {
      const { data } = await save({ variables: { input: { spaceId: owner.spaceId, people: [{ personId: member.id, role }] } } });
      // A director owns their school's spaces, a class's teacher moderates it: a role given by name never lowers those.
      const now = data?.addSpaceMembers.members.edges.find((edge) => edge.node.id === member.id)?.node.role;
      if (now && now !== role) {
        owner.onError(`${member.displayName} reste ${ROLE_LABELS[now]} : ce rôle lui vient de sa fonction dans l’école ou de sa classe.`);
        announce(`${member.displayName} : ${ROLE_LABELS[now]}.`);
        return;
      }
      owner.onError(null);
      announce(`${member.displayName} : ${ROLE_LABELS[role]}.`);
    } catch (caught) {
      owner.onError(hubMessage(caught, 'Le rôle n’a pas pu être changé. Réessayez.'));
    }
  }
  return (
    <form className="member-role-form" onSubmit={(event) => void submit(event)}>
      <label htmlFor={`${id}-role`}>Rôle de {member.displayName}</label>
      <select id={`${id}-role`} value={role} onChange={(event) => setRole(event.target.value as SpaceRole)}>
        {TEACHER_ROLES.map((value) => <option key={value} value={value}>{ROLE_LABELS[value]}</option>)}
      </select>
      <button type="submit" className="button button-secondary button-small" aria-disabled={loading || undefined}>
        Changer le rôle<span className="visually-hidden"> de {member.displayName}</span>
      </button>
    </form>
  );
}

function RemovePerson({ member, owner }: { member: MemberRowFragment; owner: OwnerTools }) {
  const announce = useAnnounce();
  const [remove, { loading }] = useMutation(RemoveSpaceMemberDocument, { refetchQueries: [MembersScreenDocument], awaitRefetchQueries: true });
  return (
    <ConfirmAction label="Retirer" context={`${member.displayName} de l’espace`} question={`Retirer ${member.displayName} de l’espace ?`}
      confirmLabel="Oui, retirer" busy={loading} onConfirm={async () => {
        try {
          await remove({ variables: { input: { spaceId: owner.spaceId, personId: member.id } } });
          owner.onError(null);
          announce(`${member.displayName} ne fait plus partie de l’espace.`);
        } catch (caught) {
          owner.onError(hubMessage(caught, 'Ce membre n’a pas pu être retiré. Réessayez.'));
        }
      }} />
  );
}
