import { useState } from 'react';
import { Button } from '../../components/button';
import type { AgendaEventFragment } from '../../gql/graphql';
import { frenchDay, frenchDayTime } from '../../lib/french-format';
import { frenchTime, parisParts } from './paris-time';

/** « lundi 14 décembre, 14:00 – 16:00 » (Paris time), or the day alone for a whole-day event. */
export function eventWhen(event: Pick<AgendaEventFragment, 'startsAt' | 'endsAt' | 'allDay'>): string {
  if (event.allDay) return frenchDay(parisParts(event.startsAt).day);
  const sameDay = parisParts(event.startsAt).day === parisParts(event.endsAt).day;
  if (event.endsAt === event.startsAt) return frenchDayTime(event.startsAt);
  return `${frenchDayTime(event.startsAt)} – ${sameDay ? frenchTime(event.endsAt) : frenchDayTime(event.endsAt)}`;
}

/** One event of « À venir »: when, where, what; for those who plan, « Modifier » and « Supprimer » (confirmed). */
export function EventItem({ event, maySchedule, onEdit, onDelete }: {
  event: AgendaEventFragment;
  maySchedule: boolean;
  onEdit: () => void;
  onDelete: () => Promise<string | null>;
}) {
  const [confirming, setConfirming] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const titleId = `evenement-${event.id}`;
  return (
    <article id={`event-${event.id}`} tabIndex={-1} aria-labelledby={titleId}>
      <h3 id={titleId}>{event.title}</h3>
      <p className="agenda-when"><time dateTime={event.startsAt}>{eventWhen(event)}</time></p>
      {event.location ? <p className="muted">Lieu : {event.location}</p> : null}
      {event.description ? <p className="agenda-description">{event.description}</p> : null}
      {maySchedule ? (
        confirming ? (
          <div className="agenda-confirm" role="group" aria-labelledby={`${titleId}-confirmer`}>
            <p id={`${titleId}-confirmer`}>Supprimer l’évènement « {event.title} » ? Il disparaîtra de l’agenda de tous les membres.</p>
            {refusal ? <p className="error" role="alert">{refusal}</p> : null}
            <p className="actions">
              <Button onClick={() => void onDelete().then(setRefusal)}>Oui, supprimer</Button>
              <Button variant="secondary" autoFocus onClick={() => setConfirming(false)}>Annuler</Button>
            </p>
          </div>
        ) : (
          <p className="actions">
            <Button variant="secondary" aria-label={`Modifier « ${event.title} »`} onClick={onEdit}>Modifier</Button>
            <Button variant="secondary" aria-label={`Supprimer « ${event.title} »`} onClick={() => setConfirming(true)}>Supprimer</Button>
          </p>
        )
      ) : null}
    </article>
  );
}
