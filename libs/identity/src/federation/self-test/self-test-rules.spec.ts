import { generateKeyPairSync, sign } from 'node:crypto';
import { createSelfSignedCredential } from '../saml/self-signed-certificate';
import { assertionWindowStart, decodeSamlInput, samlProblem } from './saml-preview-rules';
import { FederationError } from '../federation-errors';
import {
  attributeProblem, certificateCheck, CheckStatus, chooseAssertionInput, clockSkewCheck, discoveryDocumentChecks, idTokenClaimFindings,
  jwksCheck, keyFitsAlgorithm, maskSubject, oidcSettingsCheck, parseCompactJws, samlSettingsCheck, verifyJwsSignature, worstStatus,
} from './self-test-rules';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('partner self-test rules', () => {
  describe('clock skew from the Date header', () => {
    const at = Date.parse('2026-03-02T10:00:00Z');
    const date = (offsetSeconds: number) => new Date(at + offsetSeconds * 1000).toUTCString();

    it('is OK within 30 s, WARNING beyond, FAILED beyond 60 s, in both directions', () => {
      expect(clockSkewCheck(date(0), at - 100, at + 100).status).toBe(CheckStatus.OK);
      expect(clockSkewCheck(date(-20), at, at).status).toBe(CheckStatus.OK);
      expect(clockSkewCheck(date(45), at, at)).toMatchObject({ status: CheckStatus.WARNING, message: expect.stringContaining('avance de 46 s') });
      expect(clockSkewCheck(date(-45), at, at)).toMatchObject({ status: CheckStatus.WARNING, message: expect.stringContaining('retarde') });
      expect(clockSkewCheck(date(90), at, at).status).toBe(CheckStatus.FAILED);
      expect(clockSkewCheck(date(-90), at, at).status).toBe(CheckStatus.FAILED);
    });

    it('warns when the answer has no readable Date header', () => {
      expect(clockSkewCheck(null, at, at).status).toBe(CheckStatus.WARNING);
      expect(clockSkewCheck('not a date', at, at).status).toBe(CheckStatus.WARNING);
    });
  });

  describe('signing certificates', () => {
    const now = new Date();
    it('accepts a valid certificate, warns within 30 days of its end, fails an expired or unreadable one', () => {
      expect(certificateCheck(createSelfSignedCredential('idp.test', 365).certificatePem, 0, now).status).toBe(CheckStatus.OK);
      expect(certificateCheck(createSelfSignedCredential('idp.test', 10).certificatePem, 0, now))
        .toMatchObject({ status: CheckStatus.WARNING, message: expect.stringContaining('expire le') });
      expect(certificateCheck(createSelfSignedCredential('idp.test', -2).certificatePem, 1, now))
        .toMatchObject({ status: CheckStatus.FAILED, message: expect.stringMatching(/n° 2 .*a expiré/) });
      expect(certificateCheck('not a certificate', 0, now).status).toBe(CheckStatus.FAILED);
    });
  });

  it('names what is missing in SAML and OIDC settings', () => {
    expect(samlSettingsCheck({ entityId: null, ssoUrl: 'https://idp.test/sso', signingCertificates: [] }))
      .toMatchObject({ status: CheckStatus.FAILED, message: expect.stringMatching(/entityID.*certificat/) });
    expect(samlSettingsCheck({ entityId: 'urn:x', ssoUrl: 'http://idp.example/sso', signingCertificates: ['x'] }).status).toBe(CheckStatus.FAILED);
    expect(samlSettingsCheck({ entityId: 'urn:x', ssoUrl: 'https://idp.test/sso', signingCertificates: ['x'] }).status).toBe(CheckStatus.OK);
    expect(oidcSettingsCheck({ issuer: 'https://op.test', clientId: 'c', clientSecret: null, allowedAlgorithms: ['RS256'] }))
      .toMatchObject({ status: CheckStatus.FAILED, message: expect.stringContaining('secret client') });
    expect(oidcSettingsCheck({ issuer: 'https://op.test', clientId: 'c', clientSecret: 's', allowedAlgorithms: ['HS256'] }).status).toBe(CheckStatus.FAILED);
    expect(oidcSettingsCheck({ issuer: 'https://op.test', clientId: 'c', clientSecret: 's', allowedAlgorithms: ['RS256'] }).status).toBe(CheckStatus.OK);
  });

  it('reports the worst status', () => {
    expect(worstStatus([])).toBe(CheckStatus.OK);
    expect(worstStatus([{ status: CheckStatus.OK }, { status: CheckStatus.WARNING }])).toBe(CheckStatus.WARNING);
    expect(worstStatus([{ status: CheckStatus.FAILED }, { status: CheckStatus.WARNING }])).toBe(CheckStatus.FAILED);
  });

  describe('discovery document', () => {
    const issuer = 'https://op.test';
    const document = {
      issuer, authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks`,
      response_types_supported: ['code'], id_token_signing_alg_values_supported: ['RS256'],
    };
    it('accepts a document for this issuer with the endpoints of a code flow', () => {
      const { results, endpoints } = discoveryDocumentChecks(document, issuer, ['RS256']);
      expect(results.map((r) => r.status)).toEqual([CheckStatus.OK, CheckStatus.OK]);
      expect(endpoints.jwksUri).toBe(`${issuer}/jwks`);
    });
    it('fails another issuer and missing endpoints, warns when no allowed algorithm is advertised', () => {
      expect(discoveryDocumentChecks({ ...document, issuer: 'https://evil.test' }, issuer, ['RS256']).results[0].status).toBe(CheckStatus.FAILED);
      const { results, endpoints } = discoveryDocumentChecks({ ...document, jwks_uri: 'http://op.example/jwks' }, issuer, ['RS256']);
      expect(results[1]).toMatchObject({ status: CheckStatus.FAILED, message: expect.stringContaining('https://') });
      expect(endpoints.jwksUri).toBeNull();
      expect(discoveryDocumentChecks(document, issuer, ['ES256']).results[0].status).toBe(CheckStatus.WARNING);
      expect(discoveryDocumentChecks([], issuer, ['RS256']).results[0].status).toBe(CheckStatus.FAILED);
    });
  });

  describe('JWKS and ID token signatures', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const rsaJwk = { ...rsa.publicKey.export({ format: 'jwk' }), kid: 'r1', use: 'sig', alg: 'RS256' };
    const ecJwk = { ...ec.publicKey.export({ format: 'jwk' }), kid: 'e1' };
    const token = (header: Record<string, unknown>, claims: Record<string, unknown>, signer: (input: string) => Buffer) => {
      const input = `${b64url(header)}.${b64url(claims)}`;
      return `${input}.${signer(input).toString('base64url')}`;
    };
    const rs256 = (input: string) => sign('sha256', Buffer.from(input), rsa.privateKey);

    it('keeps only signing keys that fit an allowed algorithm, and refuses a JWKS publishing a private key', () => {
      expect(keyFitsAlgorithm(rsaJwk, 'RS256')).toBe(true);
      expect(keyFitsAlgorithm(rsaJwk, 'PS256')).toBe(false);
      expect(keyFitsAlgorithm(ecJwk, 'ES256')).toBe(true);
      expect(keyFitsAlgorithm(ecJwk, 'ES384')).toBe(false);
      expect(keyFitsAlgorithm({ ...rsaJwk, use: 'enc' }, 'RS256')).toBe(false);
      expect(jwksCheck({ keys: [rsaJwk, ecJwk] }, ['RS256']).keys).toHaveLength(1);
      expect(jwksCheck({ keys: [ecJwk] }, ['RS256']).result.status).toBe(CheckStatus.FAILED);
      expect(jwksCheck({ keys: [rsa.privateKey.export({ format: 'jwk' })] }, ['RS256']).result.message).toContain('PRIVÉE');
      expect(jwksCheck('nope', ['RS256']).result.status).toBe(CheckStatus.FAILED);
    });

    it('verifies RS256 and ES256 signatures with the partner keys only', () => {
      const good = parseCompactJws(token({ alg: 'RS256', kid: 'r1' }, { sub: 'x' }, rs256))!;
      expect(verifyJwsSignature(good, [rsaJwk], ['RS256'])).toEqual({ verified: true });
      const es = parseCompactJws(token({ alg: 'ES256', kid: 'e1' }, { sub: 'x' },
        (input) => sign('sha256', Buffer.from(input), { key: ec.privateKey, dsaEncoding: 'ieee-p1363' })))!;
      expect(verifyJwsSignature(es, [ecJwk], ['ES256'])).toEqual({ verified: true });
      const foreign = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const forged = parseCompactJws(token({ alg: 'RS256', kid: 'r1' }, { sub: 'x' }, (input) => sign('sha256', Buffer.from(input), foreign.privateKey)))!;
      expect(verifyJwsSignature(forged, [rsaJwk], ['RS256']).verified).toBe(false);
    });

    it('refuses alg none and HS256 keyed with the public key', () => {
      const none = parseCompactJws(`${b64url({ alg: 'none' })}.${b64url({ sub: 'x' })}.`)!;
      expect(verifyJwsSignature(none, [rsaJwk], ['RS256']).verified).toBe(false);
      const hs = parseCompactJws(`${b64url({ alg: 'HS256', kid: 'r1' })}.${b64url({ sub: 'x' })}.AAAA`)!;
      expect(verifyJwsSignature(hs, [rsaJwk], ['RS256', 'HS256'])).toMatchObject({ verified: false, reason: expect.stringContaining('HS256') });
      expect(parseCompactJws('a.b')).toBeNull();
    });

    it('checks iss, aud, azp and sub, and only reports exp, iat and the nonce', () => {
      const now = 2_000_000_000;
      const claims = { iss: 'https://op.test', aud: 'hub', sub: 'abc', exp: now + 300, iat: now };
      const expected = { issuer: 'https://op.test', clientId: 'hub', nowSeconds: now };
      expect(idTokenClaimFindings(claims, expected).problems).toEqual([]);
      expect(idTokenClaimFindings({ ...claims, iss: 'https://evil.test' }, expected).problems).toHaveLength(1);
      expect(idTokenClaimFindings({ ...claims, aud: ['other', 'hub'] }, expected).problems).toEqual([expect.stringContaining('azp')]);
      expect(idTokenClaimFindings({ ...claims, aud: 'other' }, expected).problems).toHaveLength(1);
      const expired = idTokenClaimFindings({ ...claims, exp: now - 3600 }, expected);
      expect(expired.problems).toEqual([]);
      expect(expired.warnings).toEqual(expect.arrayContaining([expect.stringContaining('expiré')]));
    });
  });

  describe('preview input and presentation', () => {
    it('takes exactly one of samlResponse and idToken, naming the field at fault', () => {
      expect(chooseAssertionInput('PHNhbWw+', null)).toEqual({ kind: 'SAML', samlResponse: 'PHNhbWw+' });
      expect(chooseAssertionInput(undefined, 'a.b.c')).toEqual({ kind: 'OIDC', idToken: 'a.b.c' });
      expect(() => chooseAssertionInput(null, '  ')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['samlResponse'] }));
      expect(() => chooseAssertionInput('x', 'y')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['idToken'] }));
    });

    it('masks a subject to its first three characters', () => {
      expect(maskSubject('cvh-3a7f19c2')).toBe('cvh…');
      expect(maskSubject('abcd')).toBe('a…');
      expect(maskSubject('ab')).toBe('a…');
    });

    it('explains mapping failures without any value received', () => {
      expect(attributeProblem('uai: invalid UAI')).toBe("La correspondance des attributs a échoué : l'UAI de l'établissement — UAI invalide.");
      expect(attributeProblem(undefined)).toContain('correspondance des attributs');
    });

    it('reads base64 or XML, and finds the instant an assertion was issued', () => {
      const xml = '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">'
        + '<saml:Assertion IssueInstant="2026-01-01T10:00:00Z"><saml:Conditions NotBefore="2026-01-01T10:00:05Z"/></saml:Assertion></samlp:Response>';
      expect(decodeSamlInput(Buffer.from(xml).toString('base64'))).toBe(xml);
      expect(decodeSamlInput(`  ${xml}`)).toBe(xml);
      expect(assertionWindowStart(xml)).toEqual(new Date('2026-01-01T10:00:05Z'));
      expect(() => decodeSamlInput('<!DOCTYPE x>'.padEnd(200_000, ' '))).toThrow(FederationError);
    });

    it('explains SAML refusal codes with what was expected', () => {
      const context = { idpEntityId: 'https://idp.test', spEntityId: 'https://hub.test/auth/saml/p/metadata', acsUrl: 'https://hub.test/acs' };
      expect(samlProblem(new FederationError('SAML_AUDIENCE_MISMATCH'), context)).toBe(
        'SAML_AUDIENCE_MISMATCH — L\'Audience est absente ou désigne un autre fournisseur de service (attendu : https://hub.test/auth/saml/p/metadata).');
      expect(samlProblem(new Error('x'), context)).toMatch(/^ASSERTION_INVALID — /);
    });
  });
});
