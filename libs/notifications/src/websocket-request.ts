import { IncomingMessage } from 'node:http';

/** What graphql-ws gives the GraphQL context function for an operation over a WebSocket. */
export interface WebSocketContext {
  readonly extra: { readonly request: IncomingMessage };
}

export function isWebSocketContext(value: unknown): value is WebSocketContext {
  return typeof value === 'object' && value !== null && 'extra' in value
    && typeof (value as { extra?: { request?: unknown } }).extra?.request === 'object';
}

/**
 * The request the access guard reads, for an operation over a WebSocket: the headers and cookies of the HTTP upgrade
 * (the session cookie travels with it, as with any request to the hub).
 */
export function websocketRequest(context: WebSocketContext): { headers: IncomingMessage['headers']; cookies: Record<string, string>; ip?: string } {
  const request = context.extra.request;
  return { headers: request.headers, cookies: parseCookies(request.headers.cookie), ip: request.socket?.remoteAddress };
}

function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index <= 0) continue;
    const name = part.slice(0, index).trim();
    const value = part.slice(index + 1).trim();
    try {
      cookies[name] = decodeURIComponent(value);
    } catch {
      cookies[name] = value;
    }
  }
  return cookies;
}
