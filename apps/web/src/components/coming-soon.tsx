import { Link } from 'react-router';
import { Page } from './page';

/** A screen not built yet (issue 12 builds them one by one): its title, and the way back. */
export function ComingSoon({ title }: { title: string }) {
  return (
    <Page title={title}>
      <p className="lead">Cet écran arrive bientôt.</p>
      <p><Link className="button" to="/">Revenir à l’accueil</Link></p>
    </Page>
  );
}
