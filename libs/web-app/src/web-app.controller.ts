import { Controller, Get, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Principal, Public } from '@passerelle/access';
import { APP_ASSET_HEADERS, PAGE_HEADERS } from '@passerelle/pages';
import { APP_ROUTE_PATTERNS, signInRedirect } from './app-paths.js';
import { renderAppMissingPage, renderNotFoundPage } from './web-app-pages.js';
import { chooseEncoding, WebAppFiles } from './web-app-files.js';
import { sendAppPage } from './web-app-page.js';

/** The screens other than `/` (the portal answers `/`): Nest's route syntax, from the one list. */
const SCREEN_ROUTES = APP_ROUTE_PATTERNS.filter((pattern) => pattern !== '/').map((pattern) => pattern.slice(1));

function wantsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  return typeof accept === 'string' && accept.includes('text/html');
}

/**
 * The web app on the hub's own origin (ADR 0021): its hashed files, its screens (the app for a signed-in person, the
 * sign-in page with the way back for anyone else), and the French 404 of every other GET.
 */
@Controller()
export class WebAppController {
  constructor(private readonly files: WebAppFiles) {}

  @Public()
  @Get('app/assets/*')
  asset(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    const file = this.files.asset(request.url.split('?')[0]);
    if (!file) return this.notFound(null, request, reply);
    const { body, encoding } = chooseEncoding(file, request.headers['accept-encoding'] as string | undefined);
    reply.status(200).headers(APP_ASSET_HEADERS).header('Content-Type', file.contentType);
    if (encoding) reply.header('Content-Encoding', encoding);
    reply.send(body);
  }

  @Public()
  @Get(SCREEN_ROUTES)
  screen(@CurrentPrincipal() principal: Principal | null, @Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    if (!principal) {
      reply.header('Cache-Control', 'no-store').redirect(signInRedirect(request.url), 303);
      return;
    }
    if (!this.files.built) {
      reply.status(503).headers(PAGE_HEADERS).send(renderAppMissingPage());
      return;
    }
    sendAppPage(reply, this.files, 200);
  }

  /** Any other GET: the French 404 (in the app for a signed-in person), JSON for a program as before. */
  @Public()
  @Get('*')
  notFound(@CurrentPrincipal() principal: Principal | null, @Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    if (!wantsHtml(request)) {
      reply.status(404).send({ code: 'NOT_FOUND', message: 'Page introuvable.' });
      return;
    }
    if (principal && this.files.built) return sendAppPage(reply, this.files, 404);
    reply.status(404).headers(PAGE_HEADERS).send(renderNotFoundPage());
  }
}
