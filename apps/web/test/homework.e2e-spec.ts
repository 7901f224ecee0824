import { DEMO_CM2, DEMO_SPACE } from '@passerelle/demo';
import { Page } from 'playwright-core';
import {
  accessibilityViolations, cookiesOf, createSpaceBeside, demoSpaceId, PERSONAS, sessionCookieOf, signIn, startWebHub, tabTo, watchConsole, WebHub,
} from '../../../test/web-app';
import { waitFor } from '../../../test/processes';

/**
 * « Cahier de textes » (/espaces/:id/devoirs) in Chromium: the teacher adds homework for CM2 A with « Ajouter un
 * devoir », the CM2 pupil ticks « Fait » (saved, announced), the teacher reads « 1 fait » then the pupil's name; a 6e
 * guest does not see CM2 A's homework; a pupil cannot add homework (no button, the API refuses); the keyboard alone
 * does both main actions; axe at 375 and 1280 px on each state; non-members get the French refusal; no CSP violation.
 */

/** A day of next month (YYYY-MM-DD): always due in the future. */
function nextMonthDay(day: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, day)).toISOString().slice(0, 10);
}
/** The next day whose day and month numbers are equal (12/12, 1/1…): typed in a date field the same in any order. */
function nextDayEqualToMonth(): string {
  const date = new Date();
  for (let i = 1; i < 400; i++) {
    date.setUTCDate(date.getUTCDate() + 1);
    if (date.getUTCDate() === date.getUTCMonth() + 1) return date.toISOString().slice(0, 10);
  }
  throw new Error('unreachable');
}
const MONTH_NAMES = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const dayMonth = (day: string) => `${Number(day.slice(8))} ${MONTH_NAMES[Number(day.slice(5, 7)) - 1]}`;

