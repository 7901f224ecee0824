// The web app's page budget, measured with Lighthouse 12.2.3 driving Debian's chromium (issue 12, « Performance budget »).
//
//   npm run bench:web [-- --runs 3] [--json FILE] [--embedded]
//
// Starts the built hub (dist/) with the demo world (DEMO=true: the three local identity providers on free ports) on a
// fresh PostgreSQL database (passerelle_bench_<suffix> on BENCH_DATABASE_ADMIN_URL), signs in the demo's first CM2
// pupil through the home ENT in a real Chromium (playwright-core, the tests' flags), then runs Lighthouse's default
// mobile profile (simulated throttling: slow 4G, 4x CPU slowdown, Moto G Power screen) with that session cookie sent as
// an extra header, on `/` (Accueil) and on `/espaces/<demo space id>` (the wall). Per page it reports the performance
// and accessibility scores and the JavaScript transferred (compressed, as on the wire) until the page is loaded and
// the network idle (Lighthouse's trace ends there), against the targets: performance ≥ 90, accessibility 100, the
// wall's JavaScript ≤ 150 KB. With --runs N each page is measured N times and the median run (by performance) kept.
// Exit code 0 even when a target is missed (it is a measurement; the table says which). Everything it started is
// stopped and the database dropped, also on failure or Ctrl-C.
//
// Demo mode is refused in production, so the hub runs with NODE_ENV=development: what the app's pages get (the built
// dist/web, its .br/.gz twins, cache headers, CSP) does not depend on NODE_ENV.
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';
import { Child, freePort, HUB_NODE_FLAGS } from './lib/processes.mjs';
import { benchServers, cleanupsOf, freshDatabase, hubReady } from './lib/run-setup.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const HUB_ENTRY = resolve(ROOT, 'dist/apps/api/src/main.js');
const DEMO_WORLD = resolve(ROOT, 'dist/libs/demo/src/demo-world.js');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The flags of the browser tests (test/web-app.ts): headless, no sandbox (containers), nothing in the background. */
const CHROME_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-default-apps', '--mute-audio'];
const SESSION_COOKIE = 'passerelle_session';
const TARGETS = { performance: 90, accessibility: 100, wallJsKb: 150 };

const USAGE = `usage: npm run bench:web -- [options]
  --runs N        Lighthouse runs per page, the median (by performance score) reported (default 1)
  --json FILE     also write the results as JSON
  --embedded      run the hub without Redis (sessions and jobs in PostgreSQL)
environment: BENCH_DATABASE_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres),
             BENCH_REDIS_URL (default redis://127.0.0.1:6379), CHROMIUM_PATH (default /usr/bin/chromium)`;

const started = Date.now();
function log(message) {
  process.stderr.write(`[bench:web ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${message}\n`);
}

function parseOptions(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv, strict: true, allowPositionals: false,
      options: {
        runs: { type: 'string', default: '1' },
        json: { type: 'string' },
        embedded: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 9) {
    process.stderr.write(`--runs must be an integer from 1 to 9\n${USAGE}\n`);
    process.exit(2);
  }
  return { runs, json: values.json, embedded: values.embedded };
}

// ---- cleanup: undone in reverse order, once ----
const cleanups = [];
const { cleanUp } = cleanupsOf(cleanups, 'bench:web');
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    log(`${signal}: stopping the hub and the browsers, dropping the database`);
    cleanUp().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
}

