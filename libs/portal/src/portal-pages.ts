import { frenchDate, frenchDateTime, hrefWithQuery, html, HtmlValue, raw, renderPage, SafeHtml } from '@passerelle/pages';

/**
 * The portal's pages as plain functions of what they show (no Nest, no database): the sign-in page, the signed-in
 * home page, and the few answers of the forms. Every value goes through `html`, which escapes it.
 */

export interface PartnerLink {
  readonly slug: string;
  readonly name: string;
  readonly trust: 'HOME' | 'PARTNER';
  readonly kind: string;
}

/** The hub administrators' sign-in form, as posted back (the password is never shown again). */
export interface LocalLoginForm {
  readonly login: string;
  readonly error: string;
  /** The fields the error is about (marked aria-invalid and tied to the message). */
  readonly invalid: readonly ('login' | 'password')[];
}

export interface SignInView {
  readonly partners: readonly PartnerLink[];
  /** Why the list of ENTs cannot be shown right now (too many requests), in French. */
  readonly partnersUnavailable?: string | null;
  readonly form?: LocalLoginForm | null;
  /** Where to come back after signing in (a same-origin path checked by safeReturnTo), `/` by default. */
  readonly returnTo?: string;
  /** Why the person is here (their session ended), in French. */
  readonly notice?: string | null;
}

export interface HomePost {
  readonly author: string;
  readonly at: Date;
  readonly text: string;
}

export interface HomeSpace {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly archived: boolean;
  readonly posts: readonly HomePost[];
}

export interface HomeView {
  readonly displayName: string;
  /** French label of the profile ("Élève", "Personnel enseignant"...). */
  readonly profile: string;
  readonly school: string | null;
  /** For a guest account: until when the convention lets them in, and their class as their ENT sent it. */
  readonly guest: { readonly until: Date | null; readonly classCode: string | null } | null;
  readonly spaces: readonly HomeSpace[];
  /** More spaces than shown (only the most recent are). */
  readonly moreSpaces: boolean;
}

export const SIGN_IN_TITLE = 'Passerelle — espaces partagés CM2–6e';
export const LOCAL_LOGIN_PATH = '/connexion';
export const LOGOUT_PATH = '/deconnexion';

function loginHref(slug: string, returnTo: string): string {
  return hrefWithQuery(`/auth/${encodeURIComponent(slug)}/login`, { returnTo });
}

function partnerGroup(id: string, title: string, partners: readonly PartnerLink[], returnTo: string): HtmlValue {
  if (partners.length === 0) return null;
  return html`<h3 id="${id}">${title}</h3>
<ul class="choices" aria-labelledby="${id}">
${partners.map((partner) => html`<li><a class="button" href="${loginHref(partner.slug, returnTo)}">${partner.name}</a></li>\n`)}</ul>`;
}

function partnerChoices(view: SignInView): SafeHtml {
  if (view.partnersUnavailable) return html`<p class="error" role="alert">${view.partnersUnavailable}</p>`;
  if (view.partners.length === 0) {
    return html`<p>Aucun ENT n'est encore relié à Passerelle. Revenez plus tard, ou demandez à votre établissement.</p>`;
  }
  const home = view.partners.filter((p) => p.trust === 'HOME');
  const partners = view.partners.filter((p) => p.trust !== 'HOME');
  const partnerTitle = partners.every((p) => p.kind === 'COLLEGE') ? 'ENT des collèges partenaires' : 'ENT des établissements partenaires';
  const returnTo = view.returnTo ?? '/';
  return html`${partnerGroup('ent-ecole', "ENT de l'école", home, returnTo)}
${partnerGroup('ent-partenaires', partnerTitle, partners, returnTo)}`;
}

function localLoginForm(form: LocalLoginForm | null | undefined, returnTo: string): SafeHtml {
  const invalid = (field: 'login' | 'password') => (form?.invalid.includes(field) ? raw(' aria-invalid="true" aria-describedby="erreur-connexion"') : '');
  return html`<details${form ? raw(' open') : ''}>
<summary>Vous administrez Passerelle ? Connexion administrateur</summary>
<form method="post" action="${LOCAL_LOGIN_PATH}" novalidate>
${returnTo !== '/' ? html`<input type="hidden" name="retour" value="${returnTo}">` : ''}
${form ? html`<p class="error" id="erreur-connexion" role="alert">${form.error}</p>` : ''}
<label for="identifiant">Identifiant</label>
<input type="text" id="identifiant" name="login" autocomplete="username" autocapitalize="none" spellcheck="false" required maxlength="64" value="${form?.login ?? ''}"${invalid('login')}>
<label for="mot-de-passe">Mot de passe</label>
<input type="password" id="mot-de-passe" name="password" autocomplete="current-password" required maxlength="256"${invalid('password')}>
<button class="button" type="submit">Se connecter</button>
</form>
</details>`;
}

