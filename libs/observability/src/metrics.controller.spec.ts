import { mayReadMetrics } from './metrics.controller.js';

describe('mayReadMetrics without METRICS_TOKEN (loopback only)', () => {
  const fromLoopback = (headers: Record<string, string> = {}, ip = '127.0.0.1') =>
    mayReadMetrics({ headers, ip, socket: { remoteAddress: '127.0.0.1' } }, undefined);

  it('answers a scrape from this machine', () => {
    expect(fromLoopback()).toBe(true);
    expect(mayReadMetrics({ headers: {}, ip: '::1', socket: { remoteAddress: '::1' } }, undefined)).toBe(true);
  });

  it('refuses a request a reverse proxy on this machine forwarded, whichever header it says so with', () => {
    for (const [name, value] of [['x-forwarded-for', '203.0.113.7'], ['forwarded', 'for=203.0.113.7'], ['x-real-ip', '203.0.113.7'],
      ['x-forwarded-host', 'passerelle.example.fr'], ['x-forwarded-proto', 'https'], ['via', '1.1 nginx'], ['true-client-ip', '203.0.113.7'],
      ['x-client-ip', '203.0.113.7'], ['cf-connecting-ip', '203.0.113.7']]) {
      expect([name, fromLoopback({ [name]: value })]).toEqual([name, false]);
    }
  });

  it('decides on the client address Fastify computes with TRUST_PROXY, not only on the socket', () => {
    expect(fromLoopback({}, '203.0.113.7')).toBe(false);
  });

  it('refuses a socket that is not loopback', () => {
    expect(mayReadMetrics({ headers: {}, ip: '192.0.2.4', socket: { remoteAddress: '192.0.2.4' } }, undefined)).toBe(false);
  });
});
