import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '@passerelle/config';
import { TooManyRequestsError } from '@passerelle/errors';
import { ThrottleService } from '../../sessions/throttle.service';
import { FederationPartners } from '../federation-partners';
import { FederationSignInService } from '../federation-sign-in.service';
import { FederationPartner, LOGIN_COOKIE } from '../protocol';
import { OidcCallbackService } from './oidc-callback.service';
import { OidcProtocolHandler, OidcVerifiedSignIn } from './oidc-protocol.handler';

// The callback route's order of things: throttle per IP, the partner (OIDC only), throttle per partner, the handler's
// verification, then the shared sign-in — every failure handed to the shared refusal.

const OIDC_PARTNER = { id: 'p1', slug: 'cjm', protocol: 'OIDC' } as FederationPartner;
const SAML_PARTNER = { id: 'p2', slug: 'autre', protocol: 'SAML2' } as FederationPartner;
const BINDING = 'b'.repeat(43);

function setup(options: { throttled?: string } = {}) {
  const calls: string[] = [];
  const refused: unknown[] = [];
  const completed: OidcVerifiedSignIn[] = [];
  const verified: OidcVerifiedSignIn = {
    identity: { partnerId: 'p1', issuer: 'https://ent.example', subject: 's', displayName: 'Léa Martin', profile: 'National_ELV', uai: '0931234L' },
    context: { returnTo: '/espaces' },
  };
  const throttle = {
    async consume(key: string) {
      calls.push(`throttle ${key}`);
      if (options.throttled && key.startsWith(options.throttled)) throw new TooManyRequestsError(42);
    },
  } as unknown as ThrottleService;
  const partners = {
    async findBySlug(slug: string) {
      calls.push(`partner ${slug}`);
      return [OIDC_PARTNER, SAML_PARTNER].find((p) => p.slug === slug) ?? null;
    },
  } as unknown as FederationPartners;
  const handler = {
    async verifyCallback(partner: FederationPartner, query: string, binding: string | undefined) {
      calls.push(`verify ${partner.id} ${query} ${binding}`);
      return verified;
    },
  } as unknown as OidcProtocolHandler;
  const signIn = {
    async completeSignIn(identity: OidcVerifiedSignIn['identity'], _p: FederationPartner, context: OidcVerifiedSignIn['context']) {
      completed.push({ identity, context });
    },
    async refuse(_p: FederationPartner | null, error: unknown) { refused.push(error); },
  } as unknown as FederationSignInService;
  const service = new OidcCallbackService(partners, handler, signIn, throttle, new AppConfig());
  const request = (url: string) => ({ url, cookies: { [LOGIN_COOKIE]: BINDING } }) as unknown as FastifyRequest;
  return { service, calls, refused, completed, verified, request, reply: {} as FastifyReply };
}

describe('OidcCallbackService', () => {
  it('hands the raw query and the login cookie to the handler, then the identity to the shared sign-in', async () => {
    const { service, calls, completed, verified, request, reply } = setup();
    await service.handle('cjm', '10.0.0.1', request('/auth/oidc/cjm/callback?code=c&state=s&iss=x'), reply);
    expect(calls).toEqual(['throttle federation-ip:10.0.0.1', 'partner cjm', 'throttle federation-partner:p1',
      `verify p1 code=c&state=s&iss=x ${BINDING}`]);
    expect(completed).toEqual([verified]);
  });

  it('refuses over the per-IP limit before reading anything (429 through the shared refusal)', async () => {
    const { service, calls, refused, completed, request, reply } = setup({ throttled: 'federation-ip:' });
    await service.handle('cjm', '10.0.0.1', request('/auth/oidc/cjm/callback?code=c&state=s'), reply);
    expect(calls).toEqual(['throttle federation-ip:10.0.0.1']);
    expect(refused[0]).toBeInstanceOf(TooManyRequestsError);
    expect(completed).toHaveLength(0);
  });

  it('refuses over the per-partner limit before verifying', async () => {
    const { service, calls, refused, request, reply } = setup({ throttled: 'federation-partner:' });
    await service.handle('cjm', '10.0.0.1', request('/auth/oidc/cjm/callback?code=c&state=s'), reply);
    expect(calls.some((c) => c.startsWith('verify'))).toBe(false);
    expect(refused[0]).toBeInstanceOf(TooManyRequestsError);
  });

  it.each(['inconnu', 'autre'])('refuses a callback for %s (unknown, or not an OIDC partner)', async (slug) => {
    const { service, calls, refused, request, reply } = setup();
    await service.handle(slug, '10.0.0.1', request(`/auth/oidc/${slug}/callback?code=c&state=s`), reply);
    expect(calls.some((c) => c.startsWith('verify'))).toBe(false);
    expect(refused).toHaveLength(1);
    expect((refused[0] as { code: string }).code).toBe('PARTNER_UNKNOWN');
  });
});
