import { trustProxyOption } from './trust-proxy.js';

describe('trustProxyOption', () => {
  it('trusts a hop count only from a nearby socket (loopback, private, link-local), and no further than the count', () => {
    const trust = trustProxyOption(1) as (address: string, hop: number) => boolean;
    expect(trust('127.0.0.1', 0)).toBe(true);
    expect(trust('::ffff:10.0.3.4', 0)).toBe(true);
    expect(trust('172.18.0.2', 0)).toBe(true);
    expect(trust('fd00::2', 0)).toBe(true);
    expect(trust('203.0.113.7', 0)).toBe(false);
    expect(trust('2001:db8::1', 0)).toBe(false);
    expect(trust('10.0.0.1', 1)).toBe(false);
    const two = trustProxyOption(2) as (address: string, hop: number) => boolean;
    expect(two('198.51.100.1', 1)).toBe(true);
    expect(two('198.51.100.1', 2)).toBe(false);
  });

  it('passes a list of addresses to Fastify as is, and nothing when off', () => {
    expect(trustProxyOption('10.0.0.5,10.1.0.0/16')).toBe('10.0.0.5,10.1.0.0/16');
    expect(trustProxyOption(false)).toBe(false);
  });
});
