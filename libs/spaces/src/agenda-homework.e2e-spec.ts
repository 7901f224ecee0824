import { startTestApi, TestApi } from '../../../test/harness';
import { buildWorld, codeOf, CREATE_SPACE, NOTIFICATIONS, ok, sharedSpace, SpaceWorld } from '../test/fixtures';

const CREATE_EVENT = `mutation($input: CreateEventInput!) { createEvent(input: $input) { id title startsAt endsAt allDay location } }`;
const CREATE_HOMEWORK = `mutation($input: CreateHomeworkInput!) { createHomework(input: $input) { id title detailsHtml dueOn schoolClassId doneCount doneByMe } }`;
const MARK_DONE = `mutation($id: ID!, $done: Boolean!) { markHomeworkDone(id: $id, done: $done) { id doneByMe doneCount } }`;
const AGENDA = `query($id: ID!) { space(id: $id) {
  events { edges { node { id title startsAt allDay } } }
  homework { edges { node { id title detailsHtml dueOn doneByMe doneCount } } } } }`;

interface AgendaData {
  space: { events: { edges: { node: { id: string; title: string } }[] }; homework: { edges: { node: { id: string; doneByMe: boolean; doneCount: number | null; detailsHtml: string } }[] } };
}

describe('agenda and cahier de textes of a space', () => {
  let hub: TestApi;
  let world: SpaceWorld;
  let spaceId: string;
  let foreignSpaceId: string;

  beforeAll(async () => {
    hub = await startTestApi({ REDIS_URL: undefined });
    world = await buildWorld(hub);
    spaceId = await sharedSpace(hub, world);
    foreignSpaceId = ok(await hub.gql<{ createSpace: { id: string } }>(CREATE_SPACE, { input: { structureId: world.otherSchoolId, title: 'Ailleurs' } },
      world.otherTeacher.cookie)).createSpace.id;
  });
  afterAll(() => hub?.close());

  it('lets the teacher plan an event and set homework that home and guest pupils see, mark done, and the teacher counts', async () => {
    const event = ok(await hub.gql<{ createEvent: { id: string; allDay: boolean } }>(CREATE_EVENT, { input: {
      spaceId, title: 'Visite du collège', location: 'Collège Victor Hugo', startsAt: '2026-12-04T09:00:00.000Z', endsAt: '2026-12-04T11:30:00.000Z',
    } }, world.teacher.cookie)).createEvent;
    expect(event.allDay).toBe(false);
    const homework = ok(await hub.gql<{ createHomework: { id: string; detailsHtml: string; doneCount: number; schoolClassId: string } }>(CREATE_HOMEWORK,
      { input: { spaceId, title: 'Lire le chapitre 3', detailsHtml: '<p>Lire <strong>attentivement</strong></p><script>alert(1)</script>',
        dueOn: '2026-12-07' } }, world.teacher.cookie)).createHomework;
    expect(homework.detailsHtml).not.toContain('<script');
    expect(homework.detailsHtml).toContain('<strong>attentivement</strong>');
    expect(homework.doneCount).toBe(0);
    expect(homework.schoolClassId).toBeNull(); // for every member (homework for one class: homework-classes.e2e-spec.ts)

    for (const pupil of [world.pupil, world.guestPupil]) {
      const seen = ok(await hub.gql<AgendaData>(AGENDA, { id: spaceId }, pupil.cookie)).space;
      expect(seen.events.edges.map((e) => e.node.title)).toEqual(['Visite du collège']);
      expect(seen.homework.edges.map((e) => e.node.id)).toEqual([homework.id]);
      expect(seen.homework.edges[0].node.doneCount).toBeNull();
    }

    const marked = ok(await hub.gql<{ markHomeworkDone: { doneByMe: boolean; doneCount: number | null } }>(MARK_DONE,
      { id: homework.id, done: true }, world.pupil.cookie)).markHomeworkDone;
    expect(marked).toEqual({ id: homework.id, doneByMe: true, doneCount: null });
    ok(await hub.gql(MARK_DONE, { id: homework.id, done: true }, world.pupil.cookie));
    ok(await hub.gql(MARK_DONE, { id: homework.id, done: true }, world.guestPupil.cookie));
    ok(await hub.gql(MARK_DONE, { id: homework.id, done: false }, world.guestPupil.cookie));

    const teacherView = ok(await hub.gql<AgendaData>(AGENDA, { id: spaceId }, world.teacher.cookie)).space;
    expect(teacherView.homework.edges[0].node).toMatchObject({ doneCount: 1, doneByMe: false });
    const pupil2View = ok(await hub.gql<AgendaData>(AGENDA, { id: spaceId }, world.pupil2.cookie)).space;
    expect(pupil2View.homework.edges[0].node.doneByMe).toBe(false);
  });

  it('tells members about new homework and events through their inbox, not the teacher who wrote them', async () => {
    await hub.drainOutbox();
    await hub.drainOutbox();
    type Inbox = { notifications: { edges: { node: { kind: string; spaceId: string } }[] } };
    const kinds = async (cookie: string) => ok(await hub.gql<Inbox>(NOTIFICATIONS, {}, cookie)).notifications.edges
      .filter((e) => e.node.spaceId === spaceId).map((e) => e.node.kind).sort();
    expect(await kinds(world.pupil.cookie)).toEqual(expect.arrayContaining(['EVENT_CREATED', 'HOMEWORK_CREATED']));
    expect(await kinds(world.guestPupil.cookie)).toEqual(expect.arrayContaining(['EVENT_CREATED', 'HOMEWORK_CREATED']));
    expect(await kinds(world.teacher.cookie)).not.toContain('HOMEWORK_CREATED');
  });

  it('exports the agenda as iCalendar to members, one VEVENT per event with a stable UID', async () => {
    ok(await hub.gql(CREATE_EVENT, { input: { spaceId, title: 'Journée lecture', startsAt: '2026-12-10T08:00:00.000Z', allDay: true } },
      world.guestTeacher.cookie));
    const events = ok(await hub.gql<AgendaData>(AGENDA, { id: spaceId }, world.teacher.cookie)).space.events.edges;
    const first = await hub.http.get(`/spaces/${spaceId}/calendar.ics`).set('Cookie', world.pupil.cookie);
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toMatch(/^text\/calendar/);
    const body = first.text;
    expect(body.startsWith('BEGIN:VCALENDAR')).toBe(true);
    expect(body).toContain('END:VCALENDAR');
    expect(body.match(/BEGIN:VEVENT/g)).toHaveLength(events.length);
    expect(body).toContain('SUMMARY:Visite du collège');
    expect(body).toContain('SUMMARY:Journée lecture');
    expect(body).toContain('DTSTART:20261204T090000Z');
    expect(body).toContain('DTSTART;VALUE=DATE:20261210');
    for (const { node } of events) expect(body).toContain(`UID:${node.id}@passerelle`);
    const again = await hub.http.get(`/spaces/${spaceId}/calendar.ics`).set('Cookie', world.guestPupil.cookie);
    expect(again.text.match(/UID:.*/g)).toEqual(body.match(/UID:.*/g));
  });

  it('refuses the .ics of a foreign space as if it did not exist, and anonymous callers', async () => {
    const foreign = await hub.http.get(`/spaces/${foreignSpaceId}/calendar.ics`).set('Cookie', world.pupil.cookie);
    const missing = await hub.http.get(`/spaces/00000000-0000-4000-8000-000000000000/calendar.ics`).set('Cookie', world.pupil.cookie);
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(foreign.text).toEqual(missing.text);
    expect((await hub.http.get(`/spaces/${spaceId}/calendar.ics`)).status).toBe(401);
  });

  it('refuses pupils who plan, teachers who mark done, foreign spaces and anonymous callers', async () => {
    const event = { spaceId, title: 'Fête', startsAt: '2026-12-18T14:00:00.000Z' };
    const homework = { spaceId, title: 'Exercice', dueOn: '2026-12-08' };
    expect(codeOf(await hub.gql(CREATE_EVENT, { input: event }, world.pupil.cookie))).toBe('FORBIDDEN');
    expect(codeOf(await hub.gql(CREATE_HOMEWORK, { input: homework }, world.guestPupil.cookie))).toBe('FORBIDDEN');
    expect(codeOf(await hub.gql(CREATE_EVENT, { input: { ...event, spaceId: foreignSpaceId } }, world.teacher.cookie))).toBe('NOT_FOUND');
    expect(codeOf(await hub.gql(CREATE_HOMEWORK, { input: { ...homework, spaceId: foreignSpaceId } }, world.teacher.cookie))).toBe('NOT_FOUND');
    expect(codeOf(await hub.gql(CREATE_EVENT, { input: event }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await hub.gql(CREATE_HOMEWORK, { input: homework }))).toBe('UNAUTHENTICATED');
    const created = ok(await hub.gql<{ createHomework: { id: string } }>(CREATE_HOMEWORK, { input: homework }, world.teacher.cookie)).createHomework;
    expect(codeOf(await hub.gql(MARK_DONE, { id: created.id, done: true }, world.teacher.cookie))).toBe('FORBIDDEN');
    expect(codeOf(await hub.gql(MARK_DONE, { id: created.id, done: true }, world.otherGuest.cookie))).toBe('NOT_FOUND');
    expect(codeOf(await hub.gql(CREATE_HOMEWORK, { input: { ...homework, dueOn: '2026-02-30' } }, world.teacher.cookie))).toBe('BAD_USER_INPUT');
    expect(codeOf(await hub.gql(CREATE_EVENT, { input: { ...event, endsAt: '2026-12-18T13:00:00.000Z' } }, world.teacher.cookie))).toBe('BAD_USER_INPUT');
  });
});
