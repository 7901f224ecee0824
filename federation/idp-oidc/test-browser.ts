/**
 * A minimal browser for federation tests: real HTTP (fetch), a cookie jar shared across hosts the way a browser
 * keeps it (by host name and path; like a browser, cookies of 127.0.0.1 go to every port), and redirects followed
 * one by one so that a test can look at, stop at, or change any hop. Test only.
 */

interface StoredCookie {
  readonly value: string;
  readonly path: string;
  readonly expiresAt?: number;
}

export interface BrowserResponse {
  readonly url: string;
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

export interface NavigateOptions {
  /** Stop (without requesting it) at the first redirect whose URL starts with this prefix; return that URL. */
  readonly stopAt?: string;
  /** Called with each redirect target before it is followed; may return another URL to follow instead. */
  readonly onRedirect?: (url: URL) => URL | string | void;
  readonly maxRedirects?: number;
}

export interface NavigateResult {
  /** The final response (absent when stopped at `stopAt`). */
  readonly response?: BrowserResponse;
  /** The URL stopped at, or the URL of the final response. */
  readonly url: string;
  /** Every URL requested, in order. */
  readonly visited: readonly string[];
}

export class TestBrowser {
  private readonly jar = new Map<string, Map<string, StoredCookie>>();

  /** One request, no redirect followed. */
  async request(url: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<BrowserResponse> {
    const target = new URL(url);
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    const method = init.method ?? (init.form ? 'POST' : 'GET');
    // As a browser does, a POST says where it comes from; by default the page of the site it posts to.
    if (method !== 'GET' && method !== 'HEAD' && !Object.keys(headers).some((name) => name.toLowerCase() === 'origin')) headers.origin = target.origin;
    const cookie = this.cookieHeader(target);
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (init.form) {
      body = new URLSearchParams(init.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const response = await fetch(target, { method, headers, body, redirect: 'manual' });
    for (const setCookie of response.headers.getSetCookie()) this.store(target, setCookie);
    return { url: target.href, status: response.status, headers: response.headers, body: await response.text() };
  }

  /** GET `url` then follow redirects (303 and 302 as GET), as a browser does. */
  async navigate(url: string, options: NavigateOptions = {}): Promise<NavigateResult> {
    const visited: string[] = [];
    let current = new URL(url);
    for (let hop = 0; hop <= (options.maxRedirects ?? 20); hop++) {
      visited.push(current.href);
      const response = await this.request(current.href);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return { response, url: current.href, visited };
      let next = new URL(location, current);
      const changed = options.onRedirect?.(next);
      if (changed) next = new URL(String(changed));
      if (options.stopAt && next.href.startsWith(options.stopAt)) return { url: next.href, visited };
      current = next;
    }
    throw new Error(`too many redirects from ${url}`);
  }

  /** The value of a cookie the browser would send to `url`, if any. */
  cookie(url: string, name: string): string | undefined {
    const target = new URL(url);
    const cookie = this.jar.get(target.hostname)?.get(name);
    if (!cookie || !this.live(cookie) || !target.pathname.startsWith(cookie.path)) return undefined;
    return cookie.value;
  }

  /** Forgets every cookie (a new browser). */
  clear(): void {
    this.jar.clear();
  }

  private live(cookie: StoredCookie): boolean {
    return cookie.expiresAt === undefined || cookie.expiresAt > Date.now();
  }

  private cookieHeader(target: URL): string {
    const cookies = this.jar.get(target.hostname);
    if (!cookies) return '';
    return [...cookies.entries()]
      .filter(([, c]) => this.live(c) && target.pathname.startsWith(c.path))
      .map(([name, c]) => `${name}=${c.value}`).join('; ');
  }

  private store(origin: URL, setCookie: string): void {
    const [pair, ...attributes] = setCookie.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) return;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    let path = '/';
    let expiresAt: number | undefined;
    for (const attribute of attributes) {
      const [key, ...rest] = attribute.trim().split('=');
      const attributeValue = rest.join('=');
      switch (key.toLowerCase()) {
        case 'path': path = attributeValue || '/'; break;
        case 'max-age': expiresAt = Date.now() + Number(attributeValue) * 1000; break;
        case 'expires': if (expiresAt === undefined) expiresAt = Date.parse(attributeValue); break;
      }
    }
    const cookies = this.jar.get(origin.hostname) ?? new Map<string, StoredCookie>();
    this.jar.set(origin.hostname, cookies);
    if (expiresAt !== undefined && expiresAt <= Date.now()) cookies.delete(name);
    else cookies.set(name, { value, path, expiresAt });
  }
}
