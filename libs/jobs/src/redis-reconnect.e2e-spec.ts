import { StructuresService, StructureType } from '@passerelle/directory';
import { HubProcess, PrivateRedis, waitFor } from '../../../test/processes';
import { startTestApi, TestApi, testEnv, unique } from '../../../test/harness';
import { validUai } from '../../../test/factories';

/**
 * After a Redis outage, jobs used to wait up to 30 s: BullMQ's reconnection delay grows to 20 s, and the outbox
 * relay's back-off came on top. With a private redis-server (the shared one is never touched) killed for ten seconds
 * and started again on the same port, a job written during the outage runs within a few seconds of Redis's return.
 */
describe('reconnection to Redis', () => {
  let redis: PrivateRedis;
  let hub: TestApi;
  let worker: HubProcess | undefined;
  const prefix = unique('reconnect');

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    hub = await startTestApi({ REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix, OUTBOX_POLL_MS: '1000' });
    worker = HubProcess.start('worker', testEnv({ REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix, LOG_LEVEL: 'info', OUTBOX_POLL_MS: '1000' }));
    await waitFor(() => `the worker (${worker?.text.slice(-1500)})`, async () => worker!.text.includes('consuming its queues'), 90_000, 200);
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await hub?.close();
    await redis?.stop();
  });

  async function notified(structureId: string): Promise<boolean> {
    const [row] = await hub.dataSource.query(`SELECT count(*)::int AS n FROM notification WHERE dedupe_key = $1`, [`structure-created.${structureId}`]);
    return row.n > 0;
  }

  it('hands a job written during a ten-second outage over within 2 s of Redis\'s return, and runs it within 3 s (api, relay and worker reconnect)', async () => {
    await hub.adminSession();
    // A job before the outage runs: the worker consumes.
    const before = await hub.api.app.get(StructuresService).createStructure({ uai: validUai(), name: 'École avant la panne', type: StructureType.ECOLE });
    await waitFor('the job written before the outage', () => notified(before.id), 30_000);

    await redis.stop();
    const outageStarted = Date.now();
    const during = await hub.api.app.get(StructuresService).createStructure({ uai: validUai(), name: 'École de la panne', type: StructureType.ECOLE });
    // The relay tries while Redis is away (its back-off grows), then Redis stays down for ten seconds in all.
    await waitFor('a failed hand-over', async () => {
      const [row] = await hub.dataSource.query(`SELECT attempts, last_error FROM outbox_job WHERE job_id = $1`, [`structure-created.${during.id}`]);
      return row?.last_error ? row : undefined;
    }, 15_000);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 10_000 - (Date.now() - outageStarted))));

    await redis.start();
    const back = Date.now();
    // The api reconnects and its relay hands the job over within 2 s (it waited out a back-off of up to minutes)…
    await waitFor('the hand-over of the job written during the outage', async () => {
      const [row] = await hub.dataSource.query(`SELECT dispatched_at FROM outbox_job WHERE job_id = $1`, [`structure-created.${during.id}`]);
      return row?.dispatched_at !== null;
    }, 2_000, 50);
    // … and the worker, reconnected too, has run it within 3 s of Redis's return.
    await waitFor(() => `the job written during the outage (${worker?.text.slice(-1000)})`, () => notified(during.id), 3_000 - (Date.now() - back), 50);
    expect(Date.now() - back).toBeLessThan(3_000);
  }, 90_000);
});
