import { startTestApi, TestApi } from '../../../../test/harness';
import { buildWorld, sharedSpace, SpaceWorld } from '../../../spaces/test/fixtures';
import { RemoveAdultPupilPrivateMessagesAcrossSchools1765960000000 } from './1765960000000-remove-adult-pupil-private-messages-across-schools';

/**
 * ADR 0018 refuses private messages between an adult and a pupil of different schools; those written before the rule
 * are removed by 1765960000000, with one audit event per space (counts only). Every other private message stays.
 */
describe('migration 1765960000000: private messages between an adult and a pupil of another school, written before ADR 0018', () => {
  let hub: TestApi;
  let world: SpaceWorld;
  beforeAll(async () => {
    hub = await startTestApi({ REDIS_URL: undefined });
    world = await buildWorld(hub);
  });
  afterAll(() => hub?.close());

  it('removes them, keeps every other message, and records how many went per space', async () => {
    const spaceId = await sharedSpace(hub, world);
    const write = async (author: { kind: string; id: string }, recipient: { kind: string; id: string } | null, text: string) =>
      (await hub.dataSource.query(
        `INSERT INTO chat_message (space_id, author_kind, author_id, recipient_kind, recipient_id, text) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [spaceId, author.kind, author.id, recipient?.kind ?? null, recipient?.id ?? null, text]))[0].id as string;
    const guestTeacher = { kind: 'GUEST', id: world.guestTeacher.id };
    const guestPupil = { kind: 'GUEST', id: world.guestPupil.id };
    const pupil = { kind: 'PERSON', id: world.pupil.id };
    const teacher = { kind: 'PERSON', id: world.teacher.id };
    // Written before the rule: the collège's teacher and the CM2 pupil, both ways; the école's teacher and a collège pupil.
    const removed = [
      await write(guestTeacher, pupil, 'Bonjour Léa, écris-moi ici'),
      await write(pupil, guestTeacher, 'Bonjour monsieur'),
      await write(teacher, guestPupil, 'Bienvenue Nina'),
    ];
    const kept = [
      await write(teacher, pupil, 'Léa, as-tu fini ta lecture ?'),          // a pupil and her own school's teacher
      await write(guestPupil, pupil, 'Salut Léa'),                           // two pupils
      await write(guestTeacher, teacher, 'Bonjour collègue'),                // two adults
      await write(guestTeacher, null, 'Bonjour à tous'),                     // the channel
    ];
    const runner = hub.dataSource.createQueryRunner();
    try {
      await new RemoveAdultPupilPrivateMessagesAcrossSchools1765960000000().up(runner);
    } finally {
      await runner.release();
    }
    const left: { id: string }[] = await hub.dataSource.query(`SELECT id FROM chat_message WHERE id = ANY($1)`, [[...removed, ...kept]]);
    expect(left.map((row) => row.id).sort()).toEqual([...kept].sort());
    const audit: { actor_kind: string; details: Record<string, unknown> }[] = await hub.dataSource.query(
      `SELECT actor_kind, details FROM audit_event WHERE action = 'chat.private-messages-removed' AND subject_id = $1`, [spaceId]);
    expect(audit).toEqual([{ actor_kind: 'SYSTEM', details: { count: 3, reason: 'ADULT_PUPIL_CROSS_SCHOOL', rule: 'ADR 0018' } }]);
  });
});
