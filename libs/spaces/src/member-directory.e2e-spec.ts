import { GraphQLSchemaHost } from '@nestjs/graphql';
import { getNamedType, GraphQLObjectType, GraphQLSchema, isObjectType } from 'graphql';
import { startTestApi, TestApi } from '../../../test/harness';
import { buildWorld, codeOf, ok, sharedSpace, SpaceWorld } from '../test/fixtures';

/**
 * Pages blanches (issue 5, item 7): members see one another's display name, profile and school, nothing else; never the
 * contact details of a minor. The schema is read as clients see it, so that a field added later to a member or an
 * author fails here until this list is changed on purpose.
 */

/** Every field reachable from a member of a space or the author of a post, by object type. */
const ALLOWED: Record<string, string[]> = {
  SpaceMember: ['displayName', 'id', 'kind', 'profile', 'role', 'school', 'via'],
  MemberSchool: ['name', 'uai'],
  Author: ['displayName', 'id', 'kind'],
};

/** The object types reachable from `root` through fields (enums and scalars end the walk), with their fields. */
function reachable(schema: GraphQLSchema, root: string): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  const visit = (type: GraphQLObjectType) => {
    if (found[type.name]) return;
    const fields = type.getFields();
    found[type.name] = Object.keys(fields).sort();
    for (const field of Object.values(fields)) {
      const named = getNamedType(field.type);
      if (isObjectType(named)) visit(named);
    }
  };
  visit(schema.getType(root) as GraphQLObjectType);
  return found;
}

describe('member directory and authors', () => {
  let hub: TestApi;
  let world: SpaceWorld;
  let spaceId: string;
  let schema: GraphQLSchema;

  beforeAll(async () => {
    hub = await startTestApi({ REDIS_URL: undefined });
    world = await buildWorld(hub);
    spaceId = await sharedSpace(hub, world);
    schema = hub.api.app.get(GraphQLSchemaHost).schema;
  });
  afterAll(() => hub?.close());

  it('exposes of a member only display name, profile, role, how they joined and school (UAI, name)', () => {
    expect(reachable(schema, 'SpaceMember')).toEqual({ SpaceMember: ALLOWED.SpaceMember, MemberSchool: ALLOWED.MemberSchool });
    const members = (schema.getType('Space') as GraphQLObjectType).getFields().members;
    const edge = getNamedType((getNamedType(members.type) as GraphQLObjectType).getFields().edges.type) as GraphQLObjectType;
    expect(getNamedType(edge.getFields().node.type).name).toBe('SpaceMember');
  });

  it('exposes of an author of posts and comments only id, kind and display name', () => {
    expect(reachable(schema, 'Author')).toEqual({ Author: ALLOWED.Author });
    for (const type of ['Post', 'Comment']) {
      expect(getNamedType((schema.getType(type) as GraphQLObjectType).getFields().author.type).name).toBe('Author');
    }
  });

  it('shows members their school and nothing of a pupil beyond name, profile and school', async () => {
    type Members = { space: { members: { edges: { node: Record<string, unknown> }[] } } };
    const nodes = ok(await hub.gql<Members>(`query($id: ID!) { space(id: $id) { members(first: 20) { edges { node {
      id kind displayName profile role via school { uai name } } } } } }`, { id: spaceId }, world.guestPupil.cookie)).space.members.edges
      .map((edge) => edge.node);
    const pupil = nodes.find((node) => node.id === world.pupil.id);
    expect(pupil).toMatchObject({ kind: 'PERSON', displayName: 'Léa D.', profile: 'PUPIL', role: 'CONTRIBUTOR', via: 'CLASS',
      school: { name: 'École Jules Ferry' } });
    expect((pupil!.school as { uai: string }).uai).toMatch(/^[0-9]{7}[A-Z]$/);
    const guestPupil = nodes.find((node) => node.id === world.guestPupil.id);
    expect(guestPupil).toMatchObject({ kind: 'GUEST', profile: 'PUPIL', via: 'GUEST_COHORT', school: { uai: '0750001U' } });
  });

  it('does not let a parent (reader) list the members of a space', async () => {
    const result = await hub.gql(`query($id: ID!) { space(id: $id) { members { edges { node { id } } } } }`, { id: spaceId }, world.parent.cookie);
    expect(codeOf(result)).toBe('FORBIDDEN');
    expect(result.errors?.[0]?.message).toBe("Les parents ne voient pas la liste des membres de l'espace.");
    expect(ok(await hub.gql<{ space: { myRole: string } }>(`query($id: ID!) { space(id: $id) { myRole } }`, { id: spaceId }, world.parent.cookie))
      .space.myRole).toBe('READER');
  });
});
