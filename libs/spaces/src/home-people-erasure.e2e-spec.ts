import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { HomePeopleErasureSweepHandler, HomePersonEraseHandler } from '@passerelle/guests';
import { startTestApi, TestApi } from '../../../test/harness';
import { waitFor } from '../../../test/processes';
import { png } from '../test/files';
import { ADD_MEMBERS, buildWorld, CREATE_COMMENT, CREATE_POST, CREATE_SPACE, ok, one, SpaceWorld } from '../test/fixtures';

const CREATE_HOMEWORK = `mutation($input: CreateHomeworkInput!) { createHomework(input: $input) { id } }`;
const MARK_DONE = `mutation($id: ID!, $done: Boolean!) { markHomeworkDone(id: $id, done: $done) { id } }`;
const ADD_REACTION = `mutation($input: ReactionInput!) { addReaction(input: $input) { id } }`;
const ME = `query { me { id } }`;

/*
 * Home-ENT people not seen for HOME_PEOPLE_RETENTION_DAYS after the end of the school year are erased like guests
 * (issue 11, finding 8): the daily sweep writes one job per person; the job re-checks, erases their contributions
 * (ERASE by default), deletes the person, records one audit event and ends their sessions. Real PostgreSQL, the hub's
 * own outbox and relay, real uploads.
 */
