// Scenario `saml-acs`: SAML sign-ins per second through POST /auth/saml/<slug>/acs, against the local SAML IdP of
// federation/idp-saml (Collège Victor Hugo), with the share of the hub's CPU spent verifying signatures.
//
// - A hub child of its own (dist/apps/api/src/main.js, unmodified, same database and Redis prefix as the run) started
//   with `--cpu-prof`, LOGIN_THROTTLE_PER_IP raised (all browsers are 127.0.0.1; see bench/lib/federation.mjs).
// - Partner `bench-saml-*` (SAML2, signed assertion, the IdP's certificate, ENT Core mapping) and an ACTIVE convention
//   covering the IdP collège's UAI with 8 pupil and 2 teacher guests. The IdP has 4 pupils and 1 teacher: setup signs
//   each in once (first binding, verified through GET /auth/session), so the load measures REPEAT sign-ins: the
//   existing binding is found, no new guest is bound (first bindings are what `claim-guest` measures).
// - Before each measured run, logins are prepared outside the measured window: GET /auth/<slug>/login (a browser with
//   its login cookie and an AuthnRequest ID), and the IdP's forge() signs a valid response to it (RSA-SHA256, assertion
//   signed, as its /sso route does). The load: 50 clients POST those responses to the ACS (one response, one browser,
//   once each) for the duration; each must get 302 to / with a session cookie. Latency is the ACS POST.
// - Baseline, same run: bench/lib/sig-verify-baseline.mjs saml, xml-crypto alone verifying one such response in a loop
//   on one core (parse, find the assertion's Signature, SignedXml.checkSignature with the configured certificate).
//   ratio = hub sign-ins/s ÷ raw verifications/s.
// - sigVerify%: from the hub's CPU profile, over the measured windows only, the share of busy main-thread samples with
//   xml-crypto (or the hub's verifiedSignedXml) on the stack.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import {
  analyzeProfile, compileFederation, dist, median, processCpuSeconds, readProfile, round, ROOT, signInLoop, startProfiledHub,
} from '../lib/federation.mjs';

export const name = 'saml-acs';
export const description = 'SAML sign-ins through POST /auth/saml/<slug>/acs (local IdP, signed assertions, repeat sign-ins), vs xml-crypto verify alone';

const CONCURRENCY = 50;
const SESSION_COOKIE = 'passerelle_session';
const state = {};

async function sql(ctx, text, params) {
  const client = new pg.Client({ connectionString: ctx.databaseUrl, application_name: 'passerelle-bench' });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}

async function seed(ctx, idp) {
  const { ATTRIBUTE_MAPPING_PRESETS } = dist('libs/conventions/src/index.js');
  const slug = `bench-saml-${randomBytes(3).toString('hex')}`;
  const settings = {
    entityId: idp.entityId, ssoUrl: idp.ssoUrl, sloUrl: idp.sloUrl, signingCertificates: [idp.certificatePem],
    nameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent', allowIdpInitiated: false, signedPart: 'ASSERTION',
  };
  const [partner] = await sql(ctx,
    `INSERT INTO partner_ent (slug, name, kind, protocol, trust, saml_settings, attribute_mapping)
     VALUES ($1, 'ENT du Collège Victor Hugo (bench)', 'COLLEGE', 'SAML2', 'PARTNER', $2::jsonb, $3::jsonb) RETURNING id`,
    [slug, JSON.stringify(settings), JSON.stringify(ATTRIBUTE_MAPPING_PRESETS.ENT_CORE)]);
  const code = `bs${randomBytes(4).toString('hex')}`;
  const [convention] = await sql(ctx,
    `INSERT INTO convention (code, title, partner_id, status, school_year, valid_from, valid_until, retention_days, contribution_fate,
                             created_by_kind, created_by_id, activated_at)
     VALUES ($1, 'Convention bench SAML', $2, 'ACTIVE', '2026-2027', now() - interval '1 day', now() + interval '300 days', 30,
             'KEEP_PSEUDONYMIZED', 'SYSTEM', gen_random_uuid(), now()) RETURNING id`, [code, partner.id]);
  await sql(ctx, `INSERT INTO convention_partner_structure (convention_id, uai) VALUES ($1, $2)`, [convention.id, idp.uai]);
  await sql(ctx, `INSERT INTO convention_profile_quota (convention_id, profile, quota) VALUES ($1, 'National_ELV', 8), ($1, 'National_ENS', 2)`,
    [convention.id]);
  await sql(ctx,
    `INSERT INTO guest (convention_id, profile, seq, login)
     SELECT $1::uuid, p.profile, s.seq, $2 || '-' || lower(substr(p.profile, 10)) || '-' || s.seq
     FROM (VALUES ('National_ELV', 8), ('National_ENS', 2)) AS p(profile, n), generate_series(1, p.n) AS s(seq)`, [convention.id, code]);
  return { slug, partnerId: partner.id, conventionId: convention.id };
}

