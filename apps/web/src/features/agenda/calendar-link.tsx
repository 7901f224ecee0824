import { useMutation } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { Button } from '../../components/button';
import { useAnnounce } from '../../components/live-region';
import { CalendarFeedUrlDocument } from '../../gql/graphql';
import { errorMessage } from '../../lib/apollo';
import { say } from '../../lib/address';
import { frenchDay } from '../../lib/french-format';
import { useAddress } from '../../lib/session';

/**
 * « Agenda dans un calendrier »: the member's secret subscription link (ADR 0023, GET /agenda/<token>.ics, for a
 * calendar application, without sign-in). The hub shows the URL only when it makes it: « Créer mon lien
 * d'abonnement », then « Copier le lien »; « Renouveler le lien » makes a new one and the old one stops working. The
 * one-off download of the file (GET /spaces/:id/calendar.ics, signed in) stays. « tu » to pupils, « vous » to adults.
 */
export function CalendarLink({ spaceId, createdAt }: { spaceId: string; createdAt: string | null }) {
  const address = useAddress();
  const announce = useAnnounce();
  const [makeFeed, { loading }] = useMutation(CalendarFeedUrlDocument);
  const [url, setUrl] = useState<string | null>(null);
  const [madeAt, setMadeAt] = useState<string | null>(createdAt);
  const [copied, setCopied] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [focusLink, setFocusLink] = useState(false);
  const download = `/spaces/${encodeURIComponent(spaceId)}/calendar.ics`;

  // The new link takes the focus once it is on the page (a keyboard user copies it next).
  useEffect(() => {
    if (!focusLink) return;
    document.getElementById('lien-ics')?.focus();
    setFocusLink(false);
  }, [focusLink]);

  async function make() {
    if (loading) return;
    const renewing = madeAt !== null;
    setFailure(null);
    try {
      const result = await makeFeed({ variables: { spaceId } });
      const link = result.data?.calendarFeedUrl;
      if (!link) return;
      setUrl(link.url);
      setMadeAt(link.createdAt);
      setCopied(false);
      announce(renewing ? 'Nouveau lien créé : l’ancien ne fonctionne plus.' : 'Lien d’abonnement créé.');
      setFocusLink(true);
    } catch (error) {
      setFailure(errorMessage(error).message);
    }
  }

  async function copy() {
    if (!url) return;
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
        tu: 'Ajoute cet agenda à ton application de calendrier (sur ton téléphone ou ton ordinateur) : crée ton lien '
          + 'd’abonnement, copie-le et colle-le comme nouvel agenda « par URL ». Le calendrier se mettra à jour tout seul.',
        vous: 'Abonnez-vous à cet agenda depuis votre application de calendrier (Google Agenda, Thunderbird, téléphone) : '
          + 'créez votre lien d’abonnement, copiez-le et ajoutez-le comme nouvel agenda « par URL ». Il se met à jour tout seul.',
      })}</p>
      <p id="abonnement-secret">{say(address, {
        tu: 'Ce lien est à toi et il est secret : ne le donne à personne. Si tu quittes l’espace, il ne marche plus. '
          + 'Si quelqu’un d’autre l’a vu, renouvelle-le : l’ancien ne marchera plus.',
        vous: 'Ce lien est personnel et secret : ne le partagez pas. Il cesse de fonctionner si vous quittez l’espace. '
          + 'En cas de doute, renouvelez-le : l’ancien lien ne fonctionnera plus.',
      })}</p>
      {url ? (
        <div className="field">
          <label htmlFor="lien-ics">Lien d’abonnement (.ics)</label>
          <input id="lien-ics" readOnly value={url} aria-describedby="abonnement-aide abonnement-secret" onFocus={(e) => e.currentTarget.select()} />
        </div>
      ) : madeAt ? (
        <p>{say(address, {
          tu: `Tu as créé ton lien le ${frenchDay(madeAt)}. Il n’est montré qu’une fois : pour l’avoir de nouveau, renouvelle-le.`,
          vous: `Vous avez créé votre lien le ${frenchDay(madeAt)}. Il n’est affiché qu’une fois : pour l’obtenir de nouveau, renouvelez-le.`,
        })}</p>
      ) : null}
      {failure ? <p className="error" role="alert">{failure}</p> : null}
      <p className="actions">
        {url ? <Button onClick={() => void copy()}>Copier le lien</Button> : null}
        {madeAt ? (
          <Button variant={url ? 'secondary' : 'primary'} busy={loading} onClick={() => void make()}>Renouveler le lien</Button>
        ) : (
          <Button busy={loading} onClick={() => void make()}>Créer mon lien d’abonnement</Button>
        )}
        <a className="button button-secondary" href={download} download="agenda.ics">Télécharger le fichier .ics</a>
        {copied ? <span className="muted">Lien copié.</span> : null}
      </p>
    </section>
  );
}
