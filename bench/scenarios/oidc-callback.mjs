// Scenario `oidc-callback`: OpenID Connect sign-ins per second, full round trips through the local OpenID provider of
// federation/idp-oidc (Collège Jean Moulin), ending at GET /auth/oidc/<slug>/callback; with the share of the hub's CPU
// spent verifying ID-token signatures.
//
// - The OP runs in its own process (bench/lib/oidc-op.mjs). The hub is a child of its own, bench/lib/hub-local-op.mjs:
//   the built API assembled as startApi does, with OIDC_HTTP_OPTIONS overridden by `allowInsecureRequests` exactly as
//   the OIDC e2e test does (product code only speaks https to partners; the local OP is http://127.0.0.1). Started with
//   `--cpu-prof` and LOGIN_THROTTLE_PER_IP raised (see bench/lib/federation.mjs).
// - Partner `bench-oidc-*` (client secret sealed as the conventions library stores it, RS256 only, generic OIDC mapping
//   of the OP's claims), an ACTIVE convention covering the OP collège's UAI, 8 pupil and 2 teacher guests. The OP has
//   4 pupils and 1 teacher, each signed in once in setup (verified at GET /auth/session): the load measures REPEAT
//   sign-ins (the binding is found).
// - One sign-in = a new browser (cookie jar): GET /auth/<slug>/login → 302 to the OP's /auth (login_hint added) →
//   interaction → resume → 302 to the hub's callback → GET callback (the hub redeems the code at the OP's token
//   endpoint, verifies the ID token, binds, opens a session) → 302 to / with a session cookie. 50 clients in a loop.
//   p50/p99 are of the whole round trip; the callback alone is in the note.
// - Baseline, same run: bench/lib/sig-verify-baseline.mjs oidc, jose's jwtVerify of one RS256 ID token (2048-bit key,
//   the OP's claims) in a loop, one at a time. ratio = hub sign-ins/s ÷ raw verifications/s.
// - sigVerify%: share of the hub main thread's busy CPU samples with oauth4webapi's JWS signature check (or the JWKS
//   key lookup, or WebCrypto verify) on the stack. WebCrypto runs the RSA operation itself on a libuv thread, which a
//   V8 profile does not see: the note also gives the estimate by cost (sign-ins × raw CPU per verify ÷ hub CPU).
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { freePort, waitFor } from '../lib/processes.mjs';
import {
  analyzeProfile, compileFederation, dist, median, processCpuSeconds, readProfile, round, ROOT, signInLoop, startProfiledHub,
} from '../lib/federation.mjs';

export const name = 'oidc-callback';
export const description = 'OIDC sign-ins, full round trips through the local OP ending at GET /auth/oidc/<slug>/callback (repeat sign-ins), vs jose ID-token verify alone';

const CONCURRENCY = 50;
const SESSION_COOKIE = 'passerelle_session';
const CLIENT_ID = 'passerelle-hub';
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

