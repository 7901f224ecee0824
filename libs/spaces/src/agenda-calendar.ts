import { SpaceEventEntity } from './agenda.entities.js';

/** The time zone of French schools: all-day events are days in Paris. */
export const SCHOOL_TIME_ZONE = 'Europe/Paris';

/** The day (YYYY-MM-DD) a moment falls on in Paris. */
export function parisDay(moment: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: SCHOOL_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(moment);
}

/** A stable UID per event: the same event keeps its UID across exports, so calendar apps update instead of duplicating. */
export function eventUid(event: Pick<SpaceEventEntity, 'id'>, domain = 'passerelle'): string {
  return `${event.id}@${domain}`;
}

/**
 * A space's agenda as an iCalendar (RFC 5545) document: timed events in UTC, all-day events as Paris days
 * (DTEND exclusive, the day after the last one).
 */
export async function toICalendar(spaceTitle: string, events: readonly SpaceEventEntity[]): Promise<string> {
  // ical-generator is published as ESM and CommonJS; loaded lazily so that the rest of the library does not depend on it.
  const { default: ical } = await import('ical-generator');
  const calendar = ical({ name: spaceTitle, prodId: { company: 'Passerelle', product: 'Agenda', language: 'FR' } });
  for (const event of events) {
    const common = { id: eventUid(event), summary: event.title, description: event.description || null, location: event.location || null,
      stamp: event.updatedAt ?? event.createdAt };
    if (event.allDay) {
      const first = parisDay(event.startsAt);
      const last = parisDay(event.endsAt);
      const end = new Date(`${last}T00:00:00Z`);
      end.setUTCDate(end.getUTCDate() + 1);
      calendar.createEvent({ ...common, allDay: true, start: new Date(`${first}T00:00:00Z`), end, floating: true });
    } else {
      calendar.createEvent({ ...common, start: event.startsAt, end: event.endsAt });
    }
  }
  // RFC 5545 (3.1): every content line ends with CRLF, the last one too; ical-generator leaves the last one bare.
  const text = calendar.toString();
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
}
