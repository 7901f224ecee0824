import { Role } from '@passerelle/access';
import { SESSION_COOKIE, SessionService } from '@passerelle/identity';
import { GraphqlResult, TestApi, unique } from '../../../test/harness';
import { validUai } from '../../../test/factories';

/**
 * A small world for space tests, written by SQL: a home école with CM2 A (two pupils), a teacher, its director
 * and a parent; a collège partner under an ACTIVE, in-date convention with bound guests (a 6e pupil of "6e B" and
 * a teacher); another convention of the same partner with its own guest; and another école with its own teacher.
 */
export interface Session {
  readonly id: string;
  readonly cookie: string;
  readonly name: string;
}

export interface SpaceWorld {
  readonly schoolId: string;
  readonly otherSchoolId: string;
  readonly cm2aId: string;
  readonly conventionId: string;
  readonly otherConventionId: string;
  readonly admin: Session;
  readonly director: Session;
  readonly teacher: Session;
  readonly pupil: Session;
  readonly pupil2: Session;
  readonly parent: Session;
  readonly guestPupil: Session & { seq: number };
  readonly guestTeacher: Session;
  readonly otherGuest: Session;
  readonly otherTeacher: Session;
}

export async function one<T = Record<string, unknown>>(hub: TestApi, sql: string, params: unknown[] = []): Promise<T> {
  const rows = await hub.dataSource.query(sql, params);
  return rows[0] as T;
}

async function structure(hub: TestApi, name: string): Promise<string> {
  return (await one<{ id: string }>(hub, `INSERT INTO structure (uai, name, type) VALUES ($1, $2, 'ECOLE') RETURNING id`,
    [await freeUai(hub), name])).id;
}

async function freeUai(hub: TestApi): Promise<string> {
  for (;;) {
    const uai = validUai();
    const taken = await one<{ n: number }>(hub, `SELECT count(*)::int AS n FROM structure WHERE uai = $1`, [uai]);
    if (taken.n === 0) return uai;
  }
}

export async function person(hub: TestApi, name: string, profiles: string[], structureId: string, roles: Role[]): Promise<Session> {
  const { id } = await one<{ id: string }>(hub,
    `INSERT INTO person (display_name, profiles, origin, structure_id) VALUES ($1, $2, 'HOME', $3) RETURNING id`, [name, profiles, structureId]);
  const session = await hub.personSession(roles, id);
  return { id, cookie: session.cookie, name };
}

export async function convention(hub: TestApi, partnerId: string, hostId: string, overrides: { status?: string } = {}): Promise<string> {
  const { id } = await one<{ id: string }>(hub,
    `INSERT INTO convention (code, title, partner_id, status, school_year, valid_from, valid_until, retention_days, contribution_fate,
       created_by_kind, created_by_id, activated_at)
     VALUES ($1, 'Liaison CM2-6e', $2, $3, '2026-2027', now() - interval '30 days', now() + interval '300 days', 30, 'KEEP_PSEUDONYMIZED',
       'HUB_ADMIN', gen_random_uuid(), now()) RETURNING id`,
    [unique('conv').replace(/[^a-z0-9]/g, '').slice(0, 20), partnerId, overrides.status ?? 'ACTIVE']);
  await hub.dataSource.query(`INSERT INTO convention_hosting_structure (convention_id, structure_id) VALUES ($1, $2)`, [id, hostId]);
  // The partner collège its guests come from (guest() binds them there) and the profiles it admits.
  await hub.dataSource.query(`INSERT INTO convention_partner_structure (convention_id, uai, name) VALUES ($1, $2, 'Collège Jean Moulin')`,
    [id, GUEST_UAI]);
  await hub.dataSource.query(`INSERT INTO convention_profile_quota (convention_id, profile, quota)
    VALUES ($1, 'National_ELV', 30), ($1, 'National_ENS', 4)`, [id]);
  return id;
}

/** The partner collège of the world's conventions: every guest of guest() comes from it. */
export const GUEST_UAI = '0750001U';

let guestSeq = 0;

export async function guest(hub: TestApi, conventionId: string, name: string, profile: 'National_ELV' | 'National_ENS', classCode: string | null)
  : Promise<Session & { seq: number }> {
  const seq = ++guestSeq;
  const { id } = await one<{ id: string }>(hub,
    `INSERT INTO guest (convention_id, profile, seq, login, state, issuer, subject, display_name, uai, class_code, bound_at)
     VALUES ($1, $2, $3, $4, 'BOUND', 'https://ent-college.example', $5, $6, $7, $8, now()) RETURNING id`,
    [conventionId, profile, seq, unique('inv-'), unique('sub-'), name, GUEST_UAI, classCode]);
  const session = await hub.api.app.get(SessionService).open(
    { kind: 'GUEST', id, displayName: name, roles: [Role.GUEST, profile === 'National_ELV' ? Role.PUPIL : Role.TEACHER] }, { conventionId });
  return { id, cookie: `${SESSION_COOKIE}=${session.id}`, name, seq };
}

