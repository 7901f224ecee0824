import { readFile } from 'node:fs/promises';
import { DEMO_SPACE } from '@passerelle/demo';
import type { Page } from 'playwright-core';
import {
  accessibilityViolations, cookiesOf, createSpaceBeside, PERSONAS, sessionCookieOf, signIn, startWebHub, watchConsole, WebHub,
} from '../../../test/web-app';
import { waitFor } from '../../../test/processes';

/**
 * « Documents » (/espaces/:id/documents) in Chromium with the demo world: the teacher uploads a PDF with the file
 * button (a progress bar, then listed), makes a folder and drops an image into it; the 6e guest pupil (SAML) previews
 * the PDF (Chromium's PDF viewer shows its page) and the image inline and downloads the PDF; rename, versions (an older
 * one downloaded; a held one not downloadable by its pupil) and delete for who may, with a confirmation; a folder renamed;
 * a folder of 55 documents paged with « Voir plus »; the keyboard-only upload; axe at 375 and 1280 px on each state; a non-member's French refusal; no CSP violation.
 */

/** A valid one-page PDF of about `size` bytes (a long comment pads it), so that the upload lasts long enough to be seen. */
function pdf(size: number): Buffer {
  const head = '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n'
    + '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n';
  const tail = 'trailer << /Root 1 0 R >>\n%%EOF\n';
  const padding = `%${'x'.repeat(Math.max(0, size - head.length - tail.length - 2))}\n`;
  return Buffer.from(head + padding + tail, 'latin1');
}

/** A 1×1 PNG (a real image the browser can draw). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

const PROGRAMME = pdf(1024 * 1024);

/**
 * The pages Chromium's PDF viewer shows in the preview frame (its toolbar's « / N »), once it has loaded the document;
 * fails when the frame never becomes the viewer (a blocked frame, a download instead).
 */
async function pdfViewerPages(page: Page): Promise<number> {
  return waitFor('the PDF viewer to show the document', async () => {
    const viewer = page.frames().find((frame) => frame.url().startsWith('chrome-extension://'));
    if (!viewer) return null;
    const text = await viewer.evaluate(() => document.querySelector('pdf-viewer')?.shadowRoot?.querySelector('viewer-toolbar')?.shadowRoot
      ?.querySelector('viewer-page-selector')?.shadowRoot?.textContent ?? '').catch(() => '');
    const match = /\/\s*(\d+)/.exec(text);
    return match && Number(match[1]) > 0 ? Number(match[1]) : null;
  });
}

