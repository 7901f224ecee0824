import type {} from '@fastify/cookie';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LOGIN_COOKIE, PENDING_LOGIN_TTL_SECONDS } from './protocol.js';

/**
 * The login cookie binds a login in progress to the browser that started it: its random value is stored with the
 * pending login (SAML request id, OIDC state) and must come back with the partner's answer. It lives 10 minutes,
 * is httpOnly and only sent to /auth.
 *
 * SameSite: the SAML answer is a cross-site POST from the partner's IdP, which a SameSite=Lax cookie does not follow.
 * Over https the cookie is therefore SameSite=None; Secure. Over plain http (development, tests) browsers refuse
 * SameSite=None without Secure, so it is Lax: that works when the IdP is on the same site (localhost on another
 * port), which is the demo's case.
 */
const SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function newBrowserBinding(): string {
  return randomBytes(32).toString('base64url');
}

/** The binding of this browser: the one of its login cookie when it has a valid one (logins in two tabs), else a new one. */
export function browserBindingOf(request: FastifyRequest): string {
  const current = readBrowserBinding(request);
  return current ?? newBrowserBinding();
}

export function readBrowserBinding(request: FastifyRequest): string | undefined {
  const value = request.cookies?.[LOGIN_COOKIE];
  return value && SHAPE.test(value) ? value : undefined;
}

export function writeBrowserBinding(reply: FastifyReply, value: string, secure: boolean): void {
  reply.setCookie(LOGIN_COOKIE, value, {
    httpOnly: true, secure, sameSite: secure ? 'none' : 'lax', path: '/auth', maxAge: PENDING_LOGIN_TTL_SECONDS,
  });
}

export function clearBrowserBinding(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(LOGIN_COOKIE, { httpOnly: true, secure, sameSite: secure ? 'none' : 'lax', path: '/auth' });
}

/** Constant-time comparison of the stored binding with the one the browser sent. */
export function browserBindingMatches(expected: string, received: string | undefined): boolean {
  if (!expected || !received) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(received).digest();
  return timingSafeEqual(a, b);
}
