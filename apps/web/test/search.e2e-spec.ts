import { DEMO_SPACE } from '@passerelle/demo';
import { Page as BrowserPage } from 'playwright-core';
import {
  accessibilityViolations, focused, PERSONAS, sessionCookieOf, signIn, startWebHub, tabTo, waitForHeadingFocus, watchConsole, WebHub,
} from '../../../test/web-app';

/**
 * « Rechercher » in Chromium: French full-text search across my spaces (a plural finds the singular), results grouped
 * by kind with the matched words in <mark>, each a link to where it lives; the count said by the live region; the
 * URL holds q (Back works); what a member wrote is shown as text, never as HTML; keyboard only; axe; CSP.
 */
describe('web app: Rechercher', () => {
  let hub: WebHub;
  let spaceId: string;

  beforeAll(async () => {
    hub = await startWebHub();
  }, 120_000);
  afterAll(async () => hub?.close());

  async function demoSpaceId(page: BrowserPage): Promise<string> {
    const cookie = await sessionCookieOf(page.context());
    const result = await hub.api.gql<{ spaces: { edges: { node: { id: string; title: string } }[] } }>(
      '{ spaces(first: 20) { edges { node { id title } } } }', {}, cookie);
    return result.data!.spaces.edges.find((edge) => edge.node.title === DEMO_SPACE.title)!.node.id;
  }

  async function search(page: BrowserPage, words: string): Promise<void> {
    await page.getByRole('searchbox', { name: 'Mots à chercher' }).fill(words);
    await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
  }

  it('finds the singular of a plural across my spaces, grouped by kind, marked, announced, and follows one', async () => {
    const page = await signIn(hub, PERSONAS.cm2Pupil, { path: '/recherche' });
    const seen = watchConsole(page);
    spaceId = await demoSpaceId(page);
    expect(await page.textContent('h1')).toBe('Rechercher');
    await search(page, 'livres');
    await page.waitForURL(`${hub.url}/recherche?q=livres`);
    // « livres » finds the pupil's post « J'ai fini le livre ! » (French stemming) and the document liste-des-livres.pdf.
    await page.getByRole('heading', { level: 2, name: /^Messages/ }).waitFor();
    await page.getByRole('heading', { level: 2, name: /^Documents/ }).waitFor();
    const announced = await page.getByTestId('annonces').filter({ hasText: /^\d+ résultats? pour « livres »\./ }).textContent();
    const count = Number(/^(\d+)/.exec(announced!)![1]);
    expect(count).toBeGreaterThanOrEqual(2);
    expect(await page.locator('.search-count').textContent()).toBe(`${count} résultats pour « livres ».`);
    const messages = page.getByRole('region', { name: /^Messages/ });
    expect(await messages.locator('mark').allTextContents()).toContain('livre');
    expect(await page.getByRole('region', { name: /^Documents/ }).locator('mark').allTextContents()).toContain('livres');
    const link = messages.getByRole('link', { name: `Message dans « ${DEMO_SPACE.title} »` }).first();
    expect(await link.getAttribute('href')).toBe(`/espaces/${spaceId}`);
    expect(await page.getByRole('region', { name: /^Documents/ }).getByRole('link').first().getAttribute('href'))
      .toBe(`/espaces/${spaceId}/documents`);
    expect(await accessibilityViolations(page)).toEqual([]);

    await link.click();
    await page.waitForURL(`${hub.url}/espaces/${spaceId}`);
    await waitForHeadingFocus(page);
    // Back: the same search, from the URL.
    await page.goBack();
    await page.waitForURL(`${hub.url}/recherche?q=livres`);
    await page.getByRole('heading', { level: 2, name: /^Messages/ }).waitFor();
    expect(await page.getByRole('searchbox', { name: 'Mots à chercher' }).inputValue()).toBe('livres');
    expect(seen.cspViolations).toEqual([]);
    expect(seen.errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('says « Aucun résultat pour … » in French, announced, with no axe violation', async () => {
    const page = await signIn(hub, PERSONAS.guestPupilSaml, { path: '/recherche?q=zorglubinette' });
    const seen = watchConsole(page);
    await page.getByText('Aucun résultat pour « zorglubinette ».', { exact: true }).first().waitFor();
    await page.getByTestId('annonces').filter({ hasText: /^Aucun résultat pour « zorglubinette »\./ }).waitFor();
    expect(await page.getByText('Vérifie l’orthographe, ou essaie un autre mot.').count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    // Too short: the form says why, in « tu », and searches nothing.
    await search(page, 'a');
    await page.getByText('Écris au moins 2 lettres ou chiffres.').waitFor();
    expect(await page.getByRole('searchbox', { name: 'Mots à chercher' }).getAttribute('aria-invalid')).toBe('true');
    expect(page.url()).toBe(`${hub.url}/recherche?q=zorglubinette`);
    expect(seen.cspViolations).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('shows what a member wrote as text: markup in a post never becomes HTML in the results', async () => {
    const teacherPage = await signIn(hub, PERSONAS.teacher);
    const teacher = await sessionCookieOf(teacherPage.context());
    spaceId ??= await demoSpaceId(teacherPage);
    const posted = await hub.api.gql('mutation($input: CreatePostInput!) { createPost(input: $input) { id } }',
      { input: { spaceId, bodyHtml: '<p>Nos crocodiles &lt;img src=x onerror=alert(1)&gt; &lt;b&gt;gras&lt;/b&gt;</p>' } }, teacher);
    expect(posted.errors).toBeUndefined();
    await teacherPage.context().close();

    const page = await signIn(hub, PERSONAS.cm2Pupil, { path: '/recherche?q=crocodile' });
    const results = page.getByRole('region', { name: /^Messages/ });
    await results.locator('mark', { hasText: 'crocodiles' }).waitFor();
    // The excerpt is the post's text: the markup the member typed is shown as characters, never parsed.
    expect(await results.locator('.search-excerpt').first().textContent()).toMatch(/^Nos crocodiles <img src=x onerror=alert\(1\)> /);
    expect(await results.locator('img, b').count()).toBe(0);
    await page.context().close();
  }, 120_000);

  it('works with the keyboard alone: search, then open a result', async () => {
    const page = await signIn(hub, PERSONAS.cm2Pupil);
    await tabTo(page, 'Rechercher');
    expect((await focused(page)).href).toBe('/recherche');
    await page.keyboard.press('Enter');
    expect(await waitForHeadingFocus(page)).toBe('Rechercher');
    await page.keyboard.press('Tab');
    expect((await focused(page)).tag).toBe('INPUT');
    await page.keyboard.type('planètes');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${hub.url}/recherche?q=plan%C3%A8tes`);
    await page.getByRole('region', { name: /^Messages/ }).locator('mark', { hasText: 'planète' }).waitFor();
    await tabTo(page, `Message dans « ${DEMO_SPACE.title} »`);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/espaces\/[0-9a-f-]+$/);
    await waitForHeadingFocus(page);
    await page.context().close();
  }, 120_000);
});