describe('web app: Cahier de textes', () => {
  let hub: WebHub;
  let spaceId: string;
  const due = nextMonthDay(4);
  const title = 'Lire le chapitre 6';
  const pupilName = PERSONAS.cm2Pupil.displayName;

  beforeAll(async () => {
    hub = await startWebHub();
  }, 120_000);
  afterAll(async () => hub?.close());

  async function openHomework(page: Page): Promise<void> {
    if (!spaceId) spaceId = (await page.getByRole('link', { name: DEMO_SPACE.title }).getAttribute('href'))!.split('/').pop()!;
    await page.goto(`${hub.url}/espaces/${spaceId}/devoirs`);
    await page.getByRole('heading', { level: 1, name: 'Cahier de textes' }).waitFor();
    await page.getByRole('navigation', { name: `Espace ${DEMO_SPACE.title}` }).waitFor();
  }
  const homework = (page: Page, name = title) => page.getByRole('article', { name });

  it('lets the teacher add homework for CM2 A with « Ajouter un devoir » (French errors first)', async () => {
    const teacherPage = await signIn(hub, PERSONAS.teacher);
    const teacherSeen = watchConsole(teacherPage);
    await openHomework(teacherPage);
    expect(['teacher list', await accessibilityViolations(teacherPage)]).toEqual(['teacher list', []]);
    await teacherPage.getByRole('button', { name: 'Ajouter un devoir' }).click();
    await teacherPage.getByRole('button', { name: 'Enregistrer le devoir' }).click();
    await teacherPage.getByText('Indiquez un titre.').waitFor();
    await teacherPage.getByText('Indiquez le jour où ce travail est à faire.').waitFor();
    expect(['form open', await accessibilityViolations(teacherPage)]).toEqual(['form open', []]);
    await teacherPage.getByRole('textbox', { name: 'Titre' }).fill(title);
    await teacherPage.getByLabel('À faire pour le').fill(due);
    await teacherPage.getByLabel('Description').fill('Notez une question pour les 6e.');
    await teacherPage.getByLabel('Pour', { exact: true }).selectOption({ label: `La classe ${DEMO_CM2.label}` });
    await teacherPage.getByRole('button', { name: 'Enregistrer le devoir' }).click();
    await teacherPage.getByTestId('annonces').filter({ hasText: `Devoir « ${title} » ajouté` }).waitFor();
    const day = teacherPage.getByRole('region', { name: new RegExp(`^Pour le \\S+ ${dayMonth(due)}$`) });
    await day.getByRole('article', { name: title }).waitFor();
    expect(await homework(teacherPage).textContent()).toContain(`Pour la classe ${DEMO_CM2.label}`);
    expect(await homework(teacherPage).textContent()).toContain('Notez une question pour les 6e.');
    expect(await homework(teacherPage).getByText('0 fait', { exact: true }).count()).toBe(1);
    expect(teacherSeen.cspViolations).toEqual([]);
    expect(teacherSeen.errors).toEqual([]);
    await teacherPage.context().close();
  }, 120_000);

  it('lets the CM2 pupil tick « Fait »: saved through the API, announced, still ticked after a reload', async () => {
    const pupilPage = await signIn(hub, PERSONAS.cm2Pupil);
    const pupilSeen = watchConsole(pupilPage);
    await openHomework(pupilPage);
    expect(await pupilPage.getByRole('button', { name: 'Ajouter un devoir' }).count()).toBe(0);
    expect(await pupilPage.getByRole('button', { name: 'Voir qui a fini' }).count()).toBe(0);
    const done = homework(pupilPage).getByRole('checkbox', { name: 'Fait', exact: true });
    expect(await done.isChecked()).toBe(false);
    expect(['pupil list', await accessibilityViolations(pupilPage)]).toEqual(['pupil list', []]);
    await done.check();
    await pupilPage.getByTestId('annonces').filter({ hasText: `C’est noté : « ${title} » est fait.` }).waitFor();
    await pupilPage.reload();
    await homework(pupilPage).waitFor();
    expect(await homework(pupilPage).getByRole('checkbox', { name: 'Fait', exact: true }).isChecked()).toBe(true);

    expect(pupilSeen.cspViolations).toEqual([]);
    expect(pupilSeen.errors).toEqual([]);
    await pupilPage.context().close();
  }, 120_000);

  it('shows the teacher « 1 fait », then the pupil\'s name behind « Voir qui a fini »', async () => {
    const teacherPage = await signIn(hub, PERSONAS.teacher);
    const teacherSeen = watchConsole(teacherPage);
    await openHomework(teacherPage);
    await homework(teacherPage).getByText('1 fait', { exact: true }).waitFor();
    await homework(teacherPage).getByRole('button', { name: 'Voir qui a fini' }).click();
    await homework(teacherPage).getByRole('listitem').filter({ hasText: pupilName }).waitFor();
    expect(await homework(teacherPage).getByRole('button', { name: 'Voir qui a fini' }).getAttribute('aria-expanded')).toBe('true');
    expect(['names shown', await accessibilityViolations(teacherPage)]).toEqual(['names shown', []]);

    expect(teacherSeen.cspViolations).toEqual([]);
    expect(teacherSeen.errors).toEqual([]);
    await teacherPage.context().close();
  }, 120_000);

  it('keeps CM2 A\'s homework from a 6e guest pupil, and refuses a pupil who adds homework (no button; the API says FORBIDDEN)', async () => {
    const page = await signIn(hub, PERSONAS.guestPupilSaml);
    await openHomework(page);
    await page.getByRole('article').first().waitFor();
    expect(await homework(page).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Ajouter un devoir' }).count()).toBe(0);
    const refused = await hub.api.gql(`mutation($input: CreateHomeworkInput!) { createHomework(input: $input) { id } }`,
      { input: { spaceId, title: 'Exercice', dueOn: due } }, await sessionCookieOf(page.context()));
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const names = await hub.api.gql(`query($id: ID!) { space(id: $id) { homework { edges { node { doneBy { displayName } } } } } }`,
      { id: spaceId }, await sessionCookieOf(page.context()));
    expect(names.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await page.context().close();
  }, 120_000);

  it('lets the teacher add homework and the pupil tick « Fait » with the keyboard alone', async () => {
    const keyboardTitle = 'Préparer trois questions';
    const teacherPage = await signIn(hub, PERSONAS.teacher);
    await openHomework(teacherPage);
    await tabTo(teacherPage, 'Ajouter un devoir', 60);
    await teacherPage.keyboard.press('Enter');
    await waitFor('the title field to have the focus', () => teacherPage.evaluate(() => document.activeElement?.id === 'devoir-titre' || null));
    await teacherPage.keyboard.type(keyboardTitle);
    await teacherPage.keyboard.press('Tab');
    // Day and month equal: the digits fill the date field whatever order the browser's locale gives its parts.
    const keyboardDue = nextDayEqualToMonth();
    await teacherPage.keyboard.type(`${keyboardDue.slice(8)}${keyboardDue.slice(5, 7)}${keyboardDue.slice(0, 4)}`);
    expect(await teacherPage.getByLabel('À faire pour le').inputValue()).toBe(keyboardDue);
    await tabTo(teacherPage, /^Tout l’espace/);
    await teacherPage.keyboard.press('ArrowDown');
    expect(await teacherPage.getByLabel('Pour', { exact: true }).inputValue()).not.toBe('');
    await tabTo(teacherPage, 'Enregistrer le devoir');
    await teacherPage.keyboard.press('Enter');
    await homework(teacherPage, keyboardTitle).waitFor();
    expect(await teacherPage.evaluate(() => document.activeElement?.id)).toBe('ajouter-devoir');
    await teacherPage.context().close();

    const pupilPage = await signIn(hub, PERSONAS.cm2Pupil);
    await openHomework(pupilPage);
    await homework(pupilPage, keyboardTitle).waitFor();
    const target = await homework(pupilPage, keyboardTitle).getByRole('checkbox', { name: 'Fait', exact: true }).getAttribute('id');
    for (let i = 0; i < 80 && await pupilPage.evaluate(() => document.activeElement?.id) !== target; i++) await pupilPage.keyboard.press('Tab');
    expect(await pupilPage.evaluate(() => document.activeElement?.id)).toBe(target);
    await pupilPage.keyboard.press('Space');
    await pupilPage.getByTestId('annonces').filter({ hasText: `C’est noté : « ${keyboardTitle} » est fait.` }).waitFor();
    expect(await homework(pupilPage, keyboardTitle).getByRole('checkbox', { name: 'Fait', exact: true }).isChecked()).toBe(true);
    await pupilPage.context().close();
  }, 120_000);

  it('answers a space the person is not a member of with the French refusal page', async () => {
    const [teacher] = await cookiesOf(hub, PERSONAS.teacher);
    const created = await createSpaceBeside(hub, teacher, await demoSpaceId(hub, teacher), 'Espace sans élèves');
    const page = await signIn(hub, PERSONAS.guestPupilSaml);
    const seen = watchConsole(page);
    await page.goto(`${hub.url}/espaces/${created}/devoirs`);
    await page.getByRole('heading', { level: 1, name: 'Accès refusé' }).waitFor();
    expect(await page.getByText('Tu ne peux pas ouvrir cette page.').count()).toBe(1);
    expect(['refusal', await accessibilityViolations(page)]).toEqual(['refusal', []]);
    expect(seen.cspViolations).toEqual([]);
    await page.context().close();
  }, 120_000);
});
