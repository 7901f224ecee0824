import { Link } from 'react-router';
import { say } from '../lib/address';
import { useAddress } from '../lib/session';
import { Page } from './page';

/** The French pages for what cannot be shown: a refusal, something that does not exist, a failure. */

function Home() {
  return <Link className="button" to="/">Revenir à l’accueil</Link>;
}

export function NotFoundPage() {
  const address = useAddress();
  return (
    <Page title="Page introuvable">
      <p className="lead">{say(address, {
        tu: 'Cette page n’existe pas, ou tu n’y as plus accès.',
        vous: 'Cette page n’existe pas, ou vous n’y avez plus accès.',
      })}</p>
      <p><Home /></p>
    </Page>
  );
}

export function RefusalPage({ message }: { message?: string | null }) {
  const address = useAddress();
  return (
    <Page title="Accès refusé">
      <p className="lead">{message || say(address, {
        tu: 'Tu ne peux pas ouvrir cette page.',
        vous: 'Vous ne pouvez pas ouvrir cette page avec votre compte.',
      })}</p>
      <p><Home /></p>
    </Page>
  );
}

export function FailurePage({ onRetry }: { onRetry?: () => void }) {
  const address = useAddress();
  return (
    <Page title="Un problème est survenu">
      <p className="lead">{say(address, {
        tu: 'Passerelle n’a pas pu afficher cette page. Réessaie dans un instant.',
        vous: 'Passerelle n’a pas pu afficher cette page. Réessayez dans un instant.',
      })}</p>
      <p className="actions">
        {onRetry ? <button type="button" className="button" onClick={onRetry}>Réessayer</button> : null}
        <Home />
      </p>
    </Page>
  );
}

export function Loading({ label = 'Chargement…' }: { label?: string }) {
  return <p className="loading" role="status">{label}</p>;
}
