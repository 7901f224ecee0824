import AxeBuilder from '@axe-core/playwright';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { DEMO_CM2_PUPILS, DEMO_DIRECTOR, DEMO_ECOLE, DEMO_JEAN_MOULIN, DEMO_SPACE, DEMO_TEACHER, DEMO_VICTOR_HUGO, DEMO_VICTOR_HUGO_PEOPLE }
  from '@passerelle/demo';
import { startTestApi, TestApi } from './harness';
import { FAILURE_REPORT } from './jest-environment';
import { freePort, ROOT, waitFor } from './processes';

/**
 * The web app in a real browser (Debian's chromium driven by playwright-core), for the tests of apps/web/e2e:
 * - `startWebHub()`: the real API with the demo world (its three local identity providers on free ports), serving the
 *   app that `npm test` built into dist/web;
 * - `signIn(hub, persona)`: a new browser context signed in as a person, the way people do it — the sign-in page, the
 *   ENT link, the ENT's own login page — CM2 pupil and teacher and director by the home ENT (OIDC), a 6e guest pupil by
 *   Collège Victor Hugo (SAML) or Jean Moulin (OIDC);
 * - `expectAccessible(page)`: axe-core (WCAG 2.1 A and AA rules) at 375 px and 1280 px, 0 violations;
 * - `watchConsole(page)`: every console error and CSP violation the page reports;
 * - keyboard helpers: what has the focus, Tab until a named element has it;
 * - set-ups through the API: `cookiesOf(hub, ...personas)` (each signed in once, for `gqlOk`), `demoSpaceId`, and
 *   `createSpaceBeside` (a space of the same school without its pupils, for the refusal pages).
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const PHONE = { width: 375, height: 740 } as const;
export const DESKTOP = { width: 1280, height: 800 } as const;

export interface Persona {
  readonly label: string;
  /** The ENT link's name on the sign-in page. */
  readonly ent: string;
  readonly protocol: 'OIDC' | 'SAML';
  /** The name the ENT's login page shows (a button over OIDC, a link over SAML). */
  readonly name: string;
  readonly displayName: string;
}

const [emma] = DEMO_CM2_PUPILS;
const [lucas] = DEMO_VICTOR_HUGO_PEOPLE;
const full = (person: { givenName: string; familyName: string }) => `${person.givenName} ${person.familyName}`;

export const PERSONAS = {
  /** A CM2 pupil of the école, by the home ENT (OIDC). */
  cm2Pupil: { label: 'CM2 pupil', ent: DEMO_ECOLE.entName, protocol: 'OIDC', name: full(emma), displayName: full(emma) },
  /** The CM2 teacher, owner of the demo space. */
  teacher: { label: 'teacher', ent: DEMO_ECOLE.entName, protocol: 'OIDC', name: full(DEMO_TEACHER), displayName: full(DEMO_TEACHER) },
  director: { label: 'director', ent: DEMO_ECOLE.entName, protocol: 'OIDC', name: full(DEMO_DIRECTOR), displayName: full(DEMO_DIRECTOR) },
  /** A 6e pupil of Collège Victor Hugo, a guest through the SAML partner. */
  guestPupilSaml: { label: '6e guest pupil (SAML)', ent: DEMO_VICTOR_HUGO.entName, protocol: 'SAML', name: full(lucas), displayName: full(lucas) },
  /** A 6e pupil of Collège Jean Moulin, a guest through the OIDC partner. */
  guestPupilOidc: { label: '6e guest pupil (OIDC)', ent: DEMO_JEAN_MOULIN.entName, protocol: 'OIDC', name: 'Léa Martin', displayName: 'Léa Martin' },
} as const satisfies Record<string, Persona>;

export interface WebHub {
  readonly api: TestApi;
  readonly url: string;
  readonly browser: Browser;
  close(): Promise<void>;
}

