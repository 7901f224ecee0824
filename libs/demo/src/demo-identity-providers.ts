import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AppConfig } from '@passerelle/config';
import type { DemoProviderEndpoints } from './demo-seeder.js';
import {
  DEMO_ECOLE, DEMO_HOME_PEOPLE, DEMO_JEAN_MOULIN, DEMO_VICTOR_HUGO, DEMO_VICTOR_HUGO_PEOPLE, DemoPerson,
} from './demo-world.js';

/**
 * The three local identity providers of the demo (federation/): the école's home ENT and Collège Jean Moulin's ENT over
 * OpenID Connect, Collège Victor Hugo's over SAML. They are loaded with a dynamic import, in demo mode only: they sign
 * anyone in without a password and must never run in a deployment. Their keys, certificate and client secrets are
 * created at the first start and kept under DATA_DIR/demo, so that the partners the seed registered stay valid after a
 * restart.
 */

export const DEMO_CLIENT_ID = 'passerelle-demo';
const STATE_FILE = 'identity-providers.json';

interface StoredState {
  readonly version: 1;
  readonly clientSecrets: { readonly home: string; readonly jeanMoulin: string };
  readonly oidcKeys: { readonly home: StoredOidcKey; readonly jeanMoulin: StoredOidcKey };
  readonly cookieKeys: readonly string[];
  readonly saml: { readonly privateKeyPem: string; readonly certificatePem: string };
}

interface StoredOidcKey {
  readonly kid: string;
  readonly privateKeyPem: string;
}

export interface DemoIdentityProviderPorts {
  readonly home: number;
  readonly jeanMoulin: number;
  readonly victorHugo: number;
}

export interface RunningDemoIdentityProviders {
  /** What the seed registers. */
  readonly endpoints: DemoProviderEndpoints;
  readonly urls: { readonly home: string; readonly jeanMoulin: string; readonly victorHugo: string };
  stop(): Promise<void>;
}

export interface StartDemoIdentityProvidersOptions {
  /** The hub's origin (redirect URIs, the SAML SP metadata URL); its host name, when a loopback one, is the IdPs' too. */
  readonly publicUrl: string;
  /** Where the keys are kept (DATA_DIR/demo). */
  readonly stateDir: string;
  /** 0: any free port (tests). */
  readonly ports: DemoIdentityProviderPorts;
}

export function demoStateDir(config: AppConfig): string {
  return resolve(config.DATA_DIR, 'demo');
}

export function demoPortsOf(config: AppConfig): DemoIdentityProviderPorts {
  return { home: config.DEMO_HOME_IDP_PORT, jeanMoulin: config.DEMO_OIDC_IDP_PORT, victorHugo: config.DEMO_SAML_IDP_PORT };
}

/**
 * The IdPs listen on 127.0.0.1 and name themselves with the hub's host name (localhost by default): the browser then
 * sees them on the hub's site, which the SAML answer (a POST back to the hub) needs for the hub's SameSite=Lax login cookie.
 */
function publicHostOf(publicUrl: string): string {
  const host = new URL(publicUrl).hostname;
  return host === '127.0.0.1' || host === 'localhost' ? host : 'localhost';
}

