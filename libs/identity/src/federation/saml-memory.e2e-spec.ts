import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import WebSocket from 'ws';
import { ATTRIBUTE_MAPPING_PRESETS, AttributeMappingPreset } from '@passerelle/conventions';
import { TestBrowser } from '../../../../federation/idp-oidc/test-browser';
import { RunningSamlIdp, startSamlIdp } from '../../../../federation/idp-saml';
import { testEnv } from '../../../../test/harness';
import { freePort, HubProcess, waitFor } from '../../../../test/processes';
import { given } from '../../../guests/src/test-fixtures';
import { SESSION_COOKIE } from '../sessions/session.service';

/*
 * Issue 11, finding 10 (ADR 0020): SAML sign-in holds its memory flat. A real hub process (dist/apps/api, PostgreSQL,
 * Redis) and the local IdP of the Collège Victor Hugo: each sign-in is a browser that starts a login at the hub
 * (signed AuthnRequest, login cookie), the IdP's response to it signed with its key (RSA-SHA256), posted to the ACS,
 * answered 302 with a session. After a warm-up, 800 such sign-ins must grow the hub process's RSS by less than
 * 50 MiB: a leak of 64 KiB per sign-in fails it (the former validator's 1.5 MiB per sign-in would grow it by 1.2 GiB).
 * 800, not more: the test is the suite's longest (~0.1 s of the 2-core host per sign-in) and the suite has a 15-minute
 * budget.
 *
 * RSS is read after a full garbage collection of the hub's heap (asked through the inspector, which the hub process is
 * started with on a loopback port): without it, the heap's own saw-tooth (garbage piling up between major collections,
 * ~150 MiB here) hides or fakes a leak. What a leak keeps cannot be collected: the former validator (node-xmllint)
 * kept ~1.5 MiB per sign-in. The loop stops early once RSS is far past anything the saw-tooth explains.
 */

const WARM_UP = 200;
const SIGN_INS = 800;
const LIMIT_MIB = 50;
/** Without a collection, RSS this far above the baseline can only be a leak: the loop stops there. */
const EARLY_STOP_MIB = 400;
const CONCURRENCY = 8;

/** Resident set of a process, in MiB (Linux). */
function rssMiB(pid: number): number {
  const line = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!line) throw new Error(`no VmRSS for ${pid}`);
  return Number(line[1]) / 1024;
}

/** A full garbage collection of the hub's main heap, through the inspector protocol. */
async function collectGarbage(inspectorUrl: string): Promise<void> {
  const socket = new WebSocket(inspectorUrl);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    for (let id = 1; id <= 2; id++) {
      await new Promise<void>((resolve, reject) => {
        const onMessage = (data: WebSocket.RawData) => {
          if (JSON.parse(data.toString()).id !== id) return;
          socket.off('message', onMessage);
          resolve();
        };
        socket.on('message', onMessage);
        socket.once('error', reject);
        socket.send(JSON.stringify({ id, method: 'HeapProfiler.collectGarbage' }));
      });
    }
  } finally {
    socket.close();
  }
}

