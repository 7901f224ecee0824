import { ClassLevel, Profile } from '@passerelle/directory';
import { DomainError } from '@passerelle/errors';
import { estimateGuestQuota, withMargin } from './quota-estimate.js';

describe('estimateGuestQuota', () => {
  it('counts pupils as National_ELV and teachers as National_ENS, with the margin rounded up', () => {
    const estimate = estimateGuestQuota({
      partnerClasses: [{ level: ClassLevel.SIXIEME, label: '6e A', pupils: 26 }, { level: ClassLevel.SIXIEME, label: '6e B', pupils: 25 }],
      teachers: 3, margin: 10,
    });
    // 51 × 1.10 = 56.1 → 57; 3 × 1.10 = 3.3 → 4
    expect(estimate.profiles).toEqual([
      { profile: Profile.ELV, base: 51, margin: 6, total: 57 },
      { profile: Profile.ENS, base: 3, margin: 1, total: 4 },
    ]);
    expect(estimate.breakdown).toEqual(['6e A : 26 élèves', '6e B : 25 élèves', 'Enseignants : 3',
      'Marge de 10 % : +6 élèves, +1 enseignants']);
  });

  it('adds nothing with a margin of 0 and names an unlabelled class by its level', () => {
    const estimate = estimateGuestQuota({ partnerClasses: [{ level: ClassLevel.SIXIEME, pupils: 1 }], teachers: 0, margin: 0 });
    expect(estimate.profiles).toEqual([
      { profile: Profile.ELV, base: 1, margin: 0, total: 1 },
      { profile: Profile.ENS, base: 0, margin: 0, total: 0 },
    ]);
    expect(estimate.breakdown).toEqual(['6e : 1 élève', 'Enseignants : 0']);
  });

  it('does not round an exact product up by floating-point noise', () => {
    expect(withMargin(20, 10)).toBe(22); // 20 × 1.1 = 22.000000000000004 in floating point
    expect(withMargin(26, 50)).toBe(39);
    expect(withMargin(26, 15)).toBe(30); // 29.9 → 30
    expect(withMargin(0, 50)).toBe(0);
  });

  it.each([
    ['a margin over 50 %', { margin: 51 }, ['input', 'margin']],
    ['a negative margin', { margin: -1 }, ['input', 'margin']],
    ['a fractional teacher', { teachers: 1.5 }, ['input', 'teachers']],
    ['a class of 101 pupils', { partnerClasses: [{ level: ClassLevel.SIXIEME, pupils: 101 }] }, ['input', 'partnerClasses', 0, 'pupils']],
  ])('refuses %s, naming the field', (_what, override, field) => {
    const input = { partnerClasses: [{ level: ClassLevel.SIXIEME, pupils: 20 }], teachers: 2, margin: 10, ...override };
    expect(() => estimateGuestQuota(input)).toThrow(DomainError);
    try {
      estimateGuestQuota(input);
    } catch (error) {
      expect((error as DomainError).code).toBe('BAD_USER_INPUT');
      expect((error as DomainError).field).toEqual(field);
    }
  });
});
