import { join } from 'node:path';
import { Browser, chromium } from 'playwright-core';
import { SESSION_COOKIE } from '@passerelle/identity';
import { startTestApi, TestApi, unique } from '../../../test/harness';
import { buildWorld, CREATE_POST, ok, sharedSpace, SpaceWorld } from '../../spaces/test/fixtures';

/**
 * The pages in a real browser (Debian's chromium driven by playwright-core): the keyboard reaches the skip link and
 * then the ENT links with a visible focus ring, the stylesheet applies under the CSP, and a phone gets one column
 * without horizontal scrolling. PORTAL_SCREENSHOTS=<dir> keeps screenshots for a person to look at.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = process.env.PORTAL_SCREENSHOTS;

describe('portal pages in a browser', () => {
  let hub: TestApi;
  let world: SpaceWorld;
  let browser: Browser;

  beforeAll(async () => {
    // The server-rendered home page, as a hub without the built web app serves it (with it, `/` is the app: libs/web-app).
    hub = await startTestApi({ WEB_DIR: '/nonexistent/web-app' });
    world = await buildWorld(hub);
    const spaceId = await sharedSpace(hub, world);
    ok(await hub.gql(CREATE_POST, { input: { spaceId, bodyHtml: '<p>Bienvenue ! Lisez le chapitre 1 pour jeudi.</p>' } }, world.teacher.cookie));
    await hub.dataSource.query(
      `INSERT INTO partner_ent (slug, name, kind, protocol, trust, oidc_settings) VALUES ($1, 'ENT de l''école Jules Ferry', 'ECOLE', 'OIDC', 'HOME',
        '{"issuer": "https://ent.ecole.example", "clientId": "passerelle", "scopes": ["openid"], "allowedAlgorithms": ["RS256"], "endSessionEndpoint": null, "discovered": null, "clientSecretBox": null}'::jsonb)`,
      [unique('ecole-')]);
    // launch() gives the browser a fresh, temporary profile of its own (a user data dir it deletes at close).
    browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('reaches the skip link, then the ENT links, with the keyboard and a visible focus ring; the stylesheet applies', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    const blocked: string[] = [];
    page.on('console', (message) => { if (/Content Security Policy/i.test(message.text())) blocked.push(message.text()); });
    await page.goto(`${hub.url}/`);
    const focused = () => page.evaluate(() => {
      const element = document.activeElement as HTMLElement;
      const style = getComputedStyle(element);
      return { tag: element.tagName, text: element.textContent?.trim() ?? '', href: element.getAttribute('href'),
        outline: `${style.outlineStyle} ${style.outlineWidth}`, visible: element.getBoundingClientRect().top >= 0 };
    });
    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ tag: 'A', text: 'Aller au contenu', outline: 'solid 3px', visible: true });
    await page.keyboard.press('Tab');
    const first = await focused();
    expect(first).toMatchObject({ tag: 'A', text: "ENT de l'école Jules Ferry", outline: 'solid 3px' });
    expect(first.href).toMatch(/^\/auth\/ecole-[0-9a-f]+\/login\?returnTo=%2F$/);
    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ tag: 'A', text: 'ENT du collège', outline: 'solid 3px' });
    // The stylesheet applied (the CSP lets it in): the ENT links are buttons at least 44 px high.
    const height = await page.evaluate(() => document.querySelector('.choices a')!.getBoundingClientRect().height);
    expect(height).toBeGreaterThanOrEqual(44);
    expect(blocked).toEqual([]);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'sign-in-desktop.png'), fullPage: true });
    await page.close();
  });

  it('styles the federation\'s refusal page and the refused administrators\' form the same way, under the CSP', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    const blocked: string[] = [];
    page.on('console', (message) => { if (/Content Security Policy/i.test(message.text())) blocked.push(message.text()); });
    const refusal = await page.goto(`${hub.url}/auth/ent-inconnu/login`);
    expect(refusal!.status()).toBeGreaterThanOrEqual(400);
    expect(await page.textContent('h1')).toBe('Connexion impossible');
    expect(await page.evaluate(() => document.querySelector('a.button')!.getBoundingClientRect().height)).toBeGreaterThanOrEqual(44);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'refusal-desktop.png'), fullPage: true });

    await page.goto(`${hub.url}/`);
    await page.click('summary');
    await page.fill('#identifiant', 'personne');
    await page.fill('#mot-de-passe', 'pas-le-bon-mot-de-passe');
    await page.click('form[action="/connexion"] button');
    expect(await page.textContent('#erreur-connexion')).toBe('Identifiant ou mot de passe incorrect.');
    expect(await page.evaluate(() => (document.querySelector('#mot-de-passe') as HTMLInputElement).value)).toBe('');
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'admin-form-error.png'), fullPage: true });
    expect(blocked).toEqual([]);
    await page.close();
  });

  it('fits a phone: one column, no horizontal scrolling, on the sign-in page and the home page', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${hub.url}/`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'sign-in-phone.png'), fullPage: true });
    const [name, value] = world.pupil2.cookie.split('=');
    expect(name).toBe(SESSION_COOKIE);
    await context.addCookies([{ name, value, url: hub.url }]);
    await page.goto(`${hub.url}/`);
    expect(await page.textContent('h1')).toBe('Bonjour Hugo P.');
    expect(await page.textContent('.posts')).toContain('Bienvenue ! Lisez le chapitre 1 pour jeudi.');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'home-phone.png'), fullPage: true });
    await context.close();
  });
});