describe('web app: Documents', () => {
  let hub: WebHub;
  let spaceId: string;
  let documentsPath: string;

  beforeAll(async () => {
    hub = await startWebHub();
    const rows: { id: string }[] = await hub.api.dataSource.query('SELECT id FROM space WHERE title = $1', [DEMO_SPACE.title]);
    spaceId = rows[0].id;
    documentsPath = `/espaces/${spaceId}/documents`;
  }, 120_000);
  afterAll(async () => hub?.close());

  const documentHeading = (page: Page, name: string) => page.getByRole('heading', { level: 3, name, exact: true });

  async function expectAccessible(page: Page, state: string): Promise<void> {
    expect([state, await accessibilityViolations(page)]).toEqual([state, []]);
  }

  it('lets the teacher upload a PDF with the file button (progress shown), make a folder and drop an image into it', async () => {
    const page = await signIn(hub, PERSONAS.teacher, { path: documentsPath });
    const seen = watchConsole(page);
    expect(await page.textContent('h1')).toBe('Documents');
    await page.getByRole('navigation', { name: `Espace ${DEMO_SPACE.title}` }).getByRole('link', { name: 'Documents' }).waitFor();
    await documentHeading(page, DEMO_SPACE.document.filename).waitFor();
    await page.getByText(/^Espace utilisé : .+ sur .+\.$/).waitFor();
    await expectAccessible(page, 'list (teacher)');

    // A slow upload (the browser's own throttling) so that the progress bar is there to be seen.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 512 * 1024 });
    await page.getByRole('button', { name: 'Déposer un fichier' }).setInputFiles({ name: 'programme.pdf', mimeType: 'application/pdf', buffer: PROGRAMME });
    const progress = page.getByRole('progressbar', { name: 'Envoi de programme.pdf' });
    await progress.waitFor();
    expect(await progress.evaluate((element) => element.tagName)).toBe('PROGRESS');
    await documentHeading(page, 'programme.pdf').waitFor();
    await progress.waitFor({ state: 'detached' });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await page.locator('.upload-done', { hasText: 'programme.pdf : fichier déposé.' }).waitFor();
    const card = page.getByRole('listitem').filter({ has: documentHeading(page, 'programme.pdf') });
    expect(await card.textContent()).toMatch(new RegExp(`1\\s?Mo · déposé le .+ par ${PERSONAS.teacher.displayName}`));

    // A folder, then into it: the URL says where (?dossier=), the breadcrumb too.
    await page.getByLabel('Nom du nouveau dossier').fill('Photos de classe');
    await page.getByRole('button', { name: 'Créer le dossier' }).click();
    await page.getByRole('link', { name: 'Photos de classe' }).click();
    await page.waitForURL(/\?dossier=[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 2, name: 'Photos de classe' }).waitFor();
    const breadcrumb = page.getByRole('navigation', { name: 'Dossiers' });
    expect(await breadcrumb.getByRole('link', { name: 'Tous les documents' }).count()).toBe(1);
    expect(await breadcrumb.locator('[aria-current="page"]').textContent()).toBe('Photos de classe');
    expect(await documentHeading(page, 'programme.pdf').count()).toBe(0);
    await page.getByText('Ce dossier est vide.').waitFor();
    await expectAccessible(page, 'empty folder (teacher)');

    // Drag and drop: a drop event carrying a DataTransfer built in the page.
    await page.getByTestId('zone-de-depot').evaluate((zone, base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'lecture.png', { type: 'image/png' }));
      for (const type of ['dragenter', 'dragover', 'drop']) {
        zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
      }
    }, PNG.toString('base64'));
    await documentHeading(page, 'lecture.png').waitFor();
    await expectAccessible(page, 'folder with a document (teacher)');

    // Back goes up to the root.
    await page.goBack();
    await page.getByRole('heading', { level: 2, name: 'Tous les documents' }).waitFor();
    await documentHeading(page, 'programme.pdf').waitFor();
    expect(await documentHeading(page, 'lecture.png').count()).toBe(0);
    expect(seen.cspViolations).toEqual([]);
    expect(seen.errors).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('lets the 6e guest pupil (SAML) preview the PDF and the image inline, download the PDF, and not delete the teacher\'s file', async () => {
    const page = await signIn(hub, PERSONAS.guestPupilSaml, { path: documentsPath });
    const seen = watchConsole(page);
    await documentHeading(page, 'programme.pdf').waitFor();
    await page.getByText(/^Tes fichiers : .+ sur les .+ que tu peux déposer\.$/).waitFor();
    await expectAccessible(page, 'list (pupil)');

    // No button to delete or rename the teacher's file, and the API refuses it.
    expect(await page.getByRole('button', { name: 'Supprimer programme.pdf' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Renommer programme.pdf' }).count()).toBe(0);
    const rows: { id: string }[] = await hub.api.dataSource.query('SELECT id FROM document WHERE space_id = $1 AND name = $2', [spaceId, 'programme.pdf']);
    const refused = await hub.api.gql('mutation($id: ID!) { deleteDocument(id: $id) }', { id: rows[0].id }, await sessionCookieOf(page.context()));
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // The PDF inline, in a titled frame of the route's preview (inline, framed by the hub only).
    const previewed = page.waitForResponse((response) => response.url().endsWith(`/documents/${rows[0].id}/content?apercu=1`));
    await page.getByRole('button', { name: 'Aperçu de programme.pdf' }).click();
    const frame = page.locator('iframe[title="Aperçu de programme.pdf"]');
    await frame.waitFor();
    const response = await previewed;
    expect(response.status()).toBe(200);
    expect(response.headers()['content-disposition']).toMatch(/^inline; /);
    expect(response.headers()['content-type']).toBe('application/pdf');
    expect(response.headers()['x-content-type-options']).toBe('nosniff');
    const policy = await response.headerValue('content-security-policy');
    expect(policy).toContain('sandbox');
    expect(policy).toContain("frame-ancestors 'self'");
    // What the frame shows: Chromium's PDF viewer, with the document's one page (not a blocked frame nor a download).
    expect(await pdfViewerPages(page)).toBe(1);
    await expectAccessible(page, 'PDF preview open (pupil)');

    // The download: the browser's download event, the very bytes.
    const downloading = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Télécharger programme.pdf' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('programme.pdf');
    expect(Buffer.compare(await readFile((await download.path())!), PROGRAMME)).toBe(0);

    // The image, in its folder.
    await page.getByRole('link', { name: 'Photos de classe' }).click();
    await page.getByRole('heading', { level: 2, name: 'Photos de classe' }).waitFor();
    await page.getByRole('button', { name: 'Aperçu de lecture.png' }).click();
    const image = page.getByRole('img', { name: 'Aperçu de lecture.png' });
    await image.waitFor();
    await waitFor('the image to be drawn', () => image.evaluate((element) => ((element as HTMLImageElement).naturalWidth > 0 ? true : null)));
    await expectAccessible(page, 'image preview open (pupil)');

    // A pupil's upload is held for moderation: they read « en attente de validation ».
    await page.getByRole('button', { name: 'Déposer un fichier' }).setInputFiles({ name: 'mon-dessin.png', mimeType: 'image/png', buffer: PNG });
    await page.locator('.upload-done', { hasText: 'mon-dessin.png : ton fichier est déposé, en attente de validation.' }).waitFor();
    const mine = page.getByRole('listitem').filter({ has: documentHeading(page, 'mon-dessin.png') });
    await mine.getByText('en attente de validation').waitFor();
    // Its version is listed with « Télécharger » for them (their own file; other pupils do not see it at all).
    await mine.getByRole('button', { name: 'Versions (1) de mon-dessin.png' }).click();
    await mine.getByText(/^Version 1 — mon-dessin\.png, /).waitFor();
    expect(await mine.getByRole('link', { name: /^Télécharger la version/ }).count()).toBe(1);
    expect(seen.cspViolations).toEqual([]);
    expect(seen.errors).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('lets the teacher add a version, rename and delete a document and delete the empty folder, each deletion confirmed', async () => {
    const page = await signIn(hub, PERSONAS.teacher, { path: documentsPath });
    const seen = watchConsole(page);
    await documentHeading(page, 'programme.pdf').waitFor();

    // Versions: the list, then a new one.
    await page.getByRole('button', { name: 'Versions (1) de programme.pdf' }).click();
    await page.getByText(new RegExp(`^Version 1 — programme\\.pdf, .+ par ${PERSONAS.teacher.displayName}`)).waitFor();
    await page.getByRole('button', { name: 'Déposer une nouvelle version' }).setInputFiles({ name: 'programme-v2.pdf', mimeType: 'application/pdf', buffer: pdf(2000) });
    await documentHeading(page, 'programme-v2.pdf').waitFor();
    const versions = page.getByRole('button', { name: 'Versions (2) de programme-v2.pdf' });
    await versions.waitFor();
    if (await versions.getAttribute('aria-expanded') !== 'true') await versions.click();
    // The older version, downloaded from its own « Télécharger »: its very bytes and its own name.
    const olderDownload = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Télécharger la version 1 de programme-v2.pdf' }).click();
    const older = await olderDownload;
    expect(older.suggestedFilename()).toBe('programme.pdf');
    expect(Buffer.compare(await readFile((await older.path())!), PROGRAMME)).toBe(0);
    await page.getByRole('link', { name: 'Télécharger la version 2 de programme-v2.pdf' }).waitFor();
    await expectAccessible(page, 'versions with downloads (teacher)');

    // Rename and delete in the folder.
    await page.getByRole('link', { name: 'Photos de classe' }).click();
    await page.getByRole('button', { name: 'Renommer lecture.png' }).click();
    const field = page.getByLabel('Nouveau nom');
    await field.fill('Lecture du soir');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await documentHeading(page, 'Lecture du soir.png').waitFor();

    await page.getByRole('button', { name: 'Supprimer Lecture du soir.png' }).click();
    await page.getByText(/^Supprimer « Lecture du soir\.png » et toutes ses versions \?/).waitFor();
    await expectAccessible(page, 'deletion confirmation (teacher)');
    await page.getByRole('button', { name: 'Annuler' }).click();
    await documentHeading(page, 'Lecture du soir.png').waitFor();
    await page.getByRole('button', { name: 'Supprimer Lecture du soir.png' }).click();
    await page.getByRole('button', { name: 'Oui, supprimer' }).click();
    await documentHeading(page, 'Lecture du soir.png').waitFor({ state: 'detached' });

    // The pupil's held upload: a moderator sees it, waiting, and may delete it too.
    await page.getByRole('listitem').filter({ has: documentHeading(page, 'mon-dessin.png') }).getByText('en attente de validation').waitFor();
    await page.getByRole('button', { name: 'Supprimer mon-dessin.png' }).click();
    await page.getByRole('button', { name: 'Oui, supprimer' }).click();
    await documentHeading(page, 'mon-dessin.png').waitFor({ state: 'detached' });

    // The folder is empty now: it may go too.
    await page.getByRole('navigation', { name: 'Dossiers' }).getByRole('link', { name: 'Tous les documents' }).click();
    await page.getByRole('button', { name: 'Supprimer le dossier Photos de classe' }).click();
    await page.getByRole('button', { name: 'Oui, supprimer' }).click();
    await page.getByRole('link', { name: 'Photos de classe' }).waitFor({ state: 'detached' });
    expect(seen.cspViolations).toEqual([]);
    expect(seen.errors).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('lets the teacher rename a folder; a pupil gets no such button', async () => {
    const page = await signIn(hub, PERSONAS.teacher, { path: documentsPath });
    const seen = watchConsole(page);
    await page.getByLabel('Nom du nouveau dossier').fill('Brouillons');
    await page.getByRole('button', { name: 'Créer le dossier' }).click();
    await page.getByRole('link', { name: 'Brouillons' }).waitFor();
    await page.getByRole('button', { name: 'Renommer le dossier Brouillons' }).click();
    const field = page.getByLabel('Nouveau nom du dossier');
    expect(await field.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await field.inputValue()).toBe('Brouillons');
    await field.fill('   ');
    await page.getByRole('button', { name: 'Enregistrer le nom' }).click();
    await page.getByText('Donnez un nom au dossier.').waitFor();
    await expectAccessible(page, 'folder rename with an error (teacher)');
    await field.fill('Sorties scolaires');
    await page.getByRole('button', { name: 'Enregistrer le nom' }).click();
    await page.getByTestId('annonces').filter({ hasText: 'Dossier renommé : Sorties scolaires.' }).waitFor();
    await page.getByRole('link', { name: 'Sorties scolaires' }).waitFor();
    expect(await page.getByRole('link', { name: 'Brouillons' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Sorties scolaires' }).click();
    await page.getByRole('heading', { level: 2, name: 'Sorties scolaires' }).waitFor();
    expect(seen.cspViolations).toEqual([]);
    expect(seen.errors).toEqual([]);
    await page.context().close();

    const pupil = await signIn(hub, PERSONAS.cm2Pupil, { path: documentsPath });
    await pupil.getByRole('link', { name: 'Sorties scolaires' }).waitFor();
    expect(await pupil.getByRole('button', { name: /^Renommer le dossier/ }).count()).toBe(0);
    await pupil.context().close();
  }, 180_000);

  it('pages a folder of 55 documents: 50 first, « Voir plus » shows the 5 others and takes the focus there', async () => {
    const teacher = await signIn(hub, PERSONAS.teacher);
    const cookie = await sessionCookieOf(teacher.context());
    await teacher.context().close();
    const folder = await hub.api.gql<{ createDocumentFolder: { id: string } }>(
      'mutation($spaceId: ID!) { createDocumentFolder(spaceId: $spaceId, name: "Photos de la sortie") { id } }', { spaceId }, cookie);
    expect(folder.errors).toBeUndefined();
    const folderId = folder.data!.createDocumentFolder.id;
    for (let i = 1; i <= 55; i += 1) {
      const res = await hub.api.http.post(`/spaces/${spaceId}/documents?folderId=${folderId}`).set('Origin', hub.url).set('Cookie', cookie)
        .attach('file', PNG, { filename: `photo-${String(i).padStart(2, '0')}.png`, contentType: 'image/png' });
      expect(res.status).toBe(201);
    }
    const page = await signIn(hub, PERSONAS.cm2Pupil, { path: `${documentsPath}?dossier=${folderId}` });
    const seen = watchConsole(page);
    await page.getByRole('heading', { level: 2, name: 'Photos de la sortie' }).waitFor();
    const files = page.getByRole('list', { name: 'Fichiers' }).getByRole('heading', { level: 3 });
    await documentHeading(page, 'photo-55.png').waitFor();
    expect(await files.count()).toBe(50);
    expect(await documentHeading(page, 'photo-05.png').count()).toBe(0);
    await expectAccessible(page, 'a folder of 55 documents, first page (pupil)');
    await page.getByRole('button', { name: 'Voir plus' }).click();
    await documentHeading(page, 'photo-01.png').waitFor();
    expect(await files.count()).toBe(55);
    expect(await files.allTextContents()).toEqual(Array.from({ length: 55 }, (_, i) => `photo-${String(55 - i).padStart(2, '0')}.png`));
    await page.getByTestId('annonces').filter({ hasText: '5 documents de plus.' }).waitFor();
    await waitFor('the focus on the first new document', () =>
      documentHeading(page, 'photo-05.png').evaluate((element) => (element === document.activeElement ? true : null)));
    expect(await page.getByRole('button', { name: 'Voir plus' }).count()).toBe(0);
    await expectAccessible(page, 'a folder of 55 documents, all shown (pupil)');
    expect(seen.cspViolations).toEqual([]);
    expect(seen.errors).toEqual([]);
    await page.context().close();
  }, 240_000);

  it('reaches the file button with the keyboard alone and uploads from it', async () => {
    const page = await signIn(hub, PERSONAS.teacher, { path: documentsPath });
    await documentHeading(page, 'programme-v2.pdf').waitFor();
    const button = page.getByRole('button', { name: 'Déposer un fichier' });
    let reached = false;
    for (let i = 0; i < 60 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await button.evaluate((element) => element === document.activeElement);
    }
    expect(reached).toBe(true);
    // The focus is visible on the button drawn by its label.
    const outline = await page.locator('label.file-button').evaluate((label) => getComputedStyle(label).outlineStyle);
    expect(outline).toBe('solid');
    await page.locator(':focus').setInputFiles({ name: 'au-clavier.pdf', mimeType: 'application/pdf', buffer: pdf(3000) });
    await documentHeading(page, 'au-clavier.pdf').waitFor();
    await page.getByTestId('annonces').filter({ hasText: 'au-clavier.pdf : fichier déposé.' }).waitFor();
    await page.context().close();
  }, 180_000);

  it('answers a pupil who is not a member of a space with the French refusal', async () => {
    const [teacher] = await cookiesOf(hub, PERSONAS.teacher);
    const created = await createSpaceBeside(hub, teacher, spaceId, 'Espace des enseignants');
    const page = await signIn(hub, PERSONAS.cm2Pupil, { path: `/espaces/${created}/documents` });
    const seen = watchConsole(page);
    await page.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor();
    await page.getByText('Cette page n’existe pas, ou tu n’y as plus accès.').waitFor();
    expect(await page.getByRole('button', { name: 'Déposer un fichier' }).count()).toBe(0);
    expect(seen.cspViolations).toEqual([]);
    await page.context().close();
  }, 180_000);
});