async function seed(ctx, { issuer, clientSecret, oidc }) {
  const { SecretBox, clientSecretContext } = dist('libs/conventions/src/index.js');
  const partnerId = randomUUID();
  const box = new SecretBox({ SECRET_KEY: ctx.secretKey, isProduction: true }).seal(clientSecret, clientSecretContext(partnerId));
  await sql(ctx,
    `INSERT INTO partner_ent (id, slug, name, kind, protocol, trust, status, oidc_settings, attribute_mapping)
     VALUES ($1, $2, 'ENT du Collège Jean Moulin (bench)', 'COLLEGE', 'OIDC', 'PARTNER', 'ACTIVE', $3, $4)`,
    [partnerId, state.slug,
      JSON.stringify({ issuer, clientId: CLIENT_ID, clientSecretBox: box, scopes: ['openid', 'profile', oidc.ENT_SCOPE],
        allowedAlgorithms: ['RS256'], endSessionEndpoint: null, discovered: null }),
      JSON.stringify({ preset: 'GENERIC_OIDC', subject: 'sub', displayName: 'name', profile: oidc.ENT_CLAIMS.profile, uai: oidc.ENT_CLAIMS.uai,
        classCode: oidc.ENT_CLAIMS.classCode })]);
  const code = `bo${randomBytes(4).toString('hex')}`;
  const [convention] = await sql(ctx,
    `INSERT INTO convention (code, title, partner_id, status, school_year, valid_from, valid_until, retention_days, contribution_fate,
                             created_by_kind, created_by_id, activated_at)
     VALUES ($1, 'Convention bench OIDC', $2, 'ACTIVE', '2026-2027', now() - interval '1 day', now() + interval '300 days', 30,
             'KEEP_PSEUDONYMIZED', 'SYSTEM', gen_random_uuid(), now()) RETURNING id`, [code, partnerId]);
  await sql(ctx, `INSERT INTO convention_partner_structure (convention_id, uai) VALUES ($1, $2)`, [convention.id, oidc.COLLEGE_UAI]);
  await sql(ctx, `INSERT INTO convention_profile_quota (convention_id, profile, quota) VALUES ($1, 'National_ELV', 8), ($1, 'National_ENS', 2)`,
    [convention.id]);
  await sql(ctx,
    `INSERT INTO guest (convention_id, profile, seq, login)
     SELECT $1::uuid, p.profile, s.seq, $2 || '-' || lower(substr(p.profile, 10)) || '-' || s.seq
     FROM (VALUES ('National_ELV', 8), ('National_ENS', 2)) AS p(profile, n), generate_series(1, p.n) AS s(seq)`, [convention.id, code]);
  return { partnerId, conventionId: convention.id };
}

/** One full sign-in of `user` in a new browser; resolves to the browser and the callback's latency. */
async function signIn(user) {
  const { TestBrowser } = state.oidc;
  const browser = new TestBrowser();
  const toCallback = await browser.navigate(`${state.hubUrl}/auth/${state.slug}/login?returnTo=/`, {
    stopAt: state.callbackPrefix,
    onRedirect: (url) => {
      if (url.origin === state.issuer && url.pathname === '/auth') url.searchParams.set('login_hint', user.login);
      return url;
    },
  });
  if (!toCallback.url.startsWith(state.callbackPrefix)) {
    throw new Error(`never came back to the hub: ${toCallback.response?.status} ${toCallback.response?.body.slice(0, 300)}`);
  }
  const t0 = process.hrtime.bigint();
  const answer = await browser.request(toCallback.url);
  const callbackMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (answer.status !== 302 || answer.headers.get('location') !== '/' || !browser.cookie(state.hubUrl, SESSION_COOKIE)) {
    throw new Error(`callback answered ${answer.status} ${answer.headers.get('location') ?? ''} ${answer.body.slice(0, 300)}`);
  }
  return { browser, callbackMs };
}

export async function setup(ctx) {
  state.federation = await compileFederation();
  ctx.log(`${name}: federation/ compiled with swc into ${state.federation.dir}`);
  state.oidc = state.federation.oidc();
  const port = await freePort();
  state.hubUrl = `http://127.0.0.1:${port}`;
  state.slug = `bench-oidc-${randomBytes(3).toString('hex')}`;
  state.callbackPrefix = `${state.hubUrl}/auth/oidc/${state.slug}/callback`;
  const clientSecret = randomBytes(24).toString('base64url');
  const op = ctx.spawn('oidc-callback OP', resolve(ROOT, 'bench/lib/oidc-op.mjs'), [], {
    BENCH_FEDERATION_DIR: state.federation.dir,
    BENCH_OP_CLIENT: JSON.stringify({ client_id: CLIENT_ID, client_secret: clientSecret, redirect_uris: [state.callbackPrefix] }),
  });
  const ready = await waitFor('the local OpenID provider', () => op.output.split('\n').find((l) => l.startsWith('READY ')),
    { timeoutMs: 30_000, everyMs: 100, abort: () => op.exitReason });
  state.issuer = JSON.parse(ready.slice('READY '.length)).issuer;
  Object.assign(state, await seed(ctx, { issuer: state.issuer, clientSecret, oidc: state.oidc }));
  state.hub = await startProfiledHub(ctx, { label: 'hub (oidc-callback)', script: resolve(ROOT, 'bench/lib/hub-local-op.mjs'), port });
  for (const user of state.oidc.COLLEGE_USERS) {
    const { browser } = await signIn(user);
    const session = await browser.request(`${state.hubUrl}/auth/session`);
    const body = session.status === 200 ? JSON.parse(session.body) : null;
    if (body?.origin !== 'PARTNER' || body.conventionId !== state.conventionId || body.profile !== user.profile) {
      throw new Error(`sign-in of ${user.login}: /auth/session answered ${session.status} ${session.body.slice(0, 300)}`);
    }
  }
  ctx.log(`${name}: OP at ${state.issuer}, partner ${state.slug}; ${state.oidc.COLLEGE_USERS.length} OP users signed in once and bound (verified at /auth/session)`);
}

