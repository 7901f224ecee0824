import { useQuery } from '@apollo/client/react';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { Page } from '../../components/page';
import { QueryError } from '../../components/query-error';
import { Loading } from '../../components/status-pages';
import { HomeDocument } from '../../gql/graphql';
import { say } from '../../lib/address';
import { useAddress, useSession } from '../../lib/session';

/** How many spaces Accueil lists (the most recent first). */
const HOME_SPACES = 50;

export function HomePage() {
  const session = useSession();
  const address = useAddress();
  const variables = useMemo(() => ({ first: HOME_SPACES }), []);
  const { data, error, refetch } = useQuery(HomeDocument, { variables });
  if (error && !data) return <QueryError error={error} onRetry={() => void refetch()} />;
  const spaces = data?.spaces.edges.map((edge) => edge.node) ?? [];
  return (
    <Page title="Accueil" heading={`Bonjour ${session.displayName}`}>
      <section aria-labelledby="mes-espaces">
        <h2 id="mes-espaces">Mes espaces</h2>
        {!data ? <Loading /> : spaces.length === 0 ? (
          <p>{say(address, {
            tu: 'Tu ne fais partie d’aucun espace pour le moment. Ton enseignant t’y ajoutera.',
            vous: 'Vous ne faites partie d’aucun espace pour le moment.',
          })}</p>
        ) : (
          <ul className="cards">
            {spaces.map((space) => (
              <li key={space.id} className="card">
                <h3><Link to={`/espaces/${encodeURIComponent(space.id)}`}>{space.title}</Link></h3>
                {space.description ? <p className="muted">{space.description}</p> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </Page>
  );
}
