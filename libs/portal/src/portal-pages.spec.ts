import { Role } from '@passerelle/access';
import {
  HomeView, renderErrorPage, renderFormRefusedPage, renderHomePage, renderPartnerSignOutPage, renderSignInPage, SIGN_IN_TITLE,
} from './portal-pages.js';
import { isNavigableUrl, postExcerpt, profileLabel, readLocalLoginFields, sortPartners } from './portal-rules.js';

function h1s(page: string): number {
  return page.match(/<h1[ >]/g)?.length ?? 0;
}

/** Every form control has a label whose `for` names it. */
function unlabelledInputs(page: string): string[] {
  const ids = [...page.matchAll(/<input[^>]*\bid="([^"]+)"/g)].map((m) => m[1]);
  const inputs = page.match(/<input\b/g)?.length ?? 0;
  const missing = ids.filter((id) => !page.includes(`<label for="${id}">`));
  return inputs === ids.length ? missing : [...missing, 'an input without id'];
}

describe('the sign-in page', () => {
  const partners = sortPartners([
    { slug: 'college-hugo', name: 'ENT du Collège <Hugo>', trust: 'PARTNER', kind: 'COLLEGE' },
    { slug: 'ecole-ferry', name: 'ENT de l’école Jules Ferry', trust: 'HOME', kind: 'ECOLE' },
  ]);
  const page = renderSignInPage({ partners });

  it('is French, with one h1, a title, and no script', () => {
    expect(page).toContain('<html lang="fr">');
    expect(h1s(page)).toBe(1);
    expect(page).toContain(`<h1>${SIGN_IN_TITLE}</h1>`);
    expect(page).toContain('<title>Connexion – Passerelle</title>');
    expect(page).not.toMatch(/<script/i);
  });

  it('lists the ENTs as links to their sign-in, the home ENT first, names escaped', () => {
    expect(page).toContain('<h2 id="choix-ent">Choisissez votre ENT</h2>');
    expect(page).toContain('<a class="button" href="/auth/ecole-ferry/login?returnTo=%2F">ENT de l’école Jules Ferry</a>');
    expect(page).toContain('<a class="button" href="/auth/college-hugo/login?returnTo=%2F">ENT du Collège &lt;Hugo&gt;</a>');
    expect(page.indexOf("ENT de l'école")).toBeLessThan(page.indexOf('ENT des collèges partenaires'));
  });

  it('has the administrators\' form with labelled fields, posting to /connexion', () => {
    expect(page).toContain('<form method="post" action="/connexion"');
    expect(unlabelledInputs(page)).toEqual([]);
    expect(page).toContain('autocomplete="current-password"');
    expect(page).not.toContain('aria-invalid');
  });

  it('shows a refused sign-in next to the fields, keeps the login and never the password', () => {
    const again = renderSignInPage({ partners, form: { login: 'admin"><b>', error: 'Identifiant ou mot de passe incorrect.', invalid: ['login', 'password'] } });
    expect(again).toContain('<details open>');
    expect(again).toContain('<p class="error" id="erreur-connexion" role="alert">Identifiant ou mot de passe incorrect.</p>');
    expect(again.match(/aria-invalid="true" aria-describedby="erreur-connexion"/g)).toHaveLength(2);
    expect(again).toContain('value="admin&quot;&gt;&lt;b&gt;"');
    expect(again).toContain('<title>Erreur de connexion – Passerelle</title>');
    expect(h1s(again)).toBe(1);
  });

  it('says so when no ENT is linked yet, or when the list cannot be read now', () => {
    expect(renderSignInPage({ partners: [] })).toContain("Aucun ENT n'est encore relié à Passerelle");
    expect(renderSignInPage({ partners: [], partnersUnavailable: 'Trop de tentatives.' })).toContain('role="alert">Trop de tentatives.</p>');
  });
});

