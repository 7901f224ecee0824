import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Logger, LoggerModule, Params, PinoLogger } from 'nestjs-pino';
import type { DynamicModule } from '@nestjs/common';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Paths whose rest is a secret: a member's agenda feed (`/agenda/<token>.ics`, ADR 0023) is opened by its URL alone,
 * so a log line holding it would be a credential in the logs.
 */
const SECRET_PATH_PREFIXES = ['/agenda/'];

/** A request URL as logs show it: no query string, and no secret path segment. */
export function redactPath(url: string): string {
  const path = url.split('?')[0];
  const prefix = SECRET_PATH_PREFIXES.find((candidate) => path.startsWith(candidate));
  return prefix ? `${prefix}[secret]` : path;
}

/**
 * JSON logs through pino: one line per event with the request id (taken from X-Request-Id when sane).
 * Cookies, authorization headers, bodies, query strings (which may carry SAML messages or codes) and secret paths
 * (agenda feeds) are never logged; log calls pass ids, never pupils' names.
 */
export function loggingParams(level: string): Params {
  return {
    pinoHttp: {
      level,
      genReqId: (req: IncomingMessage) => {
        const given = req.headers['x-request-id'];
        return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      },
      customProps: () => ({ service: 'passerelle' }),
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: redactPath(req.url) }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'], remove: true },
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health/live' || req.url === '/metrics' },
    },
  };
}

/** The Nest module that binds a child logger with the request id to every request. */
export function loggingModule(level: string): DynamicModule {
  return LoggerModule.forRoot(loggingParams(level));
}

/** A Nest LoggerService writing the same JSON lines, usable before the application exists (bootstrap, CLI). */
export function processLogger(level: string): Logger {
  const params = loggingParams(level);
  return new Logger(new PinoLogger(params), params);
}
