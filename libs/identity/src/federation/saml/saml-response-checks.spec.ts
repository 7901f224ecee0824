import { AuthnRequestInfo, RunningSamlIdp, startSamlIdp } from '../../../../../federation/idp-saml';
import { FederationError } from '../federation-errors.js';
import { checkSamlResponse, SamlExpectations } from './saml-response-checks.js';
import { createSelfSignedCredential } from './self-signed-certificate.js';

const SP = 'http://hub.test/auth/saml/cvh/metadata';
const ACS = 'http://hub.test/auth/saml/cvh/acs';
const REQUEST: AuthnRequestInfo = { id: '_request-1', issuer: SP, acsUrl: ACS, destination: null, relayState: null };

describe('checkSamlResponse (every check of the SAML ACS, without HTTP)', () => {
  let idp: RunningSamlIdp;
  let expected: SamlExpectations;
  const attacker = createSelfSignedCredential('attacker', 1);

  beforeAll(async () => {
    idp = await startSamlIdp();
    expected = {
      idpEntityId: idp.entityId, certificates: [idp.certificatePem], signedPart: 'ASSERTION', spEntityId: SP, acsUrl: ACS,
      now: new Date(), skewSeconds: 60,
    };
  });
  afterAll(() => idp?.stop());

  const codeOf = (run: () => unknown): string => {
    try {
      run();
    } catch (error) {
      if (error instanceof FederationError) return error.code;
      throw error;
    }
    return 'ACCEPTED';
  };
  const check = (options: Parameters<RunningSamlIdp['forge']>[0] = {}, overrides: Partial<SamlExpectations> = {}) =>
    codeOf(() => checkSamlResponse(idp.forge({ request: REQUEST, ...options }).xml, { ...expected, now: new Date(), ...overrides }));

  it('accepts a response signed by the partner and reads only what was signed', () => {
    const forged = idp.forge({ request: REQUEST });
    const checked = checkSamlResponse(forged.xml, { ...expected, now: new Date() });
    expect(checked).toMatchObject({
      issuer: idp.entityId, inResponseTo: '_request-1', nameId: idp.users[0].nameId, assertionId: forged.assertionId,
      sessionIndex: `_session-${idp.users[0].login}`,
    });
    expect(checked.attributes.ENTPersonStructRattachUAI).toEqual([idp.uai]);
    expect(checked.sessionNotOnOrAfter).toBeInstanceOf(Date);
  });

  it('accepts a signed Response when the partner signs the response', () => {
    expect(check({ sign: 'response' }, { signedPart: 'RESPONSE' })).toBe('ACCEPTED');
    expect(check({ sign: 'both' }, { signedPart: 'RESPONSE' })).toBe('ACCEPTED');
  });

  it('accepts a certificate among several (key rollover)', () => {
    expect(check({}, { certificates: [attacker.certificatePem, idp.certificatePem] })).toBe('ACCEPTED');
  });

  it('refuses an unsigned response', () => expect(check({ sign: 'none' })).toBe('SAML_SIGNATURE_INVALID'));
  it('refuses a response whose signature covers the response when the assertion must be signed', () =>
    expect(check({ sign: 'response' })).toBe('SAML_SIGNATURE_INVALID'));
  it('refuses a response whose signature covers the assertion when the response must be signed', () =>
    expect(check({ sign: 'assertion' }, { signedPart: 'RESPONSE' })).toBe('SAML_SIGNATURE_INVALID'));
  it('refuses a signature by another key, even with that key\'s certificate in KeyInfo', () =>
    expect(check({ key: attacker })).toBe('SAML_SIGNATURE_INVALID'));
  it('refuses a signature without KeyInfo by another key', () =>
    expect(check({ key: attacker, keyInfo: false })).toBe('SAML_SIGNATURE_INVALID'));
  it('accepts the partner\'s signature without KeyInfo (the key comes from the configuration, never from the message)', () =>
    expect(check({ keyInfo: false })).toBe('ACCEPTED'));
  it('refuses RSA-SHA1 signatures and SHA-1 digests', () => {
    expect(check({ algorithm: 'rsa-sha1' })).toBe('SAML_ALGORITHM_REFUSED');
    expect(check({ digest: 'sha1' })).toBe('SAML_ALGORITHM_REFUSED');
  });
  it('refuses a NameID changed after signing', () => expect(check({ variant: 'tamper-nameid' })).toBe('SAML_SIGNATURE_INVALID'));
  it('refuses two assertions, both validly signed', () => expect(check({ variant: 'two-assertions' })).toBe('SAML_MULTIPLE_ASSERTIONS'));
  it('refuses an encrypted assertion next to a plain one', () => expect(check({ variant: 'encrypted-and-plain' })).toBe('SAML_MULTIPLE_ASSERTIONS'));
  it.each([
    ['xsw-evil-first', 'ASSERTION', 'SAML_MULTIPLE_ASSERTIONS'],
    ['xsw-same-id-in-extensions', 'ASSERTION', 'SAML_MULTIPLE_ASSERTIONS'],
    ['xsw-signature-moved', 'ASSERTION', 'SAML_SIGNATURE_INVALID'],
    ['xsw-response-wrapped', 'RESPONSE', 'SAML_MULTIPLE_ASSERTIONS'],
  ] as const)('refuses the signature-wrapping variant %s', (variant, signedPart, code) => {
    expect(check({ variant, sign: signedPart === 'RESPONSE' ? 'response' : 'assertion' }, { signedPart })).toBe(code);
  });
  it('refuses another Issuer, even signed with the partner\'s key', () =>
    expect(check({ issuer: 'https://evil.example/idp' })).toBe('SAML_ISSUER_MISMATCH'));
  it('compares the Issuer with the partner\'s configured entityID', () =>
    expect(check({ issuer: 'https://other.example/idp' }, { idpEntityId: 'https://other.example/idp' })).toBe('ACCEPTED'));
  it('refuses another Audience, and no Audience at all', () => {
    expect(check({ audience: 'https://other-sp.example/metadata' })).toBe('SAML_AUDIENCE_MISMATCH');
    expect(check({ audience: null })).toBe('SAML_AUDIENCE_MISMATCH');
  });
  it('refuses another Destination, no Destination, and another Recipient', () => {
    expect(check({ destination: 'https://other-sp.example/acs' })).toBe('SAML_DESTINATION_MISMATCH');
    expect(check({ destination: null })).toBe('SAML_DESTINATION_MISMATCH');
    expect(check({ recipient: 'https://other-sp.example/acs' })).toBe('SAML_DESTINATION_MISMATCH');
  });
  it('refuses an expired assertion, beyond 60 s of skew only', () => {
    const issued = new Date(Date.now() - 10 * 60_000);
    expect(check({ issueInstant: issued, notOnOrAfter: new Date(Date.now() - 61_000), subjectNotOnOrAfter: new Date(Date.now() - 61_000) }))
      .toBe('SAML_EXPIRED');
    expect(check({ issueInstant: issued, notOnOrAfter: new Date(Date.now() - 30_000), subjectNotOnOrAfter: new Date(Date.now() - 30_000) }))
      .toBe('ACCEPTED');
    expect(check({ subjectNotOnOrAfter: new Date(Date.now() - 120_000) })).toBe('SAML_EXPIRED');
    expect(check({ sessionNotOnOrAfter: new Date(Date.now() - 120_000) })).toBe('SAML_EXPIRED');
  });
  it('refuses an assertion not yet valid, beyond 60 s of skew only', () => {
    expect(check({ notBefore: new Date(Date.now() + 120_000) })).toBe('SAML_NOT_YET_VALID');
    expect(check({ notBefore: new Date(Date.now() + 30_000) })).toBe('ACCEPTED');
    expect(check({ issueInstant: new Date(Date.now() + 5 * 60_000) })).toBe('SAML_NOT_YET_VALID');
  });
  it('refuses an assertion without time bounds, or valid for more than a day', () => {
    expect(check({ notBefore: null, notOnOrAfter: null, subjectNotOnOrAfter: null })).toBe('SAML_NO_TIME_BOUNDS');
    expect(check({ subjectNotOnOrAfter: null })).toBe('SAML_NO_TIME_BOUNDS');
    const far = new Date(Date.now() + 30 * 86_400_000);
    expect(check({ notOnOrAfter: far, subjectNotOnOrAfter: far })).toBe('SAML_NO_TIME_BOUNDS');
  });
  it('refuses a DOCTYPE / entity declaration before parsing', () => expect(check({ variant: 'doctype' })).toBe('SAML_DOCTYPE'));
  it('refuses InResponseTo that differs between the response and the assertion', () => {
    const forged = idp.forge({ request: REQUEST }).xml.replace(/(<samlp:Response[^>]*InResponseTo=")[^"]+"/, '$1_other"');
    expect(codeOf(() => checkSamlResponse(forged, { ...expected, now: new Date() }))).toBe('SAML_IN_RESPONSE_TO_UNKNOWN');
  });
  it('refuses an InResponseTo found only on the unsigned response (a stolen unsolicited assertion answering another request)', () => {
    const unsolicited = idp.forge({ request: REQUEST, inResponseTo: null }).xml;
    const rewritten = unsolicited.replace('<samlp:Response ', '<samlp:Response InResponseTo="_request-1" ');
    expect(codeOf(() => checkSamlResponse(rewritten, { ...expected, now: new Date() }))).toBe('SAML_IN_RESPONSE_TO_UNKNOWN');
  });

  it('refuses a deeply nested document without exhausting the stack', () => {
    const deep = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_x" Version="2.0">${'<a>'.repeat(20000)}${'</a>'.repeat(20000)}</samlp:Response>`;
    expect(codeOf(() => checkSamlResponse(deep, { ...expected }))).toBe('SAML_NO_ASSERTION');
  });

  it('reports an unsolicited response as such (no InResponseTo)', () => {
    const checked = checkSamlResponse(idp.forge({ request: REQUEST, inResponseTo: null }).xml, { ...expected, now: new Date() });
    expect(checked.inResponseTo).toBeNull();
  });
  it('refuses a failed status', () =>
    expect(check({ statusCode: 'urn:oasis:names:tc:SAML:2.0:status:Requester' })).toBe('SAML_STATUS_NOT_SUCCESS'));
  it('refuses malformed XML', () => {
    expect(codeOf(() => checkSamlResponse('<samlp:Response', { ...expected }))).toBe('SAML_MALFORMED');
    expect(codeOf(() => checkSamlResponse('<a/>', { ...expected }))).toBe('SAML_MALFORMED');
  });

  it('reads a NameID with a comment injected after signing as its whole text (user<!---->.evil stays user.evil)', () => {
    const victim = idp.users[0].nameId;
    const forged = idp.forge({ request: REQUEST, nameId: `${victim}.evil`, variant: 'comment-in-nameid', commentAt: victim.length });
    expect(forged.xml).toContain(`${victim}<!---->.evil`);
    expect(checkSamlResponse(forged.xml, { ...expected, now: new Date() }).nameId).toBe(`${victim}.evil`);
  });
});