describe('SAML sign-in memory (a real hub process)', () => {
  let hub: HubProcess;
  let hubUrl: string;
  let inspectorUrl: string;
  let idp: RunningSamlIdp;
  let db: DataSource;
  let slug: string;

  beforeAll(async () => {
    const port = await freePort();
    hubUrl = `http://127.0.0.1:${port}`;
    db = await new DataSource({ type: 'postgres', url: process.env.TEST_DATABASE_URL }).initialize();
    idp = await startSamlIdp();
    slug = `cvh-mem-${randomBytes(3).toString('hex')}`;
    const [partner]: { id: string }[] = await db.query(
      `INSERT INTO partner_ent (slug, name, kind, protocol, trust, saml_settings, attribute_mapping)
       VALUES ($1, 'ENT du Collège Victor Hugo', 'COLLEGE', 'SAML2', 'PARTNER', $2::jsonb, $3::jsonb) RETURNING id`,
      [slug, JSON.stringify({
        entityId: idp.entityId, ssoUrl: idp.ssoUrl, sloUrl: idp.sloUrl, signingCertificates: [idp.certificatePem],
        nameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent', allowIdpInitiated: false, signedPart: 'ASSERTION',
      }), JSON.stringify(ATTRIBUTE_MAPPING_PRESETS[AttributeMappingPreset.ENT_CORE])]);
    const convention = await given(db).convention({ partnerId: partner.id, partnerUais: [idp.uai], quota: { ELV: 8, ENS: 2 } });
    await given(db).pool(convention.id, 'ELV', 8);
    await given(db).pool(convention.id, 'ENS', 2);
    // Every browser here comes from 127.0.0.1: the per-IP sign-in throttle is raised, as bench/ does (it still runs).
    hub = HubProcess.start('api', testEnv({
      PORT: String(port), PUBLIC_URL: hubUrl, LOGIN_THROTTLE_PER_IP: '100000', NODE_OPTIONS: '--inspect=127.0.0.1:0',
    }));
    inspectorUrl = await waitFor(() => `the hub's inspector (${hub.text.slice(-1500)})`,
      async () => /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/.exec(hub.text)?.[1], 90_000, 100);
    await waitFor(() => `the hub (${hub.text.slice(-1500)})`, async () =>
      (await fetch(`${hubUrl}/health/ready`).catch(() => null))?.status === 200, 90_000, 250);
  }, 120_000);

  afterAll(async () => {
    await hub?.stop();
    await idp?.stop();
    await db?.destroy();
  });

  /** One whole sign-in: login started at the hub, the IdP's signed response posted to the ACS, a session opened. */
  async function signIn(n: number): Promise<void> {
    const browser = new TestBrowser();
    const started = await browser.request(`${hubUrl}/auth/${slug}/login?returnTo=/`);
    const location = started.headers.get('location') ?? '';
    if (started.status !== 302 || !location.startsWith(idp.ssoUrl)) throw new Error(`login answered ${started.status}`);
    const { samlResponse } = idp.forge({ request: idp.readAuthnRequest(location), user: idp.users[n % idp.users.length].login });
    const answer = await browser.request(`${hubUrl}/auth/saml/${slug}/acs`, { method: 'POST', form: { SAMLResponse: samlResponse } });
    const session = answer.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`) && !c.startsWith(`${SESSION_COOKIE}=;`));
    if (answer.status !== 302 || answer.headers.get('location') !== '/' || !session) {
      throw new Error(`sign-in ${n}: ACS answered ${answer.status} ${answer.body.slice(0, 300)}`);
    }
  }

  /** `count` sign-ins, CONCURRENCY at a time; `stop` is asked after each one (true ends the loop early). */
  async function signIns(count: number, stop: () => boolean = () => false): Promise<number> {
    let next = 0;
    let done = 0;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < count && !stop()) {
        await signIn(next++);
        done++;
      }
    }));
    return done;
  }

  it(`keeps the hub's RSS within ${LIMIT_MIB} MiB over ${SIGN_INS} SAML sign-ins`, async () => {
    const pid = hub.child.pid!;
    const started = Date.now();
    await signIns(WARM_UP);
    await collectGarbage(inspectorUrl);
    const before = rssMiB(pid);
    let checked = 0;
    let highest = before;
    const done = await signIns(SIGN_INS, () => {
      if (++checked % 50 === 0) highest = Math.max(highest, rssMiB(pid));
      return highest - before > EARLY_STOP_MIB;
    });
    await collectGarbage(inspectorUrl);
    const after = rssMiB(pid);
    const figures = {
      signIns: done, rssBeforeMiB: Math.round(before), rssAfterMiB: Math.round(after), growthMiB: Math.round(after - before),
      highestWithoutCollectionMiB: Math.round(highest), seconds: Math.round((Date.now() - started) / 1000),
    };
    process.stdout.write(`saml-memory: ${JSON.stringify(figures)}\n`);
    expect(figures).toMatchObject({ signIns: SIGN_INS });
    expect(after - before).toBeLessThan(LIMIT_MIB);
    // Every sign-in after the first of each user found its guest: the IdP's five users hold five guests.
    const [{ bound }] = await db.query(`SELECT count(*)::int AS bound FROM guest WHERE issuer = $1 AND state = 'BOUND'`, [idp.entityId]);
    expect(bound).toBe(idp.users.length);
  }, 900_000);
});
