import type { FastifyReply } from 'fastify';
import { APP_PAGE_HEADERS } from '@passerelle/pages';
import { chooseEncoding, WebAppFiles } from './web-app-files.js';

/** The app's index.html (compressed when the browser accepts it), with the app's CSP. */
export function sendAppPage(reply: FastifyReply, files: WebAppFiles, status: number): void {
  const index = files.index;
  if (!index) throw new Error('the web app is not built');
  const { body, encoding } = chooseEncoding(index, reply.request.headers['accept-encoding'] as string | undefined);
  reply.status(status).headers(APP_PAGE_HEADERS).header('Vary', 'Accept-Encoding');
  if (encoding) reply.header('Content-Encoding', encoding);
  reply.send(body);
}
