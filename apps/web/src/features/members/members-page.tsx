import { useQuery } from '@apollo/client/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { useAnnounce } from '../../components/live-region';
import { Page } from '../../components/page';
import { QueryError } from '../../components/query-error';
import { SpaceNav } from '../../components/space-nav';
import { Loading, RefusalPage } from '../../components/status-pages';
import { MembersScreenDocument } from '../../gql/graphql';
import { say } from '../../lib/address';
import { useAddress, useSession } from '../../lib/session';
import { AddMembersForm } from './add-members-form';
import { GroupsSection } from './groups-section';
import { groupBySchool, OwnerTools, SchoolMembers } from './member-list';
import './members.css';

/**
 * « Membres » (/espaces/:id/membres): who is in the space — name, profile and school, nothing else (minors protected
 * as the API does) — grouped by school. Owners add a class of their school or the guests of a convention covering the
 * space, set the role of their school's teachers, and remove members, each removal asked first. Pupils only read.
 */
export function MembersPage() {
  const { id: spaceId = '' } = useParams();
  const session = useSession();
  const address = useAddress();
  const announce = useAnnounce();
  const variables = useMemo(() => ({ spaceId, first: 100 }), [spaceId]);
  const { data, error, refetch } = useQuery(MembersScreenDocument, { variables });
  const [adding, setAdding] = useState(false);
  const [ownerError, setOwnerError] = useState<string | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  const space = data?.space;
  // The form closed: the focus goes back to « Ajouter des membres ».
  useEffect(() => {
    if (!adding && returnFocus.current) {
      returnFocus.current = false;
      addButton.current?.focus();
    }
  }, [adding]);

  if (error && !space) return <QueryError error={error} onRetry={() => void refetch()} />;
  if (!data) return <Page title="Membres"><Loading /></Page>;
  if (!space) return <RefusalPage />;

  const members = space.members.edges.map((edge) => edge.node);
  const isOwner = space.myPermissions.includes('MANAGE_MEMBERS');
  const owner: OwnerTools | null = isOwner
    ? { spaceId: space.id, schoolUai: space.structure.uai, me: session, onError: setOwnerError }
    : null;
  const groups = groupBySchool(members, space.structure.uai);

  return (
    <Page title="Membres" className="members-page">
      <SpaceNav spaceId={space.id} spaceName={space.title} pendingModerationCount={space.pendingModerationCount} />
      <p className="lead">{say(address, {
        tu: `${members.length} membres dans cet espace. Tu vois leur nom, leur école et s’ils sont élèves ou adultes.`,
        vous: `${members.length} membres dans cet espace : leur nom, leur école et s’ils sont élèves ou adultes, rien d’autre.`,
      })}</p>
      {isOwner ? (
        <div className="members-owner">
          {!adding ? (
            <p><button ref={addButton} type="button" className="button" onClick={() => setAdding(true)}>Ajouter des membres</button></p>
          ) : (
            <AddMembersForm spaceId={space.id} onDone={(added) => {
              returnFocus.current = true;
              setAdding(false);
              if (added.length) announce(`Ajouté à l’espace : ${added.join(', ')}.`);
            }} />
          )}
          {ownerError ? <p className="error" role="alert">{ownerError}</p> : null}
        </div>
      ) : null}
      {groups.map((group) => <SchoolMembers key={group.key} group={group} owner={owner} />)}
      {space.members.pageInfo.hasNextPage ? (
        <p className="muted">{say(address, {
          tu: 'Seuls les 100 premiers membres sont montrés.', vous: 'Seuls les 100 premiers membres sont montrés.',
        })}</p>
      ) : null}
      {isOwner ? <GroupsSection space={space} onError={setOwnerError} /> : null}
    </Page>
  );
}
