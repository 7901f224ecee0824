import { ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { TestBrowser } from '../../../federation/idp-oidc/test-browser';
import { readAutoPostForm } from '../../../federation/idp-saml/saml-idp';
import { freePort, ROOT, waitFor } from '../../../test/processes';

/**
 * Demo mode as a newcomer meets it (issue 6): the README's first command, `npm start -- --demo`, run as a child process
 * in a fresh copy of the project (its own `./.data/`, the embedded PostgreSQL, jobs in-process, nothing configured
 * but free ports so that it cannot collide with anything else on the machine). It seeds the demo world, starts the
 * local identity providers and prints where to go. Then, as real clients:
 * - a 6e B pupil of Collège Jean Moulin (OpenID Connect) and a 6e C pupil of Collège Victor Hugo (SAML) sign in by
 *   their ENTs' own login pages, see the shared space with the CM2 posts, each post a message (held for moderation),
 *   the CM2 teacher (home ENT) approves both, and each pupil sees the other's post;
 * - headless Chromium (Debian's, driven by playwright-core) opens `/`, chooses the OIDC collège, signs in and sees
 *   the space; a screenshot of each page is written under a temporary folder (kept when DEMO_SCREENSHOTS is set).
 * Demo mode is also refused in production (the flag and the variable).
 */

const MAIN = resolve(ROOT, 'dist/apps/api/src/main.js');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SPACE_TITLE = 'Défi lecture CM2–6e';

interface Started {
  readonly child: ChildProcess;
  readonly output: { stdout: string; stderr: string };
  exited(): Promise<number | null>;
}

function start(command: string, args: string[], cwd: string, env: Record<string, string | undefined>): Started {
  const clean = Object.fromEntries(Object.entries({ PATH: process.env.PATH, HOME: process.env.HOME, ...env })
    .filter(([, value]) => value !== undefined)) as Record<string, string>;
  // detached: npm and the node it starts form one process group, stopped together.
  const child = spawn(command, args, { cwd, env: clean, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const output = { stdout: '', stderr: '' };
  child.stdout!.on('data', (chunk: Buffer) => { output.stdout += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { output.stderr += chunk.toString(); });
  const exit = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, output, exited: () => exit };
}

/** A fresh copy of the project as a clone has it (sources, scripts, manifests), sharing node_modules by a link. */
function freshCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-readme-'));
  for (const entry of ['apps', 'libs', 'federation', 'scripts', 'package.json', 'package-lock.json', 'tsconfig.json', '.swcrc', 'nest-cli.json']) {
    if (existsSync(resolve(ROOT, entry))) cpSync(resolve(ROOT, entry), join(dir, entry), { recursive: true });
  }
  symlinkSync(resolve(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

describe('demo mode refused in production', () => {
  it.each([
    ['the --demo flag', ['--demo'], {}],
    ['DEMO=true', [], { DEMO: 'true' }],
  ])('exits 2 with one line naming DEMO for %s when NODE_ENV=production', async (_what, args, env) => {
    const api = start(process.execPath, [MAIN, ...args], ROOT, { NODE_ENV: 'production', PORT: '0', LOG_LEVEL: 'silent', ...env });
    expect(await api.exited()).toBe(2);
    expect(api.output.stderr.trim()).toBe('Invalid configuration: DEMO must be off when NODE_ENV=production (demo mode, --demo or DEMO=true, '
      + 'seeds invented people and starts identity providers that sign anyone in)');
    expect(api.output.stdout).toBe('');
  });
});

describe('the README\'s first command in demo mode (npm start -- --demo, fresh copy, embedded database)', () => {
  let api: Started;
  let copy: string;
  let hubUrl: string;
  let startedInMs: number;
  let browser: Browser | undefined;
  let shots: string;

  beforeAll(async () => {
    const [port, home, oidc, saml] = [await freePort(), await freePort(), await freePort(), await freePort()];
    hubUrl = `http://127.0.0.1:${port}`;
    copy = freshCopy();
    const started = Date.now();
    api = start('npm', ['start', '--', '--demo'], copy, {
      PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: hubUrl, DEMO_HOME_IDP_PORT: String(home), DEMO_OIDC_IDP_PORT: String(oidc),
      DEMO_SAML_IDP_PORT: String(saml), LOG_LEVEL: 'warn',
    });
    await waitFor(() => `the demo banner (${api.output.stderr.slice(-800)})`, async () => {
      if (api.child.exitCode !== null) throw new Error(`npm start exited ${api.child.exitCode}: ${api.output.stderr.slice(-1500)}`);
      return api.output.stdout.includes('MODE DÉMONSTRATION');
    }, 170_000, 250);
    startedInMs = Date.now() - started;
    shots = process.env.DEMO_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'passerelle-demo-shots-'));
    mkdirSync(shots, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (api && api.child.exitCode === null) {
      process.kill(-api.child.pid!, 'SIGTERM');
      await api.exited();
    }
    if (copy) rmSync(copy, { recursive: true, force: true });
    if (shots && !process.env.DEMO_SCREENSHOTS) rmSync(shots, { recursive: true, force: true });
  });

  it('runs on the embedded database in the copy\'s ./.data and prints the address to open and the demo accounts', () => {
    expect(existsSync(join(copy, '.data'))).toBe(true);
    expect(api.output.stdout).toContain(`Ouvrez ${hubUrl}/`);
    expect(api.output.stdout).toContain('Monde de démonstration créé');
    for (const login of ['emma.leroy', 'julie.marchand', 'lea.martin', 'lucas.moreau']) expect(api.output.stdout).toContain(login);
    // Informative (no timed assertion): what a newcomer waits on this machine, build included.
    process.stdout.write(`[demo] npm start -- --demo: banner after ${(startedInMs / 1000).toFixed(1)} s\n`);
  });

  async function gql<T>(browser: TestBrowser, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const session = browser.cookie(`${hubUrl}/graphql`, 'passerelle_session');
    expect(session).toBeDefined();
    const response = await fetch(`${hubUrl}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json', cookie: `passerelle_session=${session}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = await response.json() as { data?: T; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    return body.data!;
  }

  interface SeenSpace { id: string; title: string; posts: string[] }
  async function spacesSeenBy(browser: TestBrowser): Promise<SeenSpace[]> {
    const data = await gql<{ spaces: { edges: { node: { id: string; title: string; posts: { edges: { node: { bodyHtml: string } }[] } } }[] } }>(
      browser, '{ spaces(first: 5) { edges { node { id title posts(first: 20) { edges { node { bodyHtml } } } } } } }');
    return data.spaces.edges.map(({ node }) => ({ id: node.id, title: node.title, posts: node.posts.edges.map((edge) => edge.node.bodyHtml) }));
  }

  /** Signs in through an OIDC ENT's login page (a button per demo person) as a browser without JavaScript would. */
  async function oidcSignIn(slug: string, login: string, name: string): Promise<TestBrowser> {
    const browser = new TestBrowser();
    const loginPage = await browser.navigate(`${hubUrl}/auth/${slug}/login?returnTo=/`);
    expect(loginPage.response!.status).toBe(200);
    expect(loginPage.response!.body).toContain(name);
    const action = /<form method="post" action="([^"]+)"/.exec(loginPage.response!.body)![1];
    const chosen = await browser.request(new URL(action, loginPage.url).href, { form: { login } });
    const back = await browser.navigate(new URL(chosen.headers.get('location')!, loginPage.url).href);
    expect(back.url).toBe(`${hubUrl}/`);
    return browser;
  }

  async function samlSignIn(slug: string, login: string): Promise<TestBrowser> {
    const browser = new TestBrowser();
    const picker = await browser.navigate(`${hubUrl}/auth/${slug}/login?returnTo=/`);
    expect(picker.response!.status).toBe(200);
    const link = [...picker.response!.body.matchAll(/href="([^"]+)"/g)].map((match) => match[1].replace(/&amp;/g, '&'))
      .find((href) => href.includes(`login_hint=${login}`))!;
    const form = readAutoPostForm((await browser.request(new URL(link, picker.url).href)).body);
    const acs = await browser.request(form.action, { form: form.fields });
    expect(acs.status).toBe(302);
    expect(acs.headers.get('location')).toBe('/');
    return browser;
  }

  it('lets a 6e pupil of each collège (OIDC, SAML) meet in the shared space, see the CM2 posts and, once the teacher approved, each other\'s posts', async () => {
    const lea = await oidcSignIn('ent-college-jean-moulin', 'lea.martin', 'Léa Martin');
    const lucas = await samlSignIn('ent-college-victor-hugo', 'lucas.moreau');
    const [leaSpaces, lucasSpaces] = [await spacesSeenBy(lea), await spacesSeenBy(lucas)];
    expect(leaSpaces.map((space) => space.title)).toEqual([SPACE_TITLE]);
    expect(lucasSpaces.map((space) => space.id)).toEqual([leaSpaces[0].id]);
    expect(leaSpaces[0].posts.some((post) => post.includes('le renard'))).toBe(true);
    expect(lucasSpaces[0].posts).toEqual(leaSpaces[0].posts);
    const spaceId = leaSpaces[0].id;

    const write = (who: TestBrowser, text: string) => gql<{ createPost: { id: string; status: string } }>(who,
      'mutation($input: CreatePostInput!) { createPost(input: $input) { id status } }', { input: { spaceId, bodyHtml: `<p>${text}</p>` } });
    const fromLea = (await write(lea, 'Bonjour de Jean Moulin : nous lisons Les Contes du chat perché !')).createPost;
    const fromLucas = (await write(lucas, 'Bonjour de Victor Hugo : nous avons fini Matilda.')).createPost;
    expect([fromLea.status, fromLucas.status]).toEqual(['PENDING', 'PENDING']);
    // Held for moderation: the other pupil does not see it yet.
    expect((await spacesSeenBy(lucas))[0].posts.join()).not.toContain('chat perché');

    const teacher = await oidcSignIn('ent-ecole-jules-ferry', 'julie.marchand', 'Julie Marchand');
    for (const post of [fromLea, fromLucas]) {
      const decided = await gql<{ moderatePost: { status: string } }>(teacher,
        'mutation($id: ID!) { moderatePost(id: $id, decision: APPROVE) { status } }', { id: post.id });
      expect(decided.moderatePost.status).toBe('PUBLISHED');
    }
    expect((await spacesSeenBy(lucas))[0].posts.join()).toContain('chat perché');
    expect((await spacesSeenBy(lea))[0].posts.join()).toContain('Matilda');
  });

  it('in headless Chromium: the sign-in page, the OIDC collège\'s login page, then the pupil\'s Accueil with the space', async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const page: Page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${hubUrl}/`);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await page.locator('h1').count()).toBe(1);
    await page.screenshot({ path: join(shots, '1-connexion.png'), fullPage: true });

    await page.getByRole('link', { name: /Jean Moulin/ }).click();
    await page.getByRole('button', { name: /Léa Martin/ }).waitFor();
    await page.screenshot({ path: join(shots, '2-ent-college-jean-moulin.png'), fullPage: true });

    await page.getByRole('button', { name: /Léa Martin/ }).click();
    await page.waitForURL(`${hubUrl}/`);
    await page.getByRole('heading', { level: 1, name: /Léa Martin/ }).waitFor();
    // The web app's Accueil (built by `npm start` in the fresh copy): the space, a link to its wall.
    await page.getByRole('heading', { name: SPACE_TITLE }).waitFor();
    await expect(page.getByRole('heading', { name: SPACE_TITLE }).count()).resolves.toBe(1);
    expect(await page.getByRole('link', { name: SPACE_TITLE }).getAttribute('href')).toMatch(/^\/espaces\/[0-9a-f-]+$/);
    await page.screenshot({ path: join(shots, '3-accueil-eleve.png'), fullPage: true });

    expect(readdirSync(shots).sort()).toEqual(['1-connexion.png', '2-ent-college-jean-moulin.png', '3-accueil-eleve.png']);
  });
});
