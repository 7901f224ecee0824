import { createPublicKey, X509Certificate } from 'node:crypto';
import { createSelfSignedCredential } from './self-signed-certificate.js';

describe('self-signed certificates', () => {
  it('builds a certificate that Node parses, self-signed by the key it carries, valid now', () => {
    const { privateKeyPem, certificatePem } = createSelfSignedCredential('passerelle-sp.example.fr', 3650);
    const certificate = new X509Certificate(certificatePem);
    expect(certificate.subject).toBe('CN=passerelle-sp.example.fr');
    expect(certificate.issuer).toBe(certificate.subject);
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(certificate.publicKey.export({ type: 'spki', format: 'pem' }))
      .toEqual(createPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' }));
    expect(new Date(certificate.validFrom).getTime()).toBeLessThan(Date.now());
    expect(new Date(certificate.validTo).getTime()).toBeGreaterThan(Date.now() + 3600 * 86_400_000);
  });

  it('uses GeneralizedTime past 2049', () => {
    const certificate = new X509Certificate(createSelfSignedCredential('x', 365 * 40).certificatePem);
    expect(new Date(certificate.validTo).getUTCFullYear()).toBeGreaterThanOrEqual(2060);
  });
});
