/**
 * The web app's URLs as the server knows them (apps/web/src/app/paths.ts lists the same; a test keeps them equal):
 * a signed-in person gets the app there, a signed-out one the sign-in page with the way back; any other URL is a 404.
 */
export const APP_ROUTE_PATTERNS: readonly string[] = [
  '/',
  '/espaces/:id',
  '/espaces/:id/moderation',
  '/espaces/:id/documents',
  '/espaces/:id/agenda',
  '/espaces/:id/devoirs',
  '/espaces/:id/discussion',
  '/espaces/:id/membres',
  '/recherche',
  '/notifications',
];

/** Whether a request path (no query) is one of the app's screens; `:id` is one non-empty segment. */
export function isAppPath(path: string): boolean {
  const segments = path.split('/');
  return APP_ROUTE_PATTERNS.some((pattern) => {
    const wanted = pattern.split('/');
    return wanted.length === segments.length
      && wanted.every((part, index) => (part.startsWith(':') ? segments[index].length > 0 : part === segments[index]));
  });
}

/** The sign-in page's URL that brings the person back to `returnTo` (checked again by the hub when it is read). */
export function signInRedirect(returnTo: string): string {
  return `/?${new URLSearchParams({ retour: returnTo }).toString()}`;
}
