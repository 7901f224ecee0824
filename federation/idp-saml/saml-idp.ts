import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { inflateRawSync } from 'node:zlib';
import * as samlify from 'samlify';
import { configureSamlify } from '../../libs/identity/src/federation/saml/samlify-setup.js';
import { createSelfSignedCredential } from '../../libs/identity/src/federation/saml/self-signed-certificate.js';
import { attributesOf, COLLEGE_NAME, COLLEGE_UAI, SAML_COLLEGE_USERS, SamlCollegeUser } from './college-victor-hugo.js';
import {
  ALGORITHMS, DIGESTS, escapeXml, NAMEID_PERSISTENT, newSamlId, renderAssertion, renderResponse, ResponseFields, signXml, SigningKey,
  STATUS_SUCCESS,
} from './saml-response-builder.js';

/**
 * A local SAML 2.0 IdP standing in for the ENT of "Collège Victor Hugo" (samlify in the IdP role). Tests and the demo
 * start it on a local port; keys are generated at each start, in memory, never written anywhere. **Never deploy this**:
 * it signs anyone in without a password (`login_hint=<login>`) and forges responses on demand.
 */

const { Constants } = samlify;
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';

export interface SamlIdpOptions {
  readonly port?: number;
  readonly host?: string;
  /** Encrypt assertions to the SP's encryption certificate (from its metadata). */
  readonly encryptAssertions?: boolean;
  /** Sign the whole Response (as partners with signedPart RESPONSE do) in addition to the assertion. */
  readonly signResponse?: boolean;
  /** Assertion lifetime (default 5 minutes). */
  readonly assertionLifetimeSeconds?: number;
  /** AuthnStatement SessionNotOnOrAfter, from now (default: 8 hours). */
  readonly sessionLifetimeSeconds?: number;
  /** The host name in its URLs when it differs from `host` (the demo: `localhost`, the hub's site). */
  readonly publicHost?: string;
  /** The school this IdP stands for, and its people (default: Collège Victor Hugo, college-victor-hugo.ts). */
  readonly school?: { readonly name: string; readonly uai: string };
  readonly users?: readonly SamlCollegeUser[];
  /** A key and certificate kept from a previous start (the demo keeps them under DATA_DIR/demo); default: new ones. */
  readonly key?: SigningKey;
}

/** What an AuthnRequest asked, read without checking its signature (for tests that forge the answer). */
export interface AuthnRequestInfo {
  readonly id: string;
  /** The SP's entityID. */
  readonly issuer: string;
  readonly acsUrl: string;
  readonly destination: string | null;
  readonly relayState: string | null;
}

export type ForgeVariant =
  | 'two-assertions'
  | 'xsw-evil-first'
  | 'xsw-same-id-in-extensions'
  | 'xsw-signature-moved'
  | 'xsw-response-wrapped'
  | 'tamper-nameid'
  | 'comment-in-nameid'
  | 'doctype'
  | 'encrypted-and-plain';

export interface ForgeOptions {
  /** The request answered: InResponseTo, Audience (its issuer), Destination and Recipient (its ACS). */
  readonly request?: AuthnRequestInfo;
  /** The person (login); the first pupil by default. */
  readonly user?: string;
  readonly nameId?: string;
  readonly nameIdFormat?: string | null;
  readonly attributes?: Record<string, string[]>;
  readonly issuer?: string;
  readonly inResponseTo?: string | null;
  readonly audience?: string | null;
  readonly destination?: string | null;
  readonly recipient?: string | null;
  readonly issueInstant?: Date;
  readonly notBefore?: Date | null;
  readonly notOnOrAfter?: Date | null;
  readonly subjectNotOnOrAfter?: Date | null;
  readonly sessionNotOnOrAfter?: Date | null;
  readonly assertionId?: string;
  readonly statusCode?: string;
  /** What is signed (default: the assertion). */
  readonly sign?: 'assertion' | 'response' | 'both' | 'none';
  /** Another key (default: the IdP's own). */
  readonly key?: SigningKey;
  readonly algorithm?: keyof typeof ALGORITHMS;
  readonly digest?: keyof typeof DIGESTS;
  /** Put the signing certificate in KeyInfo (default true). */
  readonly keyInfo?: boolean;
  readonly variant?: ForgeVariant;
  /** For `comment-in-nameid`: where the comment goes in the NameID text (default: its middle). */
  readonly commentAt?: number;
  /** For `xsw-*` and `tamper-nameid`: the NameID the attacker wants read. */
  readonly evilNameId?: string;
}

