import { errorCodes } from '../lib/apollo';
import { FailurePage, NotFoundPage, RefusalPage } from './status-pages';

/**
 * What a screen shows when its query fails: FORBIDDEN → the refusal page, NOT_FOUND → not found, anything else → the
 * failure page with « Réessayer ». UNAUTHENTICATED never gets here: the Apollo link sends the browser to sign-in.
 */
export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const codes = errorCodes(error);
  if (codes.includes('NOT_FOUND')) return <NotFoundPage />;
  if (codes.includes('FORBIDDEN')) return <RefusalPage />;
  return <FailurePage onRetry={onRetry} />;
}
