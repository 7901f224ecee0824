import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ConventionDeprovisionHandler } from '@passerelle/guests';
import { JobHandlerRegistry } from '@passerelle/jobs';
import { startTestApi, TestApi } from '../../../test/harness';
import { png } from '../test/files';
import {
  ADD_MEMBERS, buildWorld, codeOf, convention, CREATE_COMMENT, CREATE_POST, CREATE_SPACE, guest, ok, one, SpaceWorld,
} from '../test/fixtures';
import { guestPseudonym } from './authors.js';

const OBJECT = `mutation($guestId: ID!) { objectToContributionRetention(guestId: $guestId) { id } }`;
const CREATE_FOLDER = `mutation($spaceId: ID!, $name: String!) { createDocumentFolder(spaceId: $spaceId, name: $name) { id } }`;
const CREATE_ANNOUNCEMENT = `mutation($input: CreateAnnouncementInput!) { createAnnouncement(input: $input) { id } }`;
const CREATE_EVENT = `mutation($input: CreateEventInput!) { createEvent(input: $input) { id startsAt } }`;
const CREATE_HOMEWORK = `mutation($input: CreateHomeworkInput!) { createHomework(input: $input) { id } }`;
const MARK_DONE = `mutation($id: ID!, $done: Boolean!) { markHomeworkDone(id: $id, done: $done) { id } }`;
const ANNOUNCEMENTS = `query($id: ID!) { space(id: $id) { announcements(includeHidden: true) { edges { node { id author { displayName } } } } } }`;

