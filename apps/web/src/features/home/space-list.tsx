import { Link } from 'react-router';
import { spacePath } from '../../app/paths';
import type { HomeSpaceFragment } from '../../gql/graphql';
import { say } from '../../lib/address';
import { useAddress } from '../../lib/session';

/** « Mes espaces »: a card per space, its wall one link away; for a moderator, what waits for validation. */
export function SpaceList({ spaces, more }: { spaces: readonly HomeSpaceFragment[]; more: boolean }) {
  const address = useAddress();
  return (
    <section aria-labelledby="mes-espaces">
      <h2 id="mes-espaces">Mes espaces</h2>
      {spaces.length === 0 ? (
        <p>{say(address, {
          tu: 'Tu ne fais partie d’aucun espace pour le moment. Ton enseignant t’y ajoutera.',
          vous: 'Vous ne faites partie d’aucun espace pour le moment.',
        })}</p>
      ) : (
        <ul className="cards">
          {spaces.map((space) => (
            <li key={space.id} className="card">
              <h3><Link to={spacePath(space.id)}>{space.title}</Link></h3>
              {space.status === 'ARCHIVED' ? <p><span className="badge">Archivé</span></p> : null}
              {space.description ? <p className="muted">{space.description}</p> : null}
              {space.pendingModerationCount ? (
                <p><Link to={spacePath(space.id, 'moderation')}>{waiting(space.pendingModerationCount)}</Link></p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {more ? <p className="muted">{say(address, { tu: 'Seuls tes espaces les plus récents sont affichés.', vous: 'Seuls vos espaces les plus récents sont affichés.' })}</p> : null}
    </section>
  );
}

/** « 1 élément en attente de validation », « 3 éléments en attente de validation ». */
export function waiting(count: number): string {
  return count === 1 ? '1 élément en attente de validation' : `${count} éléments en attente de validation`;
}
