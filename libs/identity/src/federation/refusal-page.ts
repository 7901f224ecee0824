/**
 * The page a person sees when a sign-in through their ENT is refused: French, accessible (lang="fr", one h1, the
 * reason in plain words, whom to contact), no script, nothing from the partner's message. One small function so that
 * the page can be restyled in one place.
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

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
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
  const via = page.partnerName ? `<p>Connexion depuis : ${escapeHtml(page.partnerName)}</p>` : '';
  return `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} – Passerelle</title>
<style>body{font-family:system-ui,sans-serif;font-size:1.125rem;line-height:1.5;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
a{color:#0a3d91}small{color:#555}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(page.reason)}</p>
${via}
<p>${escapeHtml(contactFor(page.audience))}</p>
<p><a href="/">Revenir à l'accueil de Passerelle</a></p>
<p><small>Code pour l'assistance : ${escapeHtml(page.code)}</small></p>
</main>
</body>
</html>
`;
}

/** Headers of the page: never cached, no script, not framed. */
export const REFUSAL_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};
