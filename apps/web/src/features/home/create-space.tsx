import { useMutation } from '@apollo/client/react';
import { FormEvent, useState } from 'react';
import { Button } from '../../components/button';
import { Field } from '../../components/field';
import { useAnnounce } from '../../components/live-region';
import { CreateSpaceDocument, HomeScreenDocument, type HomeSpaceFragment } from '../../gql/graphql';
import { errorMessage } from '../../lib/apollo';
import { AddClasses } from './add-classes';

/**
 * « Créer un espace » (teachers and directors of the home ENT): a name and a description; the space belongs to their own
 * school (the API's default: nobody creates a space for another school); then the classes of that school to add
 * (AddClasses). The new space joins « Mes espaces » at once.
 */
export function CreateSpace() {
  const announce = useAnnounce();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<{ field: 'title' | 'description' | null; message: string } | null>(null);
  const [created, setCreated] = useState<HomeSpaceFragment | null>(null);
  const [createSpace, { loading }] = useMutation(CreateSpaceDocument, { refetchQueries: [HomeScreenDocument] });

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!title.trim()) {
      setError({ field: 'title', message: 'Indiquez le nom de l’espace.' });
      return;
    }
    setError(null);
    try {
      const result = await createSpace({ variables: { input: { title: title.trim(), description: description.trim() || undefined, } } });
      if (!result.data) return;
      setCreated(result.data.createSpace);
      setTitle('');
      setDescription('');
      announce(`Espace « ${result.data.createSpace.title} » créé.`);
    } catch (failure) {
      const { message, field } = errorMessage(failure);
      setError({ field: field === 'title' || field === 'description' ? field : null, message });
    }
  }

  return (
    <section aria-labelledby="creer-espace" className="card create-space">
      <h2 id="creer-espace">Créer un espace</h2>
      {created ? <AddClasses space={created} onDone={() => setCreated(null)} /> : (
        <form onSubmit={submit} noValidate>
          {error && !error.field ? <p className="error" role="alert">{error.message}</p> : null}
          <Field label="Nom de l’espace" name="title" value={title} maxLength={200} required autoComplete="off"
            error={error?.field === 'title' ? error.message : null} onChange={(event) => setTitle(event.target.value)} />
          <Field multiline label="Description" hint="Facultatif : ce que les classes y feront ensemble." name="description"
            value={description} maxLength={2000} error={error?.field === 'description' ? error.message : null}
            onChange={(event) => setDescription(event.target.value)} />
          <Button type="submit" busy={loading}>Créer un espace</Button>
        </form>
      )}
    </section>
  );
}