export interface ForgedResponse {
  /** Base64, as posted in the SAMLResponse field. */
  readonly samlResponse: string;
  readonly xml: string;
  readonly assertionId: string;
}

export interface RunningSamlIdp {
  readonly url: string;
  readonly entityId: string;
  readonly ssoUrl: string;
  readonly sloUrl: string;
  readonly metadataXml: string;
  readonly certificatePem: string;
  readonly key: SigningKey;
  readonly users: readonly SamlCollegeUser[];
  readonly uai: string;
  /** LogoutRequests received (decoded XML), oldest first. */
  readonly logoutRequests: string[];
  /** Decodes the AuthnRequest of an SSO redirect URL (no signature check). */
  readAuthnRequest(url: string): AuthnRequestInfo;
  /** Builds a response — valid by default, or broken as the options say. */
  forge(options?: ForgeOptions): ForgedResponse;
  stop(): Promise<void>;
}

/** samlify (in the IdP role too) validates what it parses: the hub's validator, shared when both run in one process. */
function ensureValidator(): void {
  configureSamlify();
}

/** The auto-submitting form a browser receives from the IdP, read back (tests do not run scripts). */
export function readAutoPostForm(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error('no form in the IdP page');
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) fields[match[1]] = unescapeHtml(match[2]);
  return { action: unescapeHtml(action), fields };
}

function unescapeHtml(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function decodeRedirectMessage(value: string): string {
  return inflateRawSync(Buffer.from(value, 'base64')).toString('utf8');
}

function readRequestXml(xml: string): { id: string; issuer: string; acsUrl: string; destination: string | null } {
  const id = /<(?:\w+:)?AuthnRequest[^>]*\sID="([^"]+)"/.exec(xml)?.[1];
  const acsUrl = /AssertionConsumerServiceURL="([^"]+)"/.exec(xml)?.[1];
  const destination = /\sDestination="([^"]+)"/.exec(xml)?.[1] ?? null;
  const issuer = /<(?:\w+:)?Issuer[^>]*>([^<]+)</.exec(xml)?.[1];
  if (!id || !acsUrl || !issuer) throw new Error('not an AuthnRequest this IdP understands');
  return { id, issuer: issuer.trim(), acsUrl: unescapeHtml(acsUrl), destination };
}

