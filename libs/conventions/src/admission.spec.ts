import { AdmissionCandidate, decideAdmission, GuestAdmissionFacts, guestAdmissionRefusal, guestSchoolAndProfileAdmitted } from './admission.js';
import { ConventionStatus } from './convention-status.js';

const at = new Date('2026-10-01T08:00:00Z');
const request = { uai: '0750001U', profile: 'National_ELV', at };

function candidate(overrides: Partial<AdmissionCandidate> = {}): AdmissionCandidate {
  return {
    id: 'c1', code: 'jaures2026', version: 1, status: ConventionStatus.ACTIVE, validFrom: new Date('2026-09-01T00:00:00Z'),
    validUntil: new Date('2027-07-01T00:00:00Z'), createdAt: new Date('2026-06-01T00:00:00Z'), coversUai: true, quota: 60, ...overrides,
  };
}

function codeOf(candidates: AdmissionCandidate[]): string {
  try {
    decideAdmission(candidates, request);
    return 'ADMITTED';
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe('decideAdmission', () => {
  it('admits through the ACTIVE, in-date convention that covers the UAI and allows the profile', () => {
    expect(decideAdmission([candidate()], request)).toMatchObject({ id: 'c1', quota: 60 });
  });

  it('refuses in order: NO_CONVENTION, STRUCTURE_NOT_COVERED, PROFILE_NOT_ALLOWED, CONVENTION_NOT_ACTIVE', () => {
    expect(codeOf([])).toBe('NO_CONVENTION');
    expect(codeOf([candidate({ coversUai: false, status: ConventionStatus.DRAFT, quota: null })])).toBe('STRUCTURE_NOT_COVERED');
    expect(codeOf([candidate({ quota: null, status: ConventionStatus.SUSPENDED })])).toBe('PROFILE_NOT_ALLOWED');
    expect(codeOf([candidate({ quota: 0 })])).toBe('PROFILE_NOT_ALLOWED');
    expect(codeOf([candidate({ status: ConventionStatus.SUSPENDED })])).toBe('CONVENTION_NOT_ACTIVE');
    expect(codeOf([candidate({ validUntil: new Date('2026-09-30T00:00:00Z') })])).toBe('CONVENTION_NOT_ACTIVE');
    expect(codeOf([candidate({ validFrom: new Date('2026-11-01T00:00:00Z') })])).toBe('CONVENTION_NOT_ACTIVE');
  });

  it('says why in French', () => {
    expect(() => decideAdmission([candidate({ status: ConventionStatus.SUSPENDED })], request))
      .toThrow("La convention jaures2026 est suspendue : elle n'ouvre aucun accès.");
    expect(() => decideAdmission([candidate({ coversUai: false })], request))
      .toThrow("L'établissement 0750001U n'est couvert par aucune convention avec cet ENT partenaire.");
  });

  it('looks past a convention that does not cover the UAI to one that does', () => {
    const chosen = decideAdmission([candidate({ id: 'other', coversUai: false }), candidate({ id: 'mine' })], request);
    expect(chosen.id).toBe('mine');
  });

  it('prefers the convention that started last among several in force', () => {
    const older = candidate({ id: 'older', validFrom: new Date('2026-01-01T00:00:00Z'), validUntil: new Date('2026-12-01T00:00:00Z') });
    const newer = candidate({ id: 'newer' });
    expect(decideAdmission([older, newer], request).id).toBe('newer');
  });
});

describe('guestAdmissionRefusal (a bound guest, at each sign-in and each request)', () => {
  function bound(overrides: Partial<GuestAdmissionFacts> = {}, convention: Partial<GuestAdmissionFacts['convention']> = {}): GuestAdmissionFacts {
    return {
      state: 'BOUND', uai: '0750001U', profile: 'National_ELV', ...overrides,
      convention: {
        partnerId: 'p1', status: ConventionStatus.ACTIVE, validFrom: new Date('2026-09-01T00:00:00Z'), validUntil: new Date('2027-07-01T00:00:00Z'),
        coveredUais: ['0750001U', '0750002V'], admittedProfiles: ['National_ELV', 'National_ENS'], ...convention,
      },
    };
  }

  it('lets in a BOUND guest whose school and profile the ACTIVE, in-date convention still admits', () => {
    expect(guestAdmissionRefusal(bound(), at)).toBeNull();
    expect(guestAdmissionRefusal(bound(), at, 'p1')).toBeNull();
  });

  it('refuses a sign-in through another partner with NO_CONVENTION, before anything else', () => {
    expect(guestAdmissionRefusal(bound({ state: 'SUSPENDED' }, { coveredUais: [] }), at, 'p2')).toBe('NO_CONVENTION');
  });

  it('refuses a guest whose school an amendment dropped, as a first sign-in from that school is refused', () => {
    expect(guestAdmissionRefusal(bound({}, { coveredUais: ['0750002V'] }), at)).toBe('STRUCTURE_NOT_COVERED');
    expect(guestAdmissionRefusal(bound({ uai: null }), at)).toBe('STRUCTURE_NOT_COVERED');
    // The same code decideAdmission gives a pupil of that school who never signed in.
    expect(() => decideAdmission([candidate({ coversUai: false })], request)).toThrow(expect.objectContaining({ code: 'STRUCTURE_NOT_COVERED' }));
  });

  it('refuses a guest whose profile was set to quota 0 (or removed) with PROFILE_NOT_ALLOWED', () => {
    expect(guestAdmissionRefusal(bound({}, { admittedProfiles: ['National_ENS'] }), at)).toBe('PROFILE_NOT_ALLOWED');
    expect(() => decideAdmission([candidate({ quota: 0 })], request)).toThrow(expect.objectContaining({ code: 'PROFILE_NOT_ALLOWED' }));
  });

  it('refuses a suspended guest, or a convention not ACTIVE or out of its window, with CONVENTION_NOT_ACTIVE', () => {
    expect(guestAdmissionRefusal(bound({ state: 'SUSPENDED' }), at)).toBe('CONVENTION_NOT_ACTIVE');
    expect(guestAdmissionRefusal(bound({ state: 'DEPROVISIONED' }), at)).toBe('CONVENTION_NOT_ACTIVE');
    expect(guestAdmissionRefusal(bound({}, { status: ConventionStatus.SUSPENDED }), at)).toBe('CONVENTION_NOT_ACTIVE');
    expect(guestAdmissionRefusal(bound({}, { validUntil: new Date('2026-10-01T08:00:00Z') }), at)).toBe('CONVENTION_NOT_ACTIVE');
    expect(guestAdmissionRefusal(bound({}, { validFrom: new Date('2026-10-01T08:00:01Z') }), at)).toBe('CONVENTION_NOT_ACTIVE');
  });

  it('checks the school before the profile, and both before the state (the order of a first sign-in)', () => {
    expect(guestAdmissionRefusal(bound({ state: 'SUSPENDED' }, { coveredUais: [], admittedProfiles: [] }), at)).toBe('STRUCTURE_NOT_COVERED');
    expect(guestAdmissionRefusal(bound({ state: 'SUSPENDED' }, { admittedProfiles: [] }), at)).toBe('PROFILE_NOT_ALLOWED');
  });

  it('tells whether school and profile are admitted, whatever the state', () => {
    const { convention } = bound();
    expect(guestSchoolAndProfileAdmitted({ uai: '0750001U', profile: 'National_ELV' }, convention)).toBe(true);
    expect(guestSchoolAndProfileAdmitted({ uai: '0750009X', profile: 'National_ELV' }, convention)).toBe(false);
    expect(guestSchoolAndProfileAdmitted({ uai: '0750001U', profile: 'National_DIR' }, convention)).toBe(false);
    expect(guestSchoolAndProfileAdmitted({ uai: null, profile: 'National_ELV' }, convention)).toBe(false);
  });
});
