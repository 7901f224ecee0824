import { isSameOriginPost, isSameOriginUpgrade } from './same-origin.js';

const PUBLIC_URL = 'https://passerelle.example.fr';
const request = { protocol: 'http', host: '127.0.0.1:4000' };

describe('isSameOriginPost (CSRF check of the POST routes)', () => {
  it('accepts a post whose Origin is PUBLIC_URL or the address the request was sent to', () => {
    expect(isSameOriginPost({ ...request, origin: 'https://passerelle.example.fr' }, PUBLIC_URL)).toBe(true);
    expect(isSameOriginPost({ ...request, origin: 'http://127.0.0.1:4000' }, PUBLIC_URL)).toBe(true);
    expect(isSameOriginPost({ ...request, origin: 'http://127.0.0.1:4000', secFetchSite: 'same-origin' }, PUBLIC_URL)).toBe(true);
  });

  it('refuses another origin, another port or scheme, and the opaque origin "null"', () => {
    for (const origin of ['https://evil.example', 'http://127.0.0.1:4001', 'https://127.0.0.1:4000', 'http://passerelle.example.fr', 'null', 'garbage']) {
      expect(isSameOriginPost({ ...request, origin }, PUBLIC_URL)).toBe(false);
    }
  });

  it('falls back on the Referer only when there is no Origin, and refuses a post with neither', () => {
    expect(isSameOriginPost({ ...request, referer: 'http://127.0.0.1:4000/' }, PUBLIC_URL)).toBe(true);
    expect(isSameOriginPost({ ...request, referer: 'https://evil.example/http://127.0.0.1:4000/' }, PUBLIC_URL)).toBe(false);
    expect(isSameOriginPost({ ...request, origin: 'https://evil.example', referer: 'http://127.0.0.1:4000/' }, PUBLIC_URL)).toBe(false);
    expect(isSameOriginPost(request, PUBLIC_URL)).toBe(false);
  });

  it('refuses what the browser marks cross-site or same-site, whatever the Origin', () => {
    expect(isSameOriginPost({ ...request, origin: 'http://127.0.0.1:4000', secFetchSite: 'cross-site' }, PUBLIC_URL)).toBe(false);
    expect(isSameOriginPost({ ...request, origin: 'http://127.0.0.1:4000', secFetchSite: 'same-site' }, PUBLIC_URL)).toBe(false);
  });
});

describe('isSameOriginUpgrade (WebSocket upgrades)', () => {
  it('accepts the Origin of PUBLIC_URL or of the Host the upgrade was sent to', () => {
    expect(isSameOriginUpgrade({ origin: 'https://passerelle.example.fr', host: 'passerelle.example.fr' }, PUBLIC_URL)).toBe(true);
    expect(isSameOriginUpgrade({ origin: 'http://127.0.0.1:4000', host: '127.0.0.1:4000' }, PUBLIC_URL)).toBe(true);
  });

  it('refuses another Origin, "null", no Origin, and what the browser marks cross-site', () => {
    expect(isSameOriginUpgrade({ origin: 'https://evil.example', host: '127.0.0.1:4000' }, PUBLIC_URL)).toBe(false);
    expect(isSameOriginUpgrade({ origin: 'http://127.0.0.1:4001', host: '127.0.0.1:4000' }, PUBLIC_URL)).toBe(false);
    expect(isSameOriginUpgrade({ origin: 'null', host: '127.0.0.1:4000' }, PUBLIC_URL)).toBe(false);
    expect(isSameOriginUpgrade({ host: '127.0.0.1:4000' }, PUBLIC_URL)).toBe(false);
    expect(isSameOriginUpgrade({ origin: 'http://127.0.0.1:4000', host: '127.0.0.1:4000', 'sec-fetch-site': 'cross-site' }, PUBLIC_URL)).toBe(false);
  });
});
