import { useApolloClient } from '@apollo/client/react';
import { useEffect } from 'react';
import { connection, useOnline } from '../lib/connection-status';
import { say } from '../lib/address';
import { useAddress } from '../lib/session';

const RETRY_MS = 5000;

/**
 * « Connexion perdue… » while the hub cannot be reached (the browser went offline, or requests fail): the app keeps
 * trying every few seconds, then refetches what is on screen and the banner goes away.
 */
export function ConnectionBanner() {
  const online = useOnline();
  const client = useApolloClient();
  const address = useAddress();
  useEffect(() => {
    const lost = () => connection.lost();
    const back = () => void client.refetchQueries({ include: 'active' }).catch(() => undefined);
    window.addEventListener('offline', lost);
    window.addEventListener('online', back);
    const stop = connection.onRecovered(back);
    return () => {
      window.removeEventListener('offline', lost);
      window.removeEventListener('online', back);
      stop();
    };
  }, [client]);
  useEffect(() => {
    if (online) return;
    const timer = window.setInterval(() => {
      void client.refetchQueries({ include: 'active' }).catch(() => undefined);
    }, RETRY_MS);
    return () => window.clearInterval(timer);
  }, [online, client]);
  if (online) return null;
  return (
    <div className="banner banner-warning" role="alert">
      {say(address, {
        tu: 'Connexion perdue… Passerelle réessaie toute seule. Ce que tu écris n’est pas encore envoyé.',
        vous: 'Connexion perdue… Passerelle réessaie automatiquement. Ce que vous écrivez n’est pas encore envoyé.',
      })}
    </div>
  );
}
