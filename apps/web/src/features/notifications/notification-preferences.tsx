import { useMutation } from '@apollo/client/react';
import { useId, useState } from 'react';
import { useAnnounce } from '../../components/live-region';
import { NotificationPreferenceItemFragment, SetNotificationPreferenceDocument } from '../../gql/graphql';
import { say } from '../../lib/address';
import { useAddress } from '../../lib/session';
import { preferenceLabel } from './notification-links';

/** One checkbox per kind, saved as soon as it changes (the live region says it is saved; an error stays on screen). */
export function NotificationPreferences({ preferences }: { preferences: readonly NotificationPreferenceItemFragment[] }) {
  const address = useAddress();
  const announce = useAnnounce();
  const id = useId();
  const [failed, setFailed] = useState(false);
  // What the person just chose, shown at once (the box must not flip back while the hub answers).
  const [chosen, setChosen] = useState<Readonly<Record<string, boolean>>>({});
  const [save] = useMutation(SetNotificationPreferenceDocument);
  const shown = preferences
    .map((preference) => ({ ...preference, label: preferenceLabel(preference.kind, address) }))
    .filter((preference): preference is NotificationPreferenceItemFragment & { label: string } => preference.label !== null);
  const change = async (preference: NotificationPreferenceItemFragment, enabled: boolean) => {
    setFailed(false);
    setChosen((current) => ({ ...current, [preference.kind]: enabled }));
    try {
      await save({
        variables: { kind: preference.kind, enabled },
        // Preferences have no id: the list sits inside the root query, changed here.
        update(cache, { data }) {
          const saved = data?.setNotificationPreference;
          if (!saved) return;
          cache.modify({
            fields: {
              // Embedded objects (no id): plain { kind, enabled } values in the store.
              notificationPreferences: (list) => (list as readonly NotificationPreferenceItemFragment[])
                .map((item) => (item.kind === saved.kind ? { ...item, enabled: saved.enabled } : item)),
            },
          });
        },
      });
      announce(enabled ? 'Préférence enregistrée : activée.' : 'Préférence enregistrée : désactivée.');
    } catch {
      setChosen((current) => ({ ...current, [preference.kind]: preference.enabled }));
      setFailed(true);
    }
  };
  return (
    <form className="notification-preferences" onSubmit={(event) => event.preventDefault()}>
      <fieldset>
        <legend>{say(address, { tu: 'Tu reçois une notification pour :', vous: 'Vous recevez une notification pour :' })}</legend>
        <p className="muted">{say(address, {
          tu: 'Décoche ce que tu ne veux plus recevoir. C’est enregistré tout de suite.',
          vous: 'Décochez ce que vous ne voulez plus recevoir. C’est enregistré immédiatement.',
        })}</p>
        <ul>
          {shown.map((preference) => (
            <li key={preference.kind}>
              <input type="checkbox" id={`${id}-${preference.kind}`} checked={chosen[preference.kind] ?? preference.enabled}
                onChange={(event) => void change(preference, event.target.checked)} />
              <label htmlFor={`${id}-${preference.kind}`}>{preference.label}</label>
            </li>
          ))}
        </ul>
      </fieldset>
      {failed ? <p className="field-error" role="alert">{say(address, {
        tu: 'Ton choix n’a pas été enregistré. Réessaie.',
        vous: 'Votre choix n’a pas été enregistré. Réessayez.',
      })}</p> : null}
    </form>
  );
}