/** A browser that started a login at the hub, and the IdP's signed response to its AuthnRequest. */
async function prepareOne(n) {
  const { hubUrl, slug, idp, TestBrowser } = state;
  const browser = new TestBrowser();
  const started = await browser.request(`${hubUrl}/auth/${slug}/login?returnTo=/`);
  const location = started.headers.get('location');
  if (started.status !== 302 || !location?.startsWith(idp.ssoUrl)) throw new Error(`login answered ${started.status} ${started.body.slice(0, 300)}`);
  const request = idp.readAuthnRequest(location);
  const user = idp.users[n % idp.users.length];
  return { browser, user, samlResponse: idp.forge({ request, user: user.login }).samlResponse };
}

async function prepare(count) {
  const prepared = new Array(count);
  let next = 0;
  await Promise.all(Array.from({ length: 10 }, async () => {
    while (next < count) {
      const n = next++;
      prepared[n] = await prepareOne(n);
    }
  }));
  return prepared;
}

/** POSTs one prepared response; a sign-in is a 302 to returnTo with a session cookie. */
async function postResponse({ browser, samlResponse }) {
  const answer = await browser.request(`${state.hubUrl}/auth/saml/${state.slug}/acs`, { method: 'POST', form: { SAMLResponse: samlResponse } });
  if (answer.status !== 302 || answer.headers.get('location') !== '/'
    || !answer.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`) && !c.startsWith(`${SESSION_COOKIE}=;`))) {
    throw new Error(`ACS answered ${answer.status} ${answer.headers.get('location') ?? ''} ${answer.body.slice(0, 300)}`);
  }
  return browser;
}

export async function setup(ctx) {
  state.federation = await compileFederation();
  ctx.log(`${name}: federation/ compiled with swc into ${state.federation.dir}`);
  const { startSamlIdp } = state.federation.saml();
  ({ TestBrowser: state.TestBrowser } = state.federation.oidc());
  state.idp = await startSamlIdp();
  const seeded = await seed(ctx, state.idp);
  Object.assign(state, seeded);
  const hub = await startProfiledHub(ctx, { label: 'hub (saml-acs)' });
  state.hub = hub;
  state.hubUrl = hub.url;
  // First sign-in of every IdP user (binding), each checked at GET /auth/session; later sign-ins find the binding.
  for (let n = 0; n < state.idp.users.length; n += 1) {
    const browser = await postResponse(await prepareOne(n));
    const session = await browser.request(`${state.hubUrl}/auth/session`);
    const body = session.status === 200 ? JSON.parse(session.body) : null;
    if (body?.origin !== 'PARTNER' || body.conventionId !== state.conventionId || body.profile !== state.idp.users[n].profile) {
      throw new Error(`sign-in of ${state.idp.users[n].login}: /auth/session answered ${session.status} ${session.body.slice(0, 300)}`);
    }
  }
  ctx.log(`${name}: partner ${state.slug}; ${state.idp.users.length} IdP users signed in once and bound (verified at /auth/session)`);
}

async function boundGuests(ctx) {
  const [row] = await sql(ctx, `SELECT count(*)::int AS n, count(DISTINCT subject)::int AS subjects FROM guest WHERE convention_id = $1 AND state = 'BOUND'`,
    [state.conventionId]);
  return row;
}

async function runBaseline(ctx, options, inputFile) {
  const child = ctx.spawn('saml-acs baseline', resolve(ROOT, 'bench/lib/sig-verify-baseline.mjs'), ['saml', inputFile], {
    BENCH_WARMUP_MS: String(options.warmupSeconds * 1000), BENCH_DURATION_MS: String(options.durationSeconds * 1000),
  });
  const { code } = await child.exit;
  const line = child.output.split('\n').find((l) => l.startsWith('RESULT '));
  if (code !== 0 || !line) throw new Error(`saml-acs baseline failed (exit ${code}): ${child.output.slice(-2000)}`);
  return JSON.parse(line.slice('RESULT '.length));
}

export async function run(ctx, options) {
  const tmp = await mkdtemp(join(tmpdir(), 'passerelle-bench-saml-'));
  try {
    // The baseline verifies a response like those of the load (a fresh login's, pupil, same IdP key).
    const sample = await prepareOne(0);
    const inputFile = join(tmp, 'saml-input.json');
    await writeFile(inputFile, JSON.stringify({ xml: Buffer.from(sample.samlResponse, 'base64').toString('utf8'), certificatePem: state.idp.certificatePem }));

    // Warm-up (unmeasured) also sizes the prepared logins: 1.5 × the warm-up rate over the duration, at least 500.
    let estimate = 100;
    if (options.warmupSeconds) {
      const warm = await prepare(Math.max(300, 150 * options.warmupSeconds));
      let i = 0;
      const w = await signInLoop(() => (i < warm.length ? postResponse(warm[i++]).then(() => ({})) : false),
        { concurrency: CONCURRENCY, durationMs: options.warmupSeconds * 1000 });
      estimate = w.perSecond;
      ctx.log(`${name}: warm-up ${w.perSecond} sign-ins/s (${w.errors} errors${w.firstError ? `: ${w.firstError}` : ''})`);
    }
    const rounds = [];
    for (let r = 1; r <= options.rounds; r += 1) {
      const count = Math.min(30_000, Math.max(500, Math.ceil(estimate * options.durationSeconds * 1.5)));
      const t0 = Date.now();
      const prepared = await prepare(count);
      ctx.log(`${name}: ${count} logins started and answered by the IdP in ${((Date.now() - t0) / 1000).toFixed(1)} s (not measured)`);
      let i = 0;
      const cpuBefore = processCpuSeconds(state.hub.child.pid);
      const hub = await signInLoop(() => (i < prepared.length ? postResponse(prepared[i++]).then(() => ({})) : false),
        { concurrency: CONCURRENCY, durationMs: options.durationSeconds * 1000 });
      const cpuAfter = processCpuSeconds(state.hub.child.pid);
      hub.hubCpuSeconds = cpuBefore === null ? null : round(cpuAfter - cpuBefore, 2);
      if (state.hub.child.exitReason) throw new Error(state.hub.child.exitReason);
      estimate = hub.perSecond;
      const raw = await runBaseline(ctx, options, inputFile);
      const label = options.rounds > 1 ? ` (round ${r}/${options.rounds})` : '';
      ctx.log(`${name}: hub ${hub.perSecond} sign-ins/s, p50 ${hub.p50Ms} ms, p99 ${hub.p99Ms} ms, ${hub.errors} errors`
        + `${hub.exhausted ? ' (prepared logins ran out: measured over the time they lasted)' : ''}, hub CPU ${hub.hubCpuSeconds} s in ${hub.seconds} s; `
        + `raw xml-crypto ${raw.perSecond} verifications/s (${raw.cpuMsPerVerify} ms CPU each)${label}`);
      if (hub.firstError) ctx.log(`${name}: first error: ${hub.firstError}`);
      rounds.push({ hub, raw });
      estimate = Math.max(estimate, 1);
      if (r < options.rounds) prepared.length = 0;
    }
    const bound = await boundGuests(ctx);
    if (bound.n !== state.idp.users.length || bound.subjects !== bound.n) {
      throw new Error(`${bound.n} guests bound for ${state.idp.users.length} IdP users: a repeat sign-in bound a second guest`);
    }

    await state.hub.child.stop();
    let profile = null;
    if (state.hub.profileDir) {
      profile = analyzeProfile(await readProfile(state.hub.profileDir), rounds.map((x) => x.hub.window), {
        sigVerify: (f) => f.url.includes('/node_modules/xml-crypto/')
          || (f.functionName === 'verifiedSignedXml' && f.url.endsWith('saml-response-checks.js')),
        rsaVerify: (f) => f.url === 'node:internal/crypto/sig' && /verify/i.test(f.functionName),
        xmlParse: (f) => f.url.includes('/node_modules/@xmldom/'),
        samlify: (f) => f.url.includes('/node_modules/samlify/'),
        schemaValidation: (f) => f.url.includes('xmllint'),
      });
      await rm(state.hub.profileDir, { recursive: true, force: true });
    }
    const hubs = rounds.map((x) => x.hub);
    const raws = rounds.map((x) => x.raw);
    const rps = median(hubs.map((h) => h.perSecond));
    const baselineRps = median(raws.map((x) => x.perSecond));
    const signIns = hubs.reduce((s, h) => s + h.signIns, 0);
    const hubCpu = hubs.every((h) => h.hubCpuSeconds !== null) ? hubs.reduce((s, h) => s + h.hubCpuSeconds, 0) : null;
    // Cross-check by cost: sign-ins × the CPU one raw verification costs ÷ the CPU the hub process used (all threads).
    const modelPct = hubCpu ? round((100 * signIns * (median(raws.map((x) => x.cpuMsPerVerify)) / 1000)) / hubCpu, 1) : null;
    const seconds = hubs.reduce((s, h) => s + h.seconds, 0);
    return {
      rps, p50Ms: median(hubs.map((h) => h.p50Ms)), p99Ms: median(hubs.map((h) => h.p99Ms)),
      baselineRps, ratio: round(rps / baselineRps, 3),
      errors: hubs.reduce((s, h) => s + h.errors, 0), non2xx: hubs.reduce((s, h) => s + h.errors, 0),
      requests: signIns, baselineRequests: raws.reduce((s, x) => s + x.verified, 0),
      sigVerifyPct: profile?.pct.sigVerify ?? null,
      profile, hubCpuSeconds: hubCpu, hubCpuCores: hubCpu ? round(hubCpu / seconds, 2) : null, sigVerifyModelPct: modelPct,
      rounds: rounds.map(({ hub, raw }) => ({ rps: hub.perSecond, p50Ms: hub.p50Ms, p99Ms: hub.p99Ms, errors: hub.errors, seconds: hub.seconds,
        exhausted: hub.exhausted, hubCpuSeconds: hub.hubCpuSeconds, baselineRps: raw.perSecond, baselineCpuMsPerVerify: raw.cpuMsPerVerify })),
      baselineDescription: 'xml-crypto alone: parse, find the assertion Signature, SignedXml.checkSignature (one core, one at a time)',
      note: `sign-ins/s in the requests/s columns (ACS POST of a prepared login, ${CONCURRENCY} clients, repeat sign-ins of `
        + `${state.idp.users.length} bound users); baseline = xml-crypto verifications/s on one core; sigVerify% = xml-crypto on the stack, `
        + `share of the hub main thread's busy CPU samples (${profile ? `${profile.busySamples} samples; RSA verify alone ${profile.pct.rsaVerify}%, `
        + `@xmldom parsing ${profile.pct.xmlParse}%, samlify ${profile.pct.samlify}% of which XSD validation (xmllint) ${profile.pct.schemaValidation}%; `
        + `self time by package: ${profile.selfByPackage}` : 'no profile'}); by cost (sign-ins × raw CPU per verify ÷ hub CPU): `
        + `${modelPct ?? '—'}%; hub used ${hubCpu ? round(hubCpu / seconds, 2) : '—'} cores`,
    };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Run by bench/run.mjs's cleanup (also on failure): the in-process IdP and the compiled federation/ go. */
export async function teardown() {
  await state.idp?.stop();
  await state.federation?.remove();
}
