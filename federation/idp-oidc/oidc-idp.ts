import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { claimsOf, COLLEGE_NAME, COLLEGE_UAI, COLLEGE_USERS, CollegeUser, ENT_CLAIMS } from './college-jean-moulin.js';
import {
  forgeIdToken, generateSigningKey, IdTokenForgery, privateJwkOf, publicJwkOf, SigningKey,
} from './id-token-forgery.js';

/**
 * A local OpenID provider (oidc-provider) standing in for the ENT of "Collège Jean Moulin", for tests and the demo.
 * NEVER part of a deployment: it signs anyone in without a password (the login page lists the accounts, and
 * `login_hint=<login>` signs that account in at once), and it can be told to hand out forged ID tokens.
 *
 * What it serves (issuer http://127.0.0.1:<port>): discovery, authorization code + PKCE S256 (required), the
 * RFC 9207 `iss` parameter on every authorization response (always on in oidc-provider 9, advertised as
 * `authorization_response_iss_parameter_supported`), RS256 ID tokens carrying the scope claims (see
 * college-jean-moulin.ts: `profile` scope → name, given_name, family_name; `ent` scope → ent_profile, ent_uai, ent_class),
 * RP-initiated logout (`/session/end`), userinfo. Signing keys are generated at start and live in memory only.
 */

export interface OidcIdpClient {
  readonly client_id: string;
  readonly client_secret: string;
  readonly redirect_uris: readonly string[];
  readonly post_logout_redirect_uris?: readonly string[];
  /** Default client_secret_basic (the relying party's default too); client_secret_post also works. */
  readonly token_endpoint_auth_method?: 'client_secret_basic' | 'client_secret_post';
}

export interface StartOidcIdpOptions {
  /** Default: a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  readonly clients: readonly OidcIdpClient[];
  /** The host name in the issuer when it differs from `host` (the demo: `localhost`, the hub's site). */
  readonly publicHost?: string;
  /** The school this provider stands for, and its people (default: Collège Jean Moulin, college-jean-moulin.ts). */
  readonly school?: { readonly name: string; readonly uai: string };
  readonly users?: readonly CollegeUser[];
  /** A signing key kept from a previous start (the demo keeps it under DATA_DIR/demo); default: a new one. */
  readonly signingKey?: SigningKey;
  /** Keys of the provider's own cookies (default: new ones). */
  readonly cookieKeys?: readonly string[];
}

export interface RunningOidcIdp {
  /** The issuer identifier (also the base URL): `http://127.0.0.1:<port>`. */
  readonly issuer: string;
  readonly url: string;
  readonly users: readonly CollegeUser[];
  /** The signing key in use (its public part is in the JWKS). */
  readonly signingKey: SigningKey;
  /** Requests served, by endpoint, since start: lets a test see a JWKS refetch or a token call. */
  readonly requests: { jwks: number; token: number; discovery: number };
  /** The next token response carries this forged ID token instead of the genuine one (once). */
  forgeNextIdToken(forgery: IdTokenForgery): void;
  /**
   * Signs with a new key (new `kid`) from now on; the JWKS lists the new key only, or both with `keepPrevious`.
   */
  rotateSigningKey(options?: { keepPrevious?: boolean }): SigningKey;
  stop(): Promise<void>;
}

export const ENT_SCOPE = 'ent';

/** Starts the provider; `stop()` closes it. */
export async function startOidcIdp(options: StartOidcIdpOptions): Promise<RunningOidcIdp> {
  const host = options.host ?? '127.0.0.1';
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => { res.statusCode = 503; res.end(); };
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://${options.publicHost ?? host}:${port}`;
  const school = options.school ?? { name: COLLEGE_NAME, uai: COLLEGE_UAI };
  const users = options.users ?? COLLEGE_USERS;

  const initialKey = options.signingKey ?? generateSigningKey();
  let signingKey = initialKey;
  let published: SigningKey[] = [initialKey];
  let forgery: IdTokenForgery | undefined;
  const requests = { jwks: 0, token: 0, discovery: 0 };

  const provider = new Provider(issuer, configuration(options.clients, initialKey, users, school, options.cookieKeys));
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/jwks') {
      requests.jwks += 1;
      if (signingKey !== initialKey) ctx.body = { keys: published.map(publicJwkOf) };
    } else if (ctx.path === '/.well-known/openid-configuration') {
      requests.discovery += 1;
    } else if (ctx.path === '/token' && ctx.method === 'POST') {
      requests.token += 1;
      const body = ctx.body as { id_token?: string } | undefined;
      if (ctx.status !== 200 || typeof body?.id_token !== 'string') return;
      if (forgery) {
        ctx.body = { ...body, id_token: forgeIdToken(body.id_token, forgery, signingKey) };
        forgery = undefined;
      } else if (signingKey !== initialKey) {
        ctx.body = { ...body, id_token: forgeIdToken(body.id_token, { signature: 'provider-key' }, signingKey) };
      }
    }
  });
  const callback = provider.callback();
  handler = (req, res) => {
    if (req.url?.startsWith('/interaction/')) {
      interactions(provider, req, res, users, school.name).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`Erreur du fournisseur d'identité de démonstration : ${String(error)}`);
      });
      return;
    }
    void callback(req, res);
  };

  return {
    issuer, url: issuer, users, requests,
    get signingKey() { return signingKey; },
    forgeNextIdToken(next) { forgery = next; },
    rotateSigningKey(rotation = {}) {
      const previous = signingKey;
      signingKey = generateSigningKey();
      published = rotation.keepPrevious ? [signingKey, previous] : [signingKey];
      return signingKey;
    },
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function configuration(clients: readonly OidcIdpClient[], key: SigningKey, users: readonly CollegeUser[],
  school: { readonly name: string; readonly uai: string }, cookieKeys?: readonly string[]): Configuration {
  return {
    clients: clients.map((c) => ({
      client_id: c.client_id,
      client_secret: c.client_secret,
      redirect_uris: [...c.redirect_uris],
      post_logout_redirect_uris: [...(c.post_logout_redirect_uris ?? [])],
      token_endpoint_auth_method: c.token_endpoint_auth_method ?? 'client_secret_basic',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      id_token_signed_response_alg: 'RS256',
    })),
    jwks: { keys: [privateJwkOf(key) as never] },
    cookies: { keys: cookieKeys?.length ? [...cookieKeys] : [randomBytes(32).toString('base64url')] },
    claims: {
      openid: ['sub'],
      profile: ['name', 'given_name', 'family_name'],
      [ENT_SCOPE]: [ENT_CLAIMS.profile, ENT_CLAIMS.uai, ENT_CLAIMS.classCode],
    },
    scopes: ['openid', 'profile', ENT_SCOPE],
    // Put the scope claims in the ID token although an access token is issued too (STACK.md, trap 7).
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true, logoutSource: logoutSourceOf(school.name), postLogoutSuccessSource },
      userinfo: { enabled: true },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      const user = users.find((u) => u.sub === sub);
      if (!user) return undefined;
      return { accountId: user.sub, claims: () => claimsOf(user, school.uai) };
    },
    ttl: {
      AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600,
    },
    clientBasedCORS: () => false,
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = page('Erreur', `<p>${escapeHtml(String(out.error))} : ${escapeHtml(String(out.error_description ?? ''))}</p>`);
    },
  };
}

