import { html, HtmlValue, SafeHtml } from './html.js';
import { STYLESHEET_HREF } from './stylesheet.js';

export interface PageLayout {
  /** The page's own title, first in `<title>` ("Connexion – Passerelle"). */
  readonly title: string;
  /** The content of `<main>`: it must hold the page's one `<h1>`. */
  readonly main: SafeHtml;
  /** Extra content of the header bar, at the end (e.g. the sign-out form). */
  readonly headerExtra?: HtmlValue;
  /** Extra `<head>` elements the code writes (e.g. an immediate redirect). */
  readonly headExtra?: HtmlValue;
}

/**
 * Every server-rendered page: French (`lang="fr"`), a viewport for phones, a skip link to the content, landmarks
 * (header, main, footer), the one stylesheet, no script. RGAA: one `h1` per page, given by `main`.
 */
export function renderPage(page: PageLayout): string {
  return `<!DOCTYPE html>\n${html`<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${page.title} – Passerelle</title>
<link rel="stylesheet" href="${STYLESHEET_HREF}">
${page.headExtra}
</head>
<body>
<a class="skip-link" href="#contenu">Aller au contenu</a>
<header class="site-header"><div class="bar"><p class="brand">Passerelle</p>${page.headerExtra}</div></header>
<main id="contenu" tabindex="-1">
${page.main}
</main>
<footer class="site-footer"><div class="bar"><p>Passerelle : des espaces partagés entre les écoles et les collèges.</p></div></footer>
</body>
</html>
`}`;
}
