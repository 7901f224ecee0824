import { Role } from '@passerelle/access';
import {
  AccessSubject, actionsOfAccess, GuestFacts, mayCreateSpace, ModerationGrant, permits, resolveSpaceAccess, resolveSpaceRole, SpaceFacts,
} from './space-access.js';
import { SpaceAction, SpaceRole } from './space-permissions.js';

const NOW = new Date('2027-01-15T09:00:00Z');
const SCHOOL = 'aaaaaaaa-0000-4000-8000-000000000001';
const OTHER_SCHOOL = 'aaaaaaaa-0000-4000-8000-000000000002';
const CM2A = 'cccccccc-0000-4000-8000-000000000001';
const CONVENTION = 'dddddddd-0000-4000-8000-000000000001';
const OTHER_CONVENTION = 'dddddddd-0000-4000-8000-000000000002';

function space(overrides: Partial<SpaceFacts> = {}): SpaceFacts {
  return {
    id: 'ssssssss-0000-4000-8000-000000000001', structureId: SCHOOL, parentsMayRead: false, classIds: [CM2A], personRole: null,
    cohorts: [{ conventionId: CONVENTION, classCode: null }], conventionIds: [CONVENTION], ...overrides,
  };
}

function person(roles: Role[], overrides: Partial<Extract<AccessSubject, { kind: 'PERSON' }>> = {}): AccessSubject {
  return { kind: 'PERSON', id: 'pppppppp-0000-4000-8000-000000000001', roles, structureId: SCHOOL, origin: 'HOME', classIds: [], ...overrides };
}

function guestFacts(overrides: Partial<GuestFacts> = {}, convention: Partial<GuestFacts['convention']> = {}): GuestFacts {
  return {
    state: 'BOUND', profile: 'National_ELV', classCode: '6e B', conventionId: CONVENTION, uai: '0750001U',
    convention: { partnerId: 'partner', status: 'ACTIVE', version: 3, validFrom: new Date('2026-09-01T00:00:00Z'),
      validUntil: new Date('2027-07-07T00:00:00Z'), coveredUais: ['0750001U'], admittedProfiles: ['National_ELV', 'National_ENS'], ...convention },
    ...overrides,
  };
}

function guest(facts: GuestFacts | null = guestFacts()): AccessSubject {
  return { kind: 'GUEST', id: 'gggggggg-0000-4000-8000-000000000001', guest: facts };
}

