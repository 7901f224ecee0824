import { SpaceRole } from './space-permissions.js';
import { homeworkSpacesOf } from './homework.rules.js';
import { cohortCandidates, firstOfferedSchoolYear, HostingConventionRow, offeredConventions } from './member-candidates.js';

const now = new Date('2026-12-07T10:00:00Z');
const convention = (id: string, status: string, from: string, until: string): HostingConventionRow =>
  ({ id, title: `Convention ${id}`, status, validFrom: new Date(from), validUntil: new Date(until), partnerName: 'ENT du collège' });

describe('what an owner may add to a space', () => {
  it('offers only the conventions in force now (ACTIVE, inside their window)', () => {
    const rows = [convention('a', 'ACTIVE', '2026-09-01', '2027-07-01'), convention('s', 'SUSPENDED', '2026-09-01', '2027-07-01'),
      convention('d', 'DRAFT', '2026-09-01', '2027-07-01'), convention('e', 'ACTIVE', '2026-01-01', '2026-12-07T10:00:00Z'),
      convention('f', 'ACTIVE', '2026-12-08', '2027-07-01')];
    expect(offeredConventions(rows, now).map((row) => row.id)).toEqual(['a']);
  });

  it('gives one cohort for every guest, then one per partner class, with the schools they come from and who is already in', () => {
    const candidates = cohortCandidates([convention('a', 'ACTIVE', '2026-09-01', '2027-07-01')],
      [{ conventionId: 'a', uai: '0750001U', name: 'Collège Jean Moulin' }, { conventionId: 'a', uai: '0750002V', name: null }],
      [{ conventionId: 'a', classCode: '6e B', uai: '0750001U', guests: 3 }, { conventionId: 'a', classCode: ' 6e B ', uai: '0750002V', guests: 1 },
        { conventionId: 'a', classCode: '6e A', uai: '0750001U', guests: 2 }, { conventionId: 'a', classCode: null, uai: '0750001U', guests: 1 }],
      [{ conventionId: 'a', classCode: '6e A' }], now);
    expect(candidates.map(({ classCode, schools, guestCount, alreadyMember }) => ({ classCode, schools, guestCount, alreadyMember }))).toEqual([
      { classCode: null, schools: ['0750002V', 'Collège Jean Moulin'], guestCount: 7, alreadyMember: false },
      { classCode: '6e A', schools: ['Collège Jean Moulin'], guestCount: 2, alreadyMember: true },
      { classCode: '6e B', schools: ['0750002V', 'Collège Jean Moulin'], guestCount: 4, alreadyMember: false },
    ]);
  });

  it('offers classes from the school year in progress on (from 1 September, Paris time)', () => {
    expect(firstOfferedSchoolYear(now)).toBe('2026-2027');
    expect(firstOfferedSchoolYear(new Date('2026-08-31T21:59:00Z'))).toBe('2025-2026');
    expect(firstOfferedSchoolYear(new Date('2026-08-31T22:00:00Z'))).toBe('2026-2027');
  });
});

describe('where the home screen takes homework from', () => {
  it('takes every class\'s homework where the caller runs the space, the whole space\'s and their classes\' elsewhere', () => {
    expect(homeworkSpacesOf([{ spaceId: 'o', role: SpaceRole.OWNER }, { spaceId: 'm', role: SpaceRole.MODERATOR },
      { spaceId: 'c', role: SpaceRole.CONTRIBUTOR }, { spaceId: 'r', role: SpaceRole.READER }])).toEqual([
      { spaceId: 'o', allClasses: true }, { spaceId: 'm', allClasses: true }, { spaceId: 'c', allClasses: false }, { spaceId: 'r', allClasses: false }]);
  });
});
