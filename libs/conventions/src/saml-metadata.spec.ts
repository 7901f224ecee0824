import { X509Certificate } from 'node:crypto';
import { DomainError } from '@passerelle/errors';
import { checkSigningCertificate, frenchDate } from './certificates.js';
import { parseIdpMetadata } from './saml-metadata.js';
import { idpMetadata, selfSignedCertificate } from './testing/idp-fixtures.js';

const DAY = 86_400_000;

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a refusal');
}

describe('parseIdpMetadata', () => {
  const current = selfSignedCertificate('idp.partenaire.test', 30);
  const next = selfSignedCertificate('idp-rotation.partenaire.test', 60);
  const encryption = selfSignedCertificate('idp-chiffrement.partenaire.test', 30);

  it('takes the entityID, the HTTP-Redirect SSO, the SLO, every signing certificate and the persistent NameID format', () => {
    const metadata = parseIdpMetadata(idpMetadata({ certificates: [current, next, encryption], uses: ['signing', null, 'encryption'] }), new Date());
    expect(metadata).toEqual({
      entityId: 'https://idp.partenaire.test/saml',
      ssoUrl: 'https://idp.partenaire.test/sso/redirect',
      sloUrl: 'https://idp.partenaire.test/slo',
      signingCertificates: [current, next].map((pem) => new X509Certificate(pem).toString()),
      nameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
    });
  });

  it('falls back on the HTTP-POST SSO when there is no HTTP-Redirect one', () => {
    const metadata = parseIdpMetadata(idpMetadata({ certificates: [current], ssoRedirect: null, slo: null }), new Date());
    expect(metadata.ssoUrl).toBe('https://idp.partenaire.test/sso/post');
    expect(metadata.sloUrl).toBeNull();
  });

  it('refuses an expired certificate, saying when it expired, in French', () => {
    const later = new Date(Date.now() + 31 * DAY);
    const validTo = new Date(new X509Certificate(current).validTo);
    const error = refusal(() => parseIdpMetadata(idpMetadata({ certificates: [current] }), later));
    expect(error.code).toBe('CERTIFICATE_EXPIRED');
    expect(error.message).toBe(`Le certificat « idp.partenaire.test » a expiré le ${frenchDate(validTo)}.`);
  });

  it('refuses a certificate not valid yet', () => {
    const error = refusal(() => parseIdpMetadata(idpMetadata({ certificates: [current] }), new Date(Date.now() - 2 * DAY)));
    expect(error.code).toBe('CERTIFICATE_NOT_YET_VALID');
    expect(error.message).toMatch(/^Le certificat « idp.partenaire.test » ne sera valide qu'à partir du \d{2}\/\d{2}\/\d{4}\.$/);
  });

  it.each([
    ['a DOCTYPE (XXE)', `<?xml version="1.0"?><!DOCTYPE md [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><md:EntityDescriptor/>`,
      'SAML_METADATA_INVALID', "Les métadonnées SAML ne doivent contenir ni DOCTYPE ni déclaration d'entité."],
    ['a document over 512 KB', `<md:EntityDescriptor>${' '.repeat(512 * 1024)}</md:EntityDescriptor>`, 'PAYLOAD_TOO_LARGE',
      'Les métadonnées SAML dépassent 512 Ko.'],
    ['malformed XML', '<md:EntityDescriptor', 'SAML_METADATA_INVALID', 'Les métadonnées SAML ne sont pas un document XML bien formé.'],
    ['metadata without an IdP', '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"/>', 'SAML_METADATA_INVALID',
      "Ces métadonnées ne décrivent aucun fournisseur d'identité (IDPSSODescriptor)."],
  ])('refuses %s', (_what, xml, code, message) => {
    const error = refusal(() => parseIdpMetadata(xml, new Date()));
    expect({ code: error.code, message: error.message, field: error.field }).toEqual({ code, message, field: ['xml'] });
  });

  it('refuses metadata without a signing certificate, and an SSO over plain http', () => {
    expect(refusal(() => parseIdpMetadata(idpMetadata({ certificates: [] }), new Date())).message)
      .toBe("Aucun certificat de signature (KeyDescriptor) n'est déclaré.");
    expect(refusal(() => parseIdpMetadata(idpMetadata({ certificates: [current], ssoRedirect: 'http://idp.example.fr/sso' }), new Date())).message)
      .toBe("L'adresse SingleSignOnService doit commencer par https://.");
  });
});

describe('checkSigningCertificate', () => {
  it('accepts PEM and bare base64 alike, and refuses what is no certificate', () => {
    const pem = selfSignedCertificate('cert.test', 5);
    const bare = pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '');
    expect(checkSigningCertificate(bare, new Date()).pem).toBe(checkSigningCertificate(pem, new Date()).pem);
    expect(refusal(() => checkSigningCertificate('bm90IGEgY2VydA==', new Date())).code).toBe('CERTIFICATE_INVALID');
    expect(refusal(() => checkSigningCertificate('<script>', new Date())).code).toBe('CERTIFICATE_INVALID');
  });
});