describe('effective role in a space', () => {
  describe('hub administrators (ADR 0019)', () => {
    const SPACE = 'ssssssss-0000-4000-8000-000000000001';
    const admin = (moderationAccesses: ModerationGrant[] = []): AccessSubject => ({ kind: 'HUB_ADMIN', id: 'x', moderationAccesses });
    const inMinutes = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

    it('gives a hub administrator no role in any space, not even of a school they manage', () => {
      expect(resolveSpaceAccess(admin(), space(), NOW)).toBeNull();
      expect(resolveSpaceAccess(admin(), space({ classIds: [], cohorts: [], conventionIds: [] }), NOW)).toBeNull();
      expect(resolveSpaceAccess(admin([{ spaceId: 'ssssssss-0000-4000-8000-000000000002', expiresAt: inMinutes(30) }]), space(), NOW)).toBeNull();
    });

    it('makes them a moderator of one space while their moderation access to it is open, until it ends (exclusive)', () => {
      expect(resolveSpaceAccess(admin([{ spaceId: SPACE.toUpperCase(), expiresAt: inMinutes(30) }]), space(), NOW))
        .toEqual({ role: SpaceRole.MODERATOR, via: 'MODERATION_ACCESS', expiresAt: inMinutes(30) });
      expect(resolveSpaceAccess(admin([{ spaceId: SPACE, expiresAt: NOW }]), space(), NOW)).toBeNull();
      expect(resolveSpaceAccess(admin([{ spaceId: SPACE, expiresAt: inMinutes(-1) }]), space(), NOW)).toBeNull();
      // Two openings: the later end counts.
      expect(resolveSpaceAccess(admin([{ spaceId: SPACE, expiresAt: inMinutes(10) }, { spaceId: SPACE, expiresAt: inMinutes(50) }]), space(), NOW))
        .toMatchObject({ expiresAt: inMinutes(50) });
    });

    it('lets a moderation access read and moderate, never take part', () => {
      const access = resolveSpaceAccess(admin([{ spaceId: SPACE, expiresAt: inMinutes(30) }]), space(), NOW)!;
      expect(actionsOfAccess(access)).toEqual([SpaceAction.READ, SpaceAction.VIEW_MEMBERS, SpaceAction.MODERATE, SpaceAction.READ_CHAT]);
      for (const action of [SpaceAction.POST, SpaceAction.COMMENT, SpaceAction.ANNOUNCE, SpaceAction.SCHEDULE, SpaceAction.UPLOAD_DOCUMENT,
        SpaceAction.CHAT, SpaceAction.EDIT_SETTINGS, SpaceAction.MANAGE_MEMBERS]) {
        expect({ action, permitted: permits(access, action) }).toEqual({ action, permitted: false });
      }
      // Members keep the whole table.
      expect(permits({ role: SpaceRole.MODERATOR, via: 'MEMBER' }, SpaceAction.POST)).toBe(true);
      expect(permits(null, SpaceAction.READ)).toBe(false);
    });
  });

  describe('home people', () => {
    it('makes the director owner of the spaces of their own school only', () => {
      expect(resolveSpaceAccess(person([Role.DIRECTOR, Role.TEACHER]), space(), NOW)).toEqual({ role: SpaceRole.OWNER, via: 'DIRECTOR' });
      expect(resolveSpaceRole(person([Role.DIRECTOR, Role.TEACHER], { structureId: OTHER_SCHOOL }), space(), NOW)).toBeNull();
    });

    it('gives a person their own row role', () => {
      expect(resolveSpaceAccess(person([Role.TEACHER]), space({ personRole: SpaceRole.OWNER }), NOW))
        .toEqual({ role: SpaceRole.OWNER, via: 'MEMBER' });
    });

    it('lets class membership make pupils contributors and teachers moderators', () => {
      expect(resolveSpaceAccess(person([Role.PUPIL], { classIds: [CM2A] }), space(), NOW)).toEqual({ role: SpaceRole.CONTRIBUTOR, via: 'CLASS' });
      expect(resolveSpaceRole(person([Role.TEACHER], { classIds: [CM2A] }), space(), NOW)).toBe(SpaceRole.MODERATOR);
    });

    it('takes the stronger of the own row and the class', () => {
      expect(resolveSpaceRole(person([Role.TEACHER], { classIds: [CM2A] }), space({ personRole: SpaceRole.READER }), NOW))
        .toBe(SpaceRole.MODERATOR);
      expect(resolveSpaceRole(person([Role.TEACHER], { classIds: [CM2A] }), space({ personRole: SpaceRole.OWNER }), NOW))
        .toBe(SpaceRole.OWNER);
    });

    it('never lets a pupil above contributor, whatever their row says', () => {
      expect(resolveSpaceRole(person([Role.PUPIL]), space({ personRole: SpaceRole.OWNER }), NOW)).toBe(SpaceRole.CONTRIBUTOR);
    });

    it('gives nothing to a pupil of another class', () => {
      expect(resolveSpaceRole(person([Role.PUPIL], { classIds: ['cccccccc-0000-4000-8000-000000000099'] }), space(), NOW)).toBeNull();
    });

    it('lets a parent read only while the space lets parents read', () => {
      const parent = person([Role.PARENT]);
      expect(resolveSpaceRole(parent, space({ personRole: SpaceRole.READER, parentsMayRead: true }), NOW)).toBe(SpaceRole.READER);
      expect(resolveSpaceRole(parent, space({ personRole: SpaceRole.READER, parentsMayRead: false }), NOW)).toBeNull();
      expect(resolveSpaceRole(parent, space({ personRole: SpaceRole.MODERATOR, parentsMayRead: true }), NOW)).toBe(SpaceRole.READER);
    });

    it('gives nothing to a person who is not a member', () => {
      expect(resolveSpaceRole(person([Role.TEACHER]), space(), NOW)).toBeNull();
    });
  });

  describe('guests', () => {
    it('lets a bound guest pupil of a covering, active, in-date convention contribute, naming the convention and version', () => {
      expect(resolveSpaceAccess(guest(), space(), NOW))
        .toEqual({ role: SpaceRole.CONTRIBUTOR, via: 'GUEST_COHORT', conventionId: CONVENTION, conventionVersion: 3 });
    });

    it('makes a guest teacher moderator, never owner', () => {
      expect(resolveSpaceRole(guest(guestFacts({ profile: 'National_ENS' })), space(), NOW)).toBe(SpaceRole.MODERATOR);
      expect(resolveSpaceRole(guest(guestFacts({ profile: 'National_DIR' }, { admittedProfiles: ['National_DIR'] })), space(), NOW))
        .toBe(SpaceRole.MODERATOR);
    });

    it('reads the national profile case-insensitively', () => {
      expect(resolveSpaceRole(guest(guestFacts({ profile: 'National_elv' })), space(), NOW)).toBe(SpaceRole.CONTRIBUTOR);
    });

    it.each(['AVAILABLE', 'SUSPENDED', 'DEPROVISIONED'])('refuses a guest in state %s', (state) => {
      expect(resolveSpaceRole(guest(guestFacts({ state })), space(), NOW)).toBeNull();
    });

    it.each(['DRAFT', 'SUSPENDED', 'ENDED'])('refuses a guest whose convention is %s', (status) => {
      expect(resolveSpaceRole(guest(guestFacts({}, { status })), space(), NOW)).toBeNull();
    });

    it('refuses before the window opens and from the instant it closes', () => {
      const facts = guestFacts({}, { validFrom: new Date('2027-01-15T09:00:00Z'), validUntil: new Date('2027-01-15T10:00:00Z') });
      expect(resolveSpaceRole(guest(facts), space(), new Date('2027-01-15T08:59:59.999Z'))).toBeNull();
      expect(resolveSpaceRole(guest(facts), space(), new Date('2027-01-15T09:00:00Z'))).toBe(SpaceRole.CONTRIBUTOR);
      expect(resolveSpaceRole(guest(facts), space(), new Date('2027-01-15T10:00:00Z'))).toBeNull();
    });

    it('refuses a guest of another convention, and when the convention does not cover the space', () => {
      expect(resolveSpaceRole(guest(guestFacts({ conventionId: OTHER_CONVENTION })), space(), NOW)).toBeNull();
      expect(resolveSpaceRole(guest(), space({ conventionIds: [] }), NOW)).toBeNull();
    });

    it('requires a cohort of their convention, with their class when the cohort names one', () => {
      expect(resolveSpaceRole(guest(), space({ cohorts: [] }), NOW)).toBeNull();
      const only6eB = space({ cohorts: [{ conventionId: CONVENTION, classCode: ' 6E b ' }] });
      expect(resolveSpaceRole(guest(), only6eB, NOW)).toBe(SpaceRole.CONTRIBUTOR);
      expect(resolveSpaceRole(guest(guestFacts({ classCode: '6e A' })), only6eB, NOW)).toBeNull();
      expect(resolveSpaceRole(guest(guestFacts({ classCode: null })), only6eB, NOW)).toBeNull();
    });

    it('refuses a guest whose school an amendment dropped, or whose profile it set to quota 0 (the admission rule)', () => {
      expect(resolveSpaceRole(guest(guestFacts({}, { coveredUais: ['0750002V'] })), space(), NOW)).toBeNull();
      expect(resolveSpaceRole(guest(guestFacts({ uai: null })), space(), NOW)).toBeNull();
      expect(resolveSpaceRole(guest(guestFacts({}, { admittedProfiles: ['National_ENS'] })), space(), NOW)).toBeNull();
      expect(resolveSpaceRole(guest(guestFacts({ profile: 'National_ENS' }, { admittedProfiles: ['National_ENS'] })), space(), NOW))
        .toBe(SpaceRole.MODERATOR);
    });

    it('refuses a guest session whose guest row is gone', () => {
      expect(resolveSpaceRole(guest(null), space(), NOW)).toBeNull();
    });

    it('ignores person rows and classes for guests', () => {
      expect(resolveSpaceRole(guest(guestFacts({ state: 'SUSPENDED' })), space({ personRole: SpaceRole.OWNER }), NOW)).toBeNull();
    });
  });
});

