import { useMutation, useQuery } from '@apollo/client/react';
import { FormEvent, useId, useState } from 'react';
import { Loading } from '../../components/status-pages';
import { AddSpaceMembersDocument, MemberCandidatesDocument, MembersScreenDocument } from '../../gql/graphql';
import { hubMessage } from './members-errors';

export function cohortKey(conventionId: string, classCode: string | null): string {
  return `${conventionId}|${classCode ?? ''}`;
}

/**
 * Owners add members from what the API offers them (Space.memberCandidates): a class of their school, or the guests
 * of a convention in force that covers the space (all of them, or one partner class). All in one `addSpaceMembers`.
 */
export function AddMembersForm({ spaceId, onDone }: { spaceId: string; onDone: (added: string[]) => void }) {
  const id = useId();
  const { data, error: loadError } = useQuery(MemberCandidatesDocument, { variables: { spaceId } });
  const [add, { loading }] = useMutation(AddSpaceMembersDocument, {
    refetchQueries: [MembersScreenDocument, MemberCandidatesDocument], awaitRefetchQueries: true,
  });
  const [classIds, setClassIds] = useState<string[]>([]);
  const [cohorts, setCohorts] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const candidates = data?.space?.memberCandidates;

  function toggle(list: string[], value: string, on: boolean): string[] {
    return on ? [...list, value] : list.filter((item) => item !== value);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (loading || !candidates) return;
    if (classIds.length === 0 && cohorts.length === 0) {
      setError('Choisissez au moins une classe ou un groupe d’invités.');
      return;
    }
    const chosenCohorts = candidates.guestCohorts.filter((cohort) => cohorts.includes(cohortKey(cohort.conventionId, cohort.classCode)));
    try {
      await add({ variables: { input: {
        spaceId, classIds,
        guestCohorts: chosenCohorts.map((cohort) => ({ conventionId: cohort.conventionId, classCode: cohort.classCode })),
      } } });
      const names = [
        ...candidates.classes.filter((item) => classIds.includes(item.id)).map((item) => item.label),
        ...chosenCohorts.map((cohort) => cohortName(cohort)),
      ];
      setClassIds([]);
      setCohorts([]);
      setError(null);
      onDone(names);
    } catch (caught) {
      setError(hubMessage(caught, 'Les membres n’ont pas pu être ajoutés. Réessayez.'));
    }
  }

  if (loadError) return <p className="error" role="alert">{hubMessage(loadError, 'La liste de ce que vous pouvez ajouter n’a pas pu être lue.')}</p>;
  if (!candidates) return <Loading />;
  return (
    <form className="members-add card" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-titre`} noValidate>
      <h2 id={`${id}-titre`}>Ajouter des membres</h2>
      <fieldset>
        <legend>Une classe de votre école</legend>
        {candidates.classes.length === 0 ? <p className="muted">Aucune classe de votre école n’est proposée.</p> : (
          <ul className="checks">
            {candidates.classes.map((item) => (
              <li key={item.id}>
                <input type="checkbox" id={`${id}-c-${item.id}`} disabled={item.alreadyMember} checked={item.alreadyMember || classIds.includes(item.id)}
                  onChange={(event) => setClassIds(toggle(classIds, item.id, event.target.checked))} />
                <label htmlFor={`${id}-c-${item.id}`}>
                  {item.label} <span className="muted">({item.levelLabel}, {item.schoolYear}{item.alreadyMember ? ', déjà membre' : ''})</span>
                </label>
              </li>
            ))}
          </ul>
        )}
      </fieldset>
      <fieldset>
        <legend>Les invités d’une convention</legend>
        {candidates.guestCohorts.length === 0 ? <p className="muted">Aucune convention en vigueur ne couvre votre école.</p> : (
          <ul className="checks">
            {candidates.guestCohorts.map((cohort) => {
              const key = cohortKey(cohort.conventionId, cohort.classCode);
              return (
                <li key={key}>
                  <input type="checkbox" id={`${id}-g-${key}`} disabled={cohort.alreadyMember} checked={cohort.alreadyMember || cohorts.includes(key)}
                    onChange={(event) => setCohorts(toggle(cohorts, key, event.target.checked))} />
                  <label htmlFor={`${id}-g-${key}`}>
                    {cohortName(cohort)}{' '}
                    <span className="muted">({cohort.partnerName}{cohort.schools.length ? `, ${cohort.schools.join(', ')}` : ''} ; {guests(cohort.guestCount)}
                      {cohort.alreadyMember ? ', déjà membres' : ''})</span>
                  </label>
                </li>
              );
            })}
          </ul>
        )}
      </fieldset>
      {error ? <p className="error" role="alert">{error}</p> : null}
      <div className="actions">
        <button type="submit" className="button" aria-disabled={loading || undefined}>Ajouter</button>
        <button type="button" className="button button-secondary" onClick={() => onDone([])}>Annuler</button>
      </div>
    </form>
  );
}

export function cohortName(cohort: { conventionTitle: string; classCode: string | null }): string {
  return cohort.classCode ? `${cohort.conventionTitle} : classe ${cohort.classCode}` : `${cohort.conventionTitle} : tous les invités`;
}

function guests(count: number): string {
  return count === 0 ? 'aucun invité connecté' : count === 1 ? '1 invité connecté' : `${count} invités connectés`;
}
