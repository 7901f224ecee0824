import { eventUid, parisDay, toICalendar } from './agenda-calendar.js';
import { SpaceEventEntity } from './agenda.entities.js';
import { checkEventWindow, eventReminderTime, isCalendarDay, reminderStillDue } from './agenda.rules.js';

describe('agenda rules', () => {
  it('refuses an event that ends before it starts', () => {
    expect(checkEventWindow(new Date('2026-12-04T10:00:00Z'), new Date('2026-12-04T09:00:00Z')).valid).toBe(false);
    expect(checkEventWindow(new Date('2026-12-04T10:00:00Z'), new Date('2026-12-04T10:00:00Z')).valid).toBe(true);
  });

  it('accepts only calendar days that exist as due dates', () => {
    expect(isCalendarDay('2026-12-07')).toBe(true);
    expect(isCalendarDay('2026-02-30')).toBe(false);
    expect(isCalendarDay('07/12/2026')).toBe(false);
  });

  it('reads all-day events as days in Paris (late evening UTC is already the next day there)', () => {
    expect(parisDay(new Date('2026-12-09T23:30:00Z'))).toBe('2026-12-10');
  });

  it('writes one VEVENT per event with its stable UID, timed events in UTC', async () => {
    const event = { id: '3f1c2d4e-0000-4000-8000-000000000001', title: 'Visite', description: '', location: 'Collège',
      startsAt: new Date('2026-12-04T09:00:00Z'), endsAt: new Date('2026-12-04T10:00:00Z'), allDay: false,
      createdAt: new Date('2026-11-01T00:00:00Z'), updatedAt: new Date('2026-11-01T00:00:00Z') } as SpaceEventEntity;
    const ics = await toICalendar('Défi lecture', [event]);
    expect(ics).toMatch(/^BEGIN:VCALENDAR/);
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(ics).toContain(`UID:${eventUid(event)}`);
    expect(ics).toContain('DTSTART:20261204T090000Z');
    expect(ics).toContain('SUMMARY:Visite');
    // RFC 5545 3.1: every content line, the last one too, ends with CRLF.
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });
});

describe('event reminders', () => {
  const now = new Date('2026-12-01T10:00:00.000Z');
  const hours = (n: number) => new Date(now.getTime() + n * 3600_000);

  it('plans the reminder 24 h before the start', () => {
    expect(eventReminderTime(hours(72), now)).toEqual(hours(48));
  });

  it('reminds at once when the event starts within 24 h, and never for an event that has started', () => {
    expect(eventReminderTime(hours(2), now)).toEqual(now);
    expect(eventReminderTime(now, now)).toBeNull();
    expect(eventReminderTime(hours(-1), now)).toBeNull();
  });

  it('sends a reminder only for an event that still exists, still starts then, and has not started', () => {
    expect(reminderStillDue({ startsAt: hours(2) }, hours(2), now)).toBe(true);
    expect(reminderStillDue(null, hours(2), now)).toBe(false);
    expect(reminderStillDue({ startsAt: hours(5) }, hours(2), now)).toBe(false);
    expect(reminderStillDue({ startsAt: hours(-1) }, hours(-1), now)).toBe(false);
  });
});
