import { addMonths, isMonth, monthWeeks, parisInstant, parisParts } from '../src/features/agenda/paris-time';

/** The agenda's Paris time: what a teacher types (a day and an hour in Paris) is the instant the API stores, and back. */
describe('Paris time of the agenda', () => {
  it('turns a Paris day and hour into the instant, in winter and in summer time, and back', () => {
    expect(parisInstant('2026-12-04', '10:00').toISOString()).toBe('2026-12-04T09:00:00.000Z');
    expect(parisInstant('2027-06-15', '10:00').toISOString()).toBe('2027-06-15T08:00:00.000Z');
    expect(parisInstant('2027-03-28', '12:00').toISOString()).toBe('2027-03-28T10:00:00.000Z'); // the day summer time begins
    expect(parisInstant('2027-01-01').toISOString()).toBe('2026-12-31T23:00:00.000Z');
    expect(parisParts('2026-12-31T23:30:00.000Z')).toEqual({ day: '2027-01-01', time: '00:30' });
    expect(parisParts(parisInstant('2027-07-14', '21:45'))).toEqual({ day: '2027-07-14', time: '21:45' });
  });

  it('reads the month of the URL (?mois=YYYY-MM) and moves by months across years', () => {
    expect(isMonth('2026-12')).toBe(true);
    expect(['2026-13', '2026-1', 'décembre', null].some(isMonth)).toBe(false);
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2027-01', -1)).toBe('2026-12');
  });

  it('lays a month out in weeks, Monday first', () => {
    const weeks = monthWeeks('2026-12'); // 1 December 2026 is a Tuesday
    expect(weeks[0]).toEqual([null, '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']);
    expect(weeks.flat().filter(Boolean)).toHaveLength(31);
    expect(weeks.every((week) => week.length === 7)).toBe(true);
    expect(weeks[weeks.length - 1]).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', null, null, null]);
  });
});
