import { DEMO_DIRECTOR, DEMO_ECOLE, DEMO_JEAN_MOULIN } from '@passerelle/demo';
import { Page } from 'playwright-core';
import { waitFor } from '../../../test/processes';
import {
  accessibilityViolations, cookiesOf, createSpaceBeside, demoSpaceId, focused, PERSONAS, signIn, startWebHub, tabTo, watchConsole, WebHub,
} from '../../../test/web-app';

/**
 * « Membres » (/espaces/:id/membres) in Chromium: members by school with name and profile only; the teacher (owner)
 * changes a member's role, removes a guest cohort (asked first) and adds it back from the candidates with the keyboard
 * alone; a pupil sees the list without an owner's action; axe at 375 and 1280 px (list, form open); a non-member's
 * French refusal; no CSP violation.
 */
describe('web app: Membres', () => {
  let hub: WebHub;
  let spaceId: string;
  let teacherCookie: string;
  const opened: Page[] = [];
  const director = `${DEMO_DIRECTOR.givenName} ${DEMO_DIRECTOR.familyName}`;
  const jeanMoulinCohort = `Liaison CM2–6e : ${DEMO_ECOLE.name} et ${DEMO_JEAN_MOULIN.name} : tous les invités`;

  beforeAll(async () => {
    hub = await startWebHub();
    [teacherCookie] = await cookiesOf(hub, PERSONAS.teacher);
    spaceId = await demoSpaceId(hub, teacherCookie);
  }, 120_000);
  afterAll(async () => {
    for (const page of opened) await page.context().close().catch(() => undefined);
    await hub?.close();
  });

  async function openMembers(persona: (typeof PERSONAS)[keyof typeof PERSONAS]): Promise<Page> {
    const page = await signIn(hub, persona, { path: `/espaces/${spaceId}/membres` });
    opened.push(page);
    await page.getByRole('heading', { level: 1, name: 'Membres' }).waitFor();
    await page.getByRole('heading', { level: 2, name: new RegExp(`^${DEMO_ECOLE.name}`) }).waitFor();
    return page;
  }

  it('shows a pupil the members by school with their name and profile, and no owner\'s action', async () => {
    // The SAML guest signs in once: a bound guest is a member the list shows, under their collège.
    const guest = await openMembers(PERSONAS.guestPupilSaml);
    const pupil = await openMembers(PERSONAS.cm2Pupil);
    const seen = watchConsole(pupil);
    await pupil.reload();
    await pupil.getByRole('heading', { level: 2, name: new RegExp(`^${DEMO_ECOLE.name}`) }).waitFor();
    const school = pupil.locator('section', { has: pupil.getByRole('heading', { level: 2, name: new RegExp(`^${DEMO_ECOLE.name}`) }) });
    await school.getByText(`${PERSONAS.teacher.displayName} · enseignant·e · responsable de l’espace`).waitFor();
    await school.getByText(`${PERSONAS.cm2Pupil.displayName} · élève`).waitFor();
    await pupil.getByRole('heading', { level: 2, name: /^Collège Victor Hugo/ }).waitFor();
    await pupil.getByText(`${PERSONAS.guestPupilSaml.displayName} · élève`).waitFor();
    expect(await pupil.locator('main').textContent()).toContain('Tu vois leur nom');
    expect(await pupil.getByRole('button', { name: 'Ajouter des membres' }).count()).toBe(0);
    expect(await pupil.getByRole('button', { name: /^Retirer/ }).count()).toBe(0);
    expect(await pupil.getByRole('combobox').count()).toBe(0);
    expect(await pupil.getByRole('heading', { name: 'Classes et groupes d’invités' }).count()).toBe(0);
    expect(await accessibilityViolations(pupil)).toEqual([]);
    expect(seen.cspViolations).toEqual([]);
    expect(seen.errors).toEqual([]);
    await guest.context().close();
  }, 120_000);

  it('lets the teacher (owner) change the role of a teacher of the school, and says when a role comes from elsewhere', async () => {
    // A second teacher of the école, added by name as moderator (the demo's home ENT signs in one teacher only).
    const structure = await hub.api.gql<{ space: { structure: { id: string } } }>('query($id: ID!) { space(id: $id) { structure { id } } }',
      { id: spaceId }, teacherCookie);
    const [{ id: colleagueId }] = await hub.api.dataSource.query(`INSERT INTO person (display_name, profiles, origin, structure_id)
      VALUES ('Claire Petit', ARRAY['National_ENS'], 'HOME', $1) RETURNING id`, [structure.data!.space.structure.id]);
    const added = await hub.api.gql('mutation($input: AddSpaceMembersInput!) { addSpaceMembers(input: $input) { id } }',
      { input: { spaceId, people: [{ personId: colleagueId, role: 'MODERATOR' }] } }, teacherCookie);
    expect(added.errors).toBeUndefined();

    const teacher = await openMembers(PERSONAS.teacher);
    const seen = watchConsole(teacher);
    const row = teacher.locator('li.member', { hasText: 'Claire Petit' });
    await row.getByText('Claire Petit · enseignant·e · modérateur·rice').waitFor();
    await row.getByRole('combobox', { name: 'Rôle de Claire Petit' }).selectOption({ label: 'responsable de l’espace' });
    await row.getByRole('button', { name: 'Changer le rôle de Claire Petit' }).click();
    await row.getByText('Claire Petit · enseignant·e · responsable de l’espace').waitFor();
    await teacher.getByTestId('annonces').filter({ hasText: 'Claire Petit : responsable de l’espace.' }).waitFor();
    const roles = await hub.api.gql<{ space: { members: { edges: { node: { id: string; role: string } }[] } } }>(
      'query($id: ID!) { space(id: $id) { members(first: 100) { edges { node { id role } } } } }', { id: spaceId }, teacherCookie);
    expect(roles.data!.space.members.edges.find((edge) => edge.node.id === colleagueId)!.node.role).toBe('OWNER');

    // The director owns the school's spaces whatever his role by name: the screen says so.
    const directorRow = teacher.locator('li.member', { hasText: director });
    await directorRow.getByRole('combobox', { name: `Rôle de ${director}` }).selectOption({ label: 'modérateur·rice' });
    await directorRow.getByRole('button', { name: `Changer le rôle de ${director}` }).click();
    await teacher.getByRole('alert').filter({ hasText: `${director} reste responsable de l’espace` }).waitFor();
    // No action on oneself.
    expect(await teacher.getByRole('combobox', { name: `Rôle de ${PERSONAS.teacher.displayName}` }).count()).toBe(0);
    expect(seen.cspViolations).toEqual([]);
  }, 120_000);

  it('lets the teacher remove a guest cohort, asked first, and add it back from the candidates with the keyboard alone', async () => {
    const teacher = await openMembers(PERSONAS.teacher);
    const groups = teacher.locator('section', { has: teacher.getByRole('heading', { level: 2, name: 'Classes et groupes d’invités' }) });
    const cohort = groups.locator('li', { hasText: jeanMoulinCohort });
    await cohort.waitFor();
    await cohort.getByRole('button', { name: `Retirer ${jeanMoulinCohort}` }).click();
    // Asked first: « Annuler » keeps it.
    await cohort.getByRole('button', { name: 'Annuler' }).click();
    await cohort.getByRole('button', { name: `Retirer ${jeanMoulinCohort}` }).click();
    await cohort.getByRole('button', { name: 'Oui, retirer' }).click();
    await waitFor('the cohort to leave the list', async () => ((await groups.locator('li', { hasText: jeanMoulinCohort }).count()) === 0 ? true : null));

    // Back with the keyboard alone: « Ajouter des membres », the cohort's box, « Ajouter ».
    await teacher.locator('h1').focus();
    await tabTo(teacher, 'Ajouter des membres');
    await teacher.keyboard.press('Enter');
    const form = teacher.getByRole('form', { name: 'Ajouter des membres' });
    await form.getByRole('checkbox', { name: new RegExp(`^${jeanMoulinCohort}`) }).waitFor();
    expect(await accessibilityViolations(teacher)).toEqual([]);
    await teacher.locator('h1').focus();
    await waitFor('the cohort\'s box to have the focus', async () => {
      await teacher.keyboard.press('Tab');
      return teacher.evaluate((name) => {
        const element = document.activeElement as HTMLInputElement | null;
        return element?.type === 'checkbox' && element.labels?.[0]?.textContent?.startsWith(name) ? true : null;
      }, jeanMoulinCohort);
    });
    await teacher.keyboard.press('Space');
    await tabTo(teacher, 'Ajouter');
    expect((await focused(teacher)).tag).toBe('BUTTON');
    await teacher.keyboard.press('Enter');
    await groups.locator('li', { hasText: jeanMoulinCohort }).waitFor();
    await teacher.getByTestId('annonces').filter({ hasText: `Ajouté à l’espace : ${jeanMoulinCohort}.` }).waitFor();
    expect(await teacher.evaluate(() => document.activeElement?.textContent)).toBe('Ajouter des membres');
  }, 120_000);

  it('has no axe violation on the owner\'s list at 375 px and 1280 px', async () => {
    const teacher = await openMembers(PERSONAS.teacher);
    await teacher.getByRole('heading', { level: 2, name: 'Classes et groupes d’invités' }).waitFor();
    expect(await accessibilityViolations(teacher)).toEqual([]);
  }, 120_000);

  it('refuses, in French, the members of a space one is not a member of', async () => {
    const created = await createSpaceBeside(hub, teacherCookie, spaceId, 'Espace des enseignants');
    const page = await signIn(hub, PERSONAS.cm2Pupil, { path: `/espaces/${created}/membres` });
    opened.push(page);
    await page.getByRole('heading', { level: 1, name: /Accès refusé|Page introuvable/ }).waitFor();
    expect(await page.locator('main').textContent()).toMatch(/Tu ne peux pas|tu n’y as plus accès/);
    expect(await page.getByRole('button', { name: 'Ajouter des membres' }).count()).toBe(0);
  }, 120_000);
});
