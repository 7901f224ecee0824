import { JobHandlerRegistry } from '@passerelle/jobs';
import { HubProcess, waitFor } from '../../../test/processes';
import { startTestApi, TestApi, testEnv, unique } from '../../../test/harness';
import { buildWorld, ok, sharedSpace, SpaceWorld } from '../../spaces/test/fixtures';

const CREATE_EVENT = `mutation($input: CreateEventInput!) { createEvent(input: $input) { id startsAt } }`;
const UPDATE_EVENT = `mutation($input: UpdateEventInput!) { updateEvent(input: $input) { id startsAt } }`;
const DELETE_EVENT = `mutation($id: ID!) { deleteEvent(id: $id) }`;
const HOUR = 3600_000;

/** A start `hours` from now, to the second (what the API stores and returns). */
function inHours(hours: number): Date {
  return new Date(Math.floor((Date.now() + hours * HOUR) / 1000) * 1000);
}

/**
 * Event reminders: planned through the outbox when an event is created or moved (24 h before its start, or at once
 * when it starts sooner), delivered by the real worker process, and skipped by the handler when the event moved or went.
 */
describe('event reminders', () => {
  const prefix = unique('reminders');
  let hub: TestApi;
  let world: SpaceWorld;
  let spaceId: string;
  let worker: HubProcess | undefined;

  beforeAll(async () => {
    hub = await startTestApi({ REDIS_KEY_PREFIX: prefix });
    world = await buildWorld(hub);
    spaceId = await sharedSpace(hub, world);
    worker = HubProcess.start('worker', testEnv({ REDIS_KEY_PREFIX: prefix, LOG_LEVEL: 'warn' }));
  });
  afterAll(async () => {
    await worker?.stop();
    await hub?.close();
  });

  async function createEvent(startsAt: Date): Promise<string> {
    return ok(await hub.gql<{ createEvent: { id: string } }>(CREATE_EVENT, { input: {
      spaceId, title: unique('Visite '), startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString(),
    } }, world.teacher.cookie)).createEvent.id;
  }

  async function reminderJobs(eventId: string): Promise<{ jobId: string; runAt: Date; startsAt: string }[]> {
    const rows: { job_id: string; run_at: Date; starts_at: string }[] = await hub.dataSource.query(
      `SELECT job_id, run_at, payload->>'startsAt' AS starts_at FROM outbox_job WHERE name = 'event-reminder' AND payload->>'eventId' = $1
       ORDER BY created_at`, [eventId]);
    return rows.map((row) => ({ jobId: row.job_id, runAt: new Date(row.run_at), startsAt: row.starts_at }));
  }

  async function reminded(eventId: string): Promise<string[]> {
    const rows: { recipient_id: string }[] = await hub.dataSource.query(
      `SELECT recipient_id FROM notification WHERE kind = 'EVENT_REMINDER' AND payload->>'eventId' = $1`, [eventId]);
    return rows.map((row) => row.recipient_id);
  }

  const runReminder = (payload: { spaceId: string; eventId: string; startsAt: string }) =>
    hub.api.app.get(JobHandlerRegistry).run('event-reminder', payload, { jobId: 'test', attempt: 1 });

  it('reminds every member through the worker when the event starts within 24 h', async () => {
    const eventId = await createEvent(inHours(2));
    const [job] = await reminderJobs(eventId);
    expect(job.runAt.getTime()).toBeLessThanOrEqual(Date.now());
    const recipients = await waitFor(() => `the reminder (worker said: ${worker?.text.slice(-2000)})`, async () => {
      await hub.drainOutbox();
      const found = await reminded(eventId);
      return found.length >= 6 ? found : undefined;
    }, 60_000, 250);
    expect(recipients.sort()).toEqual([world.teacher.id, world.pupil.id, world.pupil2.id, world.guestPupil.id, world.guestTeacher.id,
      world.parent.id].sort());
    const inbox = ok(await hub.gql<{ notifications: { edges: { node: { kind: string; eventId: string; message: string } }[] } }>(
      `query { notifications(first: 50) { edges { node { kind eventId message } } } }`, {}, world.pupil.cookie)).notifications.edges
      .map((edge) => edge.node).filter((node) => node.kind === 'EVENT_REMINDER' && node.eventId === eventId);
    expect(inbox).toHaveLength(1);
    expect(inbox[0].message).toMatch(/^Rappel : un évènement de l'agenda dans « .+ » commence bientôt\.$/);
  }, 120_000);

  it('plans a new job when an event moves away and back to its first start (a reused job id would be ignored by BullMQ)', async () => {
    const start = inHours(72);
    const eventId = await createEvent(start);
    const away = inHours(80);
    for (const at of [away, start]) {
      ok(await hub.gql(UPDATE_EVENT, { input: { eventId, startsAt: at.toISOString(), endsAt: new Date(at.getTime() + HOUR).toISOString() } },
        world.teacher.cookie));
    }
    const jobs = await reminderJobs(eventId);
    expect(jobs.map((job) => job.startsAt)).toEqual([start.toISOString(), away.toISOString(), start.toISOString()]);
    expect(new Set(jobs.map((job) => job.jobId)).size).toBe(3);
  });

  it('plans the reminder 24 h before a later event, and a new one (new job id) when the event moves', async () => {
    const start = inHours(72);
    const eventId = await createEvent(start);
    const [planned] = await reminderJobs(eventId);
    expect(planned).toEqual({ jobId: expect.stringMatching(new RegExp(`^event-reminder\\.${eventId}\\.${start.getTime()}\\.[0-9a-z]+$`)),
      runAt: new Date(start.getTime() - 24 * HOUR), startsAt: start.toISOString() });

    const moved = inHours(96);
    ok(await hub.gql(UPDATE_EVENT, { input: { eventId, startsAt: moved.toISOString(), endsAt: new Date(moved.getTime() + HOUR).toISOString() } },
      world.teacher.cookie));
    ok(await hub.gql(UPDATE_EVENT, { input: { eventId, title: 'Visite du collège (salle B)' } }, world.teacher.cookie));
    const jobs = await reminderJobs(eventId);
    expect(jobs).toHaveLength(2);
    expect(jobs[0].jobId).toBe(planned.jobId);
    expect(jobs[1].jobId).toMatch(new RegExp(`^event-reminder\\.${eventId}\\.${moved.getTime()}\\.[0-9a-z]+$`));
    expect(jobs[1].runAt).toEqual(new Date(moved.getTime() - 24 * HOUR));

    // The reminder planned for the old start finds the event moved and says nothing; the new one reaches the members.
    await runReminder({ spaceId, eventId, startsAt: start.toISOString() });
    expect(await reminded(eventId)).toEqual([]);
    await runReminder({ spaceId, eventId, startsAt: moved.toISOString() });
    expect(await reminded(eventId)).toHaveLength(6);
    await runReminder({ spaceId, eventId, startsAt: moved.toISOString() });
    expect(await reminded(eventId)).toHaveLength(6);
  });

  it('says nothing for a deleted event, and plans nothing for an event in the past', async () => {
    const start = inHours(48);
    const eventId = await createEvent(start);
    ok(await hub.gql(DELETE_EVENT, { id: eventId }, world.teacher.cookie));
    await runReminder({ spaceId, eventId, startsAt: start.toISOString() });
    expect(await reminded(eventId)).toEqual([]);

    const past = await createEvent(inHours(-30));
    expect(await reminderJobs(past)).toEqual([]);
  });
});
