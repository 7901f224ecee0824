import { useLazyQuery, useMutation, useQuery } from '@apollo/client/react';
import { useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { Button } from '../../components/button';
import { useAnnounce } from '../../components/live-region';
import { Page } from '../../components/page';
import { SpaceNav } from '../../components/space-nav';
import { FailurePage, Loading, RefusalPage } from '../../components/status-pages';
import { CreateHomeworkDocument, HomeworkDoneByDocument, HomeworkScreenDocument, MarkHomeworkDoneDocument } from '../../gql/graphql';
import type { HomeworkItemFragment } from '../../gql/graphql';
import { say } from '../../lib/address';
import { errorCodes } from '../../lib/apollo';
import { frenchDay, todayInParis } from '../../lib/french-format';
import { useAddress } from '../../lib/session';
import { HomeworkForm, HomeworkValues } from './homework-form';
import { HomeworkItem } from './homework-item';
import { useHashTarget } from '../../lib/hash-target';
import './homework.css';

/** Homework grouped by due day, in the API's order (soonest first). */
function byDay(homework: readonly HomeworkItemFragment[]): [string, HomeworkItemFragment[]][] {
  const days = new Map<string, HomeworkItemFragment[]>();
  for (const item of homework) days.set(item.dueOn, [...(days.get(item.dueOn) ?? []), item]);
  return [...days];
}

/**
 * « Cahier de textes » (/espaces/:id/devoirs): homework due from today, grouped by day. A pupil sees their class's and
 * the whole space's (the API decides) and ticks « Fait »; those who plan filter by class, add homework (« Ajouter un
 * devoir ») and see how many did it, then who.
 */
export function HomeworkPage() {
  const { id = '' } = useParams();
  const address = useAddress();
  const announce = useAnnounce();
  const today = todayInParis();
  const variables = useMemo(() => ({ spaceId: id, dueFrom: today }), [id, today]);
  const { data, error, refetch } = useQuery(HomeworkScreenDocument, { variables });
  const [loadDoneBy, doneBy] = useLazyQuery(HomeworkDoneByDocument, { fetchPolicy: 'network-only' });
  const [createHomework] = useMutation(CreateHomeworkDocument);
  const [markDone] = useMutation(MarkHomeworkDoneDocument);
  const [adding, setAdding] = useState(false);
  const [classFilter, setClassFilter] = useState('');
  useHashTarget(!!data?.space);

  if (error && !data) {
    const codes = errorCodes(error);
    if (codes.includes('NOT_FOUND') || codes.includes('FORBIDDEN')) return <RefusalPage />;
    return <FailurePage onRetry={() => void refetch()} />;
  }
  if (!data) return <Page title="Cahier de textes"><Loading /></Page>;
  const space = data.space;
  if (!space) return <RefusalPage />;
  const maySchedule = space.myPermissions.includes('SCHEDULE');
  const mayComplete = space.myPermissions.includes('COMPLETE_HOMEWORK');
  const classes = new Map(space.classes.map((item) => [item.id, item.label]));
  const all = space.homework.edges.map((edge) => edge.node);
  const shown = classFilter ? all.filter((item) => item.schoolClassId === null || item.schoolClassId === classFilter) : all;
  const names = new Map((doneBy.data?.space?.homework.edges ?? []).map((edge) => [edge.node.id, edge.node.doneBy]));
  const forWhom = (item: HomeworkItemFragment) => (item.schoolClassId
    ? `Pour la classe ${classes.get(item.schoolClassId) ?? ''}`.trim() : 'Pour tout l’espace');

  async function add(values: HomeworkValues): Promise<string | null> {
    try {
      await createHomework({ variables: { input: { spaceId: id, ...values } } });
      await refetch();
      setAdding(false);
      announce(`Devoir « ${values.title} » ajouté pour le ${frenchDay(values.dueOn)}.`);
      document.getElementById('ajouter-devoir')?.focus();
      return null;
    } catch (failure) {
      return failure instanceof Error && failure.message ? failure.message : 'L’enregistrement a échoué. Réessayez.';
    }
  }

  async function tick(item: HomeworkItemFragment, done: boolean) {
    try {
      await markDone({ variables: { id: item.id, done },
        optimisticResponse: { markHomeworkDone: { __typename: 'Homework', id: item.id, doneByMe: done } } });
      announce(done
        ? say(address, { tu: `C’est noté : « ${item.title} » est fait.`, vous: `« ${item.title} » est marqué comme fait.` })
        : say(address, { tu: `« ${item.title} » n’est plus coché.`, vous: `« ${item.title} » n’est plus marqué comme fait.` }));
    } catch {
      announce(say(address, {
        tu: 'Ce n’est pas enregistré. Vérifie ta connexion et réessaie.',
        vous: 'Ce n’est pas enregistré. Vérifiez votre connexion et réessayez.',
      }));
    }
  }

  return (
    <Page title={`Cahier de textes — ${space.title}`} heading="Cahier de textes" className="homework-page">
      <SpaceNav spaceId={space.id} spaceName={space.title} pendingModerationCount={space.pendingModerationCount} />
      {maySchedule ? (
        <div className="homework-tools">
          <Button id="ajouter-devoir" aria-expanded={adding} onClick={() => setAdding(!adding)}>Ajouter un devoir</Button>
          {adding ? (
            <HomeworkForm classes={space.classes} onSubmit={add}
              onCancel={() => { setAdding(false); document.getElementById('ajouter-devoir')?.focus(); }} />
          ) : null}
          {space.classes.length > 0 ? (
            <div className="field homework-filter">
              <label htmlFor="filtre-classe">Afficher les devoirs de</label>
              <select id="filtre-classe" value={classFilter} onChange={(e) => setClassFilter(e.target.value)}>
                <option value="">Toutes les classes</option>
                {space.classes.map((item) => <option key={item.id} value={item.id}>La classe {item.label}</option>)}
              </select>
            </div>
          ) : null}
        </div>
      ) : null}
      {shown.length === 0 ? (
        <p className="lead">{say(address, { tu: 'Aucun devoir à faire pour le moment.', vous: 'Aucun devoir à venir.' })}</p>
      ) : byDay(shown).map(([day, items]) => (
        <section key={day} aria-labelledby={`jour-${day}`} className="homework-day">
          <h2 id={`jour-${day}`}>Pour le {frenchDay(day)}</h2>
          <ul className="cards">
            {items.map((item) => (
              <li key={item.id}>
                <HomeworkItem homework={item} forWhom={forWhom(item)} mayComplete={mayComplete} mayFollow={maySchedule}
                  onDone={(done) => void tick(item, done)} doneBy={names.get(item.id)}
                  onShowDoneBy={() => void loadDoneBy({ variables })} />
              </li>
            ))}
          </ul>
        </section>
      ))}
      {space.homework.pageInfo.hasNextPage ? <p className="muted">Seuls les 50 prochains devoirs sont affichés.</p> : null}
    </Page>
  );
}
