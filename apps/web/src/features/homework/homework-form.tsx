import { FormEvent, useEffect, useState } from 'react';
import { Button } from '../../components/button';
import { Field } from '../../components/field';

export interface HomeworkValues {
  title: string;
  dueOn: string;
  detailsHtml: string;
  schoolClassId: string | null;
}

/** Plain text typed in « Description » as the API's rich text: escaped, one paragraph per line. */
export function textToHtml(text: string): string {
  const escape = (line: string) => line.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean).map((line) => `<p>${escape(line)}</p>`).join('');
}

/**
 * « Ajouter un devoir » (teachers: « vous »): « Titre », « À faire pour le », a description, and who it is for (the whole
 * space or one of its classes). French errors on the fields; the title takes the focus when the form opens.
 */
export function HomeworkForm({ classes, onSubmit, onCancel }: {
  classes: readonly { id: string; label: string }[];
  onSubmit: (values: HomeworkValues) => Promise<string | null>;
  onCancel: () => void;
}) {
  const [title, setTitle] = useState('');
  const [dueOn, setDueOn] = useState('');
  const [description, setDescription] = useState('');
  const [schoolClassId, setSchoolClassId] = useState('');
  const [errors, setErrors] = useState<{ title?: string; dueOn?: string }>({});
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => document.getElementById('devoir-titre')?.focus(), []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: { title?: string; dueOn?: string } = {};
    if (!title.trim()) found.title = 'Indiquez un titre.';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(dueOn)) found.dueOn = 'Indiquez le jour où ce travail est à faire.';
    setErrors(found);
    if (found.title || found.dueOn) {
      document.getElementById(found.title ? 'devoir-titre' : 'devoir-date')?.focus();
      return;
    }
    setBusy(true);
    const refused = await onSubmit({ title: title.trim(), dueOn, detailsHtml: textToHtml(description), schoolClassId: schoolClassId || null });
    setBusy(false);
    setRefusal(refused);
  }

  return (
    <form className="card homework-form" onSubmit={(event) => void submit(event)} noValidate>
      <fieldset>
        <legend>Nouveau devoir</legend>
        <Field id="devoir-titre" label="Titre" value={title} onChange={(e) => setTitle(e.target.value)} error={errors.title}
          required maxLength={200} autoComplete="off" />
        <Field id="devoir-date" label="À faire pour le" type="date" value={dueOn} onChange={(e) => setDueOn(e.target.value)}
          error={errors.dueOn} required />
        <Field id="devoir-description" label="Description" hint="Facultative : la consigne, les pages à lire…" multiline
          value={description} onChange={(e) => setDescription(e.target.value)} maxLength={4000} />
        <div className="field">
          <label htmlFor="devoir-classe">Pour</label>
          <select id="devoir-classe" value={schoolClassId} onChange={(e) => setSchoolClassId(e.target.value)}>
            <option value="">Tout l’espace</option>
            {classes.map((item) => <option key={item.id} value={item.id}>La classe {item.label}</option>)}
          </select>
        </div>
      </fieldset>
      {refusal ? <p className="error" role="alert">{refusal}</p> : null}
      <p className="actions">
        <Button type="submit" busy={busy}>Enregistrer le devoir</Button>
        <Button variant="secondary" onClick={onCancel}>Annuler</Button>
      </p>
    </form>
  );
}