describe('the home page', () => {
  const view: HomeView = {
    displayName: 'Nina <6e B>', profile: 'Élève', school: null,
    guest: { until: new Date('2027-06-30T21:59:00Z'), classCode: '6e B' },
    spaces: [{
      id: 's1', title: 'Défi <lecture>', description: 'Entre CM2 & 6e', archived: false,
      posts: [{ author: 'Mme "Martin"', at: new Date('2026-11-29T08:05:00Z'), text: '<script>alert(1)</script>' }],
    }, { id: 's2', title: 'Vide', description: '', archived: true, posts: [] }],
    moreSpaces: false,
  };
  const page = renderHomePage(view);

  it('is French, with one h1, and says who is signed in, with the guest account and its end date', () => {
    expect(page).toContain('<html lang="fr">');
    expect(h1s(page)).toBe(1);
    expect(page).toContain('<h1>Bonjour Nina &lt;6e B&gt;</h1>');
    expect(page).toContain('<span class="badge">Compte invité</span> jusqu\'au <time datetime="2027-06-30T21:59:00.000Z">30 juin 2027</time>');
    expect(page).toContain('<dt>Classe</dt><dd>6e B</dd>');
  });

  it('lists the spaces with their latest posts, every text escaped and dates in French', () => {
    expect(page).toContain('<h3 id="espace-1">Défi &lt;lecture&gt;</h3>');
    expect(page).toContain('Entre CM2 &amp; 6e');
    expect(page).toContain('<strong>Mme &quot;Martin&quot;</strong>, le <time datetime="2026-11-29T08:05:00.000Z">29 novembre 2026 à 09:05</time>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain('Aucun message publié pour le moment.');
    expect(page).toContain('<span class="badge">Archivé</span>');
  });

  it('has a sign-out button posting to /deconnexion', () => {
    expect(page).toContain('<form class="inline-form" method="post" action="/deconnexion"><button class="button button-secondary" type="submit">Se déconnecter</button></form>');
  });

  it('tells someone without spaces what to expect', () => {
    expect(renderHomePage({ ...view, guest: null, spaces: [] })).toContain("Vous ne faites partie d'aucun espace pour le moment.");
  });
});

describe('the other portal pages', () => {
  it('sends the browser on to the partner logout, escaped, with a link too', () => {
    const page = renderPartnerSignOutPage('https://ent.example/logout?a=1&b="2"');
    expect(page).toContain('<meta http-equiv="refresh" content="0; url=https://ent.example/logout?a=1&amp;b=&quot;2&quot;">');
    expect(page).toContain('<a class="button" href="https://ent.example/logout?a=1&amp;b=&quot;2&quot;">');
    expect(h1s(page)).toBe(1);
  });

  it('refuses a foreign form and shows errors in the same layout, with one h1', () => {
    expect(renderFormRefusedPage()).toContain('CROSS_SITE_REQUEST_REFUSED');
    const page = renderErrorPage('Accès refusé', '<b>non</b>', 'FORBIDDEN');
    expect(page).toContain('&lt;b&gt;non&lt;/b&gt;');
    expect(h1s(page)).toBe(1);
    expect(h1s(renderFormRefusedPage())).toBe(1);
  });
});

describe('portal rules', () => {
  it('names the profile from the roles of the session', () => {
    expect(profileLabel('HUB_ADMIN', [Role.HUB_ADMIN])).toBe('Administration de Passerelle');
    expect(profileLabel('PERSON', [Role.DIRECTOR, Role.TEACHER])).toBe("Direction de l'établissement");
    expect(profileLabel('PERSON', [Role.TEACHER])).toBe('Personnel enseignant');
    expect(profileLabel('GUEST', [Role.GUEST, Role.PUPIL])).toBe('Élève');
    expect(profileLabel('PERSON', [Role.PARENT])).toBe('Parent');
  });

  it('reads the administrators\' form, naming the missing or too long fields', () => {
    expect(readLocalLoginFields({ login: ' admin ', password: 'secret' })).toEqual({ ok: true, login: 'admin', password: 'secret' });
    expect(readLocalLoginFields({})).toMatchObject({ ok: false, invalid: ['login', 'password'] });
    expect(readLocalLoginFields({ login: 'admin' })).toMatchObject({ ok: false, login: 'admin', invalid: ['password'], error: 'Indiquez votre mot de passe.' });
    expect(readLocalLoginFields({ login: ['a', 'b'], password: 'x' })).toMatchObject({ ok: false, invalid: ['login'] });
    expect(readLocalLoginFields({ login: 'a'.repeat(65), password: 'x' })).toMatchObject({ ok: false, invalid: ['login'] });
    expect(readLocalLoginFields(undefined)).toMatchObject({ ok: false });
  });

  it('cuts long posts and folds blank runs', () => {
    expect(postExcerpt('a  b\n\n\n\nc')).toBe('a b\n\nc');
    expect(Array.from(postExcerpt('x'.repeat(1000)))).toHaveLength(401);
  });

  it('sends the browser to http(s) logout URLs only', () => {
    expect(isNavigableUrl('https://ent.example/logout')).toBe(true);
    expect(isNavigableUrl('javascript:alert(1)')).toBe(false);
    expect(isNavigableUrl('not a url')).toBe(false);
  });
});