export async function startWebHub(overrides: Record<string, string | undefined> = {}): Promise<WebHub> {
  if (!existsSync(join(ROOT, 'dist/web/index.html'))) throw new Error('dist/web is missing: run the tests with `npm test` (it builds the web app)');
  const [port, home, oidc, saml] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const url = `http://127.0.0.1:${port}`;
  // Jobs in-process (no REDIS_URL): notifications go out as soon as the outbox is drained (api.drainOutbox()).
  const api = await startTestApi({
    REDIS_URL: undefined, PORT: String(port), PUBLIC_URL: url, DEMO: 'true', DEMO_HOME_IDP_PORT: String(home), DEMO_OIDC_IDP_PORT: String(oidc),
    DEMO_SAML_IDP_PORT: String(saml), ...overrides,
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  }).catch(async (error: unknown) => {
    await api.close();
    throw error;
  });
  (globalThis as Record<string, unknown>)[FAILURE_REPORT] = () => describePages(browser);
  return {
    api, url, browser,
    async close() {
      delete (globalThis as Record<string, unknown>)[FAILURE_REPORT];
      await browser.close();
      await api.close();
    },
  };
}

/** Each open page's URL and visible text (the first 1,500 characters): what a failing test's people were looking at. */
async function describePages(browser: Browser): Promise<string> {
  const lines: string[] = [];
  for (const [c, context] of browser.contexts().entries()) {
    for (const page of context.pages()) {
      const text = await page.locator('body').innerText({ timeout: 5_000 }).catch((error: unknown) => `(unreadable: ${String(error)})`);
      const focus = await page.evaluate(() => {
        const element = document.activeElement;
        return element ? `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${element.className && typeof element.className === 'string' ? `.${element.className.split(' ').join('.')}` : ''} « ${(element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 60)} »` : 'none';
      }).catch(() => 'unknown');
      lines.push(`--- context ${c + 1}: ${page.url()} (focus: ${focus})`, text.replace(/\n{2,}/g, '\n').slice(0, 1_500));
    }
  }
  return lines.join('\n') || '(no open page)';
}

