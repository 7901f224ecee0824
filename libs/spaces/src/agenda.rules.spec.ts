import { eventUid, parisDay, toICalendar } from './agenda-calendar.js';
import { SpaceEventEntity } from './agenda.entities.js';
import { checkEventWindow, isCalendarDay } from './agenda.rules.js';

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
  });
});
