import { Profile } from '@passerelle/directory';
import { FederationError } from './federation-errors.js';
import { defaultPresets, entCoreClassOf, mapAttributes, RawAttributes } from './mapping.js';

const UAI = '0750001U';
const OTHER_UAI = '0750002V';

function refusal(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FederationError);
    expect((error as FederationError).code).toBe('ATTRIBUTES_INVALID');
    return String((error as FederationError).details?.detail);
  }
  throw new Error('expected a refusal');
}

describe('attribute mapping presets', () => {
  it('ships the four presets of federation/profiles, found by id or file name', () => {
    const presets = defaultPresets();
    expect(presets.ids.sort()).toEqual(['ENT_CORE', 'FREDUVECTEUR', 'GENERIC_OIDC', 'GENERIC_SAML']);
    expect(presets.find('ent-core')?.id).toBe('ENT_CORE');
    expect(presets.find('frEduVecteur')?.id).toBe('FREDUVECTEUR');
    expect(presets.find('GENERIC_SAML')?.id).toBe('GENERIC_SAML');
  });

  describe('generic-saml', () => {
    const mapping = { preset: 'GENERIC_SAML' };
    const raw: RawAttributes = {
      NameID: ['f3a9c0d2-eleve'], displayName: ['Léa Martin'], ENTPersonProfils: ['National_elv'],
      ENTPersonStructRattachUAI: [' 0750001u '], mail: ['lea@example.fr'], telephoneNumber: ['0600000000'],
    };

    it('keeps only subject, display name, profile, UAI and class (none) and drops everything else', () => {
      expect(mapAttributes(mapping, raw)).toEqual({
        subject: 'f3a9c0d2-eleve', displayName: 'Léa Martin', profile: Profile.ELV, uai: UAI, classCode: null,
      });
    });

    it('matches the profile code case-insensitively (the GAR writes National_elv)', () => {
      expect(mapAttributes(mapping, { ...raw, ENTPersonProfils: ['NATIONAL_ENS'] }).profile).toBe(Profile.ENS);
    });

    it('refuses a missing, multi-valued or unknown profile', () => {
      expect(refusal(() => mapAttributes(mapping, { ...raw, ENTPersonProfils: [] }))).toContain('profile: missing');
      expect(refusal(() => mapAttributes(mapping, { ...raw, ENTPersonProfils: ['National_ELV', 'National_ENS'] }))).toContain('multi-valued');
      expect(refusal(() => mapAttributes(mapping, { ...raw, ENTPersonProfils: ['ELV'] }))).toContain('profile');
      expect(refusal(() => mapAttributes(mapping, { ...raw, ENTPersonProfils: ['Admin'] }))).toContain('profile');
    });

    it('accepts the same profile sent twice (one distinct value)', () => {
      expect(mapAttributes(mapping, { ...raw, ENTPersonProfils: ['National_ELV', 'national_elv'] }).profile).toBe(Profile.ELV);
    });

    it('refuses a missing, multi-valued or invalid UAI', () => {
      expect(refusal(() => mapAttributes(mapping, { ...raw, ENTPersonStructRattachUAI: undefined as never }))).toContain('uai: missing');
      expect(refusal(() => mapAttributes(mapping, { ...raw, ENTPersonStructRattachUAI: [UAI, OTHER_UAI] }))).toContain('uai: multi-valued');
      expect(refusal(() => mapAttributes(mapping, { ...raw, ENTPersonStructRattachUAI: ['0750001A'] }))).toContain('uai: invalid');
    });

    it('refuses a missing or multi-valued subject, one with control characters, or one too long', () => {
      expect(refusal(() => mapAttributes(mapping, { ...raw, NameID: [] }))).toContain('subject: missing');
      expect(refusal(() => mapAttributes(mapping, { ...raw, NameID: ['a', 'b'] }))).toContain('subject: multi-valued');
      expect(refusal(() => mapAttributes(mapping, { ...raw, NameID: ['a\u0000b'] }))).toContain('subject');
      expect(refusal(() => mapAttributes(mapping, { ...raw, NameID: ['x'.repeat(256)] }))).toContain('subject');
    });

    it('builds the display name from givenName and sn when displayName is missing, and refuses when no name at all', () => {
      expect(mapAttributes(mapping, { ...raw, displayName: [], givenName: ['Léa'], sn: ['Martin'] }).displayName).toBe('Léa Martin');
      expect(refusal(() => mapAttributes(mapping, { ...raw, displayName: [] }))).toContain('displayName');
    });

    it('cleans control characters and long display names', () => {
      expect(mapAttributes(mapping, { ...raw, displayName: ['Léa\n\tMartin\u2028'] }).displayName).toBe('Léa Martin');
      expect(mapAttributes(mapping, { ...raw, displayName: ['x'.repeat(300)] }).displayName).toHaveLength(200);
    });

    it('lets a partner override an attribute name', () => {
      const mapped = mapAttributes({ preset: 'GENERIC_SAML', subject: 'uid', classCode: 'classe' },
        { ...raw, uid: ['u-42'], classe: ['6B'] });
      expect(mapped.subject).toBe('u-42');
      expect(mapped.classCode).toBe('6B');
    });

    it('refuses an unknown preset', () => {
      expect(refusal(() => mapAttributes({ preset: 'SHIBBOLETH_MAGIC' }, raw))).toContain('preset');
    });
  });

  describe('generic-oidc', () => {
    it('maps sub, name, profile and uai claims', () => {
      expect(mapAttributes({ preset: 'GENERIC_OIDC' }, {
        sub: ['248289761001'], name: ['Hugo Bernard'], profile: ['National_ENS'], uai: [UAI], email: ['h@b.fr'],
      })).toEqual({ subject: '248289761001', displayName: 'Hugo Bernard', profile: Profile.ENS, uai: UAI, classCode: null });
    });

    it('falls back to given_name + family_name', () => {
      expect(mapAttributes({ preset: 'generic-oidc' }, {
        sub: ['1'], given_name: ['Hugo'], family_name: ['Bernard'], profile: ['National_ELV'], uai: [UAI],
      }).displayName).toBe('Hugo Bernard');
    });
  });

  describe('ent-core', () => {
    const mapping = { preset: 'ENT_CORE' };
    const raw: RawAttributes = {
      NameID: ['ent-core-7788'], displayName: ['Noé Petit'], ENTPersonProfils: ['National_ELV'], ENTPersonStructRattachUAI: [UAI],
      ENTEleveClasses: [`${UAI}$6A$6e A`],
    };

    it('reads the class of the person\'s school from ENTEleveClasses (UAI$code$libellé)', () => {
      expect(mapAttributes(mapping, raw)).toEqual({
        subject: 'ent-core-7788', displayName: 'Noé Petit', profile: Profile.ELV, uai: UAI, classCode: '6A',
      });
    });

    it('ignores classes of other schools and gives no class when several differ', () => {
      expect(mapAttributes(mapping, { ...raw, ENTEleveClasses: [`${OTHER_UAI}$5B$5e B`, `${UAI}$6A$6e A`] }).classCode).toBe('6A');
      expect(mapAttributes(mapping, { ...raw, ENTEleveClasses: [`${UAI}$6A$6e A`, `${UAI}$6B$6e B`] }).classCode).toBeNull();
      expect(mapAttributes(mapping, { ...raw, ENTEleveClasses: ['garbage'] }).classCode).toBeNull();
      expect(mapAttributes(mapping, { ...raw, ENTEleveClasses: [] }).classCode).toBeNull();
    });

    it('entCoreClassOf reads codes with or without a label', () => {
      expect(entCoreClassOf([`${UAI}$6C`], UAI)).toBe('6C');
      expect(entCoreClassOf([`${UAI}$$x`], UAI)).toBeNull();
    });

    it('refuses a teacher attached to two schools (multi-valued UAI)', () => {
      expect(refusal(() => mapAttributes(mapping, { ...raw, ENTPersonProfils: ['National_ENS'], ENTPersonStructRattachUAI: [UAI, OTHER_UAI] })))
        .toContain('uai');
    });
  });

  describe('frEduVecteur (profil|nom|prénom|id|UAI)', () => {
    const mapping = { preset: 'FREDUVECTEUR' };

    it.each([
      ['3', Profile.ELV],
      ['4', Profile.ENS],
    ])('maps profile digit %s to %s, with the vector id as subject and "prénom nom" as display name', (digit, profile) => {
      expect(mapAttributes(mapping, { FrEduVecteur: [`${digit}|MARTIN|Léa|AB12345|${UAI}`], NameID: ['transient-1'] })).toEqual({
        subject: 'AB12345', displayName: 'Léa MARTIN', profile, uai: UAI, classCode: null,
      });
    });

    it('refuses a parent vector (digits 1 and 2 describe the child) unless the subject is mapped elsewhere', () => {
      for (const digit of ['1', '2']) {
        expect(refusal(() => mapAttributes(mapping, { FrEduVecteur: [`${digit}|MARTIN|Léa|AB12345|${UAI}`] }))).toContain('child');
      }
      const parent = mapAttributes({ preset: 'FREDUVECTEUR', subject: 'NameID', displayName: 'displayName' },
        { FrEduVecteur: [`2|MARTIN|Léa|AB12345|${UAI}`], NameID: ['parent-77'], displayName: ['Claire Martin'] });
      expect(parent).toEqual({ subject: 'parent-77', displayName: 'Claire Martin', profile: Profile.TUT, uai: UAI, classCode: null });
    });

    it('refuses an unknown digit, a malformed vector, an invalid UAI and several different vectors', () => {
      expect(refusal(() => mapAttributes(mapping, { FrEduVecteur: [`9|A|B|C|${UAI}`] }))).toContain('profile');
      expect(refusal(() => mapAttributes(mapping, { FrEduVecteur: [`3|A|B|${UAI}`] }))).toContain('malformed');
      expect(refusal(() => mapAttributes(mapping, { FrEduVecteur: ['3|A|B|C|0750001A'] }))).toContain('uai');
      expect(refusal(() => mapAttributes(mapping, { FrEduVecteur: [`4|A|B|C|${UAI}`, `4|A|B|C|${OTHER_UAI}`] }))).toContain('multi-valued');
      expect(refusal(() => mapAttributes(mapping, {}))).toContain('missing');
    });

    it('refuses a vector without id', () => {
      expect(refusal(() => mapAttributes(mapping, { FrEduVecteur: [`3|A|B||${UAI}`] }))).toContain('subject');
    });
  });
});
