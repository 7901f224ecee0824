import { useQuery } from '@apollo/client/react';
import { useEffect } from 'react';
import { Link, NavLink, Outlet } from 'react-router';
import { Loading } from '../components/status-pages';
import { SessionDocument } from '../gql/graphql';
import { sendToSignIn } from '../lib/session-end';
import { SessionContext } from '../lib/session';
import { Bell } from './bell';
import { ConnectionBanner } from './connection-banner';
import { SignOutForm } from './sign-out-form';
import { SkipLink } from './skip-link';

/**
 * The frame of every screen, phone first: the skip link, the header (the hub's name, the navigation, the bell, sign
 * out), the banner of a lost connection, and the screen itself in <main>.
 */
export function Shell() {
  const { data, error } = useQuery(SessionDocument, { fetchPolicy: 'cache-first' });
  const me = data?.me;
  useEffect(() => {
    // Signed out meanwhile (the server only serves the app to a signed-in person): back to sign-in.
    if (data && !data.me) sendToSignIn();
  }, [data]);

  return (
    <SessionContext.Provider value={me ?? null}>
      <SkipLink />
      <header className="site-header">
        <div className="header-bar">
          <Link to="/" className="brand">Passerelle</Link>
          {me ? (
            <nav className="main-nav" aria-label="Navigation principale">
              <ul>
                <li><NavLink to="/" end>Accueil</NavLink></li>
                <li><NavLink to="/recherche">Rechercher</NavLink></li>
                <li><Bell /></li>
              </ul>
            </nav>
          ) : null}
          {me ? <SignOutForm name={me.displayName} /> : null}
        </div>
      </header>
      <ConnectionBanner />
      <main id="contenu" tabIndex={-1}>
        {me ? <Outlet /> : error ? <p role="alert">Passerelle ne répond pas. La page se recharge dès que possible.</p> : <Loading />}
      </main>
    </SessionContext.Provider>
  );
}
