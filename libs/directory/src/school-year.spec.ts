import {
  checkLevelForSchool, checkSchoolYear, CLASS_LEVELS, classLevelLabel, ClassLevel, isSchoolYear, schoolKindOfLevel,
  homePeopleErasureCutoff, schoolYearBounds, schoolYearOf, schoolYearStartingIn,
} from './school-year.js';

describe('school year', () => {
  it('accepts 2026-2027', () => {
    expect(checkSchoolYear('2026-2027')).toEqual({ valid: true, schoolYear: '2026-2027' });
    expect(checkSchoolYear(' 2026-2027 ')).toEqual({ valid: true, schoolYear: '2026-2027' });
  });

  it.each(['2026-2028', '2027-2026', '2026-2026', '2026/2027', '26-27', '2026-27', '2026 - 2027', '', 'abcd-efgh'])(
    'refuses %p with a French reason', (raw) => {
      expect(checkSchoolYear(raw)).toMatchObject({
        valid: false,
        reason: "L'année scolaire doit s'écrire avec deux années consécutives, par exemple 2026-2027.",
      });
      expect(isSchoolYear(raw)).toBe(false);
    });

  it('starts on 1 September and ends on 31 August', () => {
    expect(schoolYearBounds('2026-2027')).toEqual({ firstDay: '2026-09-01', lastDay: '2027-08-31' });
    expect(() => schoolYearBounds('2026-2028')).toThrow(RangeError);
  });

  it.each([
    ['2026-09-01T08:00:00+02:00', '2026-2027', 'the rentrée'],
    ['2027-08-31T20:00:00+02:00', '2026-2027', 'the last evening of August'],
    ['2027-01-15T10:00:00+01:00', '2026-2027', 'January'],
    ['2026-08-31T12:00:00+02:00', '2025-2026', 'the day before the rentrée'],
    ['2026-08-31T22:30:00Z', '2026-2027', '31 August 22:30 UTC, already 1 September in Paris'],
    ['2026-12-31T23:30:00Z', '2026-2027', 'New Year in Paris'],
  ])('dates %s in %s (%s)', (iso, expected) => {
    expect(schoolYearOf(new Date(iso))).toBe(expected);
  });

  it('can read the date in another time zone (overseas schools)', () => {
    // 31 August 22:30 UTC is still 31 August in Guadeloupe.
    expect(schoolYearOf(new Date('2026-08-31T22:30:00Z'), 'America/Guadeloupe')).toBe('2025-2026');
  });

  it('builds the school year that starts in a given year', () => {
    expect(schoolYearStartingIn(2026)).toBe('2026-2027');
    expect(() => schoolYearStartingIn(26)).toThrow(RangeError);
    expect(() => schoolYearStartingIn(2026.5)).toThrow(RangeError);
  });
});

describe('class levels', () => {
  it('lists the twelve levels of the database check, in school order', () => {
    expect(CLASS_LEVELS).toEqual(['PS', 'MS', 'GS', 'CP', 'CE1', 'CE2', 'CM1', 'CM2', 'SIXIEME', 'CINQUIEME',
      'QUATRIEME', 'TROISIEME']);
  });

  it.each([
    [ClassLevel.PS, 'Petite section'], [ClassLevel.MS, 'Moyenne section'], [ClassLevel.GS, 'Grande section'],
    [ClassLevel.CP, 'CP'], [ClassLevel.CE1, 'CE1'], [ClassLevel.CE2, 'CE2'], [ClassLevel.CM1, 'CM1'],
    [ClassLevel.CM2, 'CM2'], [ClassLevel.SIXIEME, '6e'], [ClassLevel.CINQUIEME, '5e'],
    [ClassLevel.QUATRIEME, '4e'], [ClassLevel.TROISIEME, '3e'],
  ])('writes %s as %p', (level, label) => {
    expect(classLevelLabel(level)).toBe(label);
  });

  it('places PS to CM2 in an école and 6e to 3e in a collège', () => {
    expect(schoolKindOfLevel(ClassLevel.PS)).toBe('ECOLE');
    expect(schoolKindOfLevel(ClassLevel.CM2)).toBe('ECOLE');
    expect(schoolKindOfLevel(ClassLevel.SIXIEME)).toBe('COLLEGE');
    expect(schoolKindOfLevel(ClassLevel.TROISIEME)).toBe('COLLEGE');
  });

  it('refuses a 6e in an école and a CM2 in a collège, in French', () => {
    expect(checkLevelForSchool(ClassLevel.CM2, 'ECOLE')).toEqual({ valid: true });
    expect(checkLevelForSchool(ClassLevel.SIXIEME, 'ECOLE'))
      .toEqual({ valid: false, reason: "Une école n'a pas de classe de niveau 6e." });
    expect(checkLevelForSchool(ClassLevel.CM2, 'COLLEGE'))
      .toEqual({ valid: false, reason: "Un collège n'a pas de classe de niveau CM2." });
  });
});

describe('homePeopleErasureCutoff', () => {
  it('92 days after 31 August: people not seen since 1 September (Paris) of that year are due', () => {
    expect(homePeopleErasureCutoff(new Date('2026-12-07T06:00:00Z'), 92).toISOString()).toBe('2026-08-31T22:00:00.000Z');
    expect(homePeopleErasureCutoff(new Date('2026-12-02T06:00:00Z'), 92).toISOString()).toBe('2026-08-31T22:00:00.000Z');
  });

  it('before those 92 days, only the people of the year before', () => {
    expect(homePeopleErasureCutoff(new Date('2026-11-29T12:00:00Z'), 92).toISOString()).toBe('2025-08-31T22:00:00.000Z');
    expect(homePeopleErasureCutoff(new Date('2026-12-01T12:00:00Z'), 92).toISOString()).toBe('2025-08-31T22:00:00.000Z');
  });

  it('with no delay, from 1 September', () => {
    expect(homePeopleErasureCutoff(new Date('2026-09-01T08:00:00Z'), 0).toISOString()).toBe('2026-08-31T22:00:00.000Z');
    expect(homePeopleErasureCutoff(new Date('2026-08-31T08:00:00Z'), 0).toISOString()).toBe('2025-08-31T22:00:00.000Z');
  });
});
