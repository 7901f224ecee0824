import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { StructuresService, StructureType } from '@passerelle/directory';
import { HubProcess, PrivateRedis, waitFor } from '../../../test/processes';
import { startTestApi, TestApi, testEnv, unique } from '../../../test/harness';
import { validUai } from '../../../test/factories';

/**
 * The outbox against a private Redis that the test stops and starts again, and the real worker process.
 */
describe('transactional outbox', () => {
  let redis: PrivateRedis;
  let hub: TestApi;
  let worker: HubProcess | undefined;
  const prefix = unique('outbox');

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    hub = await startTestApi({ REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix });
  });

  /** A structure inserted directly (so that no job of its own exists yet), to write jobs about. */
  async function aStructureWithoutJob(): Promise<string> {
    const [row] = await hub.dataSource.query(
      `INSERT INTO structure (uai, name, type) VALUES ($1, 'École du test d''outbox', 'ECOLE') RETURNING id`, [validUai()]);
    return row.id;
  }

  afterAll(async () => {
    await worker?.stop();
    await hub?.close();
    await redis?.stop();
  });

  it('loses no job while Redis is down and runs it once when Redis is back', async () => {
    await hub.adminSession();
    await redis.stop();

    // The API writes an outbox-backed change while Redis is away: the change and its job commit together.
    const structure = await hub.api.app.get(StructuresService).createStructure({
      uai: validUai(), name: 'École du test de panne', type: StructureType.ECOLE,
    });
    const jobId = `structure-created.${structure.id}`;
    const pending = await waitFor('a failed hand-over', async () => {
      const [row] = await hub.dataSource.query('SELECT attempts, dispatched_at, last_error FROM outbox_job WHERE job_id = $1', [jobId]);
      return row?.attempts >= 1 && row.last_error ? row : undefined;
    });
    expect(pending.dispatched_at).toBeNull();

    await redis.start();
    worker = HubProcess.start('worker', testEnv({ REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix, LOG_LEVEL: 'warn' }));

    let diagnostics = '';
    const notified = await waitFor(() => `the job to run (${diagnostics}; worker said: ${worker?.text.slice(-2000)})`, async () => {
      const [outbox] = await hub.dataSource.query('SELECT attempts, dispatched_at, locked_until, last_error FROM outbox_job WHERE job_id = $1', [jobId]);
      const counts = await hub.api.app.get<Queue>(getQueueToken('notifications'), { strict: false }).getJobCounts().catch((e) => String(e));
      const delayed = await hub.api.app.get<Queue>(getQueueToken('notifications'), { strict: false }).getDelayed();
      diagnostics = JSON.stringify({ outbox, counts, delayed: delayed.map((j) => ({ id: j.id, delay: j.opts.delay, ts: j.timestamp, made: j.attemptsMade, reason: j.failedReason, st: j.stacktrace })) });
      const rows = await hub.dataSource.query(
        `SELECT count(*)::int AS n FROM notification WHERE dedupe_key = $1`, [`structure-created.${structure.id}`]);
      return rows[0].n > 0 ? rows[0].n : undefined;
    }, 60_000, 250);
    expect(notified).toBeGreaterThanOrEqual(1);

    const [row] = await hub.dataSource.query('SELECT dispatched_at FROM outbox_job WHERE job_id = $1', [jobId]);
    expect(row.dispatched_at).not.toBeNull();

    // A relay that crashed after the hand-over hands the same job over again: BullMQ collapses it on the job id.
    await hub.dataSource.query('UPDATE outbox_job SET dispatched_at = NULL, locked_until = NULL WHERE job_id = $1', [jobId]);
    await hub.drainOutbox();
    const queue = hub.api.app.get<Queue>(getQueueToken('notifications'), { strict: false });
    const job = await queue.getJob(jobId);
    expect(job?.finishedOn).toBeDefined();
    expect(job?.attemptsMade).toBe(1);
    expect(await queue.getJobCounts('waiting', 'delayed', 'active')).toEqual({ waiting: 0, delayed: 0, active: 0 });
  }, 120_000);

  it('collapses two writes of the same pending job into one outbox row', async () => {
    const { UnitOfWork, jobRequest } = await import('./index.js');
    const uow = hub.api.app.get(UnitOfWork);
    const id = await aStructureWithoutJob();
    await redis.stop();
    try {
      await uow.run(async (tx) => {
        await tx.enqueue(jobRequest('structure-created', { structureId: id }, [id]));
        await tx.enqueue(jobRequest('structure-created', { structureId: id }, [id]));
      });
      const rows = await hub.dataSource.query('SELECT id FROM outbox_job WHERE job_id = $1', [`structure-created.${id}`]);
      expect(rows).toHaveLength(1);
    } finally {
      await redis.start();
    }
  });

  it('writes nothing to the outbox when the transaction rolls back', async () => {
    const { UnitOfWork, jobRequest } = await import('./index.js');
    const uow = hub.api.app.get(UnitOfWork);
    const id = await aStructureWithoutJob();
    await expect(uow.run(async (tx) => {
      await tx.enqueue(jobRequest('structure-created', { structureId: id }, [id]));
      throw new Error('use case failed');
    })).rejects.toThrow('use case failed');
    const rows = await hub.dataSource.query('SELECT id FROM outbox_job WHERE job_id = $1', [`structure-created.${id}`]);
    expect(rows).toHaveLength(0);
  });
});