export async function buildWorld(hub: TestApi): Promise<SpaceWorld> {
  const schoolId = await structure(hub, 'École Jules Ferry');
  const otherSchoolId = await structure(hub, 'École Marie Curie');
  const { id: cm2aId } = await one<{ id: string }>(hub,
    `INSERT INTO school_class (structure_id, level, label, school_year) VALUES ($1, 'CM2', 'CM2 A', '2026-2027') RETURNING id`, [schoolId]);
  const teacher = await person(hub, 'Mme Martin', ['National_ENS'], schoolId, [Role.TEACHER]);
  const director = await person(hub, 'M. Bernard', ['National_DIR'], schoolId, [Role.DIRECTOR, Role.TEACHER]);
  const pupil = await person(hub, 'Léa D.', ['National_ELV'], schoolId, [Role.PUPIL]);
  const pupil2 = await person(hub, 'Hugo P.', ['National_ELV'], schoolId, [Role.PUPIL]);
  const parent = await person(hub, 'Parent de Léa', ['National_TUT'], schoolId, [Role.PARENT]);
  const otherTeacher = await person(hub, 'M. Petit', ['National_ENS'], otherSchoolId, [Role.TEACHER]);
  for (const member of [teacher, pupil, pupil2]) {
    await hub.dataSource.query(`INSERT INTO class_membership (school_class_id, person_id) VALUES ($1, $2)`, [cm2aId, member.id]);
  }
  const { id: partnerId } = await one<{ id: string }>(hub,
    `INSERT INTO partner_ent (slug, name, kind, protocol, oidc_settings) VALUES ($1, 'ENT du collège', 'COLLEGE', 'OIDC', '{"issuer": "https://ent.college.example", "clientId": "passerelle", "scopes": ["openid"], "allowedAlgorithms": ["RS256"], "endSessionEndpoint": null, "discovered": null, "clientSecretBox": null}'::jsonb) RETURNING id`,
    [unique('college-')]);
  const conventionId = await convention(hub, partnerId, schoolId);
  const otherConventionId = await convention(hub, partnerId, schoolId);
  const guestPupil = await guest(hub, conventionId, 'Nina (6e B)', 'National_ELV', '6e B');
  const guestTeacher = await guest(hub, conventionId, 'M. Leroy', 'National_ENS', null);
  const otherGuest = await guest(hub, otherConventionId, 'Tom (6e A)', 'National_ELV', '6e A');
  const adminSession = await hub.adminSession();
  const admin = { id: adminSession.id, cookie: adminSession.cookie, name: 'admin' };
  return {
    schoolId, otherSchoolId, cm2aId, conventionId, otherConventionId,
    admin, director, teacher, pupil, pupil2, parent, guestPupil, guestTeacher, otherGuest, otherTeacher,
  };
}

/** The data of a GraphQL answer that must succeed (the errors are shown when it does not). */
export function ok<T>(result: GraphqlResult<T>): T {
  if (result.errors) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  return result.data!;
}

export function codeOf(result: GraphqlResult): string | undefined {
  return result.errors?.[0]?.extensions?.code;
}

export const CREATE_SPACE = `mutation($input: CreateSpaceInput!) { createSpace(input: $input) { id title myRole myPermissions status
  settings { pupilPostsNeedApproval privateMessagesAllowed parentsMayRead } } }`;
export const ADD_MEMBERS = `mutation($input: AddSpaceMembersInput!) { addSpaceMembers(input: $input) { id conventionIds
  classes { id label } guestCohorts { id conventionId classCode } } }`;
export const CREATE_POST = `mutation($input: CreatePostInput!) { createPost(input: $input) { id status bodyHtml author { kind displayName } } }`;
export const MODERATE_POST = `mutation($id: ID!, $decision: ModerationDecision!, $reason: String) {
  moderatePost(id: $id, decision: $decision, reason: $reason) { id status moderationReason } }`;
export const CREATE_COMMENT = `mutation($input: CreateCommentInput!) { createComment(input: $input) { id bodyHtml author { kind displayName } } }`;
export const NOTIFICATIONS = `query { notifications(first: 50) { edges { node { id kind read message spaceId postId commentId } } } unreadNotificationsCount }`;

/** A space of the world's école, created by its teacher, with CM2 A, the convention's guests and the parent (reader). */
export async function sharedSpace(hub: TestApi, world: SpaceWorld, settings: Record<string, boolean> = {}): Promise<string> {
  const created = ok(await hub.gql<{ createSpace: { id: string } }>(CREATE_SPACE, { input: {
    structureId: world.schoolId, title: unique('Défi lecture '), description: 'Un défi de lecture entre CM2 et 6e.',
    settings: { parentsMayRead: true, ...settings },
  } }, world.teacher.cookie)).createSpace;
  ok(await hub.gql(ADD_MEMBERS, { input: {
    spaceId: created.id, classIds: [world.cm2aId], guestCohorts: [{ conventionId: world.conventionId }],
    people: [{ personId: world.parent.id, role: 'READER' }],
  } }, world.teacher.cookie));
  return created.id;
}
