import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError, httpStatusOf, retryAfterOf } from './domain-error.js';

interface ReplyLike {
  status(code: number): ReplyLike;
  header(name: string, value: string): ReplyLike;
  send(body: unknown): void;
  sent?: boolean;
}

/**
 * HTTP routes: a domain error becomes its status and `{code, message}` in French; anything else a 500
 * without details. GraphQL errors are left to Apollo's formatError.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<string>() === 'graphql') throw exception;
    const reply = host.switchToHttp().getResponse<ReplyLike>();
    if (reply.sent) return;
    if (exception instanceof DomainError) {
      const retryAfter = retryAfterOf(exception);
      if (retryAfter !== undefined) reply.header('Retry-After', String(retryAfter));
      reply.status(httpStatusOf(exception)).send({
        code: exception.code, message: exception.message,
        ...(exception.field ? { field: exception.field } : {}),
        ...(retryAfter !== undefined ? { retryAfter } : {}),
      });
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      reply.status(status).send({ code: status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST', message: status === 404 ? 'Page introuvable.' : 'Requête invalide.' });
      return;
    }
    const status = (exception as { statusCode?: number })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      reply.status(status).send({ code: 'BAD_REQUEST', message: 'Requête invalide.' });
      return;
    }
    this.logger.error(exception);
    reply.status(500).send({ code: 'INTERNAL_SERVER_ERROR', message: 'Une erreur interne est survenue. Réessayez plus tard.' });
  }
}