describe('who may create a space', () => {
  it('refuses hub administrators: they run partners, conventions and the directory, not spaces', () => {
    expect(mayCreateSpace({ kind: 'HUB_ADMIN', id: 'x', moderationAccesses: [] }, SCHOOL)).toEqual({ allowed: false,
      reason: "Les administrateurs du hub ne créent pas d'espace : un enseignant ou le directeur de l'école le crée." });
  });

  it('lets home teachers and directors create one for their own school only', () => {
    expect(mayCreateSpace(person([Role.TEACHER]), SCHOOL)).toEqual({ allowed: true });
    expect(mayCreateSpace(person([Role.DIRECTOR, Role.TEACHER]), SCHOOL)).toEqual({ allowed: true });
    expect(mayCreateSpace(person([Role.TEACHER]), OTHER_SCHOOL))
      .toEqual({ allowed: false, reason: 'Vous ne pouvez créer un espace que pour votre établissement.' });
  });

  it('refuses partner teachers, pupils, parents and guests', () => {
    expect(mayCreateSpace(person([Role.TEACHER], { origin: 'PARTNER' }), SCHOOL).allowed).toBe(false);
    expect(mayCreateSpace(person([Role.PUPIL]), SCHOOL).allowed).toBe(false);
    expect(mayCreateSpace(person([Role.PARENT]), SCHOOL).allowed).toBe(false);
    expect(mayCreateSpace(guest(guestFacts({ profile: 'National_ENS' })), SCHOOL).allowed).toBe(false);
  });
});