async function runBaseline(ctx, options, inputFile) {
  const child = ctx.spawn('oidc-callback baseline', resolve(ROOT, 'bench/lib/sig-verify-baseline.mjs'), ['oidc', inputFile], {
    BENCH_WARMUP_MS: String(options.warmupSeconds * 1000), BENCH_DURATION_MS: String(options.durationSeconds * 1000),
  });
  const { code } = await child.exit;
  const line = child.output.split('\n').find((l) => l.startsWith('RESULT '));
  if (code !== 0 || !line) throw new Error(`oidc-callback baseline failed (exit ${code}): ${child.output.slice(-2000)}`);
  return JSON.parse(line.slice('RESULT '.length));
}

export async function run(ctx, options) {
  const tmp = await mkdtemp(join(tmpdir(), 'passerelle-bench-oidc-'));
  try {
    // An ID token as the OP signs them: RS256, 2048-bit key, the OP's claims for a pupil (key generated here).
    const { generateSigningKey, signRs256, publicJwkOf, COLLEGE_USERS, claimsOf } = state.oidc;
    const key = generateSigningKey();
    const now = Math.floor(Date.now() / 1000);
    const token = signRs256({ ...claimsOf(COLLEGE_USERS[0]), iss: state.issuer, aud: CLIENT_ID, iat: now, exp: now + 3600,
      nonce: randomBytes(16).toString('base64url'), at_hash: randomBytes(16).toString('base64url') }, key);
    const inputFile = join(tmp, 'oidc-input.json');
    await writeFile(inputFile, JSON.stringify({ token, jwk: publicJwkOf(key), issuer: state.issuer, audience: CLIENT_ID }));

    const users = COLLEGE_USERS;
    const once = (n) => signIn(users[n % users.length]);
    if (options.warmupSeconds) {
      const w = await signInLoop(once, { concurrency: CONCURRENCY, durationMs: options.warmupSeconds * 1000 });
      ctx.log(`${name}: warm-up ${w.perSecond} sign-ins/s (${w.errors} errors${w.firstError ? `: ${w.firstError}` : ''})`);
    }
    const rounds = [];
    for (let r = 1; r <= options.rounds; r += 1) {
      const cpuBefore = processCpuSeconds(state.hub.child.pid);
      const hub = await signInLoop(once, { concurrency: CONCURRENCY, durationMs: options.durationSeconds * 1000 });
      const cpuAfter = processCpuSeconds(state.hub.child.pid);
      hub.hubCpuSeconds = cpuBefore === null ? null : round(cpuAfter - cpuBefore, 2);
      if (state.hub.child.exitReason) throw new Error(state.hub.child.exitReason);
      const raw = await runBaseline(ctx, options, inputFile);
      const label = options.rounds > 1 ? ` (round ${r}/${options.rounds})` : '';
      ctx.log(`${name}: hub ${hub.perSecond} sign-ins/s, p50 ${hub.p50Ms} ms, p99 ${hub.p99Ms} ms (callback alone p50 ${hub.callbackP50Ms}, `
        + `p99 ${hub.callbackP99Ms} ms), ${hub.errors} errors, hub CPU ${hub.hubCpuSeconds} s in ${hub.seconds} s; `
        + `raw jose ${raw.perSecond} verifications/s (${raw.cpuMsPerVerify} ms CPU each)${label}`);
      if (hub.firstError) ctx.log(`${name}: first error: ${hub.firstError}`);
      rounds.push({ hub, raw });
    }
    const [bound] = await sql(ctx, `SELECT count(*)::int AS n, count(DISTINCT subject)::int AS subjects FROM guest WHERE convention_id = $1 AND state = 'BOUND'`,
      [state.conventionId]);
    if (bound.n !== users.length || bound.subjects !== bound.n) {
      throw new Error(`${bound.n} guests bound for ${users.length} OP users: a repeat sign-in bound a second guest`);
    }

    await state.hub.child.stop();
    let profile = null;
    if (state.hub.profileDir) {
      profile = analyzeProfile(await readProfile(state.hub.profileDir), rounds.map((x) => x.hub.window), {
        sigVerify: (f) => (f.url.includes('/node_modules/oauth4webapi/')
            && ['validateJwsSignature', 'getPublicSigKeyFromIssuerJwksUri'].includes(f.functionName))
          || (f.url.includes('/node_modules/jose/') && /verify/i.test(f.functionName))
          || (f.url === 'node:internal/crypto/webcrypto' && /verify/i.test(f.functionName)),
        openidClient: (f) => f.url.includes('/node_modules/openid-client/') || f.url.includes('/node_modules/oauth4webapi/'),
      });
      await rm(state.hub.profileDir, { recursive: true, force: true });
    }
    const hubs = rounds.map((x) => x.hub);
    const raws = rounds.map((x) => x.raw);
    const rps = median(hubs.map((h) => h.perSecond));
    const baselineRps = median(raws.map((x) => x.perSecond));
    const signIns = hubs.reduce((s, h) => s + h.signIns, 0);
    const hubCpu = hubs.every((h) => h.hubCpuSeconds !== null) ? hubs.reduce((s, h) => s + h.hubCpuSeconds, 0) : null;
    const modelPct = hubCpu ? round((100 * signIns * (median(raws.map((x) => x.cpuMsPerVerify)) / 1000)) / hubCpu, 1) : null;
    const seconds = hubs.reduce((s, h) => s + h.seconds, 0);
    return {
      rps, p50Ms: median(hubs.map((h) => h.p50Ms)), p99Ms: median(hubs.map((h) => h.p99Ms)),
      callbackP50Ms: median(hubs.map((h) => h.callbackP50Ms)), callbackP99Ms: median(hubs.map((h) => h.callbackP99Ms)),
      baselineRps, ratio: round(rps / baselineRps, 3),
      errors: hubs.reduce((s, h) => s + h.errors, 0), non2xx: hubs.reduce((s, h) => s + h.errors, 0),
      requests: signIns, baselineRequests: raws.reduce((s, x) => s + x.verified, 0),
      sigVerifyPct: profile?.pct.sigVerify ?? null,
      profile, hubCpuSeconds: hubCpu, hubCpuCores: hubCpu ? round(hubCpu / seconds, 2) : null, sigVerifyModelPct: modelPct,
      rounds: rounds.map(({ hub, raw }) => ({ rps: hub.perSecond, p50Ms: hub.p50Ms, p99Ms: hub.p99Ms, errors: hub.errors, seconds: hub.seconds,
        callbackP50Ms: hub.callbackP50Ms, callbackP99Ms: hub.callbackP99Ms, hubCpuSeconds: hub.hubCpuSeconds,
        baselineRps: raw.perSecond, baselineCpuMsPerVerify: raw.cpuMsPerVerify })),
      baselineDescription: 'jose jwtVerify of one RS256 ID token, key imported once (one at a time)',
      note: `sign-ins/s in the requests/s columns (full round trips through the OP, ${CONCURRENCY} clients, repeat sign-ins of `
        + `${users.length} bound users); callback alone p50 ${median(hubs.map((h) => h.callbackP50Ms))} ms, p99 ${median(hubs.map((h) => h.callbackP99Ms))} ms; `
        + `baseline = jose verifications/s; sigVerify% = JWS check on the hub main thread's busy CPU samples (${profile
          ? `${profile.busySamples} samples; openid-client + oauth4webapi ${profile.pct.openidClient}%; self time by package: ${profile.selfByPackage}`
          : 'no profile'}; WebCrypto's RSA runs on a libuv thread the profile does not see); by cost (sign-ins × raw CPU per verify ÷ hub CPU): `
        + `${modelPct ?? '—'}%; hub used ${hubCpu ? round(hubCpu / seconds, 2) : '—'} cores`,
    };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Run by bench/run.mjs's cleanup (also on failure): the compiled federation/ goes (the OP and hub are ctx.spawn children). */
export async function teardown() {
  await state.federation?.remove();
}
