import { escapeHtml, html, PAGE_HEADERS, renderPage } from '@passerelle/pages';

export { escapeHtml };

/**
 * The page a person sees when a sign-in through their ENT is refused: French, accessible (lang="fr", one h1, the
 * reason in plain words, whom to contact), no script, nothing from the partner's message. Same layout and stylesheet
 * as the sign-in page (libs/pages).
 */
export interface RefusalPage {
  /** The French reason (already written for people: FEDERATION_CODES / the refusing library's message). */
  readonly reason: string;
  /** The refusal code, shown small for support. */
  readonly code: string;
  /** Who is refused, when known: pupils are told to ask their school's direction. */
  readonly audience: 'PUPIL' | 'ADULT' | 'UNKNOWN';
  /** The partner ENT's name, when known. */
  readonly partnerName?: string | null;
  readonly title?: string;
}

function contactFor(audience: RefusalPage['audience']): string {
  switch (audience) {
    case 'ADULT':
      return "Si le problème continue, contactez la direction de votre établissement : elle peut joindre l'école qui gère la convention avec Passerelle.";
    default:
      return "Si tu as besoin d'aide, parles-en à la direction de ton école.";
  }
}

export function renderRefusalPage(page: RefusalPage): string {
  const title = page.title ?? 'Connexion impossible';
  return renderPage({
    title,
    main: html`<h1>${title}</h1>
<div class="card">
<p class="lead">${page.reason}</p>
${page.partnerName ? html`<p>Connexion depuis : ${page.partnerName}</p>` : ''}
<p>${contactFor(page.audience)}</p>
</div>
<p><a class="button" href="/">Revenir à l'accueil de Passerelle</a></p>
<p class="muted">Code pour l'assistance : <span class="code">${page.code}</span></p>`,
  });
}

/** Headers of the page: never cached, no script, not framed (the pages' common headers). */
export const REFUSAL_PAGE_HEADERS: Readonly<Record<string, string>> = PAGE_HEADERS;