describe('erasure of home-ENT people not seen for long', () => {
  let hub: TestApi;
  let world: SpaceWorld;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'passerelle-home-erasure-'));
    hub = await startTestApi({ REDIS_URL: undefined, DATA_DIR: dataDir });
    world = await buildWorld(hub);
  });
  afterAll(async () => {
    await hub?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('erases a home pupil last seen two school years ago, with their work handled as a guest\'s under ERASE, and keeps one seen this year', async () => {
    const spaceId = ok(await hub.gql<{ createSpace: { id: string } }>(CREATE_SPACE, { input: {
      structureId: world.schoolId, title: 'Carnet de lecture', settings: { pupilPostsNeedApproval: false },
    } }, world.teacher.cookie)).createSpace.id;
    ok(await hub.gql(ADD_MEMBERS, { input: { spaceId, classIds: [world.cm2aId] } }, world.teacher.cookie));
    const teacherPost = ok(await hub.gql<{ createPost: { id: string } }>(CREATE_POST,
      { input: { spaceId, bodyHtml: '<p>Quel livre avez-vous aimé ?</p>' } }, world.teacher.cookie)).createPost.id;
    // Léa (world.pupil) leaves: her post, comment, reaction, upload and homework done.
    const leaPost = ok(await hub.gql<{ createPost: { id: string } }>(CREATE_POST,
      { input: { spaceId, bodyHtml: '<p>Le livre de Léa</p>' } }, world.pupil.cookie)).createPost.id;
    const leaComment = ok(await hub.gql<{ createComment: { id: string } }>(CREATE_COMMENT,
      { input: { postId: teacherPost, bodyHtml: 'Le Petit Prince, par Léa' } }, world.pupil.cookie)).createComment.id;
    ok(await hub.gql(ADD_REACTION, { input: { postId: teacherPost, emoji: 'HEART' } }, world.pupil.cookie));
    const upload = await request(hub.url).post(`/spaces/${spaceId}/documents`).set('Origin', hub.url).set('Cookie', world.pupil.cookie)
      .attach('file', png(1_500), { filename: 'dessin-de-lea.png', contentType: 'application/octet-stream' });
    expect(upload.status).toBe(201);
    const homeworkId = ok(await hub.gql<{ createHomework: { id: string } }>(CREATE_HOMEWORK,
      { input: { spaceId, title: 'Lire un chapitre', detailsHtml: '', dueOn: '2026-12-18' } }, world.teacher.cookie)).createHomework.id;
    ok(await hub.gql(MARK_DONE, { id: homeworkId, done: true }, world.pupil.cookie));
    // Hugo (world.pupil2) stays: seen ten days ago.
    const hugoPost = ok(await hub.gql<{ createPost: { id: string } }>(CREATE_POST,
      { input: { spaceId, bodyHtml: '<p>Le livre de Hugo</p>' } }, world.pupil2.cookie)).createPost.id;
    // Léa last signed in in June 2025 (school year 2024-2025, long over); Hugo ten days ago.
    await hub.dataSource.query(`UPDATE person SET last_seen_at = '2025-06-20T10:00:00Z' WHERE id = $1`, [world.pupil.id]);
    await hub.dataSource.query(`UPDATE person SET last_seen_at = now() - interval '10 days' WHERE id = $1`, [world.pupil2.id]);

    await hub.api.app.get(HomePeopleErasureSweepHandler).handle({ day: new Date().toISOString().slice(0, 10) });
    const jobs: { job_id: string }[] = await hub.dataSource.query(
      `SELECT job_id FROM outbox_job WHERE name = 'home-person-erase' AND payload->>'personId' = ANY($1)`, [[world.pupil.id, world.pupil2.id]]);
    expect(jobs.map((j) => j.job_id)).toEqual([`home-person-erase.${world.pupil.id}`]);
    const next = await one<{ n: number }>(hub,
      `SELECT count(*)::int AS n FROM outbox_job WHERE name = 'home-people-erasure-sweep' AND run_at > now() AND dispatched_at IS NULL`);
    expect(next.n).toBeGreaterThanOrEqual(1);
    // The sweep records how many people it found due, and under which cutoff (no ids, no names).
    const sweepAudit: { details: Record<string, unknown> }[] = await hub.dataSource.query(
      `SELECT details FROM audit_event WHERE action = 'person.erasure-due'`);
    expect(sweepAudit).toEqual([{ details: expect.objectContaining({ count: 1, retentionDays: 92, batchFull: false }) }]);
    await hub.drainOutbox();
    await waitFor('Léa to be erased', async () =>
      (await hub.dataSource.query(`SELECT 1 FROM person WHERE id = $1`, [world.pupil.id])).length === 0);

    // Her work: post a tombstone, comment blanked, reaction, upload and completion gone; her memberships with her row.
    expect(await one(hub, `SELECT body_text, deleted_at IS NOT NULL AS deleted FROM post WHERE id = $1`, [leaPost]))
      .toEqual({ body_text: '', deleted: true });
    expect(await one(hub, `SELECT body_text, deleted_at IS NOT NULL AS deleted FROM post_comment WHERE id = $1`, [leaComment]))
      .toEqual({ body_text: '', deleted: true });
    const left = await one<Record<string, number>>(hub, `SELECT
      (SELECT count(*)::int FROM post_reaction WHERE reactor_kind = 'PERSON' AND reactor_id = $1) AS reactions,
      (SELECT count(*)::int FROM document_version WHERE uploaded_by_kind = 'PERSON' AND uploaded_by_id = $1) AS uploads,
      (SELECT count(*)::int FROM homework_completion WHERE pupil_kind = 'PERSON' AND pupil_id = $1) AS completions,
      (SELECT count(*)::int FROM class_membership WHERE person_id = $1) AS classes`, [world.pupil.id]);
    expect(left).toEqual({ reactions: 0, uploads: 0, completions: 0, classes: 0 });
    // One audit event, ids and codes only; her session is over.
    const audit: { action: string; details: Record<string, unknown> }[] = await hub.dataSource.query(
      `SELECT action, details FROM audit_event WHERE subject_id = $1 AND action = 'person.erased'`, [world.pupil.id]);
    expect(audit).toEqual([{ action: 'person.erased', details: expect.objectContaining({
      reason: 'NOT_SEEN', lastSeenSchoolYear: '2024-2025', contributionFate: 'ERASE', structureId: world.schoolId }) }]);
    expect((await hub.gql<{ me: unknown }>(ME, {}, world.pupil.cookie)).data?.me ?? null).toBeNull();

    // Hugo, seen recently, and his post, are untouched; running the job for him (or for Léa again) changes nothing.
    await hub.api.app.get(HomePersonEraseHandler).handle({ personId: world.pupil2.id });
    await hub.api.app.get(HomePersonEraseHandler).handle({ personId: world.pupil.id });
    expect(await one(hub, `SELECT count(*)::int AS n FROM person WHERE id = $1`, [world.pupil2.id])).toEqual({ n: 1 });
    expect(await one(hub, `SELECT body_text FROM post WHERE id = $1`, [hugoPost])).toEqual({ body_text: 'Le livre de Hugo' });
    expect(await one(hub, `SELECT count(*)::int AS n FROM audit_event WHERE action = 'person.erased'`)).toEqual({ n: 1 });
    // The teacher's post stays, and the wall still reads (Léa's post is a tombstone, not an error).
    expect(await one(hub, `SELECT body_text FROM post WHERE id = $1`, [teacherPost])).toEqual({ body_text: 'Quel livre avez-vous aimé ?' });
  });

  it('erases a home person who never signed in once their creation is as old, and never a guest', async () => {
    const { id } = await one<{ id: string }>(hub, `INSERT INTO person (display_name, profiles, origin, structure_id, created_at)
      VALUES ('Importé jamais venu', ARRAY['National_ELV'], 'HOME', $1, '2024-10-01T08:00:00Z') RETURNING id`, [world.schoolId]);
    await hub.dataSource.query(`UPDATE guest SET bound_at = '2024-10-01T08:00:00Z' WHERE id = $1`, [world.guestPupil.id]);
    await hub.api.app.get(HomePersonEraseHandler).handle({ personId: id });
    await hub.api.app.get(HomePersonEraseHandler).handle({ personId: world.guestPupil.id });
    expect(await one(hub, `SELECT count(*)::int AS n FROM person WHERE id = $1`, [id])).toEqual({ n: 0 });
    expect(await one(hub, `SELECT state FROM guest WHERE id = $1`, [world.guestPupil.id])).toEqual({ state: 'BOUND' });
  });
});