/**
 * The demo's interactions: login and consent are granted at once. `login_hint=<login>` signs that account in
 * without a page (tests); otherwise a page lists the accounts of the collège, each a button (the demo).
 */
async function interactions(provider: Provider, req: IncomingMessage, res: ServerResponse, users: readonly CollegeUser[],
  schoolName: string): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  const { uid, prompt, params, session } = details;
  const url = new URL(req.url ?? '/', 'http://local');
  if (req.method === 'POST' && url.pathname === `/interaction/${uid}/login`) {
    const form = new URLSearchParams(await readBody(req));
    const user = users.find((u) => u.login === form.get('login'));
    if (!user) return finish(provider, req, res, { error: 'access_denied', error_description: 'unknown account' });
    return grantAll(provider, req, res, user.sub, String(params.client_id), String(params.scope ?? 'openid'));
  }
  if (req.method === 'GET' && url.pathname === `/interaction/${uid}/abort`) {
    return finish(provider, req, res, { error: 'access_denied', error_description: 'sign-in cancelled' });
  }
  if (req.method !== 'GET' || url.pathname !== `/interaction/${uid}`) {
    res.writeHead(404).end();
    return;
  }
  if (prompt.name === 'consent' && session?.accountId) {
    return grantAll(provider, req, res, session.accountId, String(params.client_id), String(params.scope ?? 'openid'));
  }
  const hint = typeof params.login_hint === 'string' ? params.login_hint : undefined;
  if (hint !== undefined) {
    const user = users.find((u) => u.login === hint);
    if (!user) return finish(provider, req, res, { error: 'access_denied', error_description: 'unknown login_hint' });
    return grantAll(provider, req, res, user.sub, String(params.client_id), String(params.scope ?? 'openid'));
  }
  const buttons = users.map((u) => `<li><button type="submit" name="login" value="${escapeHtml(u.login)}">`
    + `${escapeHtml(`${u.givenName} ${u.familyName}`)} (${escapeHtml(roleLabel(u))})`
    + '</button></li>').join('');
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(page(`Connexion — ${schoolName}`,
    `<p><strong>Fournisseur d'identité de démonstration.</strong> Aucun mot de passe : choisissez un compte.</p>
     <form method="post" action="/interaction/${escapeHtml(uid)}/login"><ul>${buttons}</ul></form>
     <p><a href="/interaction/${escapeHtml(uid)}/abort">Annuler</a></p>`));
}

/** Login and consent in one step: a grant with every requested scope. */
async function grantAll(provider: Provider, req: IncomingMessage, res: ServerResponse, accountId: string, clientId: string,
  scope: string): Promise<void> {
  const grant = new provider.Grant({ accountId, clientId });
  grant.addOIDCScope(scope);
  const grantId = await grant.save();
  return finish(provider, req, res, { login: { accountId }, consent: { grantId } });
}

function finish(provider: Provider, req: IncomingMessage, res: ServerResponse, result: Record<string, unknown>): Promise<void> {
  return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > 10_000) req.destroy(new Error('body too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function roleLabel(user: CollegeUser): string {
  if (user.profile === 'National_ELV') return `élève de ${user.classCode ?? ''}`;
  return user.profile === 'National_DIR' ? 'direction' : 'enseignant';
}

function logoutSourceOf(schoolName: string) {
  return async (ctx: KoaContextWithOIDC, form: string): Promise<void> => {
    ctx.body = page('Déconnexion', `<p>Voulez-vous vous déconnecter de l'ENT de : ${escapeHtml(schoolName)} ?</p>${form}
      <button type="submit" form="op.logoutForm" name="logout" value="yes">Oui, me déconnecter</button>
      <button type="submit" form="op.logoutForm">Non, rester connecté</button>`);
  };
}

async function postLogoutSuccessSource(ctx: KoaContextWithOIDC): Promise<void> {
  ctx.body = page('Déconnexion', '<p>Vous êtes déconnecté.</p>');
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>`
    + `<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!));
}