async function startDemoHub({ adminUrl, redisUrl }) {
  for (const file of [HUB_ENTRY, DEMO_WORLD, resolve(ROOT, 'dist/web/index.html')]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run bench:web\` (it builds first)`);
  }
  const { databaseUrl, redisPrefix } = await freshDatabase({ adminUrl, redisUrl, cleanups, log });
  const dataDir = await mkdtemp(join(tmpdir(), 'passerelle-bench-web-'));
  cleanups.push([`remove ${dataDir}`, () => rm(dataDir, { recursive: true, force: true })]);

  const [port, home, oidc, saml] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const hubUrl = `http://127.0.0.1:${port}`;
  const hub = new Child('hub', HUB_ENTRY, [], {
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: hubUrl,
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: redisUrl ? redisPrefix : undefined,
    DATA_DIR: dataDir,
    DEMO: 'true',
    DEMO_HOME_IDP_PORT: String(home),
    DEMO_OIDC_IDP_PORT: String(oidc),
    DEMO_SAML_IDP_PORT: String(saml),
  }, ROOT, { execArgv: HUB_NODE_FLAGS });
  cleanups.push(['stop the hub', () => hub.stop()]);
  log(`hub starting with the demo world (pid ${hub.pid})`);
  await hubReady(hub, hubUrl, { timeoutMs: 180_000 });
  log(`hub ready at ${hubUrl}`);
  return hubUrl;
}

/** Signs the demo's first CM2 pupil in as people do (sign-in page → home ENT → its login page): the session cookie. */
async function signInPupil(hubUrl) {
  const require = createRequire(import.meta.url);
  const { DEMO_ECOLE, DEMO_CM2_PUPILS, DEMO_SPACE } = require(DEMO_WORLD);
  const [pupil] = DEMO_CM2_PUPILS;
  const name = `${pupil.givenName} ${pupil.familyName}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROME_FLAGS });
  try {
    const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const page = await context.newPage();
    await page.goto(`${hubUrl}/`);
    await page.getByRole('link', { name: DEMO_ECOLE.entName }).click();
    await page.getByRole('button', { name: new RegExp(`^${name}`) }).click();
    await page.waitForURL(`${hubUrl}/`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const cookie = (await context.cookies()).find((item) => item.name === SESSION_COOKIE);
    if (!cookie) throw new Error('the sign-in set no session cookie');
    log(`signed in as ${name} (CM2 pupil, ${DEMO_ECOLE.entName})`);
    return { cookie: `${cookie.name}=${cookie.value}`, spaceTitle: DEMO_SPACE.title };
  } finally {
    await browser.close();
  }
}

async function demoSpaceId(hubUrl, cookie, title) {
  const response = await fetch(`${hubUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: hubUrl, cookie },
    body: JSON.stringify({ query: '{ spaces(first: 50) { edges { node { id title } } } }' }),
  });
  const body = await response.json();
  const space = body.data?.spaces.edges.map((edge) => edge.node).find((node) => node.title === title);
  if (!space) throw new Error(`the demo space « ${title} » is not among the pupil's spaces: ${JSON.stringify(body).slice(0, 300)}`);
  return space.id;
}

/** One Lighthouse run (mobile profile, default throttling) in a fresh Chromium, the session cookie sent as a header. */
async function measurePage(url, cookie) {
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROME_FLAGS, logLevel: 'silent' });
  try {
    const result = await lighthouse(url, {
      port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'],
      extraHeaders: { Cookie: cookie },
    });
    const lhr = result.lhr;
    if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    if (lhr.finalDisplayedUrl !== url) throw new Error(`Lighthouse ended on ${lhr.finalDisplayedUrl}, not ${url} (signed out?)`);
    // Every request of the trace, which ends once the page is loaded and the network idle.
    const requests = lhr.audits['network-requests']?.details?.items ?? [];
    const scripts = requests.filter((item) => item.resourceType === 'Script');
    const jsBytes = scripts.reduce((total, item) => total + (item.transferSize ?? 0), 0);
    const failed = Object.values(lhr.audits)
      .filter((audit) => audit.scoreDisplayMode === 'binary' && audit.score === 0 && lhr.categories.accessibility.auditRefs.some((ref) => ref.id === audit.id))
      .map((audit) => audit.id);
    return {
      performance: Math.round((lhr.categories.performance.score ?? 0) * 100),
      accessibility: Math.round((lhr.categories.accessibility.score ?? 0) * 100),
      jsKb: Math.round(jsBytes / 102.4) / 10,
      jsFiles: scripts.length,
      fcpMs: Math.round(lhr.audits['first-contentful-paint'].numericValue),
      lcpMs: Math.round(lhr.audits['largest-contentful-paint'].numericValue),
      tbtMs: Math.round(lhr.audits['total-blocking-time'].numericValue),
      cls: Math.round(lhr.audits['cumulative-layout-shift'].numericValue * 1000) / 1000,
      accessibilityFailures: failed,
      lighthouse: lhr.lighthouseVersion,
      chrome: lhr.environment.hostUserAgent.match(/Chrome\/[\d.]+/)?.[0] ?? null,
    };
  } finally {
    await chrome.kill();
  }
}