export async function startDemoIdentityProviders(options: StartDemoIdentityProvidersOptions): Promise<RunningDemoIdentityProviders> {
  const [oidc, saml] = await Promise.all([
    import('../../../federation/idp-oidc/index.js'),
    import('../../../federation/idp-saml/index.js'),
  ]);
  const state = loadOrCreateState(options.stateDir, () => saml.newIdpKey(`${DEMO_VICTOR_HUGO.name} (IdP de démonstration)`, 3650));
  const publicHost = publicHostOf(options.publicUrl);
  const hub = options.publicUrl.replace(/\/$/, '');
  const client = (slug: string, secret: string) => ({
    client_id: DEMO_CLIENT_ID, client_secret: secret, redirect_uris: [`${hub}/auth/oidc/${slug}/callback`], post_logout_redirect_uris: [`${hub}/`],
  });
  const signingKey = (stored: StoredOidcKey) => {
    const privateKey = createPrivateKey(stored.privateKeyPem);
    return { kid: stored.kid, privateKey, publicKey: createPublicKey(privateKey) };
  };
  const asOidcUser = (p: DemoPerson) => ({ ...p, profile: p.profile as 'National_ELV' | 'National_ENS' | 'National_DIR' });
  const started: { stop(): Promise<void> }[] = [];
  try {
    const home = await busyAware('DEMO_HOME_IDP_PORT', options.ports.home, () => oidc.startOidcIdp({
      port: options.ports.home, host: '127.0.0.1', publicHost, clients: [client(DEMO_ECOLE.slug, state.clientSecrets.home)],
      school: { name: DEMO_ECOLE.name, uai: DEMO_ECOLE.uai }, users: DEMO_HOME_PEOPLE.map(asOidcUser),
      signingKey: signingKey(state.oidcKeys.home), cookieKeys: state.cookieKeys,
    }));
    started.push(home);
    const jeanMoulin = await busyAware('DEMO_OIDC_IDP_PORT', options.ports.jeanMoulin, () => oidc.startOidcIdp({
      port: options.ports.jeanMoulin, host: '127.0.0.1', publicHost, clients: [client(DEMO_JEAN_MOULIN.slug, state.clientSecrets.jeanMoulin)],
      school: { name: DEMO_JEAN_MOULIN.name, uai: DEMO_JEAN_MOULIN.uai },
      signingKey: signingKey(state.oidcKeys.jeanMoulin), cookieKeys: state.cookieKeys,
    }));
    started.push(jeanMoulin);
    const victorHugo = await busyAware('DEMO_SAML_IDP_PORT', options.ports.victorHugo, () => saml.startSamlIdp({
      port: options.ports.victorHugo, host: '127.0.0.1', publicHost, key: state.saml,
      school: { name: DEMO_VICTOR_HUGO.name, uai: DEMO_VICTOR_HUGO.uai },
      users: DEMO_VICTOR_HUGO_PEOPLE.map((p) => ({ login: p.login, nameId: p.sub, givenName: p.givenName, familyName: p.familyName,
        profile: p.profile as 'National_ELV' | 'National_ENS', classCode: p.classCode,
        classLabel: p.classCode ? DEMO_VICTOR_HUGO.classLabel : null })),
    }));
    started.push(victorHugo);
    return {
      endpoints: {
        home: { issuer: home.issuer, clientId: DEMO_CLIENT_ID, clientSecret: state.clientSecrets.home },
        jeanMoulin: { issuer: jeanMoulin.issuer, clientId: DEMO_CLIENT_ID, clientSecret: state.clientSecrets.jeanMoulin },
        victorHugo: { metadataXml: victorHugo.metadataXml },
      },
      urls: { home: home.url, jeanMoulin: jeanMoulin.url, victorHugo: victorHugo.url },
      stop: async () => { await Promise.all(started.map((idp) => idp.stop())); },
    };
  } catch (error) {
    await Promise.all(started.map((idp) => idp.stop()));
    throw error;
  }
}

async function busyAware<T>(variable: string, port: number, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if ((error as { code?: string })?.code === 'EADDRINUSE') {
      throw new Error(`demo identity provider: port ${port} (${variable}) is already in use; stop what uses it or set ${variable} to a free port`);
    }
    throw error;
  }
}

/** The state of a previous start, or a new one written atomically (mode 0600: it holds private keys, of a demo). */
function loadOrCreateState(dir: string, newSamlKey: () => { privateKeyPem: string; certificatePem: string }): StoredState {
  const file = join(dir, STATE_FILE);
  try {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as StoredState;
    if (stored.version === 1) return stored;
  } catch (error) {
    if ((error as { code?: string })?.code !== 'ENOENT') throw new Error(`demo identity providers: ${file} is unreadable (${String(error)}); delete it`);
  }
  const oidcKey = (): StoredOidcKey => ({
    kid: randomBytes(8).toString('hex'),
    privateKeyPem: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  });
  const state: StoredState = {
    version: 1,
    clientSecrets: { home: randomBytes(24).toString('base64url'), jeanMoulin: randomBytes(24).toString('base64url') },
    oidcKeys: { home: oidcKey(), jeanMoulin: oidcKey() },
    cookieKeys: [randomBytes(32).toString('base64url')],
    saml: newSamlKey(),
  };
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(state, null, 2), { mode: 0o600 });
  renameSync(temporary, file);
  return state;
}
