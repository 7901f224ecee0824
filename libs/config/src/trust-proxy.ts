import { BlockList, isIPv4 } from 'node:net';

/** Addresses a reverse proxy counted by TRUST_PROXY=<hops> may connect from: loopback, private and link-local ranges. */
const NEARBY = new BlockList();
for (const [network, bits] of [['127.0.0.0', 8], ['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], ['169.254.0.0', 16]] as const) {
  NEARBY.addSubnet(network, bits, 'ipv4');
}
for (const [network, bits] of [['::1', 128], ['fc00::', 7], ['fe80::', 10]] as const) NEARBY.addSubnet(network, bits, 'ipv6');

function isNearby(address: string): boolean {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  const plain = mapped ? mapped[1] : address.replace(/%.*$/, '');
  try {
    return NEARBY.check(plain, isIPv4(plain) ? 'ipv4' : 'ipv6');
  } catch {
    return false;
  }
}

/**
 * Fastify's `trustProxy` for TRUST_PROXY. A list of addresses/CIDRs is given to Fastify as is: only a socket from one
 * of them has its X-Forwarded-For read. A hop count n trusts the n nearest hops, and only when the socket itself comes
 * from a loopback, private or link-local address (the proxy in front): a client reaching the api directly from a public
 * address cannot choose its address by sending X-Forwarded-For (Fastify itself ignores a bare hop count since 5.x).
 */
export function trustProxyOption(value: false | number | string): boolean | string | ((address: string, hop: number) => boolean) {
  if (value === false) return false;
  if (typeof value === 'string') return value;
  return (address, hop) => hop < value && (hop > 0 || isNearby(address));
}
