import { HubProcess, waitFor } from '../../../test/processes';
import { startTestApi, TestApi, testEnv, unique } from '../../../test/harness';
import { buildWorld, CREATE_POST, ok, sharedSpace, SpaceWorld } from '../../spaces/test/fixtures';

/**
 * The fan-out through BullMQ and the real worker process (compiled: `npm test` builds dist/ first): the API writes
 * the job to the outbox with the post, the relay hands it to Redis, the worker writes the notifications.
 */
describe('space activity through the worker', () => {
  const prefix = unique('spacesworker');
  let hub: TestApi;
  let world: SpaceWorld;
  let worker: HubProcess | undefined;

  beforeAll(async () => {
    hub = await startTestApi({ REDIS_KEY_PREFIX: prefix });
    world = await buildWorld(hub);
    worker = HubProcess.start('worker', testEnv({ REDIS_KEY_PREFIX: prefix, LOG_LEVEL: 'warn' }));
  });
  afterAll(async () => {
    await worker?.stop();
    await hub?.close();
  });

  it('notifies the members of a new post from the worker process', async () => {
    const spaceId = await sharedSpace(hub, world, { pupilPostsNeedApproval: false });
    const post = ok(await hub.gql<{ createPost: { id: string } }>(CREATE_POST, { input: { spaceId, bodyHtml: 'Par le worker' } },
      world.teacher.cookie)).createPost;
    const recipients = await waitFor(() => `the fan-out (worker said: ${worker?.text.slice(-2000)})`, async () => {
      // Hand the job over now rather than at the next poll of the relay.
      await hub.drainOutbox();
      const rows: { recipient_id: string }[] = await hub.dataSource.query(
        `SELECT recipient_id FROM notification WHERE dedupe_key = $1`, [`POST_PUBLISHED.${post.id}`]);
      return rows.length >= 5 ? rows.map((row) => row.recipient_id) : undefined;
    }, 60_000, 250);
    expect(recipients).toEqual(expect.arrayContaining([world.pupil.id, world.pupil2.id, world.guestPupil.id, world.guestTeacher.id, world.parent.id]));
    expect(recipients).not.toContain(world.teacher.id);
  }, 120_000);
});
