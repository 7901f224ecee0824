import { FormEvent, useEffect, useState } from 'react';
import { Button } from '../../components/button';
import { Field } from '../../components/field';
import { parisInstant, parisParts } from './paris-time';

/** What the form gives back: the API's fields (instants in UTC). */
export interface EventValues {
  title: string;
  description: string;
  location: string;
  startsAt: string;
  endsAt: string;
}

type Errors = Partial<Record<'title' | 'day' | 'start' | 'end', string>>;

/**
 * « Ajouter un évènement » and « Modifier » (teachers only: adults, « vous »): title, day, start and end hours in Paris
 * time, place, description. French errors on the fields; the API's refusal above the buttons. The title takes the
 * focus when the form opens.
 */
export function EventForm({ legend, initial, submitLabel, onSubmit, onCancel }: {
  legend: string;
  initial?: { title: string; description: string; location: string; startsAt: string; endsAt: string };
  submitLabel: string;
  onSubmit: (values: EventValues) => Promise<string | null>;
  onCancel: () => void;
}) {
  const start = initial ? parisParts(initial.startsAt) : null;
  const end = initial ? parisParts(initial.endsAt) : null;
  const [title, setTitle] = useState(initial?.title ?? '');
  const [day, setDay] = useState(start?.day ?? '');
  const [startTime, setStartTime] = useState(start?.time ?? '');
  const [endTime, setEndTime] = useState(end?.time ?? '');
  const [location, setLocation] = useState(initial?.location ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [errors, setErrors] = useState<Errors>({});
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => document.getElementById('evenement-titre')?.focus(), []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Errors = {};
    if (!title.trim()) found.title = 'Indiquez un titre.';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) found.day = 'Indiquez la date de l’évènement.';
    if (!/^\d{2}:\d{2}$/.test(startTime)) found.start = 'Indiquez l’heure de début.';
    if (endTime && !/^\d{2}:\d{2}$/.test(endTime)) found.end = 'Indiquez une heure de fin valide, ou laissez le champ vide.';
    if (!found.start && !found.end && endTime && endTime < startTime) found.end = 'L’heure de fin doit suivre l’heure de début.';
    setErrors(found);
    if (Object.keys(found).length > 0) {
      const first = found.title ? 'titre' : found.day ? 'date' : found.start ? 'debut' : 'fin';
      document.getElementById(`evenement-${first}`)?.focus();
      return;
    }
    setBusy(true);
    const startsAt = parisInstant(day, startTime).toISOString();
    const endsAt = parisInstant(day, endTime || startTime).toISOString();
    const refused = await onSubmit({ title: title.trim(), description, location, startsAt, endsAt });
    setBusy(false);
    setRefusal(refused);
  }

  return (
    <form className="card agenda-form" onSubmit={(event) => void submit(event)} noValidate>
      <fieldset>
        <legend>{legend}</legend>
        <Field id="evenement-titre" label="Titre" value={title} onChange={(e) => setTitle(e.target.value)}
          error={errors.title} required maxLength={200} autoComplete="off" />
        <Field id="evenement-date" label="Date" type="date" value={day} onChange={(e) => setDay(e.target.value)} error={errors.day} required />
        <div className="agenda-hours">
          <Field id="evenement-debut" label="Heure de début" type="time" value={startTime} onChange={(e) => setStartTime(e.target.value)}
            error={errors.start} required />
          <Field id="evenement-fin" label="Heure de fin" hint="Facultative." type="time" value={endTime}
            onChange={(e) => setEndTime(e.target.value)} error={errors.end} />
        </div>
        <Field id="evenement-lieu" label="Lieu" value={location} onChange={(e) => setLocation(e.target.value)} maxLength={300} />
        <Field id="evenement-description" label="Description" multiline value={description}
          onChange={(e) => setDescription(e.target.value)} maxLength={4000} />
      </fieldset>
      {refusal ? <p className="error" role="alert">{refusal}</p> : null}
      <p className="actions">
        <Button type="submit" busy={busy}>{submitLabel}</Button>
        <Button variant="secondary" onClick={onCancel}>Annuler</Button>
      </p>
    </form>
  );
}
