import { DEMO_SPACE } from '@passerelle/demo';
import sharp from 'sharp';
import {
  accessibilityViolations, focused, PERSONAS, sessionCookieOf, signIn, startWebHub, tabTo, watchConsole, WebHub,
} from '../../../test/web-app';

/**
 * Images in posts (ADR 0022) in Chromium with the demo world: the teacher sends a photo from the editor's « Ajouter une
 * image », describes it, publishes; a CM2 pupil sees the thumbnail (loaded, linked to the full image), axe clean at 375
 * and 1280 px, no CSP violation.
 */
describe('web app: images in posts', () => {
  let hub: WebHub;
  let spaceId: string;
  let teacherCookie: string;

  beforeAll(async () => {
    hub = await startWebHub();
    const teacherPage = await signIn(hub, PERSONAS.teacher);
    const teacher = teacherCookie = await sessionCookieOf(teacherPage.context());
    await teacherPage.context().close();
    const spaces = await hub.api.gql<{ spaces: { edges: { node: { id: string; title: string } }[] } }>(
      '{ spaces(first: 20) { edges { node { id title } } } }', {}, teacher);
    spaceId = spaces.data!.spaces.edges.find((edge) => edge.node.title === DEMO_SPACE.title)!.node.id;
  }, 180_000);
  afterAll(async () => hub?.close());

  it('lets a teacher insert a photo sent on the spot with its description; a pupil sees its thumbnail, linked to the full image', async () => {
    const photo = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#2f6f9f' } }).jpeg()
      .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1' } }).toBuffer();
    const teacher = await signIn(hub, PERSONAS.teacher, { path: `/espaces/${spaceId}` });
    const teacherSeen = watchConsole(teacher);
    await teacher.getByRole('button', { name: 'Écrire un message' }).click();
    const box = teacher.getByRole('textbox', { name: 'Votre message' });
    await box.waitFor();
    await box.click();
    await teacher.keyboard.type('La sortie à la mare');

    const add = teacher.getByRole('button', { name: 'Ajouter une image' });
    expect(await add.getAttribute('aria-expanded')).toBe('false');
    await add.click();
    expect(await add.getAttribute('aria-expanded')).toBe('true');
    const panel = teacher.getByRole('group', { name: 'Ajouter une image' });
    await panel.getByLabel('Ou une image de votre appareil').setInputFiles({ name: 'mare.jpg', mimeType: 'image/jpeg', buffer: photo });
    const alt = panel.getByRole('textbox', { name: 'Décrivez l’image en quelques mots' });
    await alt.waitFor();
    // The focus is in the description; an empty one is refused in French, then Entrée inserts.
    await teacher.waitForFunction(() => document.activeElement?.getAttribute('aria-describedby')?.endsWith('-aide'));
    expect(await alt.evaluate((element) => element === document.activeElement)).toBe(true);
    await teacher.keyboard.press('Enter');
    await panel.getByText('Décrivez l’image en quelques mots avant de l’insérer.').waitFor();
    expect(await accessibilityViolations(teacher)).toEqual([]);
    await alt.fill('Les élèves observent des têtards au bord de la mare');
    await teacher.keyboard.press('Enter');
    await box.locator('img[alt="Les élèves observent des têtards au bord de la mare"]').waitFor();
    expect(await panel.count()).toBe(0);
    await teacher.getByRole('button', { name: 'Publier' }).click();
    await teacher.getByTestId('annonces').filter({ hasText: 'Votre message est publié.' }).waitFor();
    expect(teacherSeen.cspViolations).toEqual([]);
    // On « Modération », the plain-text « Modifier » would lose the image: the post is edited on the wall instead.
    await teacher.goto(`${hub.url}/espaces/${spaceId}/moderation`);
    const recent = teacher.getByRole('article').filter({ has: teacher.locator('img[alt="Les élèves observent des têtards au bord de la mare"]') });
    const onWall = recent.getByRole('link', { name: /^Modifier sur le fil/ });
    expect(await onWall.getAttribute('href')).toMatch(new RegExp(`^/espaces/${spaceId}#post-[0-9a-f-]+$`));
    expect(await recent.getByRole('button', { name: /^Modifier/ }).count()).toBe(0);
    await teacher.context().close();

    const pupil = await signIn(hub, PERSONAS.cm2Pupil, { path: `/espaces/${spaceId}` });
    const seen = watchConsole(pupil);
    const post = pupil.getByRole('article').filter({ hasText: 'La sortie à la mare' });
    const link = post.getByRole('link', { name: 'Les élèves observent des têtards au bord de la mare' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toMatch(/^\/documents\/[0-9a-f-]{36}\/content\?apercu=1$/);
    const image = link.locator('img');
    expect(await image.getAttribute('src')).toMatch(/^\/documents\/[0-9a-f-]{36}\/content\?taille=vignette$/);
    await image.scrollIntoViewIfNeeded();
    await pupil.waitForFunction((element) => (element as HTMLImageElement).complete && (element as HTMLImageElement).naturalWidth > 0,
      await image.elementHandle());
    expect(await image.evaluate((element) => (element as HTMLImageElement).naturalWidth)).toBe(640);
    expect(await accessibilityViolations(pupil)).toEqual([]);
    expect(seen.cspViolations).toEqual([]);
    expect(seen.errors).toEqual([]);
    await pupil.context().close();
  });

  it('works with the keyboard alone: an image of the space chosen in the list, described, published', async () => {
    const drawing = await sharp({ create: { width: 500, height: 400, channels: 3, background: '#d9a441' } }).png().toBuffer();
    const form = new FormData();
    form.append('file', new Blob([drawing], { type: 'image/png' }), 'chateau-fort.png');
    const sent = await fetch(`${hub.url}/spaces/${spaceId}/documents`, { method: 'POST', body: form, headers: { Cookie: teacherCookie, Origin: hub.url } });
    expect(sent.status).toBe(201);

    const page = await signIn(hub, PERSONAS.teacher, { path: `/espaces/${spaceId}` });
    await tabTo(page, 'Écrire un message');
    await page.keyboard.press('Enter');
    const box = page.getByRole('textbox', { name: 'Votre message' });
    await box.waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'textbox');
    await page.keyboard.type('Notre maquette');
    // The toolbar is above the text box: back with Maj+Tab.
    for (let i = 0; i < 10 && (await focused(page)).text !== 'Ajouter une image'; i++) await page.keyboard.press('Shift+Tab');
    expect((await focused(page)).text).toBe('Ajouter une image');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.tagName === 'SELECT');
    expect((await focused(page)).label).toBe('Une image de l’espace');
    await page.getByLabel('Une image de l’espace').selectOption({ label: 'chateau-fort.png' });
    await tabTo(page, 'Choisir cette image');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-describedby')?.endsWith('-aide'));
    await page.keyboard.type('La maquette du château fort en carton');
    await page.keyboard.press('Enter');
    await box.locator('img[alt="La maquette du château fort en carton"]').waitFor();
    await tabTo(page, 'Publier');
    await page.keyboard.press('Enter');
    await page.getByTestId('annonces').filter({ hasText: 'Votre message est publié.' }).waitFor();
    const link = page.getByRole('article').filter({ hasText: 'Notre maquette' }).getByRole('link', { name: 'La maquette du château fort en carton' });
    await link.waitFor();
    await link.focus();
    expect((await focused(page)).href).toMatch(/\/content\?apercu=1$/);
    await page.context().close();
  });

  it('attaches a file sent on the spot as a link to the document (the shared upload code), and the pupil opens it from the post', async () => {
    const page = await signIn(hub, PERSONAS.teacher, { path: `/espaces/${spaceId}` });
    await page.getByRole('button', { name: 'Écrire un message' }).click();
    const box = page.getByRole('textbox', { name: 'Votre message' });
    await box.waitFor();
    await page.keyboard.type('La fiche de la sortie : ');
    await page.getByRole('button', { name: 'Joindre un fichier' }).click();
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
    await page.getByLabel('Ou un fichier de votre appareil').setInputFiles({ name: 'fiche-sortie.pdf', mimeType: 'application/pdf', buffer: pdf });
    await box.getByRole('link', { name: 'fiche-sortie.pdf' }).waitFor();
    await page.getByRole('button', { name: 'Publier' }).click();
    await page.getByTestId('annonces').filter({ hasText: 'Votre message est publié.' }).waitFor();
    await page.context().close();

    const pupil = await signIn(hub, PERSONAS.cm2Pupil, { path: `/espaces/${spaceId}` });
    const link = pupil.getByRole('article').filter({ hasText: 'La fiche de la sortie' }).getByRole('link', { name: 'fiche-sortie.pdf' });
    await link.waitFor();
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^\/documents\/[0-9a-f-]{36}\/content$/);
    const answer = await pupil.request.get(`${hub.url}${href}`);
    expect(answer.status()).toBe(200);
    expect(answer.headers()['content-type']).toBe('application/pdf');
    await pupil.context().close();
  });
});
