import { APP_PATHS } from '../../../apps/web/src/app/paths';
import { APP_ROUTE_PATTERNS, isAppPath, signInRedirect } from './app-paths';

describe('the web app\'s URLs as the server knows them', () => {
  it('are exactly the app router\'s screens', () => {
    expect([...APP_ROUTE_PATTERNS].sort()).toEqual(Object.values(APP_PATHS).sort());
  });

  it('recognises a screen with one non-empty segment for :id, nothing else', () => {
    expect(['/', '/espaces/abc', '/espaces/abc/devoirs', '/recherche', '/notifications'].every(isAppPath)).toBe(true);
    expect(['/espaces', '/espaces/', '/espaces/abc/inconnu', '/espaces/a/b/c', '/rechercher', '/admin'].some(isAppPath)).toBe(false);
  });

  it('sends a signed-out person to the sign-in page with the path (and query) to come back to', () => {
    expect(signInRedirect('/espaces/x/agenda?mois=2026-12')).toBe('/?retour=%2Fespaces%2Fx%2Fagenda%3Fmois%3D2026-12');
  });
});
