import type { AgendaEventFragment } from '../../gql/graphql';

/** What the month view shows of an event. */
type DayEvent = Pick<AgendaEventFragment, 'id' | 'title' | 'startsAt' | 'endsAt' | 'allDay'>;
import { Button } from '../../components/button';
import { frenchDay } from '../../lib/french-format';
import { addMonths, frenchMonth, frenchTime, monthWeeks, parisParts } from './paris-time';

const WEEKDAYS: [string, string][] = [
  ['Lun', 'lundi'], ['Mar', 'mardi'], ['Mer', 'mercredi'], ['Jeu', 'jeudi'], ['Ven', 'vendredi'], ['Sam', 'samedi'], ['Dim', 'dimanche'],
];

/** The days (Paris) an event covers within the month shown. */
function daysOf(event: DayEvent): string[] {
  const first = parisParts(event.startsAt).day;
  const last = parisParts(new Date(Math.max(new Date(event.endsAt).getTime() - (event.allDay ? 1 : 0), new Date(event.startsAt).getTime()))).day;
  const days: string[] = [];
  for (let day = first, i = 0; day <= last && i < 62; i++) {
    days.push(day);
    const next = new Date(`${day}T12:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    day = next.toISOString().slice(0, 10);
  }
  return days;
}

/**
 * The month view: a table (caption: the month), a row per week, Monday first, each day's events in its cell; the
 * buttons move a month back or forward (the month is in the URL, `?mois=2026-12`).
 */
export function MonthView({ month, events, today, onMonth }: {
  month: string;
  events: readonly DayEvent[];
  today: string;
  onMonth: (month: string) => void;
}) {
  const byDay = new Map<string, DayEvent[]>();
  for (const event of events) {
    for (const day of daysOf(event)) byDay.set(day, [...(byDay.get(day) ?? []), event]);
  }
  return (
    <section aria-labelledby="vue-du-mois" className="agenda-month">
      <h2 id="vue-du-mois">Vue du mois</h2>
      <div className="actions agenda-month-nav">
        <Button variant="secondary" onClick={() => onMonth(addMonths(month, -1))}>Mois précédent</Button>
        <p className="agenda-month-name" aria-live="polite">{frenchMonth(month)}</p>
        <Button variant="secondary" onClick={() => onMonth(addMonths(month, 1))}>Mois suivant</Button>
      </div>
      <table className="agenda-table">
        <caption className="visually-hidden">Agenda de {frenchMonth(month)}</caption>
        <thead>
          <tr>{WEEKDAYS.map(([short, long]) => <th key={long} scope="col"><abbr title={long}>{short}</abbr></th>)}</tr>
        </thead>
        <tbody>
          {monthWeeks(month).map((week) => (
            <tr key={week.find(Boolean) ?? ''}>
              {week.map((day, index) => {
                if (!day) return <td key={`vide-${index}`} className="agenda-empty" />;
                const dayEvents = byDay.get(day) ?? [];
                return (
                  <td key={day} className={day === today ? 'agenda-today' : undefined} aria-current={day === today ? 'date' : undefined}>
                    <span className="agenda-day-number" aria-hidden="true">{Number(day.slice(8))}</span>
                    <span className="visually-hidden">{frenchDay(day)}{day === today ? ', aujourd’hui' : ''}</span>
                    {dayEvents.length > 0 ? (
                      <ul className="agenda-day-events">
                        {dayEvents.map((event) => (
                          <li key={event.id}>
                            {event.allDay ? null : <span className="agenda-time">{frenchTime(event.startsAt)} </span>}
                            {event.title}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
