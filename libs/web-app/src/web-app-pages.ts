import { html, renderPage } from '@passerelle/pages';

/** The French 404 of a URL the hub does not know, for someone not signed in (signed in: the app's own page). */
export function renderNotFoundPage(): string {
  return renderPage({
    title: 'Page introuvable',
    main: html`<h1>Page introuvable</h1>
<p class="lead">Cette adresse ne correspond à aucune page de Passerelle. Vérifiez-la, ou repartez de l’accueil.</p>
<p><a class="button" href="/">Revenir à l’accueil de Passerelle</a></p>`,
  });
}

/** The app's screens when the app was not built (`npm run build` makes it). */
export function renderAppMissingPage(): string {
  return renderPage({
    title: 'Application indisponible',
    main: html`<h1>Application indisponible</h1>
<p class="lead">Cette page de Passerelle n’est pas disponible pour le moment. Réessayez dans quelques minutes.</p>
<p><a class="button" href="/">Revenir à l’accueil de Passerelle</a></p>`,
  });
}
