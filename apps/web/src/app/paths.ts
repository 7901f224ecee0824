/**
 * The app's URLs, in French (issue 12's contract). The server answers these with the app (signed in) or sends the
 * browser to sign-in (signed out), and everything else with its French 404: libs/web-app reads this same list
 * (a test keeps them equal). Plain data, no import: the server's test reads it too.
 */
export const APP_PATHS = {
  home: '/',
  space: '/espaces/:id',
  moderation: '/espaces/:id/moderation',
  documents: '/espaces/:id/documents',
  agenda: '/espaces/:id/agenda',
  homework: '/espaces/:id/devoirs',
  chat: '/espaces/:id/discussion',
  members: '/espaces/:id/membres',
  search: '/recherche',
  notifications: '/notifications',
} as const;

export type AppPathName = keyof typeof APP_PATHS;

/** A post of a space's wall: the wall, scrolled to it (`#post-<id>`, focused and highlighted there). */
export function postPath(spaceId: string, postId: string): string {
  return `${spacePath(spaceId)}#post-${encodeURIComponent(postId)}`;
}

/** A space's screen URL, e.g. `spacePath(id, 'documents')`. */
export function spacePath(id: string, screen?: 'moderation' | 'documents' | 'agenda' | 'devoirs' | 'discussion' | 'membres'): string {
  const base = `/espaces/${encodeURIComponent(id)}`;
  return screen ? `${base}/${screen}` : base;
}
