import * as samlify from 'samlify';
import { RunningSamlIdp, startSamlIdp } from '../../../../../federation/idp-saml';
import { FederationError } from '../federation-errors.js';
import { decodePostedSamlResponse, SAML_LIMITS } from './saml-message.js';
import { configureSamlify } from './samlify-setup.js';
import { createSelfSignedCredential } from './self-signed-certificate.js';

/**
 * samlify is the hub's second opinion on every response (after saml-response-checks.ts). This proves how it picks
 * the verification key: only from the partner's configured certificates — a certificate in the message's KeyInfo is
 * used only when it is one of them, and a message without KeyInfo is checked with the configured one.
 */
describe('samlify never trusts the certificate a message carries', () => {
  let idp: RunningSamlIdp;
  const sp = () => {
    const own = createSelfSignedCredential('sp', 1);
    return samlify.ServiceProvider({
      entityID: 'http://hub.test/auth/saml/cvh/metadata', privateKey: own.privateKeyPem, signingCert: own.certificatePem,
      wantAssertionsSigned: true,
      assertionConsumerService: [{ Binding: samlify.Constants.namespace.binding.post, Location: 'http://hub.test/auth/saml/cvh/acs' }],
      clockDrifts: [-60_000, 60_000],
    });
  };
  const partnerIdp = () => samlify.IdentityProvider({
    entityID: idp.entityId, signingCert: [idp.certificatePem],
    singleSignOnService: [{ Binding: samlify.Constants.namespace.binding.redirect, Location: idp.ssoUrl }],
    singleLogoutService: [{ Binding: samlify.Constants.namespace.binding.redirect, Location: idp.sloUrl }],
  });
  const request = { id: '_r', issuer: 'http://hub.test/auth/saml/cvh/metadata', acsUrl: 'http://hub.test/auth/saml/cvh/acs', destination: null, relayState: null };
  const parse = (samlResponse: string) => sp().parseLoginResponse(partnerIdp(), 'post', { body: { SAMLResponse: samlResponse } });

  beforeAll(async () => {
    configureSamlify();
    idp = await startSamlIdp();
  });
  afterAll(() => idp?.stop());

  it('accepts the partner\'s signature, with or without KeyInfo', async () => {
    await expect(parse(idp.forge({ request }).samlResponse)).resolves.toMatchObject({ extract: { nameID: idp.users[0].nameId } });
    await expect(parse(idp.forge({ request, keyInfo: false }).samlResponse)).resolves.toBeTruthy();
  });

  it('refuses another key whose certificate is in KeyInfo', async () => {
    const attacker = createSelfSignedCredential('attacker', 1);
    await expect(parse(idp.forge({ request, key: attacker }).samlResponse)).rejects.toThrow(/UNMATCH_CERTIFICATE|SIGNATURE/);
  });

  it('refuses another key without KeyInfo', async () => {
    const attacker = createSelfSignedCredential('attacker', 1);
    await expect(parse(idp.forge({ request, key: attacker, keyInfo: false }).samlResponse)).rejects.toThrow(/signature/i);
  });
});

describe('decoding the posted SAMLResponse', () => {
  const codeOf = (field: unknown) => {
    try {
      decodePostedSamlResponse(field);
      return 'DECODED';
    } catch (error) {
      return (error as FederationError).code;
    }
  };

  it('decodes base64 (with line breaks) into UTF-8 XML', () => {
    const xml = '<samlp:Response>é</samlp:Response>';
    const encoded = Buffer.from(xml).toString('base64').replace(/(.{10})/g, '$1\r\n');
    expect(decodePostedSamlResponse(encoded)).toBe(xml);
  });

  it('refuses a missing or repeated field, non-base64 text and invalid UTF-8', () => {
    expect(codeOf(undefined)).toBe('SAML_MALFORMED');
    expect(codeOf(['a', 'b'])).toBe('SAML_MALFORMED');
    expect(codeOf('<xml/>')).toBe('SAML_MALFORMED');
    expect(codeOf(Buffer.from([0xff, 0xfe, 0xfd]).toString('base64'))).toBe('SAML_MALFORMED');
  });

  it('refuses a message over the decoded limit before decoding it', () => {
    expect(codeOf(Buffer.alloc(SAML_LIMITS.decodedBytes + 10, 'a').toString('base64'))).toBe('SAML_TOO_LARGE');
    expect(codeOf(Buffer.alloc(SAML_LIMITS.decodedBytes - 10, 'a').toString('base64'))).toBe('DECODED');
  });
});
