import { Page } from 'playwright-core';
import { waitFor } from '../../../test/processes';
import {
  accessibilityViolations, cookiesOf, createSpaceBeside, demoSpaceId, PERSONAS, sessionCookieOf, signIn, startWebHub, watchConsole, WebHub,
} from '../../../test/web-app';

/**
 * « Discussion » (/espaces/:id/discussion) in Chromium: two browsers chat live (a CM2 pupil by the home ENT, a 6e guest
 * pupil by the SAML partner), the teacher removes a message and it goes in both, the private-message rules (ADR 0018:
 * no « Message privé » between an adult and a pupil of another school), the flood limit's French refusal next to the
 * input, the keyboard alone, axe at 375 and 1280 px, a non-member's French refusal, no CSP violation.
 */
describe('web app: Discussion', () => {
  let hub: WebHub;
  let spaceId: string;
  let teacherCookie: string;
  const opened: Page[] = [];

  beforeAll(async () => {
    hub = await startWebHub();
    [teacherCookie] = await cookiesOf(hub, PERSONAS.teacher);
    spaceId = await demoSpaceId(hub, teacherCookie);
  }, 120_000);
  afterAll(async () => {
    for (const page of opened) await page.context().close().catch(() => undefined);
    await hub?.close();
  });

  const chatPath = () => `/espaces/${spaceId}/discussion`;
  async function openChat(persona: (typeof PERSONAS)[keyof typeof PERSONAS]): Promise<Page> {
    const page = await signIn(hub, persona, { path: chatPath() });
    opened.push(page);
    await page.getByRole('heading', { level: 1, name: 'Discussion' }).waitFor();
    await page.getByRole('log', { name: 'Messages de la discussion' }).waitFor();
    return page;
  }
  const log = (page: Page) => page.getByRole('log', { name: 'Messages de la discussion' });
  async function send(page: Page, label: 'Ton message' | 'Votre message', text: string): Promise<void> {
    await page.getByRole('textbox', { name: label, exact: true }).fill(text);
    await page.getByRole('button', { name: 'Envoyer', exact: true }).click();
    await log(page).getByText(text, { exact: true }).waitFor();
  }

  it('lets a CM2 pupil and a 6e guest pupil (SAML) chat live, each message appearing in the other browser without a reload', async () => {
    const pupil = await openChat(PERSONAS.cm2Pupil);
    const guest = await openChat(PERSONAS.guestPupilSaml);
    const seen = [watchConsole(pupil), watchConsole(guest)];
    const navigations: string[] = [];
    for (const page of [pupil, guest]) page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) navigations.push(frame.url()); });
    expect(await log(pupil).getAttribute('aria-live')).toBe('polite');

    await send(pupil, 'Ton message', 'Salut les 6e, vous avez fini le chapitre 3 ?');
    await log(guest).getByText('Salut les 6e, vous avez fini le chapitre 3 ?', { exact: true }).waitFor();
    await send(guest, 'Ton message', 'Oui ! Le renard est mon personnage préféré.');
    await log(pupil).getByText('Oui ! Le renard est mon personnage préféré.', { exact: true }).waitFor();

    // The newest at the bottom: the guest's reply comes after the pupil's message in both browsers.
    for (const page of [pupil, guest]) {
      const texts = await log(page).locator('.chat-text').allTextContents();
      expect(texts.indexOf('Oui ! Le renard est mon personnage préféré.')).toBeGreaterThan(texts.indexOf('Salut les 6e, vous avez fini le chapitre 3 ?'));
    }
    // Pupils remove nobody else's message.
    expect(await log(guest).getByRole('button', { name: /^Retirer le message de Emma/ }).count()).toBe(0);
    expect(navigations).toEqual([]);
    for (const watched of seen) {
      expect(watched.cspViolations).toEqual([]);
      expect(watched.errors).toEqual([]);
    }
  }, 120_000);

  it('lets a pupil type and send with the keyboard alone: Enter sends, Shift+Enter goes to the line', async () => {
    const pupil = await openChat(PERSONAS.cm2Pupil);
    const guest = await openChat(PERSONAS.guestPupilSaml);
    // Tab from the top of the page to the text box.
    await waitFor('the text box to have the focus', async () => {
      await pupil.keyboard.press('Tab');
      return pupil.evaluate(() => (document.activeElement?.tagName === 'TEXTAREA' ? true : null));
    });
    await pupil.keyboard.type('Première ligne');
    await pupil.keyboard.press('Shift+Enter');
    await pupil.keyboard.type('Deuxième ligne');
    await pupil.keyboard.press('Enter');
    await log(guest).getByText('Première ligne\nDeuxième ligne', { exact: true }).waitFor();
    // The guest may read it (subscription) before the pupil's screen has the hub's answer and empties the box.
    const box = pupil.getByRole('textbox', { name: 'Ton message', exact: true });
    await waitFor('the box to be emptied once sent', async () => ((await box.inputValue()) === '' ? true : null));
    expect(await pupil.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
  }, 120_000);

  it('lets the teacher remove a message, with confirmation, and it disappears in both pupils\' browsers', async () => {
    const pupil = await openChat(PERSONAS.cm2Pupil);
    const guest = await openChat(PERSONAS.guestPupilSaml);
    const text = 'Un message à retirer, écrit par un élève.';
    await send(pupil, 'Ton message', text);
    await log(guest).getByText(text, { exact: true }).waitFor();

    const teacher = await openChat(PERSONAS.teacher);
    const message = log(teacher).locator('li', { hasText: text });
    await message.getByRole('button', { name: `Retirer le message de ${PERSONAS.cm2Pupil.displayName}` }).click();
    await message.getByRole('button', { name: 'Oui, retirer' }).click();
    for (const page of [teacher, pupil, guest]) {
      await log(page).getByText('Message retiré par un modérateur.').first().waitFor();
      await waitFor(`the text to go from ${page === teacher ? 'the teacher' : 'a pupil'}`, async () =>
        ((await log(page).getByText(text, { exact: true }).count()) === 0 ? true : null));
    }
    expect(await accessibilityViolations(teacher)).toEqual([]);
  }, 120_000);

  it('offers « Message privé » only where the API allows it: never between the teacher and a pupil of another school', async () => {
    const updated = await hub.api.gql('mutation($input: UpdateSpaceInput!) { updateSpace(input: $input) { id } }',
      { input: { spaceId, settings: { privateMessagesAllowed: true } } }, teacherCookie);
    expect(updated.errors).toBeUndefined();
    const guest = await openChat(PERSONAS.guestPupilSaml);
    await send(guest, 'Ton message', 'Bonjour à tous, je suis en 6e C.');
    const pupil = await openChat(PERSONAS.cm2Pupil);
    await send(pupil, 'Ton message', 'Bonjour madame !');

    const teacher = await openChat(PERSONAS.teacher);
    // The CM2 pupil (same school): offered. The 6e guest pupil (another school): not offered (ADR 0018).
    const pupilMessage = log(teacher).locator('li', { hasText: 'Bonjour madame !' });
    const guestMessage = log(teacher).locator('li', { hasText: 'Bonjour à tous, je suis en 6e C.' });
    await pupilMessage.getByRole('button', { name: `Message privé à ${PERSONAS.cm2Pupil.displayName}` }).waitFor();
    expect(await guestMessage.getByRole('button', { name: /^Message privé/ }).count()).toBe(0);
    const options = await teacher.getByRole('combobox', { name: 'Écrire à' }).locator('option').allTextContents();
    expect(options).toContain(`${PERSONAS.cm2Pupil.displayName} (message privé)`);
    expect(options.some((option) => option.startsWith(PERSONAS.guestPupilSaml.displayName))).toBe(false);
    // The API refuses it too, with the French reason.
    const guestId = await hub.api.gql<{ space: { members: { edges: { node: { id: string; displayName: string } }[] } } }>(
      'query($id: ID!) { space(id: $id) { members(first: 100) { edges { node { id displayName } } } } }', { id: spaceId }, teacherCookie);
    const lucas = guestId.data!.space.members.edges.find((edge) => edge.node.displayName === PERSONAS.guestPupilSaml.displayName)!.node;
    const refused = await hub.api.gql('mutation($input: SendChatMessageInput!) { sendChatMessage(input: $input) { id } }',
      { input: { spaceId, text: 'Bonjour', recipientId: lucas.id } }, teacherCookie);
    expect(refused.errors?.[0]?.extensions?.code).toBe('PRIVATE_MESSAGES_ADULT_PUPIL_CROSS_SCHOOL');

    // Privately to the CM2 pupil: marked as such for both, never shown to the guest.
    await pupilMessage.getByRole('button', { name: `Message privé à ${PERSONAS.cm2Pupil.displayName}` }).click();
    expect(await teacher.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await teacher.getByRole('textbox', { name: /^Votre message/ }).fill('Emma, peux-tu apporter ton livre demain ?');
    await teacher.getByRole('button', { name: 'Envoyer', exact: true }).click();
    const sent = log(teacher).locator('li', { hasText: 'Emma, peux-tu apporter ton livre demain ?' });
    await sent.locator('.chat-private-badge', { hasText: `Message privé à ${PERSONAS.cm2Pupil.displayName}` }).waitFor();
    const received = log(pupil).locator('li', { hasText: 'Emma, peux-tu apporter ton livre demain ?' });
    await received.locator('.chat-private-badge', { hasText: 'Message privé' }).waitFor();
    await send(guest, 'Ton message', 'Le guest écrit encore.');
    expect(await log(guest).getByText('Emma, peux-tu apporter ton livre demain ?').count()).toBe(0);
    expect(await accessibilityViolations(teacher)).toEqual([]);
  }, 120_000);

  it('shows the flood limit\'s refusal in French next to the input (« tu » to a pupil)', async () => {
    const guest = await openChat(PERSONAS.guestPupilSaml);
    const cookie = await sessionCookieOf(guest.context());
    const box = guest.getByRole('textbox', { name: 'Ton message', exact: true });
    const alert = guest.getByRole('alert').filter({ hasText: 'Tu envoies beaucoup de messages' });
    // Fill the hub's window (10 messages in 10 s) through the API until it refuses one, then send from the screen at
    // once; on a slow machine the window may have moved on meanwhile: then again.
    await waitFor('the flood limit to refuse a message sent from the screen', async () => {
      for (let index = 0; index < 30; index++) {
        const sent = await hub.api.gql('mutation($input: SendChatMessageInput!) { sendChatMessage(input: $input) { id } }',
          { input: { spaceId, text: `Message rapide ${index + 1}` } }, cookie);
        if (sent.errors?.[0]?.extensions?.code === 'TOO_MANY_REQUESTS') break;
      }
      await box.fill('Encore un !');
      await guest.getByRole('button', { name: 'Envoyer', exact: true }).click();
      return alert.waitFor({ timeout: 10_000 }).then(() => true, () => null);
    }, 100_000);
    expect(await guest.getByRole('textbox', { name: 'Ton message', exact: true }).getAttribute('aria-describedby')).toContain(await alert.getAttribute('id'));
    expect(await guest.getByRole('textbox', { name: 'Ton message', exact: true }).inputValue()).toBe('Encore un !');
  }, 180_000);

  it('has no axe violation with messages at 375 px and 1280 px, for a pupil', async () => {
    const pupil = await openChat(PERSONAS.cm2Pupil);
    await log(pupil).locator('li').first().waitFor();
    expect(await accessibilityViolations(pupil)).toEqual([]);
  }, 120_000);

  it('refuses, in French, the chat of a space one is not a member of', async () => {
    const created = await createSpaceBeside(hub, teacherCookie, spaceId, 'Espace des enseignants');
    const page = await signIn(hub, PERSONAS.guestPupilSaml, { path: `/espaces/${created}/discussion` });
    opened.push(page);
    const seen = watchConsole(page);
    await page.getByRole('heading', { level: 1, name: /Accès refusé|Page introuvable/ }).waitFor();
    expect(await page.getByRole('textbox').count()).toBe(0);
    expect(await page.locator('main').textContent()).toMatch(/Tu ne peux pas|tu n’y as plus accès/);
    expect(seen.cspViolations).toEqual([]);
  }, 120_000);
});
