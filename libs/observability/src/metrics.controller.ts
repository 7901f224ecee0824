import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, NotFoundException, Req, Res } from '@nestjs/common';
import { Public } from '@passerelle/access';
import { AppConfig } from '@passerelle/config';
import { metricsRegistry } from './metrics.js';

interface ScrapeRequest {
  readonly headers: Record<string, string | string[] | undefined>;
  /** The client's address as Fastify computes it (the socket's, or what TRUST_PROXY's proxies report). */
  readonly ip?: string;
  readonly socket?: { readonly remoteAddress?: string };
  readonly raw?: { readonly socket?: { readonly remoteAddress?: string } };
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;

/** Headers by which a reverse proxy (nginx, HAProxy, Apache, a CDN) says it forwards someone else's request. */
const PROXY_HEADERS = ['forwarded', 'x-real-ip', 'x-client-ip', 'true-client-ip', 'cf-connecting-ip', 'fastly-client-ip',
  'x-cluster-client-ip', 'via'];

function forwardedByProxy(headers: ScrapeRequest['headers']): boolean {
  return PROXY_HEADERS.some((name) => headers[name] !== undefined) || Object.keys(headers).some((name) => name.toLowerCase().startsWith('x-forwarded-'));
}

/**
 * Who may read the metrics: with METRICS_TOKEN, the bearer of that token (compared in constant time); without,
 * a connection from this machine's loopback that no reverse proxy forwarded: a proxy on the same machine connects
 * from loopback too, so any header a proxy adds to say whom it forwards (Forwarded, X-Forwarded-*, X-Real-IP, Via…)
 * refuses the request, and the client's address Fastify computes (with TRUST_PROXY) must be loopback as well.
 */
export function mayReadMetrics(request: ScrapeRequest, token: string | undefined): boolean {
  if (token) {
    const given = request.headers.authorization;
    const match = typeof given === 'string' ? /^Bearer ([^\s]+)$/.exec(given) : null;
    if (!match) return false;
    const [a, b] = [Buffer.from(match[1]), Buffer.from(token)];
    return a.length === b.length && timingSafeEqual(a, b);
  }
  const address = request.socket?.remoteAddress ?? request.raw?.socket?.remoteAddress ?? '';
  return LOOPBACK.test(address) && (request.ip === undefined || LOOPBACK.test(request.ip)) && !forwardedByProxy(request.headers);
}

/**
 * Prometheus scrape endpoint, not public: loopback only by default, or a bearer token (METRICS_TOKEN). Anyone else
 * gets the same 404 as an unknown page, so that the endpoint is not even seen (see docs/operations.md).
 */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly config: AppConfig) {}

  @Public()
  @Get()
  metrics(@Req() request: ScrapeRequest, @Res({ passthrough: true }) reply: { header(name: string, value: string): unknown }): Promise<string> {
    if (!mayReadMetrics(request, this.config.METRICS_TOKEN)) throw new NotFoundException();
    reply.header('Content-Type', metricsRegistry.contentType);
    return metricsRegistry.metrics();
  }
}