function median(runs) {
  const sorted = [...runs].sort((a, b) => a.performance - b.performance);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

function verdict(row) {
  const missed = [];
  if (row.performance < TARGETS.performance) missed.push(`performance < ${TARGETS.performance}`);
  if (row.accessibility < TARGETS.accessibility) missed.push(`accessibility < ${TARGETS.accessibility}`);
  if (row.page === 'wall' && row.jsKb > TARGETS.wallJsKb) missed.push(`JS > ${TARGETS.wallJsKb} KB`);
  return missed.length ? missed.join(', ') : 'ok';
}

function formatTable(rows) {
  const header = ['page', 'path', 'performance', 'accessibility', 'JS KB (compressed)', 'JS files', 'FCP ms', 'LCP ms', 'TBT ms', 'CLS', 'targets'];
  const body = rows.map((r) => [r.page, r.path, String(r.performance), String(r.accessibility), r.jsKb.toFixed(1), String(r.jsFiles),
    String(r.fcpMs), String(r.lcpMs), String(r.tbtMs), String(r.cls), r.verdict]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const { adminUrl, redisUrl } = await benchServers({ embedded: options.embedded });
  const hubUrl = await startDemoHub({ adminUrl, redisUrl });
  const { cookie, spaceTitle } = await signInPupil(hubUrl);
  const spaceId = await demoSpaceId(hubUrl, cookie, spaceTitle);
  const pages = [
    { page: 'home', path: '/' },
    { page: 'wall', path: `/espaces/${spaceId}` },
  ];
  // One unmeasured visit each: the hub's first answers (JIT, caches) are not what a class sees.
  for (const { path } of pages) await (await fetch(`${hubUrl}${path}`, { headers: { cookie } })).arrayBuffer();
  const rows = [];
  for (const { page, path } of pages) {
    const runs = [];
    for (let run = 1; run <= options.runs; run += 1) {
      const measured = await measurePage(`${hubUrl}${path}`, cookie);
      log(`${page} (${path}) run ${run}/${options.runs}: performance ${measured.performance}, accessibility ${measured.accessibility}, `
        + `JS ${measured.jsKb} KB in ${measured.jsFiles} files, LCP ${measured.lcpMs} ms, TBT ${measured.tbtMs} ms`
        + (measured.accessibilityFailures.length ? `, failing: ${measured.accessibilityFailures.join(' ')}` : ''));
      runs.push(measured);
    }
    const kept = median(runs);
    const row = { page, path: page === 'wall' ? '/espaces/:id' : path, ...kept, runs: runs.map((r) => r.performance) };
    row.verdict = verdict(row);
    rows.push(row);
  }
  process.stdout.write(`${formatTable(rows)}\n`);
  process.stdout.write(`targets: performance ≥ ${TARGETS.performance} and accessibility ${TARGETS.accessibility} on both; `
    + `the wall's JavaScript ≤ ${TARGETS.wallJsKb} KB compressed (transferred until load and network idle)\n`);
  if (options.json) {
    await mkdir(dirname(resolve(options.json)), { recursive: true });
    await writeFile(options.json, `${JSON.stringify({ date: new Date().toISOString(), targets: TARGETS, rows }, null, 2)}\n`);
    log(`wrote ${options.json}`);
  }
}

main().then(() => cleanUp(), async (error) => {
  process.stderr.write(`[bench:web] failed: ${error.stack ?? error.message}\n`);
  await cleanUp();
  process.exit(1);
});
