import { useMutation, useQuery } from '@apollo/client/react';
import { FormEvent, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { spacePath } from '../../app/paths';
import { Button } from '../../components/button';
import { useAnnounce } from '../../components/live-region';
import { Loading } from '../../components/status-pages';
import { AddSpaceClassesDocument, NewSpaceClassesDocument } from '../../gql/graphql';
import { errorMessage } from '../../lib/apollo';

/** The second step of « Créer un espace »: tick the classes of the school that join the new space. */
export function AddClasses({ space, onDone }: { space: { id: string; title: string }; onDone: () => void }) {
  const announce = useAnnounce();
  const heading = useRef<HTMLHeadingElement>(null);
  const { data, error: loadError } = useQuery(NewSpaceClassesDocument, { variables: { spaceId: space.id } });
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState(false);
  const [addClasses, { loading }] = useMutation(AddSpaceClassesDocument);
  useEffect(() => heading.current?.focus(), []);

  const classes = data?.space?.memberCandidates.classes.filter((item) => !item.alreadyMember) ?? [];

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (chosen.size === 0) {
      setError('Cochez au moins une classe, ou ouvrez l’espace sans classe.');
      return;
    }
    setError(null);
    try {
      await addClasses({ variables: { input: { spaceId: space.id, classIds: [...chosen] } } });
      setAdded(true);
      announce(chosen.size === 1 ? 'La classe a été ajoutée à l’espace.' : 'Les classes ont été ajoutées à l’espace.');
    } catch (failure) {
      setError(errorMessage(failure).message);
    }
  }

  const toggle = (id: string) => setChosen((current) => {
    const next = new Set(current);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  });

  return (
    <div>
      <h3 ref={heading} tabIndex={-1}>Espace « {space.title} » créé</h3>
      {added ? <p>Les classes font maintenant partie de l’espace.</p> : loadError ? <p className="error" role="alert">{errorMessage(loadError).message}</p> : !data ? <Loading /> : (
        classes.length === 0 ? <p className="muted">Aucune classe de l’école à ajouter pour le moment.</p> : (
          <form onSubmit={submit} noValidate>
            <fieldset aria-describedby={error ? 'erreur-classes' : undefined}>
              <legend>Classes à ajouter</legend>
              {classes.map((item) => (
                <div className="check" key={item.id}>
                  <input type="checkbox" id={`classe-${item.id}`} checked={chosen.has(item.id)} onChange={() => toggle(item.id)} />
                  <label htmlFor={`classe-${item.id}`}>{item.label} <span className="muted">({item.schoolYear})</span></label>
                </div>
              ))}
            </fieldset>
            {error ? <p className="field-error" id="erreur-classes" role="alert">{error}</p> : null}
            <Button type="submit" busy={loading}>Ajouter les classes</Button>
          </form>
        )
      )}
      <p className="actions">
        <Link className="button button-secondary" to={spacePath(space.id)}>Ouvrir l’espace</Link>
        <button type="button" className="button button-secondary" onClick={onDone}>Créer un autre espace</button>
      </p>
    </div>
  );
}