/** `/` for someone not signed in: what Passerelle is, the ENTs to sign in with, and the administrators' form. */
export function renderSignInPage(view: SignInView): string {
  return renderPage({
    title: view.form ? 'Erreur de connexion' : 'Connexion',
    main: html`<h1>${SIGN_IN_TITLE}</h1>
${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
<p class="lead">Passerelle permet aux élèves de CM2 et de 6e de travailler ensemble, avec leurs enseignants, dans des espaces partagés entre l'école et le collège.</p>
<p>Pour entrer, choisissez l'ENT que vous utilisez d'habitude. Vous vous connecterez avec le même identifiant et le même mot de passe que dans votre ENT.</p>
<section class="card" aria-labelledby="choix-ent">
<h2 id="choix-ent">Choisissez votre ENT</h2>
${partnerChoices(view)}
</section>
${localLoginForm(view.form, view.returnTo ?? '/')}`,
  });
}

function signOutForm(): SafeHtml {
  return html`<form class="inline-form" method="post" action="${LOGOUT_PATH}"><button class="button button-secondary" type="submit">Se déconnecter</button></form>`;
}

function post(item: HomePost): SafeHtml {
  return html`<li><p class="meta"><strong>${item.author}</strong>, le <time datetime="${item.at.toISOString()}">${frenchDateTime(item.at)}</time></p>
<p class="text">${item.text || 'Message sans texte.'}</p></li>
`;
}

function space(item: HomeSpace, index: number): SafeHtml {
  const id = `espace-${index + 1}`;
  return html`<article class="card" aria-labelledby="${id}">
<h3 id="${id}">${item.title}</h3>
${item.archived ? html`<p><span class="badge">Archivé</span> On peut encore lire cet espace, mais plus y écrire.</p>` : ''}
${item.description ? html`<p class="muted">${item.description}</p>` : ''}
<h4>Derniers messages</h4>
${item.posts.length > 0 ? html`<ul class="posts">\n${item.posts.map(post)}</ul>` : html`<p class="muted">Aucun message publié pour le moment.</p>`}
</article>
`;
}

function identity(view: HomeView): SafeHtml {
  return html`<dl class="identity card">
<dt>Nom</dt><dd>${view.displayName}</dd>
<dt>Profil</dt><dd>${view.profile}</dd>
${view.school ? html`<dt>Établissement</dt><dd>${view.school}</dd>` : ''}
${view.guest ? html`<dt>Compte</dt><dd><span class="badge">Compte invité</span>${view.guest.until
    ? html` jusqu'au <time datetime="${view.guest.until.toISOString()}">${frenchDate(view.guest.until)}</time>` : ''}</dd>
${view.guest.classCode ? html`<dt>Classe</dt><dd>${view.guest.classCode}</dd>` : ''}` : ''}
</dl>`;
}

/** `/` for a signed-in person: who they are, their spaces with the latest published posts, and the sign-out button. */
export function renderHomePage(view: HomeView): string {
  return renderPage({
    title: 'Mes espaces',
    headerExtra: signOutForm(),
    main: html`<h1>Bonjour ${view.displayName}</h1>
<section aria-labelledby="mon-compte">
<h2 id="mon-compte">Mon compte</h2>
${identity(view)}
</section>
<section aria-labelledby="mes-espaces">
<h2 id="mes-espaces">Mes espaces</h2>
${view.spaces.length === 0
    ? html`<p>Vous ne faites partie d'aucun espace pour le moment. Votre enseignant vous y ajoutera.</p>`
    : view.spaces.map(space)}
${view.moreSpaces ? html`<p class="muted">Seuls vos espaces les plus récents sont affichés ici.</p>` : ''}
</section>`,
  });
}

/**
 * After the hub session is closed, for a session opened through a partner ENT with single logout: the browser goes
 * on to the partner (immediate redirection, RGAA 13.1 allows it) to end the ENT session too, with a link for when it
 * does not. A page rather than a 303: a redirection that follows a form post must obey the page's `form-action 'self'`.
 */
export function renderPartnerSignOutPage(partnerLogoutUrl: string): string {
  return renderPage({
    title: 'Déconnexion',
    headExtra: html`<meta http-equiv="refresh" content="0; url=${partnerLogoutUrl}">`,
    main: html`<h1>Vous êtes déconnecté de Passerelle</h1>
<p>Il reste à vous déconnecter aussi de votre ENT : c'est important sur un ordinateur partagé.</p>
<p><a class="button" href="${partnerLogoutUrl}">Se déconnecter aussi de mon ENT</a></p>`,
  });
}

/** A form post that did not come from the hub's own pages. */
export function renderFormRefusedPage(): string {
  return renderPage({
    title: 'Formulaire refusé',
    main: html`<h1>Formulaire refusé</h1>
<p class="lead">Ce formulaire ne vient pas de Passerelle : par sécurité, il n'a pas été pris en compte.</p>
<p><a class="button" href="/">Revenir à l'accueil de Passerelle</a></p>
<p class="muted">Code pour l'assistance : <span class="code">CROSS_SITE_REQUEST_REFUSED</span></p>`,
  });
}

/** Any other refusal or failure of a portal route. */
export function renderErrorPage(title: string, message: string, code: string): string {
  return renderPage({
    title,
    main: html`<h1>${title}</h1>
<p class="lead">${message}</p>
<p><a class="button" href="/">Revenir à l'accueil de Passerelle</a></p>
<p class="muted">Code pour l'assistance : <span class="code">${code}</span></p>`,
  });
}
