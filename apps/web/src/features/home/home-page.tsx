import { useQuery } from '@apollo/client/react';
import { Page } from '../../components/page';
import { QueryError } from '../../components/query-error';
import { Loading } from '../../components/status-pages';
import { HomeScreenDocument } from '../../gql/graphql';
import { mayCreateSpaces, useSession } from '../../lib/session';
import { CreateSpace } from './create-space';
import { SpaceList } from './space-list';
import { Upcoming } from './upcoming';

/** « Accueil »: what comes next across my spaces, my spaces, and for a teacher « Créer un espace ». One request. */
export function HomePage() {
  const session = useSession();
  const { data, error, refetch } = useQuery(HomeScreenDocument);
  if (error && !data) return <QueryError error={error} onRetry={() => void refetch()} />;
  const spaces = data?.spaces.edges.map((edge) => edge.node) ?? [];
  const spaceNames = new Map(spaces.map((space) => [space.id, space.title]));
  return (
    <Page title="Accueil" heading={`Bonjour ${session.displayName}`}>
      {!data ? <Loading /> : (
        <>
          <Upcoming homework={data.upcoming.homework} events={data.upcoming.events} spaceNames={spaceNames} />
          <SpaceList spaces={spaces} more={data.spaces.pageInfo.hasNextPage} />
          {mayCreateSpaces(session) ? <CreateSpace /> : null}
        </>
      )}
    </Page>
  );
}

