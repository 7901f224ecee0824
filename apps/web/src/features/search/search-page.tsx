import { useQuery } from '@apollo/client/react';
import { FormEvent, useEffect, useId, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useAnnounce } from '../../components/live-region';
import { Page } from '../../components/page';
import { QueryError } from '../../components/query-error';
import { Loading } from '../../components/status-pages';
import { SearchScreenDocument } from '../../gql/graphql';
import { errorCodes } from '../../lib/apollo';
import { say } from '../../lib/address';
import { frenchDayTime } from '../../lib/french-format';
import { useAddress } from '../../lib/session';
import { Highlighted } from './highlighted';
import { countSentence, groupByKind, resultPath } from './search-groups';
import './search.css';

const PAGE_SIZE = 20;

/** What the API accepts (libs/search: at least 2 letters or digits, at most 200 characters). */
function tooShort(query: string): boolean {
  return (query.match(/[\p{L}\p{N}]/gu) ?? []).length < 2;
}

/**
 * « Rechercher »: a GET form (the URL holds `q`, so Back and a shared link give the same results), then the results
 * across my spaces grouped by kind, the matched words in <mark>, each linking to the screen where it lives. The count
 * is said by the live region, focus stays in the form.
 */
export function SearchPage() {
  const address = useAddress();
  const [params, setParams] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const [draft, setDraft] = useState(q);
  const [fieldError, setFieldError] = useState<string | null>(null);
  useEffect(() => {
    setDraft(q);
    setFieldError(null);
  }, [q]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = draft.trim();
    if (tooShort(text)) {
      setFieldError(say(address, { tu: 'Écris au moins 2 lettres ou chiffres.', vous: 'Saisissez au moins 2 lettres ou chiffres.' }));
      return;
    }
    setFieldError(null);
    setParams({ q: text });
  };

  const inputId = useId();
  const errorId = `${inputId}-erreur`;
  return (
    <Page title={q ? `Rechercher « ${q} »` : 'Rechercher'} heading="Rechercher" className="search-page">
      <form role="search" className="search-form" method="get" action="/recherche" onSubmit={submit} noValidate>
        <label htmlFor={inputId}>Mots à chercher</label>
        <p className="hint muted" id={`${inputId}-aide`}>{say(address, {
          tu: 'Dans les messages, commentaires, documents, évènements et devoirs de tes espaces.',
          vous: 'Dans les messages, commentaires, documents, évènements et devoirs de vos espaces.',
        })}</p>
        <div className="search-row">
          <input id={inputId} type="search" name="q" value={draft} maxLength={200} autoComplete="off"
            aria-describedby={[`${inputId}-aide`, fieldError ? errorId : ''].filter(Boolean).join(' ')}
            aria-invalid={fieldError ? true : undefined} onChange={(event) => setDraft(event.target.value)} />
          <button type="submit" className="button">Rechercher</button>
        </div>
        {fieldError ? <p className="field-error" id={errorId}>{fieldError}</p> : null}
      </form>
      {q && !tooShort(q) ? <SearchResults key={q} query={q} /> : null}
    </Page>
  );
}

function SearchResults({ query }: { query: string }) {
  const address = useAddress();
  const announce = useAnnounce();
  const { data, error, loading, refetch, fetchMore } = useQuery(SearchScreenDocument, {
    variables: { query, first: PAGE_SIZE },
    notifyOnNetworkStatusChange: true,
  });
  const [loadingMore, setLoadingMore] = useState(false);
  const announced = useRef(false);
  const search = data?.search;
  useEffect(() => {
    if (!search || loading || announced.current) return;
    announced.current = true;
    announce(countSentence(search.totalCount, query));
  }, [search, loading, announce, query]);

  if (error && !data) {
    if (errorCodes(error).includes('BAD_USER_INPUT')) {
      return <p className="field-error" role="alert">{say(address, {
        tu: 'Passerelle ne peut pas chercher ces mots. Essaie avec d’autres mots.',
        vous: 'Passerelle ne peut pas chercher ces mots. Essayez avec d’autres mots.',
      })}</p>;
    }
    return <QueryError error={error} onRetry={() => void refetch()} />;
  }
  if (!search) return <Loading label="Recherche en cours…" />;
  const hits = search.edges.map((edge) => edge.node);
  const groups = groupByKind(hits);

  const more = async () => {
    setLoadingMore(true);
    try {
      await fetchMore({
        variables: { after: search.pageInfo.endCursor },
        updateQuery: (previous, { fetchMoreResult }) => ({
          search: { ...fetchMoreResult.search, edges: [...previous.search.edges, ...fetchMoreResult.search.edges] },
        }),
      });
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <section className="search-results" aria-labelledby="resultats">
      <h2 id="resultats" className="visually-hidden">Résultats</h2>
      <p className="search-count">{countSentence(search.totalCount, query)}</p>
      {search.totalCount === 0 ? (
        <p>{say(address, {
          tu: 'Vérifie l’orthographe, ou essaie un autre mot.',
          vous: 'Vérifiez l’orthographe, ou essayez un autre mot.',
        })}</p>
      ) : null}
      {groups.map((group) => (
        <section key={group.kind} className="search-group" aria-labelledby={`groupe-${group.kind}`}>
          <h2 id={`groupe-${group.kind}`}>{group.heading} <span className="muted">({group.hits.length})</span></h2>
          <ul className="search-hits">
            {group.hits.map((hit) => (
              <li key={`${hit.kind}-${hit.id}`} className="card search-hit">
                <h3>
                  <Link to={resultPath(hit)}>
                    {hit.title ? <Highlighted passage={hit.title} /> : `${group.one} dans « ${hit.space.title} »`}
                  </Link>
                </h3>
                {hit.excerpt ? <p className="search-excerpt"><Highlighted passage={hit.excerpt} /></p> : null}
                <p className="muted search-where">
                  {hit.title ? <>{group.one} · {hit.space.title} · </> : null}
                  <time dateTime={hit.createdAt}>{frenchDayTime(hit.createdAt)}</time>
                </p>
              </li>
            ))}
          </ul>
        </section>
      ))}
      {search.pageInfo.hasNextPage ? (
        <p>
          <button type="button" className="button button-secondary" onClick={() => void more()} aria-disabled={loadingMore || undefined}>
            {loadingMore ? 'Chargement…' : 'Plus de résultats'}
          </button>
        </p>
      ) : null}
    </section>
  );
}
