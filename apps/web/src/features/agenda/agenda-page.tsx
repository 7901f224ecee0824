import { useMutation, useQuery } from '@apollo/client/react';
import { useMemo, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { Button } from '../../components/button';
import { useAnnounce } from '../../components/live-region';
import { Page } from '../../components/page';
import { SpaceNav } from '../../components/space-nav';
import { FailurePage, Loading, RefusalPage } from '../../components/status-pages';
import {
  AgendaScreenDocument, CreateAgendaEventDocument, DeleteAgendaEventDocument, UpdateAgendaEventDocument,
} from '../../gql/graphql';
import { errorCodes } from '../../lib/apollo';
import { todayInParis } from '../../lib/french-format';
import { CalendarLink } from './calendar-link';
import { EventForm, EventValues } from './event-form';
import { EventItem } from './event-item';
import { useHashTarget } from '../../lib/hash-target';
import { MonthView } from './month-view';
import { addMonths, isMonth, parisInstant } from './paris-time';
import './agenda.css';

/** The API's refusal as the form shows it (French, from the hub), or a general one. */
function refusalOf(error: unknown): string {
  return error instanceof Error && error.message ? error.message : 'L’enregistrement a échoué. Réessayez.';
}

/**
 * « Agenda » (/espaces/:id/agenda): what comes next, the month view (`?mois=YYYY-MM`), the .ics link; those who plan
 * (owners and moderators: the SCHEDULE permission) add, change and delete events.
 */
export function AgendaPage() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const announce = useAnnounce();
  const today = todayInParis();
  const asked = params.get('mois');
  const month = isMonth(asked) ? asked : today.slice(0, 7);
  const now = useMemo(() => new Date().toISOString(), []);
  const variables = useMemo(() => ({
    spaceId: id, now, from: parisInstant(`${month}-01`).toISOString(), to: parisInstant(`${addMonths(month, 1)}-01`).toISOString(),
  }), [id, now, month]);
  const { data, previousData, error, refetch } = useQuery(AgendaScreenDocument, { variables });
  const [createEvent] = useMutation(CreateAgendaEventDocument);
  const [updateEvent] = useMutation(UpdateAgendaEventDocument);
  const [deleteEvent] = useMutation(DeleteAgendaEventDocument);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);

  const shown = data ?? previousData;
  useHashTarget(!!shown?.space);
  if (error && !shown) {
    const codes = errorCodes(error);
    if (codes.includes('NOT_FOUND') || codes.includes('FORBIDDEN')) return <RefusalPage />;
    return <FailurePage onRetry={() => void refetch()} />;
  }
  if (!shown) return <Page title="Agenda"><Loading /></Page>;
  const space = shown.space;
  if (!space) return <RefusalPage />;
  const maySchedule = space.myPermissions.includes('SCHEDULE');
  const upcoming = space.upcoming.edges.map((edge) => edge.node);
  const monthEvents = space.month.edges.map((edge) => edge.node);

  async function add(values: EventValues): Promise<string | null> {
    try {
      await createEvent({ variables: { input: { spaceId: id, ...values } } });
      await refetch();
      setAdding(false);
      announce(`Évènement « ${values.title} » ajouté.`);
      document.getElementById('ajouter-evenement')?.focus();
      return null;
    } catch (failure) {
      return refusalOf(failure);
    }
  }

  async function change(eventId: string, values: EventValues): Promise<string | null> {
    try {
      await updateEvent({ variables: { input: { eventId, ...values } } });
      await refetch();
      setEditing(null);
      announce(`Évènement « ${values.title} » modifié.`);
      return null;
    } catch (failure) {
      return refusalOf(failure);
    }
  }

  async function remove(eventId: string, title: string): Promise<string | null> {
    try {
      await deleteEvent({ variables: { id: eventId } });
      await refetch();
      announce(`Évènement « ${title} » supprimé.`);
      document.querySelector<HTMLElement>('#a-venir')?.focus();
      return null;
    } catch (failure) {
      return refusalOf(failure);
    }
  }

  return (
    <Page title={`Agenda — ${space.title}`} heading="Agenda" className="agenda-page">
      <SpaceNav spaceId={space.id} spaceName={space.title} pendingModerationCount={space.pendingModerationCount} />
      {maySchedule ? (
        <div className="agenda-add">
          <Button id="ajouter-evenement" aria-expanded={adding} onClick={() => setAdding(!adding)}>Ajouter un évènement</Button>
          {adding ? (
            <EventForm legend="Nouvel évènement" submitLabel="Enregistrer l’évènement" onSubmit={add}
              onCancel={() => { setAdding(false); document.getElementById('ajouter-evenement')?.focus(); }} />
          ) : null}
        </div>
      ) : null}

      <section aria-labelledby="a-venir">
        <h2 id="a-venir" tabIndex={-1}>À venir</h2>
        {upcoming.length === 0 ? <p className="muted">Aucun évènement prévu.</p> : (
          <ul className="cards agenda-list">
            {upcoming.map((event) => (
              <li key={event.id} className="card">
                {editing === event.id ? (
                  <EventForm legend={`Modifier « ${event.title} »`} initial={event} submitLabel="Enregistrer les changements"
                    onSubmit={(values) => change(event.id, values)} onCancel={() => setEditing(null)} />
                ) : (
                  <EventItem event={event} maySchedule={maySchedule} onEdit={() => setEditing(event.id)}
                    onDelete={() => remove(event.id, event.title)} />
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <MonthView month={month} events={monthEvents} today={today} onMonth={(next) => setParams({ mois: next })} />
      {space.month.pageInfo.hasNextPage ? <p className="muted">Ce mois compte plus de 100 évènements : seuls les 100 premiers sont affichés.</p> : null}

      <CalendarLink spaceId={space.id} createdAt={space.calendarFeedCreatedAt ?? null} />
    </Page>
  );
}
