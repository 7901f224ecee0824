import { ATTRIBUTE_MAPPING_PRESETS, AttributeMappingPreset, resolveAttributeMapping } from './attribute-mapping.js';
import { activationProblems, checkRetention, checkWindow, codeFromTitle, codeWithSuffix, ConventionTerms } from './convention-rules.js';
import { ContributionFate } from './convention.entity.js';
import { SignatorySide } from './convention-parts.entity.js';
import { Profile } from '@passerelle/directory';

const DAY = 86_400_000;

describe('convention rules', () => {
  it('derives a code from a title: lower-case ASCII, accents dropped, 3 to 20 characters', () => {
    expect(codeFromTitle('École Jean-Jaurès 2026')).toBe('ecolejeanjaures2026');
    expect(codeFromTitle('Liaison CM2–6e avec le collège Victor Hugo')).toBe('liaisoncm26eavecleco');
    expect(codeFromTitle('É')).toBe('econv');
    expect(codeWithSuffix('ecolejeanjaures2026x', '1234')).toBe('ecolejeanjaures21234');
  });

  it('bounds the window to 400 days and the retention to 0..92 days', () => {
    const from = new Date('2026-09-01T00:00:00Z');
    expect(() => checkWindow(from, new Date(from.getTime() + 400 * DAY), [])).not.toThrow();
    expect(() => checkWindow(from, new Date(from.getTime() + 400 * DAY + 1), [])).toThrow('Une convention dure 400 jours au plus.');
    expect(() => checkWindow(from, from, [])).toThrow('La date de fin doit suivre la date de début.');
    expect(checkRetention(0, [])).toBe(0);
    expect(checkRetention(92, [])).toBe(92);
    expect(() => checkRetention(93, [])).toThrow(/entre 0 et 92/);
    expect(() => checkRetention(1.5, [])).toThrow(/entre 0 et 92/);
  });

  it('lists what an activation lacks', () => {
    const terms: ConventionTerms = {
      title: 't', purpose: '', partnerId: 'p', schoolYear: '2026-2027', validFrom: new Date('2026-09-01T00:00:00Z'),
      validUntil: new Date('2027-07-01T00:00:00Z'), retentionDays: 30, contributionFate: ContributionFate.ERASE,
      hostingStructureIds: ['s'], partnerStructures: [{ uai: '0750001U', name: null }], quotas: [{ profile: Profile.ELV, quota: 20 }],
      signatories: [{ side: SignatorySide.HOST, fullName: 'A', capacity: 'B', signedAt: '2026-06-01' },
        { side: SignatorySide.PARTNER, fullName: 'C', capacity: 'D', signedAt: '2026-06-02' }],
    };
    expect(activationProblems(terms, { partnerActive: true, now: new Date('2026-08-01T00:00:00Z') })).toEqual([]);
    expect(activationProblems({ ...terms, hostingStructureIds: [], signatories: [terms.signatories[0]] },
      { partnerActive: false, now: new Date('2027-07-01T00:00:00Z') }).map((p) => p.code))
      .toEqual(['PARTNER_DISABLED', 'NO_HOSTING_STRUCTURE', 'WINDOW_OVER', 'NO_PARTNER_SIGNATURE']);
  });
});

describe('attribute mapping', () => {
  it("fills a preset's defaults and keeps the fields given", () => {
    const resolved = resolveAttributeMapping({ preset: AttributeMappingPreset.ENT_CORE, subject: 'uid', displayName: ' ' }, AttributeMappingPreset.GENERIC_SAML);
    expect(resolved).toEqual({ ok: true, mapping: { ...ATTRIBUTE_MAPPING_PRESETS.ENT_CORE, subject: 'uid' } });
    expect(resolveAttributeMapping(null, AttributeMappingPreset.GENERIC_OIDC)).toEqual({ ok: true, mapping: ATTRIBUTE_MAPPING_PRESETS.GENERIC_OIDC });
    expect(resolveAttributeMapping({ uai: 'bad name!' }, AttributeMappingPreset.GENERIC_OIDC)).toMatchObject({ ok: false, field: 'uai' });
  });
});
