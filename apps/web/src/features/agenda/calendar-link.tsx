import { useState } from 'react';
import { Button } from '../../components/button';
import { useAnnounce } from '../../components/live-region';
import { say } from '../../lib/address';
import { useAddress } from '../../lib/session';

/**
 * The space's agenda as an iCalendar file (GET /spaces/:id/calendar.ics, for members signed in): its link, « Copier le
 * lien », and a short explanation (« tu » to pupils, « vous » to adults).
 */
export function CalendarLink({ spaceId }: { spaceId: string }) {
  const address = useAddress();
  const announce = useAnnounce();
  const [copied, setCopied] = useState(false);
  const path = `/spaces/${encodeURIComponent(spaceId)}/calendar.ics`;
  const url = `${window.location.origin}${path}`;

  async function copy() {
    let done = false;
    try {
      await navigator.clipboard.writeText(url);
      done = true;
    } catch {
      const input = document.getElementById('lien-ics') as HTMLInputElement | null;
      input?.select();
      done = document.execCommand?.('copy') ?? false;
    }
    setCopied(done);
    announce(done ? 'Lien copié.' : say(address, {
      tu: 'Le lien n’a pas pu être copié : sélectionne-le et copie-le toi-même.',
      vous: 'Le lien n’a pas pu être copié : sélectionnez-le et copiez-le vous-même.',
    }));
  }

  return (
    <section aria-labelledby="abonnement" className="card agenda-ics">
      <h2 id="abonnement">Agenda dans un calendrier</h2>
      <p id="abonnement-aide">{say(address, {
        tu: 'Ajoute cet agenda à ton calendrier : copie le lien et colle-le dans ton application de calendrier, ou télécharge le fichier.',
        vous: 'Abonnez-vous à cet agenda depuis votre application de calendrier : copiez le lien et collez-le comme nouvel agenda, '
          + 'ou téléchargez le fichier.',
      })}</p>
      <div className="field">
        <label htmlFor="lien-ics">Lien de l’agenda (.ics)</label>
        <input id="lien-ics" readOnly value={url} aria-describedby="abonnement-aide" onFocus={(e) => e.currentTarget.select()} />
      </div>
      <p className="actions">
        <Button onClick={() => void copy()}>Copier le lien</Button>
        <a className="button button-secondary" href={path} download="agenda.ics">Télécharger le fichier .ics</a>
        {copied ? <span className="muted">Lien copié.</span> : null}
      </p>
    </section>
  );
}
