import { randomUUID } from 'node:crypto';
import { Principal, Role } from '@passerelle/access';
import { startTestApi, TestApi } from '../../../test/harness';
import { buildWorld, sharedSpace, SpaceWorld } from '../test/fixtures';
import { SpaceAccessRepository } from './space-access.repository';
import { SpaceEntity } from './space.entity';

/**
 * `loadSubjectAndSpaces` reads the caller and the spaces in one statement (the first space read of every request).
 * It must answer exactly what the two separate reads answer, for every kind of caller, known or not.
 */
describe('SpaceAccessRepository: the caller and the spaces in one statement', () => {
  let hub: TestApi;
  let world: SpaceWorld;
  let repository: SpaceAccessRepository;
  let shared: string;
  let foreign: string;

  beforeAll(async () => {
    hub = await startTestApi();
    world = await buildWorld(hub);
    repository = hub.api.app.get(SpaceAccessRepository);
    shared = await sharedSpace(hub, world);
    // A second space that CM2 A and the guests have left: only its owner and the parent remain.
    foreign = await sharedSpace(hub, world);
    await hub.dataSource.query(`DELETE FROM space_class WHERE space_id = $1`, [foreign]);
    await hub.dataSource.query(`DELETE FROM space_guest_cohort WHERE space_id = $1`, [foreign]);
  });
  afterAll(() => hub?.close());

  const person = (id: string, roles: Role[]): Principal => ({ kind: 'PERSON', id, roles, displayName: 'x' } as unknown as Principal);
  const guest = (id: string): Principal => ({ kind: 'GUEST', id, roles: [Role.GUEST, Role.PUPIL], displayName: 'x' } as unknown as Principal);
  const callers: [string, () => Principal][] = [
    ['a pupil of CM2 A', () => person(world.pupil.id, [Role.PUPIL])],
    ['the teacher who owns the spaces', () => person(world.teacher.id, [Role.TEACHER])],
    ['the parent (a reader by name)', () => person(world.parent.id, [Role.PARENT])],
    ['a person unknown to the directory', () => person(randomUUID(), [Role.TEACHER])],
    ['a person whose id is not a UUID', () => person('not-a-uuid', [Role.TEACHER])],
    ['a bound guest pupil', () => guest(world.guestPupil.id)],
    ['a guest of another convention', () => guest(world.otherGuest.id)],
    ['an unknown guest', () => guest(randomUUID())],
    ['a hub administrator', () => ({ kind: 'HUB_ADMIN', id: world.admin.id, roles: [Role.HUB_ADMIN], displayName: 'admin' } as unknown as Principal)],
  ];

  it.each(callers)('answers as the two reads do for %s', async (_name, caller) => {
    const principal = caller();
    const ids = [shared, foreign, randomUUID(), 'not-a-uuid', shared.toUpperCase()];
    const separate = await repository.loadSubject(principal);
    const separateSpaces = await repository.loadSpaces(ids, separate);
    const together = await repository.loadSubjectAndSpaces(principal, ids);
    expect(together.subject).toEqual(separate);
    expect([...together.spaces.keys()].sort()).toEqual([...separateSpaces.keys()].sort());
    expect([...together.spaces.keys()].sort()).toEqual([shared, foreign].sort());
    for (const [id, loaded] of separateSpaces) {
      expect(together.spaces.get(id)).toEqual(loaded);
      expect(together.spaces.get(id)!.space.constructor).toBe(loaded.space.constructor);
    }
  });

  it('still reads the caller when no id is a space', async () => {
    const together = await repository.loadSubjectAndSpaces(person(world.pupil.id, [Role.PUPIL]), [randomUUID()]);
    expect(together.spaces.size).toBe(0);
    expect(together.subject).toMatchObject({ kind: 'PERSON', structureId: world.schoolId, classIds: [world.cm2aId] });
    const guestOnly = await repository.loadSubjectAndSpaces(guest(world.guestPupil.id), []);
    expect(guestOnly.subject).toMatchObject({ kind: 'GUEST', guest: { state: 'BOUND', conventionId: world.conventionId, classCode: '6e B' } });
  });

  it('reads the facts a decision needs: classes, conventions, cohorts and the caller’s own role', async () => {
    const { spaces } = await repository.loadSubjectAndSpaces(person(world.parent.id, [Role.PARENT]), [shared]);
    expect(spaces.get(shared)!.facts).toEqual({
      id: shared, structureId: world.schoolId, parentsMayRead: true, classIds: [world.cm2aId], conventionIds: [world.conventionId],
      cohorts: [{ conventionId: world.conventionId, classCode: null }], personRole: 'READER',
    });
    // The plain statement builds the same entity as TypeORM does.
    const entity = await hub.dataSource.manager.findOneByOrFail(SpaceEntity, { id: shared });
    expect(spaces.get(shared)!.space).toEqual(entity);
    expect(spaces.get(shared)!.space).toBeInstanceOf(SpaceEntity);
  });
});
