import { PassThrough } from 'node:stream';
import pino from 'pino';
import { loggingParams, redactPath } from './logging';

describe('request logging', () => {
  const token = 'Q2FsZW5kYXJGZWVkVG9rZW5PZlRoaXJ0eVR3b0J5dGVz';

  it('never shows an agenda feed token nor a query string', () => {
    expect(redactPath(`/agenda/${token}.ics`)).toBe('/agenda/[secret]');
    expect(redactPath(`/agenda/${token}.ics?x=1`)).toBe('/agenda/[secret]');
    expect(redactPath('/auth/oidc/ent/callback?code=secret')).toBe('/auth/oidc/ent/callback');
    expect(redactPath('/espaces/1/agenda')).toBe('/espaces/1/agenda');
  });

  it('writes the redacted path in the line pino-http logs for a request', () => {
    const params = loggingParams('info').pinoHttp as { serializers: { req: (req: unknown) => unknown } };
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    const logger = pino({ serializers: { req: params.serializers.req } }, out);
    logger.info({ req: { id: 'r1', method: 'GET', url: `/agenda/${token}.ics`, headers: { cookie: 'x' } } }, 'request completed');
    const line = chunks.join('');
    expect(line).toContain('"path":"/agenda/[secret]"');
    expect(line).not.toContain(token);
  });
});