/** Starts the IdP; `stop()` closes it. */
export async function startSamlIdp(options: SamlIdpOptions = {}): Promise<RunningSamlIdp> {
  ensureValidator();
  const school = options.school ?? { name: COLLEGE_NAME, uai: COLLEGE_UAI };
  const people = options.users ?? SAML_COLLEGE_USERS;
  const key: SigningKey = options.key ?? (() => {
    const credential = createSelfSignedCredential(`${school.name} (IdP de test)`, 2);
    return { privateKeyPem: credential.privateKeyPem, certificatePem: credential.certificatePem };
  })();
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.publicHost ?? options.host ?? '127.0.0.1'}:${port}`;
  const entityId = `${url}/metadata`;
  const ssoUrl = `${url}/sso`;
  const sloUrl = `${url}/slo`;
  const assertionLifetime = (options.assertionLifetimeSeconds ?? 300) * 1000;
  const sessionLifetime = (options.sessionLifetimeSeconds ?? 8 * 3600) * 1000;

  const idp = samlify.IdentityProvider({
    entityID: entityId,
    privateKey: key.privateKeyPem,
    signingCert: key.certificatePem,
    wantAuthnRequestsSigned: true,
    isAssertionEncrypted: options.encryptAssertions === true,
    requestSignatureAlgorithm: RSA_SHA256,
    nameIDFormat: [NAMEID_PERSISTENT],
    singleSignOnService: [{ Binding: Constants.namespace.binding.redirect, Location: ssoUrl }],
    singleLogoutService: [{ Binding: Constants.namespace.binding.redirect, Location: sloUrl }],
    generateID: newSamlId,
  });
  const metadataXml = idp.getMetadata();
  const logoutRequests: string[] = [];
  const spByIssuer = new Map<string, ReturnType<typeof samlify.ServiceProvider>>();

  /** The SP, from the metadata published at its entityID (the hub serves it there). */
  async function serviceProvider(issuer: string) {
    const known = spByIssuer.get(issuer);
    if (known) return known;
    if (!/^https?:\/\//.test(issuer)) throw new Error('the SP entityID is not a metadata URL');
    const response = await fetch(issuer);
    if (!response.ok) throw new Error(`SP metadata: HTTP ${response.status}`);
    const sp = samlify.ServiceProvider({ metadata: await response.text(), wantMessageSigned: options.signResponse === true });
    spByIssuer.set(issuer, sp);
    return sp;
  }

  function userOf(login: string | undefined): SamlCollegeUser {
    const user = people.find((u) => u.login === login) ?? (login === undefined ? people[0] : undefined);
    if (!user) throw new Error(`unknown user ${login}`);
    return user;
  }

  function fieldsFor(forge: ForgeOptions): ResponseFields {
    const user = userOf(forge.user);
    const now = forge.issueInstant ?? new Date();
    const until = new Date(now.getTime() + assertionLifetime);
    const pick = <T>(value: T | undefined, fallback: T): T => (value === undefined ? fallback : value);
    return {
      responseId: newSamlId(),
      assertionId: forge.assertionId ?? newSamlId(),
      issuer: forge.issuer ?? entityId,
      destination: pick(forge.destination, forge.request?.acsUrl ?? null),
      inResponseTo: pick(forge.inResponseTo, forge.request?.id ?? null),
      statusCode: forge.statusCode ?? STATUS_SUCCESS,
      issueInstant: now,
      nameId: forge.nameId ?? user.nameId,
      nameIdFormat: pick(forge.nameIdFormat, NAMEID_PERSISTENT),
      recipient: pick(forge.recipient, forge.request?.acsUrl ?? null),
      subjectNotOnOrAfter: pick(forge.subjectNotOnOrAfter, until),
      notBefore: pick(forge.notBefore, now),
      notOnOrAfter: pick(forge.notOnOrAfter, until),
      audience: pick(forge.audience, forge.request?.issuer ?? null),
      sessionIndex: `_session-${user.login}`,
      sessionNotOnOrAfter: pick(forge.sessionNotOnOrAfter, new Date(now.getTime() + sessionLifetime)),
      attributes: forge.attributes ?? attributesOf(user, school.uai),
    };
  }

  function forge(forgeOptions: ForgeOptions = {}): ForgedResponse {
    const f = fieldsFor(forgeOptions);
    const signing = forgeOptions.sign ?? 'assertion';
    const signOptions = { key: forgeOptions.key ?? key, algorithm: forgeOptions.algorithm, digest: forgeOptions.digest, keyInfo: forgeOptions.keyInfo };
    const signAssertion = (fields: ResponseFields) => {
      const signed = signing === 'assertion' || signing === 'both'
        ? signXml(renderResponse(fields, renderAssertion(fields)), { ...signOptions, target: 'assertion' })
        : renderResponse(fields, renderAssertion(fields));
      return /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(signed)![0];
    };
    const evilNameId = forgeOptions.evilNameId ?? people.find((u) => u.profile !== 'National_ELV')!.nameId;
    let xml: string;
    switch (forgeOptions.variant) {
      case 'two-assertions': {
        const other = fieldsFor({ ...forgeOptions, user: people[1].login, assertionId: undefined });
        xml = renderResponse(f, signAssertion(f) + signAssertion({ ...other, assertionId: newSamlId() }));
        break;
      }
      case 'xsw-evil-first': {
        const evil = renderAssertion({ ...f, assertionId: newSamlId(), nameId: evilNameId });
        xml = renderResponse(f, evil + signAssertion(f));
        break;
      }
      case 'xsw-same-id-in-extensions': {
        const evil = renderAssertion({ ...f, nameId: evilNameId });
        xml = renderResponse(f, evil, signAssertion(f));
        break;
      }
      case 'xsw-signature-moved': {
        const signed = signAssertion(f);
        const signature = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(signed)![0];
        const evil = renderAssertion({ ...f, nameId: evilNameId });
        xml = renderResponse(f, evil).replace('</saml:Issuer>', `</saml:Issuer>${signature}`);
        break;
      }
      case 'xsw-response-wrapped': {
        const original = signXml(renderResponse(f, renderAssertion(f)), { ...signOptions, target: 'response' });
        const evilFields = { ...f, responseId: newSamlId(), assertionId: newSamlId(), nameId: evilNameId };
        xml = renderResponse(evilFields, renderAssertion(evilFields), original.replace(/^<\?xml[^>]*>/, ''));
        break;
      }
      default:
        xml = renderResponse(f, signAssertion(f));
    }
    if (signing === 'response' || signing === 'both') {
      if (forgeOptions.variant !== 'xsw-response-wrapped') xml = signXml(xml, { ...signOptions, target: 'response' });
    }
    switch (forgeOptions.variant) {
      case 'tamper-nameid':
        xml = xml.replace(`>${escapeXml(f.nameId)}</saml:NameID>`, `>${escapeXml(evilNameId)}</saml:NameID>`);
        break;
      case 'comment-in-nameid': {
        const at = forgeOptions.commentAt ?? Math.floor(f.nameId.length / 2);
        xml = xml.replace(`>${escapeXml(f.nameId)}</saml:NameID>`,
          `>${escapeXml(f.nameId.slice(0, at))}<!---->${escapeXml(f.nameId.slice(at))}</saml:NameID>`);
        break;
      }
      case 'doctype':
        xml = `<?xml version="1.0"?><!DOCTYPE samlp:Response [<!ENTITY subject "${escapeXml(evilNameId)}">]>${xml.replace(/^<\?xml[^>]*>/, '')}`;
        break;
      case 'encrypted-and-plain':
        xml = xml.replace('</samlp:Status>', '</samlp:Status><saml:EncryptedAssertion><xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#"/></saml:EncryptedAssertion>');
        break;
      default:
    }
    return { samlResponse: Buffer.from(xml, 'utf8').toString('base64'), xml, assertionId: f.assertionId };
  }

  function readAuthnRequest(requestUrl: string): AuthnRequestInfo {
    const parsed = new URL(requestUrl);
    const message = parsed.searchParams.get('SAMLRequest');
    if (!message) throw new Error('no SAMLRequest');
    return { ...readRequestXml(decodeRedirectMessage(message)), relayState: parsed.searchParams.get('RelayState') };
  }

  /** HTML that posts the response to the SP, as every SAML IdP does. */
  function autoPost(action: string, samlResponse: string, relayState: string | null): string {
    return `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(school.name)}</title></head>`
      + `<body onload="document.forms[0].submit()"><form method="post" action="${escapeHtml(action)}">`
      + `<input type="hidden" name="SAMLResponse" value="${escapeHtml(samlResponse)}">`
      + (relayState ? `<input type="hidden" name="RelayState" value="${escapeHtml(relayState)}">` : '')
      + '<noscript><button type="submit">Continuer vers Passerelle</button></noscript></form></body></html>';
  }

  function loginPage(query: string): string {
    const links = people.map((u) => {
      const params = new URLSearchParams(query);
      params.set('login_hint', u.login);
      return `<li><a href="/sso?${escapeHtml(params.toString())}">${escapeHtml(`${u.givenName} ${u.familyName}`)} (${u.profile === 'National_ELV' ? `élève de ${escapeHtml(u.classLabel ?? '')}` : 'enseignant'})</a></li>`;
    }).join('');
    return `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(school.name)} – connexion</title></head>`
      + `<body><main><h1>ENT du ${escapeHtml(school.name)}</h1><p>IdP de démonstration : choisis qui se connecte.</p><ul>${links}</ul></main></body></html>`;
  }

  async function handleSso(response: ServerResponse, requestUrl: URL): Promise<void> {
    const rawQuery = requestUrl.search.slice(1);
    const raw = Object.fromEntries(rawQuery.split('&').filter(Boolean).map((pair) => {
      const eq = pair.indexOf('=');
      return [pair.slice(0, eq), pair.slice(eq + 1)];
    }));
    const requestXml = decodeRedirectMessage(decodeURIComponent(raw.SAMLRequest ?? ''));
    const info = readRequestXml(requestXml);
    const sp = await serviceProvider(info.issuer);
    const octetString = ['SAMLRequest', 'RelayState', 'SigAlg'].filter((k) => raw[k] !== undefined).map((k) => `${k}=${raw[k]}`).join('&');
    const query = Object.fromEntries(requestUrl.searchParams.entries());
    // samlify verifies our AuthnRequest's signature against the SP's metadata.
    const parsed = await idp.parseLoginRequest(sp, 'redirect', { query, octetString });
    const login = requestUrl.searchParams.get('login_hint') ?? undefined;
    if (!login) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginPage(rawQuery));
      return;
    }
    const f = fieldsFor({ user: login, request: { ...info, relayState: null } });
    const xml = renderResponse(f, renderAssertion(f));
    const result = await idp.createLoginResponse(sp, parsed as never, 'post', {}, {
      customTagReplacement: () => ({ id: f.responseId, context: xml }),
    }) as { context: string; entityEndpoint: string };
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
      .end(autoPost(result.entityEndpoint, result.context, requestUrl.searchParams.get('RelayState')));
  }

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const requestUrl = new URL(request.url ?? '/', url);
    const done = (status: number, body: string, type = 'text/plain; charset=utf-8') => response.writeHead(status, { 'content-type': type }).end(body);
    (async () => {
      if (request.method === 'GET' && requestUrl.pathname === '/metadata') return done(200, metadataXml, 'application/samlmetadata+xml');
      if (request.method === 'GET' && requestUrl.pathname === '/sso') return handleSso(response, requestUrl);
      if (request.method === 'GET' && requestUrl.pathname === '/slo') {
        const message = requestUrl.searchParams.get('SAMLRequest');
        if (message) logoutRequests.push(decodeRedirectMessage(message));
        return done(200, `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Déconnexion</title></head><body><main><h1>Tu es déconnecté de l'ENT du ${escapeHtml(school.name)}</h1></main></body></html>`, 'text/html; charset=utf-8');
      }
      return done(404, 'not found');
    })().catch((error: unknown) => {
      if (!response.headersSent) done(400, `SAML IdP: ${error instanceof Error ? error.message : String(error)}`);
    });
  });

  return {
    url, entityId, ssoUrl, sloUrl, metadataXml, certificatePem: key.certificatePem, key, users: people, uai: school.uai,
    logoutRequests, readAuthnRequest, forge,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A key and self-signed certificate for an IdP started with `key` (the demo keeps one across restarts). */
export function newIdpKey(commonName: string, days: number): SigningKey {
  const credential = createSelfSignedCredential(commonName, days);
  return { privateKeyPem: credential.privateKeyPem, certificatePem: credential.certificatePem };
}