/** What the guests' lifecycle does to their work in shared spaces, and who may act for a guest. */
describe('guests and their contributions in spaces', () => {
  let hub: TestApi;
  let world: SpaceWorld;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'passerelle-guest-contributions-'));
    hub = await startTestApi({ REDIS_URL: undefined, DATA_DIR: dataDir });
    world = await buildWorld(hub);
  });
  afterAll(async () => {
    await hub?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function spaceWithCohort(conventionId: string): Promise<string> {
    const { createSpace } = ok(await hub.gql<{ createSpace: { id: string } }>(CREATE_SPACE, { input: {
      structureId: world.schoolId, title: 'Carnet de sciences', description: 'CM2 et 6e', settings: { pupilPostsNeedApproval: false },
    } }, world.teacher.cookie));
    ok(await hub.gql(ADD_MEMBERS, { input: { spaceId: createSpace.id, classIds: [world.cm2aId], guestCohorts: [{ conventionId }] } },
      world.teacher.cookie));
    return createSpace.id;
  }

  /** Uploads a file through the real route; a new version of `documentId` when given. Returns the document id. */
  async function upload(cookie: string, spaceId: string, size: number, filename: string, options: { documentId?: string; folderId?: string } = {})
    : Promise<string> {
    const query = options.documentId ? `?documentId=${options.documentId}` : options.folderId ? `?folderId=${options.folderId}` : '';
    const response = await request(hub.url).post(`/spaces/${spaceId}/documents${query}`).set('Origin', hub.url).set('Cookie', cookie)
      .attach('file', png(size), { filename, contentType: 'application/octet-stream' });
    expect(response.status).toBe(201);
    return response.body.id;
  }

  async function usedBytes(spaceId: string): Promise<number> {
    const [row] = await hub.dataSource.query(`SELECT used_bytes::text AS used FROM space_storage WHERE space_id = $1`, [spaceId]);
    return Number(row?.used ?? 0);
  }

  const stored = (key: string) => access(join(dataDir, 'documents', key.slice(0, 2), key)).then(() => true, () => false);

  /** A new convention with the given fate, a space with its cohort, and a guest pupil and a guest teacher in it. */
  async function endedConventionWithGuests(fate: 'ERASE' | 'KEEP_PSEUDONYMIZED') {
    const { partner_id: partnerId } = await one<{ partner_id: string }>(hub, `SELECT partner_id FROM convention WHERE id = $1`,
      [world.conventionId]);
    const conventionId = await convention(hub, partnerId, world.schoolId);
    await hub.dataSource.query(`UPDATE convention SET contribution_fate = $2 WHERE id = $1`, [conventionId, fate]);
    const spaceId = await spaceWithCohort(conventionId);
    const pupil = await guest(hub, conventionId, 'Sami (6e B)', 'National_ELV', null);
    const teacher = await guest(hub, conventionId, 'Mme Roux', 'National_ENS', null);
    return { conventionId, spaceId, pupil, teacher };
  }

  /** Ends the convention long enough ago for its retention (30 days) to be over, and runs the deprovisioning job. */
  async function deprovision(conventionId: string): Promise<void> {
    await hub.dataSource.query(`UPDATE convention SET status = 'ENDED', ended_at = now() - interval '31 days' WHERE id = $1`, [conventionId]);
    await hub.api.app.get(ConventionDeprovisionHandler).handle({ conventionId });
  }

  /** What the guest teacher writes in the space, and a homework of the home teacher both the guest and a home pupil mark done. */
  async function teacherWork(spaceId: string, guestTeacher: { cookie: string }, guestPupil: { cookie: string }) {
    const announcementId = ok(await hub.gql<{ createAnnouncement: { id: string } }>(CREATE_ANNOUNCEMENT,
      { input: { spaceId, title: 'Visite du collège', bodyHtml: '<p>Jeudi à 14 h</p>' } }, guestTeacher.cookie)).createAnnouncement.id;
    // Three days ahead: its reminder (24 h before) is not due yet, so nothing runs it before the test does.
    const event = ok(await hub.gql<{ createEvent: { id: string; startsAt: string } }>(CREATE_EVENT, { input: {
      spaceId, title: 'Rallye lecture', startsAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 3 * 86_400_000 + 3_600_000).toISOString() } }, guestTeacher.cookie)).createEvent;
    const guestHomeworkId = ok(await hub.gql<{ createHomework: { id: string } }>(CREATE_HOMEWORK, { input: {
      spaceId, title: 'Lire le chapitre 4', detailsHtml: '<p>Pour le rallye</p>', dueOn: '2026-12-18' } }, guestTeacher.cookie)).createHomework.id;
    const homeHomeworkId = ok(await hub.gql<{ createHomework: { id: string } }>(CREATE_HOMEWORK, { input: {
      spaceId, title: 'Dessiner la couverture', detailsHtml: '', dueOn: '2026-12-18' } }, world.teacher.cookie)).createHomework.id;
    ok(await hub.gql(MARK_DONE, { id: homeHomeworkId, done: true }, guestPupil.cookie));
    ok(await hub.gql(MARK_DONE, { id: homeHomeworkId, done: true }, world.pupil.cookie));
    return { announcementId, event, guestHomeworkId, homeHomeworkId };
  }

  it('lets a teacher of the guest\'s space record the objection, and answers a teacher of another school as for an unknown guest (NOT_FOUND)', async () => {
    await spaceWithCohort(world.conventionId);
    expect(codeOf(await hub.gql(OBJECT, { guestId: world.guestPupil.id }, world.otherTeacher.cookie))).toBe('NOT_FOUND');
    expect(codeOf(await hub.gql(OBJECT, { guestId: world.guestPupil.id }, world.pupil.cookie))).toBe('NOT_FOUND');
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

  it('under ERASE deletes the guest\'s documents, versions, files, folders, agenda, homework and completions, and gives the quota back', async () => {
    const { conventionId, spaceId, pupil, teacher } = await endedConventionWithGuests('ERASE');
    // Only the guest's: in the guest's folder, and (v1 by the guest) a document a home pupil then revised.
    const folderId = ok(await hub.gql<{ createDocumentFolder: { id: string } }>(CREATE_FOLDER, { spaceId, name: 'Les dessins de Sami' },
      pupil.cookie)).createDocumentFolder.id;
    const onlyGuest = await upload(pupil.cookie, spaceId, 3_000, 'dessin-de-sami.png', { folderId });
    await upload(pupil.cookie, spaceId, 500, 'dessin-de-sami-2.png', { documentId: onlyGuest });
    const guestCurrent = await upload(world.pupil.cookie, spaceId, 2_000, 'affiche.png');
    await upload(pupil.cookie, spaceId, 1_000, 'affiche-par-sami.png', { documentId: guestCurrent });
    const guestFirst = await upload(pupil.cookie, spaceId, 1_200, 'brouillon-de-sami.png');
    await upload(world.pupil.cookie, spaceId, 800, 'propre.png', { documentId: guestFirst });
    // A folder the guest named, where a home pupil put their work: it stays, without the guest's name.
    const sharedFolderId = ok(await hub.gql<{ createDocumentFolder: { id: string } }>(CREATE_FOLDER, { spaceId, name: 'Exposé de Sami' },
      pupil.cookie)).createDocumentFolder.id;
    const untouched = await upload(world.pupil.cookie, spaceId, 700, 'plan.png', { folderId: sharedFolderId });
    expect(await usedBytes(spaceId)).toBe(9_200);
    const versionKeys = async (guestOnly: boolean): Promise<string[]> => (await hub.dataSource.query(
      `SELECT storage_key FROM document_version WHERE space_id = $1 AND (uploaded_by_kind = 'GUEST') = $2`, [spaceId, guestOnly]))
      .map((row: { storage_key: string }) => row.storage_key);
    const guestKeys = await versionKeys(true);
    const othersKeys = await versionKeys(false);
    expect(guestKeys).toHaveLength(4);
    const work = await teacherWork(spaceId, teacher, pupil);

    await deprovision(conventionId);

    const documents: { id: string; name: string; current_version: number; created_by_kind: string; created_by_id: string }[] =
      await hub.dataSource.query(`SELECT id, name, current_version, created_by_kind, created_by_id FROM document WHERE space_id = $1`, [spaceId]);
    expect(documents.map((d) => d.id).sort()).toEqual([guestCurrent, guestFirst, untouched].sort());
    // The guest's version was current: the latest remaining version is current again, under its own name.
    expect(documents.find((d) => d.id === guestCurrent)).toMatchObject({ name: 'affiche.png', current_version: 1, created_by_id: world.pupil.id });
    // The guest's first version went: the document now belongs to who uploaded what is left, under that file name.
    expect(documents.find((d) => d.id === guestFirst)).toMatchObject({ name: 'propre.png', current_version: 2, created_by_kind: 'PERSON',
      created_by_id: world.pupil.id });
    const versions: { original_name: string }[] = await hub.dataSource.query(
      `SELECT original_name FROM document_version WHERE space_id = $1 ORDER BY original_name`, [spaceId]);
    expect(versions.map((v) => v.original_name)).toEqual(['affiche.png', 'plan.png', 'propre.png']);
    expect(await usedBytes(spaceId)).toBe(3_500);
    expect(await hub.dataSource.query(`SELECT id FROM document_folder WHERE id = $1`, [folderId])).toHaveLength(0);
    expect(await hub.dataSource.query(`SELECT name FROM document_folder WHERE space_id = $1`, [spaceId])).toEqual([{ name: 'Dossier 1' }]);
    expect(await hub.dataSource.query(`SELECT folder_id FROM document WHERE id = $1`, [untouched])).toEqual([{ folder_id: sharedFolderId }]);

    // The files go by a job written with the erasure, once it has committed. (Whether they are still on disk at this
    // instant is not asserted: the in-process relay may already have run the job.)
    const jobs: { keys: string[] }[] = await hub.dataSource.query(
      `SELECT payload->'storageKeys' AS keys FROM outbox_job WHERE name = 'document-files-delete' AND payload->>'spaceId' = $1`, [spaceId]);
    expect(jobs.flatMap((job) => job.keys).sort()).toEqual([...guestKeys].sort());
    await hub.drainOutbox();
    for (const key of guestKeys) expect(await stored(key)).toBe(false);
    for (const key of othersKeys) expect(await stored(key)).toBe(true);
    const download = await request(hub.url).get(`/documents/${guestCurrent}/content`).set('Cookie', world.pupil.cookie);
    expect(download.status).toBe(200);
    expect(Number(download.headers['content-length'] ?? download.body.length)).toBe(2_000);

    const count = async (sql: string, params: unknown[]) => (await hub.dataSource.query(sql, params))[0].n;
    expect(await count(`SELECT count(*)::int AS n FROM announcement WHERE id = $1`, [work.announcementId])).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM space_event WHERE id = $1`, [work.event.id])).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM homework WHERE id = $1`, [work.guestHomeworkId])).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM homework WHERE id = $1`, [work.homeHomeworkId])).toBe(1);
    const completions: { pupil_kind: string }[] = await hub.dataSource.query(
      `SELECT pupil_kind FROM homework_completion WHERE homework_id = $1`, [work.homeHomeworkId]);
    expect(completions).toEqual([{ pupil_kind: 'PERSON' }]);
    // The reminder planned for the deleted event skips itself.
    expect(await count(`SELECT count(*)::int AS n FROM outbox_job WHERE name = 'event-reminder' AND payload->>'eventId' = $1`,
      [work.event.id])).toBe(1);
    await hub.api.app.get(JobHandlerRegistry).run('event-reminder', { spaceId, eventId: work.event.id, startsAt: work.event.startsAt },
      { jobId: 'test', attempt: 1 });
    expect(await count(`SELECT count(*)::int AS n FROM notification WHERE kind = 'EVENT_REMINDER' AND payload->>'eventId' = $1`,
      [work.event.id])).toBe(0);
  });

  it('under KEEP_PSEUDONYMIZED keeps the guest\'s documents and agenda, signed with the pseudonym', async () => {
    const { conventionId, spaceId, pupil, teacher } = await endedConventionWithGuests('KEEP_PSEUDONYMIZED');
    const documentId = await upload(pupil.cookie, spaceId, 1_500, 'expose-de-sami.png');
    const work = await teacherWork(spaceId, teacher, pupil);

    await deprovision(conventionId);

    expect(await usedBytes(spaceId)).toBe(1_500);
    expect(await hub.dataSource.query(`SELECT id FROM document_version WHERE document_id = $1`, [documentId])).toHaveLength(1);
    expect(await hub.dataSource.query(`SELECT id FROM outbox_job WHERE name = 'document-files-delete' AND payload->>'spaceId' = $1`,
      [spaceId])).toHaveLength(0);
    const kept = await hub.dataSource.query(
      `SELECT (SELECT count(*)::int FROM space_event WHERE id = $1) + (SELECT count(*)::int FROM homework WHERE id = $2)
            + (SELECT count(*)::int FROM homework_completion WHERE homework_id = $3 AND pupil_kind = 'GUEST') AS n`,
      [work.event.id, work.guestHomeworkId, work.homeHomeworkId]);
    expect(kept[0].n).toBe(3);
    // Its reminder still goes out (the same run skipped it for the erased event above).
    await hub.api.app.get(JobHandlerRegistry).run('event-reminder', { spaceId, eventId: work.event.id, startsAt: work.event.startsAt },
      { jobId: 'test', attempt: 1 });
    const [{ n: reminded }] = await hub.dataSource.query(
      `SELECT count(*)::int AS n FROM notification WHERE kind = 'EVENT_REMINDER' AND payload->>'eventId' = $1`, [work.event.id]);
    expect(reminded).toBeGreaterThan(0);
    const announcements = ok(await hub.gql<{ space: { announcements: { edges: { node: { id: string; author: { displayName: string } } }[] } } }>(
      ANNOUNCEMENTS, { id: spaceId }, world.teacher.cookie)).space.announcements.edges.map((edge) => edge.node);
    expect(announcements).toEqual([{ id: work.announcementId, author: { displayName: guestPseudonym('National_ENS', teacher.seq) } }]);
  });
});
