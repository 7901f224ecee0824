import { NotFoundError } from '@passerelle/errors';
import { LoaderContext, structureByIdLoader } from './directory.loaders.js';
import { StructureEntity, StructureType } from './structure.entity.js';
import { StructuresService } from './structures.service.js';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const MISSING = '00000000-0000-4000-8000-00000000000f';

function entity(id: string): StructureEntity {
  return Object.assign(new StructureEntity(), {
    id, uai: '0750001U', name: `École ${id.slice(-1)}`, type: StructureType.ECOLE, academie: null,
    createdAt: new Date('2026-09-01T08:00:00Z'), updatedAt: new Date('2026-09-01T08:00:00Z'),
  });
}

function fakeStructures() {
  const findStructuresByIds = jest.fn(async (ids: readonly string[]) => ids.map((id) => (id === MISSING ? null : entity(id))));
  return { service: { findStructuresByIds } as unknown as StructuresService, findStructuresByIds };
}

describe('structure loader', () => {
  it('fetches every structure asked within one tick in one call, and maps them to the GraphQL type', async () => {
    const { service, findStructuresByIds } = fakeStructures();
    const context: LoaderContext = {};
    const [a, b, again] = await Promise.all([
      structureByIdLoader(context, service).load(A),
      structureByIdLoader(context, service).load(B),
      structureByIdLoader(context, service).load(A),
    ]);
    expect(findStructuresByIds).toHaveBeenCalledTimes(1);
    expect(findStructuresByIds).toHaveBeenCalledWith([A, B]);
    expect(a).toEqual({ id: A, uai: '0750001U', name: 'École a', type: 'ECOLE', academie: null, createdAt: expect.any(Date) });
    expect(a).not.toHaveProperty('updatedAt');
    expect(b.id).toBe(B);
    expect(again).toBe(a);
  });

  it('is created once per context and cached under loaders.structureById', () => {
    const { service } = fakeStructures();
    const context: LoaderContext = { loaders: { other: 1 } };
    const loader = structureByIdLoader(context, service);
    expect(structureByIdLoader(context, service)).toBe(loader);
    expect(context.loaders).toEqual({ other: 1, structureById: loader });
    expect(structureByIdLoader({}, service)).not.toBe(loader);
  });

  it('fails only the missing structure with NOT_FOUND', async () => {
    const { service } = fakeStructures();
    const loader = structureByIdLoader({}, service);
    const [found, missing] = await Promise.allSettled([loader.load(A), loader.load(MISSING)]);
    expect(found.status).toBe('fulfilled');
    expect(missing).toMatchObject({ status: 'rejected', reason: expect.any(NotFoundError) });
  });
});
