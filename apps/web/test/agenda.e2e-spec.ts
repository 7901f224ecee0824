import { DEMO_SPACE } from '@passerelle/demo';
import { Page } from 'playwright-core';
import {
  accessibilityViolations, cookiesOf, createSpaceBeside, demoSpaceId, PERSONAS, sessionCookieOf, signIn, startWebHub, watchConsole, WebHub,
} from '../../../test/web-app';

/**
 * « Agenda » (/espaces/:id/agenda) in Chromium: the teacher adds an event and moves it to another day (the « À venir »
 * list and the month view follow), the CM2 pupil sees it, makes their secret subscription link and copies it, and a
 * fetch without any cookie gets valid iCalendar with the event (renewing the link kills the old one); a pupil cannot plan
 * (no button, the API refuses); a non-member gets the French refusal; axe at 375 and 1280 px on each state; no CSP
 * violation.
 */

/** A day of next month (YYYY-MM-DD): always in the future, and `day` and `day + 5` in the same month. */
function nextMonthDay(day: number): string {
  const now = new Date();
  const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, day));
  return date.toISOString().slice(0, 10);
}
const MONTH_NAMES = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
/** « 3 janvier » as the page writes it (the weekday in front is left to the browser's French calendar). */
const dayMonth = (day: string) => `${Number(day.slice(8))} ${MONTH_NAMES[Number(day.slice(5, 7)) - 1]}`;

/** RFC 5545 as a calendar application reads it: CRLF lines, one VCALENDAR with VERSION and PRODID, balanced components. */
function expectValidICalendar(ics: string): void {
  expect(ics.endsWith('\r\n')).toBe(true);
  const lines = ics.split('\r\n').slice(0, -1);
  expect(lines.every((line) => line.length > 0 && !line.includes('\n'))).toBe(true);
  expect(lines[0]).toBe('BEGIN:VCALENDAR');
  expect(lines[lines.length - 1]).toBe('END:VCALENDAR');
  expect(lines).toContain('VERSION:2.0');
  expect(lines.some((line) => line.startsWith('PRODID:'))).toBe(true);
  const open: string[] = [];
  for (const line of lines) {
    if (line.startsWith('BEGIN:')) open.push(line.slice(6));
    if (line.startsWith('END:')) expect(open.pop()).toBe(line.slice(4));
  }
  expect(open).toEqual([]);
  for (const event of ics.split('BEGIN:VEVENT').slice(1)) {
    for (const property of ['UID:', 'DTSTAMP:', 'DTSTART', 'SUMMARY:']) expect(event).toContain(property);
  }
}

