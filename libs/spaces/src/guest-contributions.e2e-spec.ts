import { ConventionDeprovisionHandler } from '@passerelle/guests';
import { startTestApi, TestApi } from '../../../test/harness';
import {
  ADD_MEMBERS, buildWorld, codeOf, convention, CREATE_COMMENT, CREATE_POST, CREATE_SPACE, guest, ok, one, SpaceWorld,
} from '../test/fixtures';

const OBJECT = `mutation($guestId: ID!) { objectToContributionRetention(guestId: $guestId) { id } }`;

/** What the guests' lifecycle does to their work in shared spaces, and who may act for a guest. */
describe('guests and their contributions in spaces', () => {
  let hub: TestApi;
  let world: SpaceWorld;

  beforeAll(async () => {
    hub = await startTestApi({ REDIS_URL: undefined });
    world = await buildWorld(hub);
  });
  afterAll(() => hub?.close());

  async function spaceWithCohort(conventionId: string): Promise<string> {
    const { createSpace } = ok(await hub.gql<{ createSpace: { id: string } }>(CREATE_SPACE, { input: {
      structureId: world.schoolId, title: 'Carnet de sciences', description: 'CM2 et 6e', settings: { pupilPostsNeedApproval: false },
    } }, world.teacher.cookie));
    ok(await hub.gql(ADD_MEMBERS, { input: { spaceId: createSpace.id, classIds: [world.cm2aId], guestCohorts: [{ conventionId }] } },
      world.teacher.cookie));
    return createSpace.id;
  }

  it('lets a teacher of the guest\'s space record the objection, and refuses a teacher of another school', async () => {
    await spaceWithCohort(world.conventionId);
    expect(codeOf(await hub.gql(OBJECT, { guestId: world.guestPupil.id }, world.otherTeacher.cookie))).toBe('FORBIDDEN');
    expect(codeOf(await hub.gql(OBJECT, { guestId: world.guestPupil.id }, world.pupil.cookie))).toBe('FORBIDDEN');
    ok(await hub.gql(OBJECT, { guestId: world.guestPupil.id }, world.teacher.cookie));
    const row = await one<{ objected: boolean }>(hub,
      `SELECT objected_to_retention_at IS NOT NULL AS objected FROM guest WHERE id = $1`, [world.guestPupil.id]);
    expect(row.objected).toBe(true);
  });

  it('at deprovisioning erases the work of a pupil who objected and keeps the others\' under a pseudonym', async () => {
    const { partner_id: partnerId } = await one<{ partner_id: string }>(hub, `SELECT partner_id FROM convention WHERE id = $1`,
      [world.conventionId]);
    const conventionId = await convention(hub, partnerId, world.schoolId);
    const spaceId = await spaceWithCohort(conventionId);
    const keeps = await guest(hub, conventionId, 'Inès (6e B)', 'National_ELV', null);
    const objects = await guest(hub, conventionId, 'Sami (6e B)', 'National_ELV', null);
    const kept = ok(await hub.gql<{ createPost: { id: string } }>(CREATE_POST, { input: { spaceId, bodyHtml: '<p>Notre expérience</p>' } },
      keeps.cookie)).createPost;
    const erased = ok(await hub.gql<{ createPost: { id: string } }>(CREATE_POST, { input: { spaceId, bodyHtml: '<p>Mon dessin</p>' } },
      objects.cookie)).createPost;
    ok(await hub.gql(CREATE_COMMENT, { input: { postId: kept.id, bodyHtml: 'Bravo !' } }, objects.cookie));
    ok(await hub.gql(OBJECT, { guestId: objects.id }, objects.cookie));

    // The convention ended long enough ago for its retention (30 days) to be over.
    await hub.dataSource.query(`UPDATE convention SET status = 'ENDED', ended_at = now() - interval '31 days' WHERE id = $1`, [conventionId]);
    await hub.api.app.get(ConventionDeprovisionHandler).handle({ conventionId });

    const posts: { id: string; body_text: string; deleted: boolean }[] = await hub.dataSource.query(
      `SELECT id, body_text, deleted_at IS NOT NULL AS deleted FROM post WHERE id = ANY($1::uuid[])`, [[kept.id, erased.id]]);
    expect(posts.find((p) => p.id === kept.id)).toMatchObject({ body_text: 'Notre expérience', deleted: false });
    expect(posts.find((p) => p.id === erased.id)).toMatchObject({ body_text: '', deleted: true });
    const comments = await hub.dataSource.query(
      `SELECT body_text FROM post_comment WHERE author_kind = 'GUEST' AND author_id = $1 AND body_text <> ''`, [objects.id]);
    expect(comments).toHaveLength(0);
    const guests = await hub.dataSource.query(
      `SELECT count(*)::int AS n FROM guest WHERE id = ANY($1::uuid[]) AND state = 'DEPROVISIONED' AND display_name IS NULL AND subject IS NULL`,
      [[keeps.id, objects.id]]);
    expect(guests[0].n).toBe(2);
  });
});
