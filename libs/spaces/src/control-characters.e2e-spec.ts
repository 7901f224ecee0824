import { startTestApi, TestApi } from '../../../test/harness';
import { validUai } from '../../../test/factories';
import { buildWorld, CREATE_COMMENT, CREATE_POST, ok, one, sharedSpace, SpaceWorld } from '../test/fixtures';

/**
 * Control characters in free text: a NUL (U+0000) in a post or a comment used to pass the rich-text rule and reach
 * PostgreSQL, which refused it with a 500. Every text typed into GraphQL is now refused at the door, before any
 * resolver: BAD_USER_INPUT, the field's path, a French message, and nothing written.
 */
describe('control characters in what people type', () => {
  let hub: TestApi;
  let world: SpaceWorld;
  let spaceId: string;
  let postId: string;

  beforeAll(async () => {
    hub = await startTestApi({ REDIS_URL: undefined });
    world = await buildWorld(hub);
    spaceId = await sharedSpace(hub, world, { pupilPostsNeedApproval: false });
    postId = ok(await hub.gql<{ createPost: { id: string } }>(CREATE_POST, { input: { spaceId, bodyHtml: 'Bonjour' } },
      world.teacher.cookie)).createPost.id;
  });
  afterAll(() => hub?.close());

  const count = async (table: string) => (await one<{ n: number }>(hub, `SELECT count(*)::int AS n FROM ${table}`)).n;

  function expectRefused(result: { status: number; data?: unknown; errors?: { message: string; extensions?: { code?: string; field?: (string | number)[] } }[] },
    field: (string | number)[]): void {
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field } });
    expect(result.errors?.[0].message).toMatch(/caractère invisible non autorisé/);
    expect(result.data ?? null).toBeNull();
  }

  it('refuses a NUL in a pupil\'s post and in a comment with BAD_USER_INPUT on the field, and writes nothing', async () => {
    const [posts, comments] = [await count('post'), await count('post_comment')];
    expectRefused(await hub.gql(CREATE_POST, { input: { spaceId, bodyHtml: '<p>Bonjour\u0000</p>' } }, world.pupil.cookie),
      ['input', 'bodyHtml']);
    expectRefused(await hub.gql(CREATE_COMMENT, { input: { postId, bodyHtml: 'Super\u0000 !' } }, world.pupil.cookie),
      ['input', 'bodyHtml']);
    expect([await count('post'), await count('post_comment')]).toEqual([posts, comments]);
  });

  it('refuses the other C0 controls, U+FFFE/U+FFFF and lone surrogates, but keeps tabs and line breaks', async () => {
    for (const bad of ['\u0001', '\u0008', '\u000B', '\u001B', '\u007F', '\uFFFE', '\uFFFF', '\uD800', 'a\uDC00b']) {
      expectRefused(await hub.gql(CREATE_COMMENT, { input: { postId, bodyHtml: `Oui ${bad} !` } }, world.pupil.cookie),
        ['input', 'bodyHtml']);
    }
    ok(await hub.gql(CREATE_COMMENT, { input: { postId, bodyHtml: 'Oui\tbien\r\nsûr 😀' } }, world.pupil.cookie));
  });

  it('refuses them in every other free text: titles, names, chat, homework, events, search, and in the document itself', async () => {
    const cases: [string, Record<string, unknown>, (string | number)[], string][] = [
      ['mutation($input: UpdateSpaceInput!) { updateSpace(input: $input) { id } }',
        { input: { spaceId, title: 'Défi\u0000' } }, ['input', 'title'], world.teacher.cookie],
      ['mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }',
        { input: { spaceId, title: 'Sortie', location: 'Musée\u0000', startsAt: '2027-03-01T09:00:00.000Z' } }, ['input', 'location'], world.teacher.cookie],
      ['mutation($input: CreateHomeworkInput!) { createHomework(input: $input) { id } }',
        { input: { spaceId, title: 'Lire\u0000', dueOn: '2027-03-02' } }, ['input', 'title'], world.teacher.cookie],
      ['mutation($s: ID!, $name: String!) { createDocumentFolder(spaceId: $s, name: $name) { id } }',
        { s: spaceId, name: 'Photos\u0000' }, ['name'], world.teacher.cookie],
      ['mutation($input: SendChatMessageInput!) { sendChatMessage(input: $input) { id } }',
        { input: { spaceId, text: 'Salut\u0000' } }, ['input', 'text'], world.pupil.cookie],
      ['query($q: String!) { search(query: $q) { edges { node { __typename } } } }', { q: 'lecture\u0000' }, ['query'], world.pupil.cookie],
      ['mutation($input: CreateStructureInput!) { createStructure(input: $input) { id } }',
        { input: { uai: validUai(), name: 'École\u0000', type: 'ECOLE' } }, ['input', 'name'], world.admin.cookie],
      ['mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { __typename } }',
        { ids: ['a', 'b\u0000'] }, ['ids', 1], world.pupil.cookie],
    ];
    for (const [query, variables, field, cookie] of cases) {
      const result = await hub.gql(query, variables, cookie);
      expect({ query, code: result.errors?.[0]?.extensions?.code, field: result.errors?.[0]?.extensions?.field })
        .toEqual({ query, code: 'BAD_USER_INPUT', field });
    }
    // Written in the document itself (a GraphQL string escape), on an argument and inside an input object.
    expectRefused(await hub.gql(`mutation { createDocumentFolder(spaceId: "${spaceId}", name: "Photos\\u0000") { id } }`, {},
      world.teacher.cookie), ['name']);
    expectRefused(await hub.gql(`mutation { createPost(input: { spaceId: "${spaceId}", bodyHtml: "Coucou\\u0007" }) { id } }`, {},
      world.pupil.cookie), ['input', 'bodyHtml']);
  });

  it('refuses them on the JSON HTTP routes outside GraphQL too: a JSON sign-in, a query string', async () => {
    const json = await hub.http.post('/auth/local/login').send({ login: 'admin\u0000', password: 'un mot de passe' });
    expect(json.status).toBe(400);
    expect(json.body).toEqual({ code: 'BAD_USER_INPUT', message: 'Ce texte contient un caractère invisible non autorisé (U+0000).',
      field: ['login'] });
    const query = await hub.http.get('/auth/session?returnTo=%2F%07');
    expect(query.status).toBe(400);
    expect(query.body).toMatchObject({ code: 'BAD_USER_INPUT', field: ['query', 'returnTo'] });
  });

  it('answers the portal\'s sign-in form with its French page, the reason tied to the field, not a JSON 400', async () => {
    for (const [body, message, field] of [
      ['login=admin&password=mot%00de%00passe', 'Le mot de passe contient un caractère invisible non autorisé (U+0000).', 'password'],
      ['login=ad%00min&password=un-mot-de-passe', "L'identifiant contient un caractère invisible non autorisé (U+0000).", 'login'],
    ]) {
      const form = await hub.http.post('/connexion').type('form').set('Origin', hub.config.PUBLIC_URL).send(body);
      expect(form.status).toBe(400);
      expect(form.headers['content-type']).toMatch(/^text\/html/);
      expect(form.text).toContain('<html lang="fr">');
      expect(form.text).toContain(`role="alert">${message.replace("'", '&#39;')}</p>`);
      expect(form.text).toMatch(new RegExp(`name="${field}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="${field}"`));
    }
    // Neither does a federation route (a browser's navigation): the sign-in starts, returnTo ignored.
    const start = await hub.http.get('/auth/unknown-partner/login?returnTo=%2F%07');
    expect(start.headers['content-type']).toMatch(/^text\/html/);
  });
});
