import { useMutation, useQuery } from '@apollo/client/react';
import { useId } from 'react';
import { ConfirmAction } from '../../components/confirm-action';
import { useAnnounce } from '../../components/live-region';
import { MemberCandidatesDocument, MembersScreenDocument, MembersScreenQuery, RemoveSpaceMemberDocument } from '../../gql/graphql';
import { cohortName } from './add-members-form';
import { hubMessage } from './members-errors';

type SpaceData = NonNullable<MembersScreenQuery['space']>;

/**
 * For owners: the whole classes and guest cohorts that are members (their pupils come and go with them), each with
 * « Retirer » (asked first). Cohorts are named from the candidates the API gives owners (the convention's title).
 */
export function GroupsSection({ space, onError }: { space: SpaceData; onError: (message: string | null) => void }) {
  const id = useId();
  const announce = useAnnounce();
  const { data } = useQuery(MemberCandidatesDocument, { variables: { spaceId: space.id } });
  const [remove, { loading }] = useMutation(RemoveSpaceMemberDocument, {
    refetchQueries: [MembersScreenDocument, MemberCandidatesDocument], awaitRefetchQueries: true,
  });
  const candidates = data?.space?.memberCandidates.guestCohorts ?? [];
  const nameOf = (cohort: SpaceData['guestCohorts'][number]) => {
    const known = candidates.find((item) => item.conventionId === cohort.conventionId && item.classCode === cohort.classCode);
    if (known) return cohortName(known);
    return cohort.classCode ? `Invités d’une convention : classe ${cohort.classCode}` : 'Invités d’une convention : tous les invités';
  };
  async function run(input: { schoolClassId?: string; guestCohortId?: string }, name: string) {
    try {
      await remove({ variables: { input: { spaceId: space.id, ...input } } });
      onError(null);
      announce(`${name} ne fait plus partie de l’espace.`);
    } catch (caught) {
      onError(hubMessage(caught, 'Ce groupe n’a pas pu être retiré. Réessayez.'));
    }
  }
  return (
    <section aria-labelledby={`${id}-groupes`} className="members-groups">
      <h2 id={`${id}-groupes`}>Classes et groupes d’invités</h2>
      {space.classes.length === 0 && space.guestCohorts.length === 0 ? <p className="muted">Aucune classe ni aucun groupe d’invités.</p> : (
        <ul className="members-list">
          {space.classes.map((item) => (
            <li key={item.id} className="member">
              <p className="member-who"><span className="member-name">{item.label}</span>
                <span className="member-profile"> · classe de votre école ({item.schoolYear})</span></p>
              <div className="member-tools">
                <ConfirmAction label="Retirer" context={`la classe ${item.label}`} question={`Retirer la classe ${item.label} de l’espace ?`}
                  confirmLabel="Oui, retirer" busy={loading} onConfirm={() => run({ schoolClassId: item.id }, `La classe ${item.label}`)} />
              </div>
            </li>
          ))}
          {space.guestCohorts.map((cohort) => {
            const name = nameOf(cohort);
            return (
              <li key={cohort.id} className="member">
                <p className="member-who"><span className="member-name">{name}</span></p>
                <div className="member-tools">
                  <ConfirmAction label="Retirer" context={name} question={`Retirer ${name} de l’espace ?`}
                    confirmLabel="Oui, retirer" busy={loading} onConfirm={() => run({ guestCohortId: cohort.id }, name)} />
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