/** A fresh browser context (its own cookies) at this size. */
export async function newContext(hub: WebHub, viewport: { width: number; height: number } = DESKTOP): Promise<BrowserContext> {
  const context = await hub.browser.newContext({ viewport, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  // Waits for conditions are bounded generously: on a loaded 2-core CI host a step can take several seconds.
  context.setDefaultTimeout(60_000);
  return context;
}

/**
 * Signs in as the persona from `path` (a signed-out person opening it is sent to the sign-in page first): the ENT link,
 * the ENT's login page, back to the hub at `path`. Returns the page, on the app.
 */
export async function signIn(hub: WebHub, persona: Persona, options: { path?: string; context?: BrowserContext; viewport?: { width: number; height: number } } = {})
  : Promise<Page> {
  const context = options.context ?? await newContext(hub, options.viewport);
  const page = await context.newPage();
  const path = options.path ?? '/';
  await page.goto(`${hub.url}${path}`);
  await page.getByRole('link', { name: persona.ent }).click();
  if (persona.protocol === 'OIDC') await page.getByRole('button', { name: new RegExp(`^${persona.name}`) }).click();
  else await page.getByRole('link', { name: new RegExp(`^${persona.name}`) }).click();
  await page.waitForURL(`${hub.url}${path}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return page;
}

/** The session cookie of a signed-in context, for GraphQL calls made as that person (`hub.api.gql(query, vars, cookie)`). */
export async function sessionCookieOf(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((item) => item.name === 'passerelle_session');
  if (!cookie) throw new Error('not signed in');
  return `${cookie.name}=${cookie.value}`;
}

/** Console errors and CSP violations the page reports from now on. */
/**
 * Signs each persona in, in order (a guest's first sign-in makes them a member), each in a context of their own closed
 * after, and returns their session cookies in the same order.
 */
export async function cookiesOf(hub: WebHub, ...personas: Persona[]): Promise<string[]> {
  const cookies: string[] = [];
  for (const persona of personas) {
    const page = await signIn(hub, persona);
    cookies.push(await sessionCookieOf(page.context()));
    await page.context().close();
  }
  return cookies;
}

/** A GraphQL call as the person with this cookie that must answer without error: its data. */
export async function gqlOk<T>(hub: WebHub, query: string, variables: Record<string, unknown>, cookie: string): Promise<T> {
  const result = await hub.api.gql<T>(query, variables, cookie);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

/** The id of the demo space (DEMO_SPACE, « Défi lecture CM2–6e »), among the spaces of the person with this cookie. */
export async function demoSpaceId(hub: WebHub, cookie: string): Promise<string> {
  const spaces = await gqlOk<{ spaces: { edges: { node: { id: string; title: string } }[] } }>(
    hub, '{ spaces(first: 20) { edges { node { id title } } } }', {}, cookie);
  return spaces.spaces.edges.find((edge) => edge.node.title === DEMO_SPACE.title)!.node.id;
}

/** A new space of the same school as `spaceId`, made by the person with this cookie (its only member): for refusals. */
export async function createSpaceBeside(hub: WebHub, cookie: string, spaceId: string, title: string): Promise<string> {
  const space = await gqlOk<{ space: { structureId: string } }>(hub, 'query($id: ID!) { space(id: $id) { structureId } }', { id: spaceId }, cookie);
  const created = await gqlOk<{ createSpace: { id: string } }>(hub, 'mutation($input: CreateSpaceInput!) { createSpace(input: $input) { id } }',
    { input: { structureId: space.space.structureId, title } }, cookie);
  return created.createSpace.id;
}

export function watchConsole(page: Page): { errors: string[]; cspViolations: string[] } {
  const seen = { errors: [] as string[], cspViolations: [] as string[] };
  page.on('console', (message) => {
    if (message.type() === 'error') seen.errors.push(message.text());
    if (/Content.Security.Policy/i.test(message.text())) seen.cspViolations.push(message.text());
  });
  page.on('pageerror', (error) => seen.errors.push(String(error)));
  return seen;
}

/** axe-core's WCAG 2.1 A/AA rules on the page as it is, at 375 px then 1280 px: the violations (expected: none). */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const found: string[] = [];
  const original = page.viewportSize();
  for (const viewport of [PHONE, DESKTOP]) {
    await page.setViewportSize(viewport);
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    for (const violation of result.violations) {
      found.push(`${viewport.width}px ${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`);
    }
  }
  if (original) await page.setViewportSize(original);
  return found;
}

/** The element that has the focus: its tag, text, link and label (aria-label, or a form field's <label>). */
export async function focused(page: Page): Promise<{ tag: string; text: string; href: string | null; label: string | null }> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    const labels = (element as HTMLInputElement | null)?.labels;
    return { tag: element?.tagName ?? '', text: element?.textContent?.trim() ?? '', href: element?.getAttribute('href') ?? null,
      label: element?.getAttribute('aria-label') ?? (labels && labels.length > 0 ? labels[0].textContent?.trim() ?? null : null) };
  });
}

/** Presses Tab until the focused element's text or label matches (at most `max` times); fails otherwise. */
export async function tabTo(page: Page, name: string | RegExp, max = 40): Promise<void> {
  const matches = (value: string | null) => value !== null && (typeof name === 'string' ? value === name : name.test(value));
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (matches(now.text) || matches(now.label)) return;
  }
  throw new Error(`Tab never reached ${String(name)}`);
}

/** Waits until a heading (the page's <h1> after a navigation inside the app) has the focus; its text. */
export async function waitForHeadingFocus(page: Page, tag = 'H1'): Promise<string> {
  return waitFor(`a <${tag}> to have the focus`, () => page.evaluate((wanted) =>
    (document.activeElement?.tagName === wanted ? document.activeElement.textContent ?? '' : null), tag));
}

/**
 * From now on, keeps every text the app's live region takes (`data-testid="annonces"`): a message followed at once by
 * another (a notification) is replaced on screen before a locator may see it. `wasAnnounced` waits for one of them.
 */
export async function recordAnnouncements(page: Page): Promise<void> {
  await page.evaluate(() => {
    const region = document.querySelector('[data-testid="annonces"]');
    if (!region) throw new Error('no live region');
    const said: string[] = [];
    (window as unknown as { passerelleSaid: string[] }).passerelleSaid = said;
    new MutationObserver(() => { said.push(region.textContent ?? ''); }).observe(region, { childList: true, characterData: true, subtree: true });
  });
}

export async function wasAnnounced(page: Page, text: string): Promise<void> {
  await waitFor(`« ${text} » in the live region`, () => page.evaluate((wanted) =>
    (window as unknown as { passerelleSaid: string[] }).passerelleSaid.some((said) => said.includes(wanted)) || null, text), 60_000);
}