describe('web app: Agenda', () => {
  let hub: WebHub;
  let spaceId: string;
  const first = nextMonthDay(3);
  const moved = nextMonthDay(8);
  const month = first.slice(0, 7);
  const title = 'Visio avec les 6e';

  beforeAll(async () => {
    hub = await startWebHub();
  }, 120_000);
  afterAll(async () => hub?.close());

  async function openAgenda(page: Page, query = `?mois=${month}`): Promise<void> {
    if (!spaceId) {
      const link = page.getByRole('link', { name: DEMO_SPACE.title });
      spaceId = (await link.getAttribute('href'))!.split('/').pop()!;
    }
    await page.goto(`${hub.url}/espaces/${spaceId}/agenda${query}`);
    await page.getByRole('heading', { level: 2, name: 'À venir' }).waitFor();
  }
  const upcoming = (page: Page) => page.getByRole('region', { name: 'À venir' });
  const dayCell = (page: Page, day: string) => page.getByRole('cell', { name: new RegExp(`^\\S+ ${dayMonth(day)}`) });

  it('lets the teacher add an event and move it to another day: the list and the month view follow', async () => {
    const page = await signIn(hub, PERSONAS.teacher);
    const seen = watchConsole(page);
    await openAgenda(page);
    expect(await page.title()).toBe(`Agenda — ${DEMO_SPACE.title} — Passerelle`);
    await page.getByRole('navigation', { name: `Espace ${DEMO_SPACE.title}` }).getByRole('link', { name: 'Agenda' }).waitFor();
    expect(await page.getByRole('table').count()).toBe(1);
    expect(await page.getByRole('columnheader').allTextContents()).toEqual(['Lun', 'Mar', 'Mer', 'Jeu', 'Ven', 'Sam', 'Dim']);
    expect(['list and month', await accessibilityViolations(page)]).toEqual(['list and month', []]);

    await page.getByRole('button', { name: 'Ajouter un évènement' }).click();
    const titleField = page.getByRole('textbox', { name: 'Titre' });
    await titleField.waitFor();
    expect(await titleField.evaluate((element) => element === document.activeElement)).toBe(true);
    // French errors on the fields, focus on the first one.
    await page.getByRole('button', { name: 'Enregistrer l’évènement' }).click();
    await page.getByText('Indiquez un titre.').waitFor();
    await page.getByText('Indiquez la date de l’évènement.').waitFor();
    expect(await titleField.getAttribute('aria-invalid')).toBe('true');
    expect(['form open', await accessibilityViolations(page)]).toEqual(['form open', []]);
    await titleField.fill(title);
    await page.getByLabel('Date', { exact: true }).fill(first);
    await page.getByLabel('Heure de début').fill('10:00');
    await page.getByLabel('Heure de fin').fill('11:30');
    await page.getByLabel('Lieu').fill('Salle informatique');
    await page.getByLabel('Description').fill('Nous parlons du Petit Prince avec la 6e C.');
    await page.getByRole('button', { name: 'Enregistrer l’évènement' }).click();
    await page.getByTestId('annonces').filter({ hasText: `Évènement « ${title} » ajouté.` }).waitFor();

    const item = upcoming(page).getByRole('article', { name: title });
    await item.waitFor();
    expect(await item.textContent()).toContain(dayMonth(first));
    expect(await item.textContent()).toMatch(/10:00 – 11:30/);
    expect(await item.textContent()).toContain('Lieu : Salle informatique');
    expect(await dayCell(page, first).textContent()).toContain(`10:00 ${title}`);

    // Moved to another day with the edit form (the accessible way).
    await item.getByRole('button', { name: `Modifier « ${title} »` }).click();
    expect(['edit form open', await accessibilityViolations(page)]).toEqual(['edit form open', []]);
    await page.getByLabel('Date', { exact: true }).fill(moved);
    await page.getByLabel('Heure de début').fill('14:00');
    await page.getByLabel('Heure de fin').fill('15:00');
    await page.getByRole('button', { name: 'Enregistrer les changements' }).click();
    await page.getByTestId('annonces').filter({ hasText: `Évènement « ${title} » modifié.` }).waitFor();
    await upcoming(page).getByRole('article', { name: title }).filter({ hasText: dayMonth(moved) }).waitFor();
    expect(await upcoming(page).getByRole('article', { name: title }).textContent()).toMatch(/14:00 – 15:00/);
    expect(await dayCell(page, moved).textContent()).toContain(`14:00 ${title}`);
    expect(await dayCell(page, first).textContent()).not.toContain(title);

    // The month in the URL: « Mois suivant » then « Mois précédent ».
    await page.getByRole('button', { name: 'Mois suivant' }).click();
    await page.waitForURL(/\?mois=\d{4}-\d{2}$/);
    expect(page.url()).not.toContain(`mois=${month}`);
    await page.getByRole('button', { name: 'Mois précédent' }).click();
    await page.waitForURL(new RegExp(`\\?mois=${month}$`));
    await dayCell(page, moved).filter({ hasText: title }).waitFor();

    expect(await page.getByText(/^Abonnez-vous/).count()).toBe(1);
    expect(seen.cspViolations).toEqual([]);
    expect(seen.errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('shows the CM2 pupil the event and the .ics link, without the teacher\'s buttons; the API refuses a pupil who plans', async () => {
    const page = await signIn(hub, PERSONAS.cm2Pupil);
    const seen = watchConsole(page);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: hub.url });
    await openAgenda(page);
    const item = upcoming(page).getByRole('article', { name: title });
    await item.waitFor();
    expect(await item.textContent()).toContain(dayMonth(moved));
    expect(await dayCell(page, moved).textContent()).toContain(title);
    expect(await page.getByRole('button', { name: 'Ajouter un évènement' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Modifier|^Supprimer/ }).count()).toBe(0);

    // The secret subscription link (ADR 0023): made on demand, shown once, copied, fetched without any cookie.
    const section = page.getByRole('region', { name: 'Agenda dans un calendrier' });
    expect(await section.getByText(/^Ajoute cet agenda/).count()).toBe(1);
    expect(await section.getByText(/^Ce lien est à toi et il est secret/).count()).toBe(1);
    expect(await section.getByRole('textbox').count()).toBe(0);
    expect(['pupil, no link yet', await accessibilityViolations(page)]).toEqual(['pupil, no link yet', []]);
    await section.getByRole('button', { name: 'Créer mon lien d’abonnement' }).click();
    await page.getByTestId('annonces').filter({ hasText: 'Lien d’abonnement créé.' }).waitFor();
    const link = section.getByRole('textbox', { name: 'Lien d’abonnement (.ics)' });
    await link.waitFor();
    const url = await link.inputValue();
    expect(url).toMatch(new RegExp(`^${hub.url}/agenda/[A-Za-z0-9_-]{43}\\.ics$`));
    expect(await link.evaluate((element) => element === document.activeElement)).toBe(true);
    await section.getByRole('button', { name: 'Copier le lien' }).click();
    await page.getByTestId('annonces').filter({ hasText: 'Lien copié.' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    expect(['pupil, link shown', await accessibilityViolations(page)]).toEqual(['pupil, link shown', []]);

    // What a calendar application gets: no cookie at all, valid iCalendar with the event.
    const feed = await fetch(url, { redirect: 'manual' });
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(feed.headers.get('cache-control')).toBe('private, no-store');
    const ics = await feed.text();
    expectValidICalendar(ics);
    expect(ics).toContain(`SUMMARY:${title}`);
    expect(ics).toMatch(new RegExp(`DTSTART:${moved.replace(/-/g, '')}T\\d{6}Z`));

    // « Renouveler le lien »: a new URL, the old one answers 404 at once.
    await section.getByRole('button', { name: 'Renouveler le lien' }).click();
    await page.getByTestId('annonces').filter({ hasText: 'Nouveau lien créé : l’ancien ne fonctionne plus.' }).waitFor();
    await page.waitForFunction((old) => (document.getElementById('lien-ics') as HTMLInputElement | null)?.value !== old, url);
    const renewed = await link.inputValue();
    expect((await fetch(url)).status).toBe(404);
    expect((await fetch(renewed)).status).toBe(200);
    // After a reload the link is not shown again (the hub keeps only its hash): the page says when it was made.
    await openAgenda(page);
    await section.getByText(/^Tu as créé ton lien le /).waitFor();
    expect(await section.getByRole('textbox').count()).toBe(0);
    await section.getByRole('button', { name: 'Renouveler le lien' }).waitFor();
    expect((await page.request.get(`${hub.url}/spaces/${spaceId}/calendar.ics`)).status()).toBe(200);
    expect(['pupil', await accessibilityViolations(page)]).toEqual(['pupil', []]);

    const refused = await hub.api.gql(`mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`,
      { input: { spaceId, title: 'Fête', startsAt: `${moved}T09:00:00.000Z` } }, await sessionCookieOf(page.context()));
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(seen.cspViolations).toEqual([]);
    expect(seen.errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('lets the teacher delete an event after confirming', async () => {
    const page = await signIn(hub, PERSONAS.teacher);
    await openAgenda(page);
    const item = upcoming(page).getByRole('article', { name: title });
    await item.getByRole('button', { name: `Supprimer « ${title} »` }).click();
    await item.getByText(`Supprimer l’évènement « ${title} » ?`, { exact: false }).waitFor();
    expect(['confirmation', await accessibilityViolations(page)]).toEqual(['confirmation', []]);
    await item.getByRole('button', { name: 'Oui, supprimer' }).click();
    await page.getByTestId('annonces').filter({ hasText: `Évènement « ${title} » supprimé.` }).waitFor();
    expect(await upcoming(page).getByRole('article', { name: title }).count()).toBe(0);
    expect(await dayCell(page, moved).textContent()).not.toContain(title);
    await page.context().close();
  }, 120_000);

  it('answers a space the person is not a member of with the French refusal page', async () => {
    const [teacher] = await cookiesOf(hub, PERSONAS.teacher);
    const created = await createSpaceBeside(hub, teacher, await demoSpaceId(hub, teacher), 'Espace des enseignants');
    const page = await signIn(hub, PERSONAS.cm2Pupil);
    const seen = watchConsole(page);
    await page.goto(`${hub.url}/espaces/${created}/agenda`);
    await page.getByRole('heading', { level: 1, name: 'Accès refusé' }).waitFor();
    expect(await page.getByText('Tu ne peux pas ouvrir cette page.').count()).toBe(1);
    expect(await page.getByRole('table').count()).toBe(0);
    expect(['refusal', await accessibilityViolations(page)]).toEqual(['refusal', []]);
    expect(seen.cspViolations).toEqual([]);
    await page.context().close();
  }, 120_000);
});
