import { PrincipalKind, Role } from '@passerelle/access';
import { forbiddenCharacterIn, forbiddenCharacterMessage } from '@passerelle/errors';
import { shorten } from '@passerelle/pages';
import { PartnerLink } from './portal-pages.js';

/** How many spaces the home page shows (the most recent), and how many published posts of each. */
export const HOME_SPACES = 20;
export const HOME_POSTS_PER_SPACE = 5;
/** A post longer than this is cut on the home page (the space shows it whole). */
export const HOME_POST_CHARS = 400;

/** The profile as the home page names it, from the roles of the session. */
export function profileLabel(kind: PrincipalKind, roles: readonly Role[]): string {
  if (kind === 'HUB_ADMIN' || roles.includes(Role.HUB_ADMIN)) return 'Administration de Passerelle';
  if (roles.includes(Role.DIRECTOR)) return "Direction de l'établissement";
  if (roles.includes(Role.TEACHER)) return 'Personnel enseignant';
  if (roles.includes(Role.PUPIL)) return 'Élève';
  if (roles.includes(Role.PARENT)) return 'Parent';
  if (roles.includes(Role.STAFF)) return "Personnel de l'établissement";
  return 'Membre';
}

/** The home ENTs first, then the partners, each group in alphabetical order (French collation). */
export function sortPartners(partners: readonly PartnerLink[]): PartnerLink[] {
  const collator = new Intl.Collator('fr', { sensitivity: 'base' });
  return [...partners].sort((a, b) => (a.trust === b.trust ? collator.compare(a.name, b.name) : a.trust === 'HOME' ? -1 : 1));
}

/** The text of a post as the home page shows it: plain text, whitespace runs folded, cut when long. */
export function postExcerpt(text: string): string {
  return shorten(text.replace(/[ \t]+/g, ' ').replace(/\n{3,}/g, '\n\n'), HOME_POST_CHARS);
}

/** The administrators' sign-in form as posted: both fields present, or the French message and the fields at fault. */
export type LocalLoginFields =
  | { readonly ok: true; readonly login: string; readonly password: string }
  | { readonly ok: false; readonly login: string; readonly error: string; readonly invalid: ('login' | 'password')[] };

export function readLocalLoginFields(body: unknown): LocalLoginFields {
  const fields = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const login = typeof fields.login === 'string' ? fields.login.trim() : '';
  const password = typeof fields.password === 'string' ? fields.password : '';
  const shownLogin = shorten(login, 64);
  if (!login && !password) return { ok: false, login: '', error: 'Indiquez votre identifiant et votre mot de passe.', invalid: ['login', 'password'] };
  if (!login) return { ok: false, login: '', error: 'Indiquez votre identifiant.', invalid: ['login'] };
  if (!password) return { ok: false, login: shownLogin, error: 'Indiquez votre mot de passe.', invalid: ['password'] };
  if (Array.from(login).length > 64) return { ok: false, login: shownLogin, error: "L'identifiant est trop long (64 caractères au plus).", invalid: ['login'] };
  if (password.length > 256) return { ok: false, login: shownLogin, error: 'Le mot de passe est trop long (256 caractères au plus).', invalid: ['password'] };
  // Control characters (U+0000…): refused here with the form, not by the API's JSON 400 (the route checks its own input).
  const inLogin = forbiddenCharacterIn(login);
  if (inLogin) return { ok: false, login: '', error: forbiddenCharacterMessage(inLogin, "L'identifiant"), invalid: ['login'] };
  const inPassword = forbiddenCharacterIn(password);
  if (inPassword) return { ok: false, login: shownLogin, error: forbiddenCharacterMessage(inPassword, 'Le mot de passe'), invalid: ['password'] };
  return { ok: true, login, password };
}

/** A partner logout URL the page may send the browser to: http(s) only. */
export function isNavigableUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Why the sign-in page is shown, from `?raison=` (the web app sends `session-terminee` when a session ends). */
export function signInNotice(reason: unknown): string | null {
  return reason === 'session-terminee' ? 'Ta session est terminée. Reconnecte-toi pour continuer.' : null;
}
