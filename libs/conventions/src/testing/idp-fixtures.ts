import { execFileSync } from 'node:child_process';

/* Test fixtures (not exported from the library): self-signed certificates made with the openssl CLI (node:crypto has no
   X.509 builder and neither `selfsigned` nor `@peculiar/x509` is installed), and IdP metadata around them. */

/** A self-signed EC certificate valid from now for `days` days, as PEM. */
export function selfSignedCertificate(commonName: string, days = 30): string {
  return execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', '/dev/null', '-subj', `/CN=${commonName}`, '-days', String(days)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

/** The base64 body of a PEM certificate, as metadata carries it in ds:X509Certificate. */
export function certificateBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
}

export interface MetadataOptions {
  entityId?: string;
  certificates?: string[];
  /** KeyDescriptor use of each certificate ('signing' by default; null: no use attribute). */
  uses?: (string | null)[];
  ssoPost?: string;
  ssoRedirect?: string | null;
  slo?: string | null;
  nameIdFormats?: string[];
  prefix?: string;
}

/** SAML 2.0 IdP metadata. */
export function idpMetadata(options: MetadataOptions = {}): string {
  const entityId = options.entityId ?? 'https://idp.partenaire.test/saml';
  const keys = (options.certificates ?? []).map((pem, index) => {
    const use = options.uses?.[index] === undefined ? 'signing' : options.uses[index];
    return `<md:KeyDescriptor${use ? ` use="${use}"` : ''}><ds:KeyInfo><ds:X509Data><ds:X509Certificate>
${certificateBody(pem)}
</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`;
  }).join('\n');
  const redirect = options.ssoRedirect === undefined ? 'https://idp.partenaire.test/sso/redirect' : options.ssoRedirect;
  return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${entityId}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" WantAuthnRequestsSigned="true">
${keys}
    ${options.slo === null ? '' : `<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${options.slo ?? 'https://idp.partenaire.test/slo'}"/>`}
    ${(options.nameIdFormats ?? ['urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified', 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent'])
    .map((format) => `<md:NameIDFormat>${format}</md:NameIDFormat>`).join('\n    ')}
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${options.ssoPost ?? 'https://idp.partenaire.test/sso/post'}"/>
    ${redirect === null ? '' : `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${redirect}"/>`}
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;
}
