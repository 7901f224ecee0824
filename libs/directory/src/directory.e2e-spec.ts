import { DataSource } from 'typeorm';
import { Role } from '@passerelle/access';
import { dataSourceOptions } from '@passerelle/database';
import { GraphqlResult, startTestApi, TestApi, unique } from '../../../test/harness';
import { validUai } from '../../../test/factories';
import { DIRECTORY_ENTITIES } from './directory.entities.js';
import { PersonOrigin } from './person.entity.js';
import { PeopleService } from './people.service.js';
import { schoolYearOf } from './school-year.js';

/**
 * The directory through the real API (Fastify, GraphQL, PostgreSQL): every query and mutation, as a hub
 * administrator, anonymously and as a signed-in person without the role. Other suites share this run's
 * database, so assertions on lists look at what this suite created.
 */

const STRUCTURE_FIELDS = 'id uai name type academie createdAt';
const CREATE_STRUCTURE = `mutation($input: CreateStructureInput!) { createStructure(input: $input) { ${STRUCTURE_FIELDS} } }`;
const STRUCTURE = `query($id: ID!) { structure(id: $id) { ${STRUCTURE_FIELDS} } }`;
const STRUCTURES = `query($first: Int, $after: String) {
  structures(first: $first, after: $after) { edges { cursor node { id uai } } pageInfo { hasNextPage endCursor } totalCount } }`;
const CREATE_SCHOOL_CLASS = `mutation($input: CreateSchoolClassInput!) {
  createSchoolClass(input: $input) { id level levelLabel label schoolYear structureId structure { id uai name } } }`;
const SCHOOL_CLASSES = `query($structureId: ID!, $first: Int, $after: String) {
  schoolClasses(structureId: $structureId, first: $first, after: $after) {
    edges { cursor node { id label structure { id uai } } } pageInfo { hasNextPage endCursor } totalCount } }`;
const PEOPLE = `query($filter: PeopleFilter, $first: Int, $after: String) {
  people(filter: $filter, first: $first, after: $after) {
    edges { node { id displayName profiles origin structureId } } pageInfo { hasNextPage endCursor } totalCount } }`;

interface StructureNode { id: string; uai: string; name: string; type: string; academie: string | null; createdAt: string }
interface Page<N> { edges: { cursor: string; node: N }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null }; totalCount: number }
interface PersonNode { id: string; displayName: string; profiles: string[]; origin: string; structureId: string | null }

function errorOf(result: GraphqlResult) {
  expect(result.errors).toHaveLength(1);
  return result.errors![0];
}

