import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError, httpStatusOf, TooManyRequestsError } from '@passerelle/errors';
import { CrossSiteRequestError } from '@passerelle/identity';
import { PAGE_HEADERS } from '@passerelle/pages';
import { renderErrorPage, renderFormRefusedPage } from './portal-pages.js';

const TITLES: Readonly<Record<number, string>> = {
  400: 'Demande incorrecte', 401: 'Vous n’êtes pas connecté', 403: 'Accès refusé', 404: 'Page introuvable', 429: 'Trop de tentatives',
};

/**
 * The portal's routes answer people, not programs: a refusal or a failure is a French page in the portal's layout
 * (the API's HttpErrorFilter answers JSON). Also catches the access guard's refusals (a sign-out without a session).
 */
@Catch()
export class PortalErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Portal');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (reply.sent) return;
    // A form that does not come from the hub's own pages (the access guard's same-origin check).
    if (exception instanceof CrossSiteRequestError) {
      reply.status(403).headers(PAGE_HEADERS).send(renderFormRefusedPage());
      return;
    }
    let status = 500;
    let message = 'Une erreur interne est survenue. Réessayez dans quelques minutes.';
    let code = 'INTERNAL_SERVER_ERROR';
    if (exception instanceof DomainError) {
      status = httpStatusOf(exception);
      code = exception.code;
      message = exception.code === 'UNAUTHENTICATED'
        ? 'Votre session est terminée ou vous ne vous êtes pas encore connecté. Revenez à l’accueil pour vous connecter.'
        : exception.message;
      if (exception instanceof TooManyRequestsError) reply.header('Retry-After', String(exception.retryAfterSeconds));
    } else if (exception instanceof HttpException && exception.getStatus() < 500) {
      status = exception.getStatus();
      code = status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST';
      message = status === 404 ? 'Cette page n’existe pas.' : 'Cette demande ne peut pas être traitée.';
    } else {
      this.logger.error({ msg: 'portal page failed', error: exception instanceof Error ? exception.stack : String(exception) });
    }
    reply.status(status).headers(PAGE_HEADERS).send(renderErrorPage(TITLES[status] ?? (status >= 500 ? 'Erreur interne' : 'Action impossible'), message, code));
  }
}