describe('directory API', () => {
  let hub: TestApi;
  let admin: string;
  let teacher: string;
  let director: string;

  beforeAll(async () => {
    hub = await startTestApi();
    admin = (await hub.adminSession()).cookie;
    teacher = (await hub.personSession([Role.TEACHER])).cookie;
    director = (await hub.personSession([Role.DIRECTOR, Role.TEACHER])).cookie;
  });
  afterAll(() => hub?.close());

  const count = async (sql: string, params: unknown[] = []) => Number((await hub.dataSource.query(sql, params))[0].n);
  /** Other suites write structures at the same time: count by name, and look for jobs about structures that do not exist. */
  const structuresNamed = (name: string) => count('SELECT count(*) AS n FROM structure WHERE name = $1', [name]);
  const orphanStructureJobs = () => count(`SELECT count(*) AS n FROM outbox_job o WHERE o.name = 'structure-created'
    AND NOT EXISTS (SELECT 1 FROM structure s WHERE s.id::text = o.payload->>'structureId')`);

  async function createStructure(input: Record<string, unknown> = {}): Promise<StructureNode> {
    const result = await hub.gql<{ createStructure: StructureNode }>(CREATE_STRUCTURE,
      { input: { uai: validUai(), name: 'École élémentaire du Test', type: 'ECOLE', ...input } }, admin);
    expect(result.errors).toBeUndefined();
    return result.data!.createStructure;
  }

  async function createClass(structureId: string, label: string, extra: Record<string, unknown> = {}) {
    const result = await hub.gql<{ createSchoolClass: { id: string } }>(CREATE_SCHOOL_CLASS,
      { input: { structureId, level: 'CM2', label, schoolYear: '2026-2027', ...extra } }, admin);
    expect(result.errors).toBeUndefined();
    return result.data!.createSchoolClass;
  }

  describe('schema', () => {
    it('maps the entities exactly onto the migrated tables (TypeORM would change nothing)', async () => {
      const dataSource = new DataSource(dataSourceOptions({ url: process.env.TEST_DATABASE_URL!, entities: [...DIRECTORY_ENTITIES] }));
      await dataSource.initialize();
      try {
        const pending = await dataSource.driver.createSchemaBuilder().log();
        expect(pending.upQueries.map((query) => query.query)).toEqual([]);
      } finally {
        await dataSource.destroy();
      }
    });
  });

  describe('createStructure', () => {
    it('adds 0750001U and returns it', async () => {
      // The only suite that writes this UAI: others use validUai().
      const result = await hub.gql<{ createStructure: StructureNode }>(CREATE_STRUCTURE,
        { input: { uai: '0750001U', name: 'Collège de la Brèche', type: 'COLLEGE', academie: 'Paris' } }, admin);
      expect(result.errors).toBeUndefined();
      expect(result.data!.createStructure).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/), uai: '0750001U', name: 'Collège de la Brèche', type: 'COLLEGE',
        academie: 'Paris', createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      });
      const [row] = await hub.dataSource.query('SELECT uai, name, type, academie FROM structure WHERE id = $1', [result.data!.createStructure.id]);
      expect(row).toEqual({ uai: '0750001U', name: 'Collège de la Brèche', type: 'COLLEGE', academie: 'Paris' });
    });

    it('normalises the UAI and trims the name; a blank académie is none', async () => {
      const uai = validUai();
      const created = await createStructure({ uai: `  ${uai.toLowerCase()} `, name: '  École Jean Jaurès  ', academie: '  ' });
      expect(created).toMatchObject({ uai, name: 'École Jean Jaurès', academie: null });
    });

    it('refuses 0750001A as BAD_USER_INPUT naming `uai`, in French, and writes nothing', async () => {
      const name = unique('École fantôme ');
      const result = await hub.gql(CREATE_STRUCTURE, { input: { uai: '0750001A', name, type: 'ECOLE' } }, admin);
      expect(result.data).toBeNull();
      expect(errorOf(result)).toMatchObject({
        message: "La lettre clé de l'UAI 0750001A devrait être U.",
        extensions: { code: 'BAD_USER_INPUT', field: ['input', 'uai'] },
      });
      expect(await structuresNamed(name)).toBe(0);
      expect(await count(`SELECT count(*) AS n FROM structure WHERE uai = '0750001A'`)).toBe(0);
      expect(await orphanStructureJobs()).toBe(0);
    });

    it('refuses a malformed UAI with the reason', async () => {
      const result = await hub.gql(CREATE_STRUCTURE, { input: { uai: '075', name: 'École', type: 'ECOLE' } }, admin);
      expect(errorOf(result)).toMatchObject({
        message: "L'UAI 075 doit comporter 7 chiffres suivis d'une lettre clé (par exemple 0750001U).",
        extensions: { code: 'BAD_USER_INPUT', field: ['input', 'uai'] },
      });
    });

    it('refuses a UAI already in the directory (STRUCTURE_UAI_TAKEN) and writes nothing', async () => {
      const existing = await createStructure();
      const name = unique('Doublon ');
      const result = await hub.gql(CREATE_STRUCTURE,
        { input: { uai: existing.uai.toLowerCase(), name, type: 'ECOLE' } }, admin);
      expect(errorOf(result)).toMatchObject({
        message: `L'UAI ${existing.uai} est déjà enregistré dans l'annuaire.`,
        extensions: { code: 'STRUCTURE_UAI_TAKEN', field: ['input', 'uai'] },
      });
      expect(await structuresNamed(name)).toBe(0);
      expect(await count('SELECT count(*) AS n FROM structure WHERE uai = $1', [existing.uai])).toBe(1);
      expect(await orphanStructureJobs()).toBe(0);
    });

    it('refuses two concurrent creations of one UAI but one', async () => {
      const uai = validUai();
      const results = await Promise.all([1, 2, 3].map((n) => hub.gql(CREATE_STRUCTURE,
        { input: { uai, name: `Course ${n}`, type: 'ECOLE' } }, admin)));
      expect(results.filter((result) => !result.errors)).toHaveLength(1);
      expect(results.filter((result) => result.errors?.[0].extensions?.code === 'STRUCTURE_UAI_TAKEN')).toHaveLength(2);
      expect(await count('SELECT count(*) AS n FROM structure WHERE uai = $1', [uai])).toBe(1);
    });

    it.each([
      ['a blank name', { name: '   ' }, ['input', 'name'], 'Le nom doit comporter de 1 à 200 caractères.'],
      ['a name of 201 characters', { name: 'x'.repeat(201) }, ['input', 'name'], 'Le nom doit comporter de 1 à 200 caractères.'],
      ['an académie of 101 characters', { academie: 'x'.repeat(101) }, ['input', 'academie'], "L'académie ne doit pas dépasser 100 caractères."],
    ])('refuses %s, naming the field', async (_what, override, field, message) => {
      const uai = validUai();
      const result = await hub.gql(CREATE_STRUCTURE, { input: { uai, name: 'École', type: 'ECOLE', ...override } }, admin);
      expect(errorOf(result)).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT', field } });
      expect(await count('SELECT count(*) AS n FROM structure WHERE uai = $1', [uai])).toBe(0);
    });

    it('refuses an unknown structure type at the schema', async () => {
      const result = await hub.gql(CREATE_STRUCTURE, { input: { uai: validUai(), name: 'Lycée', type: 'LYCEE' } }, admin);
      expect(errorOf(result).extensions?.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('structure', () => {
    it('returns a structure by id', async () => {
      const created = await createStructure({ academie: 'Lyon' });
      const result = await hub.gql<{ structure: StructureNode }>(STRUCTURE, { id: created.id }, admin);
      expect(result.errors).toBeUndefined();
      expect(result.data!.structure).toEqual(created);
    });

    it.each([
      ['an unknown id', '00000000-0000-4000-8000-000000000000'],
      ['an id that is no UUID', 'not-a-uuid'],
    ])('answers NOT_FOUND for %s, in French', async (_what, id) => {
      const result = await hub.gql(STRUCTURE, { id }, admin);
      expect(errorOf(result)).toMatchObject({ message: "Cet établissement n'existe pas.", extensions: { code: 'NOT_FOUND' } });
      expect(result.data).toEqual({ structure: null });
    });
  });

  describe('structures', () => {
    it('pages through every structure once, oldest first, with first/after and hasNextPage', async () => {
      const mine = [await createStructure(), await createStructure(), await createStructure()];
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      let total = 0;
      for (;;) {
        const result: GraphqlResult<{ structures: Page<{ id: string }> }> = await hub.gql(STRUCTURES, { first: 2, after }, admin);
        expect(result.errors).toBeUndefined();
        const page: Page<{ id: string }> = result.data!.structures;
        expect(page.edges.length).toBeLessThanOrEqual(2);
        seen.push(...page.edges.map((edge) => edge.node.id));
        total = page.totalCount;
        pages++;
        if (!page.pageInfo.hasNextPage) break;
        expect(page.edges).toHaveLength(2);
        expect(page.pageInfo.endCursor).toBe(page.edges[1].cursor);
        after = page.pageInfo.endCursor;
        if (pages > 500) throw new Error('pagination does not end');
      }
      expect(new Set(seen).size).toBe(seen.length);
      const positions = mine.map((structure) => seen.indexOf(structure.id));
      expect(positions.every((position) => position >= 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      expect(total).toBeGreaterThanOrEqual(seen.length);
      expect(pages).toBeGreaterThanOrEqual(2);
    });

    it('asks for 20 by default and refuses more than 100, naming `first`', async () => {
      const result = await hub.gql<{ structures: Page<unknown> }>(STRUCTURES, {}, admin);
      expect(result.errors).toBeUndefined();
      expect(result.data!.structures.edges.length).toBeLessThanOrEqual(20);
      const refused = await hub.gql(STRUCTURES, { first: 101 }, admin);
      expect(errorOf(refused).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['first'] });
      const negative = await hub.gql(STRUCTURES, { first: -1 }, admin);
      expect(errorOf(negative).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['first'] });
    });

    it('refuses a cursor it did not write as BAD_USER_INPUT on `after`', async () => {
      for (const after of ['bogus', Buffer.from('["x","y"]').toString('base64url'), 'a'.repeat(300)]) {
        const result = await hub.gql(STRUCTURES, { after }, admin);
        expect(errorOf(result)).toMatchObject({ message: 'Curseur invalide.', extensions: { code: 'BAD_USER_INPUT', field: ['after'] } });
      }
    });
  });

  describe('createSchoolClass and schoolClasses', () => {
    it('adds a class and resolves its structure', async () => {
      const structure = await createStructure();
      const result = await hub.gql<{ createSchoolClass: Record<string, unknown> }>(CREATE_SCHOOL_CLASS,
        { input: { structureId: structure.id, level: 'CM2', label: ' CM2 A ', schoolYear: '2026-2027' } }, admin);
      expect(result.errors).toBeUndefined();
      expect(result.data!.createSchoolClass).toEqual({
        id: expect.any(String), level: 'CM2', levelLabel: 'CM2', label: 'CM2 A', schoolYear: '2026-2027',
        structureId: structure.id, structure: { id: structure.id, uai: structure.uai, name: structure.name },
      });
    });

    it('defaults to the school year in progress', async () => {
      const structure = await createStructure({ type: 'COLLEGE' });
      const result = await hub.gql<{ createSchoolClass: { schoolYear: string; levelLabel: string } }>(CREATE_SCHOOL_CLASS,
        { input: { structureId: structure.id, level: 'SIXIEME', label: '6e B' } }, admin);
      expect(result.errors).toBeUndefined();
      expect(result.data!.createSchoolClass).toMatchObject({ schoolYear: schoolYearOf(new Date()), levelLabel: '6e' });
    });

    it('refuses a second class of the same label the same year (SCHOOL_CLASS_LABEL_TAKEN), not another year', async () => {
      const structure = await createStructure();
      await createClass(structure.id, 'CM2 A');
      const result = await hub.gql(CREATE_SCHOOL_CLASS,
        { input: { structureId: structure.id, level: 'CM2', label: 'CM2 A', schoolYear: '2026-2027' } }, admin);
      expect(errorOf(result)).toMatchObject({
        message: "La classe « CM2 A » existe déjà dans cet établissement pour l'année 2026-2027.",
        extensions: { code: 'SCHOOL_CLASS_LABEL_TAKEN', field: ['input', 'label'] },
      });
      await createClass(structure.id, 'CM2 A', { schoolYear: '2027-2028' });
      expect(await count('SELECT count(*) AS n FROM school_class WHERE structure_id = $1', [structure.id])).toBe(2);
    });

    it('answers NOT_FOUND for a structure that does not exist', async () => {
      const result = await hub.gql(CREATE_SCHOOL_CLASS,
        { input: { structureId: '00000000-0000-4000-8000-000000000000', level: 'CM2', label: 'CM2 A' } }, admin);
      expect(errorOf(result)).toMatchObject({ message: "Cet établissement n'existe pas.", extensions: { code: 'NOT_FOUND' } });
    });

    it.each([
      ['a 6e in an école', { level: 'SIXIEME' }, ['input', 'level'], "Une école n'a pas de classe de niveau 6e."],
      ['a malformed school year', { schoolYear: '2026-2028' }, ['input', 'schoolYear'],
        "L'année scolaire doit s'écrire avec deux années consécutives, par exemple 2026-2027."],
      ['a blank label', { label: '  ' }, ['input', 'label'], 'Le libellé de la classe doit comporter de 1 à 100 caractères.'],
      ['a structure id that is no UUID', { structureId: 'nope' }, ['input', 'structureId'], 'Identifiant invalide.'],
    ])('refuses %s, naming the field, and writes nothing', async (_what, override, field, message) => {
      const structure = await createStructure();
      const result = await hub.gql(CREATE_SCHOOL_CLASS,
        { input: { structureId: structure.id, level: 'CM2', label: 'CM2 A', schoolYear: '2026-2027', ...override } }, admin);
      expect(errorOf(result)).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT', field } });
      expect(await count('SELECT count(*) AS n FROM school_class WHERE structure_id = $1', [structure.id])).toBe(0);
    });

    it("pages through a structure's classes with first/after, hasNextPage and totalCount", async () => {
      const structure = await createStructure();
      const other = await createStructure();
      await createClass(other.id, 'Autre');
      const labels = ['CM2 A', 'CM2 B', 'CM2 C', 'CM2 D', 'CM2 E'];
      for (const label of labels) await createClass(structure.id, label);

      const pages: Page<{ label: string; structure: { id: string; uai: string } }>[] = [];
      let after: string | null = null;
      do {
        const result: GraphqlResult<{ schoolClasses: Page<{ label: string; structure: { id: string; uai: string } }> }> =
          await hub.gql(SCHOOL_CLASSES, { structureId: structure.id, first: 2, after }, admin);
        expect(result.errors).toBeUndefined();
        pages.push(result.data!.schoolClasses);
        after = result.data!.schoolClasses.pageInfo.endCursor;
      } while (pages.at(-1)!.pageInfo.hasNextPage && pages.length < 10);

      expect(pages.map((page) => page.edges.map((edge) => edge.node.label))).toEqual([['CM2 A', 'CM2 B'], ['CM2 C', 'CM2 D'], ['CM2 E']]);
      expect(pages.map((page) => page.pageInfo.hasNextPage)).toEqual([true, true, false]);
      expect(pages.map((page) => page.totalCount)).toEqual([5, 5, 5]);
      expect(pages.flatMap((page) => page.edges.map((edge) => edge.node.structure))).toEqual(
        labels.map(() => ({ id: structure.id, uai: structure.uai })));
    });

    it('keeps rows created in the same instant apart (id breaks the tie)', async () => {
      const structure = await createStructure();
      await hub.dataSource.query(
        `INSERT INTO school_class (structure_id, level, label, school_year, created_at)
         SELECT $1, 'CM1', 'Jumelle ' || n, '2026-2027', '2026-09-01T08:00:00.123456Z' FROM generate_series(1, 5) AS n`,
        [structure.id]);
      const seen: string[] = [];
      let after: string | null = null;
      for (let i = 0; i < 5; i++) {
        const result: GraphqlResult<{ schoolClasses: Page<{ label: string }> }> =
          await hub.gql(SCHOOL_CLASSES, { structureId: structure.id, first: 2, after }, admin);
        const page = result.data!.schoolClasses;
        seen.push(...page.edges.map((edge) => edge.node.label));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect([...seen].sort()).toEqual(['Jumelle 1', 'Jumelle 2', 'Jumelle 3', 'Jumelle 4', 'Jumelle 5']);
    });

    it('answers NOT_FOUND for the classes of a structure that does not exist', async () => {
      const result = await hub.gql(SCHOOL_CLASSES, { structureId: '00000000-0000-4000-8000-000000000000' }, admin);
      expect(errorOf(result).extensions?.code).toBe('NOT_FOUND');
    });
  });

  describe('people', () => {
    let structureId: string;
    let otherStructureId: string;
    let classId: string;
    let pupil: { id: string };
    let teacherPerson: { id: string };
    let guest: { id: string };

    beforeAll(async () => {
      const people = hub.api.app.get(PeopleService);
      structureId = (await createStructure()).id;
      otherStructureId = (await createStructure({ type: 'COLLEGE' })).id;
      classId = (await createClass(structureId, 'CM2 Personnes')).id;
      pupil = await people.createPerson({ displayName: 'Léa 100%_Martin', profiles: ['national_elv'], origin: PersonOrigin.HOME, structureId });
      teacherPerson = await people.createPerson({ displayName: 'Paul Durand', profiles: ['National_ENS', 'NATIONAL_DIR'], origin: PersonOrigin.HOME, structureId });
      guest = await people.createPerson({ displayName: 'Zoé Petit', profiles: ['National_ELV'], origin: PersonOrigin.PARTNER, structureId: otherStructureId });
      await people.addClassMember(classId, pupil.id);
      await people.addClassMember(classId, pupil.id); // twice: no error, one membership
      await people.addClassMember(classId, teacherPerson.id);
    });

    async function names(filter: Record<string, unknown>): Promise<string[]> {
      const result = await hub.gql<{ people: Page<PersonNode> }>(PEOPLE, { filter, first: 100 }, admin);
      expect(result.errors).toBeUndefined();
      return result.data!.people.edges.map((edge) => edge.node.displayName);
    }

    it('lists people with their profiles as GraphQL values, oldest first', async () => {
      const result = await hub.gql<{ people: Page<PersonNode> }>(PEOPLE, { filter: { structureId } }, admin);
      expect(result.errors).toBeUndefined();
      expect(result.data!.people.edges.map((edge) => edge.node)).toEqual([
        { id: pupil.id, displayName: 'Léa 100%_Martin', profiles: ['ELV'], origin: 'HOME', structureId },
        { id: teacherPerson.id, displayName: 'Paul Durand', profiles: ['ENS', 'DIR'], origin: 'HOME', structureId },
      ]);
      expect(result.data!.people.totalCount).toBe(2);
    });

    it('filters by profile, origin, class and name', async () => {
      expect(await names({ structureId, profile: 'DIR' })).toEqual(['Paul Durand']);
      expect(await names({ structureId: otherStructureId, origin: 'PARTNER' })).toEqual(['Zoé Petit']);
      expect(await names({ schoolClassId: classId })).toEqual(['Léa 100%_Martin', 'Paul Durand']);
      expect(await names({ schoolClassId: classId, profile: 'ELV' })).toEqual(['Léa 100%_Martin']);
      expect(await names({ structureId, search: 'durAND' })).toEqual(['Paul Durand']);
      // LIKE wildcards typed by people match themselves.
      expect(await names({ structureId, search: '100%_' })).toEqual(['Léa 100%_Martin']);
      expect(await names({ structureId, search: '%' })).toEqual(['Léa 100%_Martin']);
    });

    it('pages people with first/after', async () => {
      const first = await hub.gql<{ people: Page<PersonNode> }>(PEOPLE, { filter: { structureId }, first: 1 }, admin);
      expect(first.data!.people.pageInfo.hasNextPage).toBe(true);
      const second = await hub.gql<{ people: Page<PersonNode> }>(PEOPLE,
        { filter: { structureId }, first: 1, after: first.data!.people.pageInfo.endCursor }, admin);
      expect(second.data!.people.edges.map((edge) => edge.node.id)).toEqual([teacherPerson.id]);
      expect(second.data!.people.pageInfo.hasNextPage).toBe(false);
    });

    it('refuses a malformed id in the filter, naming it', async () => {
      const result = await hub.gql(PEOPLE, { filter: { structureId: 'nope' } }, admin);
      expect(errorOf(result)).toMatchObject({ message: 'Identifiant invalide.', extensions: { code: 'BAD_USER_INPUT', field: ['filter', 'structureId'] } });
    });

    it('keeps people without contact data and refuses unknown profiles', async () => {
      const columns = (await hub.dataSource.query(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'person' ORDER BY ordinal_position`))
        .map((row: { column_name: string }) => row.column_name);
      expect(columns).toEqual(['id', 'display_name', 'profiles', 'origin', 'structure_id', 'created_at', 'updated_at',
        'external_issuer', 'external_subject', 'last_seen_at']);
      const people = hub.api.app.get(PeopleService);
      await expect(people.createPerson({ displayName: 'X', profiles: ['National_INVITE'], origin: PersonOrigin.PARTNER }))
        .rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: ['profiles'] });
      await expect(people.createPerson({ displayName: 'X', profiles: ['National_ELV'], origin: PersonOrigin.HOME,
        structureId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await people.findPerson(pupil.id)).toMatchObject({ id: pupil.id, profiles: ['National_ELV'] });
      expect(await people.findPerson('00000000-0000-4000-8000-000000000000')).toBeNull();
      await expect(people.addClassMember(classId, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await count('SELECT count(*) AS n FROM class_membership WHERE school_class_id = $1', [classId])).toBe(2);
    });

    it('keeps the home-ENT identity a person will sign in with, once per issuer and subject, for HOME people only', async () => {
      const people = hub.api.app.get(PeopleService);
      const externalIdentity = { issuer: 'http://127.0.0.1:3001', subject: unique('sub-') };
      const person = await people.createPerson({ displayName: 'Emma Leroy', profiles: ['National_ELV'], origin: PersonOrigin.HOME,
        externalIdentity });
      expect(person).toMatchObject({ externalIssuer: externalIdentity.issuer, externalSubject: externalIdentity.subject });
      await expect(people.createPerson({ displayName: 'Autre', profiles: ['National_ELV'], origin: PersonOrigin.HOME, externalIdentity }))
        .rejects.toMatchObject({ code: 'PERSON_EXTERNAL_IDENTITY_TAKEN', field: ['externalIdentity'] });
      await expect(people.createPerson({ displayName: 'Invité', profiles: ['National_ELV'], origin: PersonOrigin.PARTNER,
        externalIdentity: { issuer: 'http://127.0.0.1:3001', subject: unique('sub-') } }))
        .rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: ['externalIdentity'] });
    });
  });

  describe('access', () => {
    const operations: [string, string, Record<string, unknown>][] = [
      ['structures', STRUCTURES, {}],
      ['structure', STRUCTURE, { id: '00000000-0000-4000-8000-000000000000' }],
      ['schoolClasses', SCHOOL_CLASSES, { structureId: '00000000-0000-4000-8000-000000000000' }],
      ['people', PEOPLE, {}],
      ['createStructure', CREATE_STRUCTURE, { input: { uai: '0750002V', name: 'Intrus', type: 'ECOLE' } }],
      ['createSchoolClass', CREATE_SCHOOL_CLASS,
        { input: { structureId: '00000000-0000-4000-8000-000000000000', level: 'CM2', label: 'Intrus' } }],
    ];

    it.each(operations)('refuses %s to an anonymous caller (UNAUTHENTICATED)', async (_name, query, variables) => {
      const result = await hub.gql(query, variables);
      expect(errorOf(result)).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    });

    it.each(operations)('refuses %s to a teacher and to a director (FORBIDDEN)', async (_name, query, variables) => {
      for (const cookie of [teacher, director]) {
        const result = await hub.gql(query, variables, cookie);
        expect(errorOf(result)).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
      }
    });

    it('writes nothing for a refused caller', async () => {
      expect(await count(`SELECT count(*) AS n FROM structure WHERE uai = '0750002V'`)).toBe(0);
      expect(await count(`SELECT count(*) AS n FROM school_class WHERE label = 'Intrus'`)).toBe(0);
    });
  });
});
