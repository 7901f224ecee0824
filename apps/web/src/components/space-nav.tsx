import { NavLink } from 'react-router';
import { spacePath } from '../app/paths';
import './space-nav.css';

type SpaceScreen = Parameters<typeof spacePath>[1] | undefined;

/**
 * The tabs of a space (Fil, Documents, Agenda, Devoirs, Discussion, Membres, and Modération for its moderators), under
 * each space screen's <h1>: a navigation landmark named after the space, the current screen marked
 * aria-current="page" by NavLink. Each screen's one query gives the space's name and whether the person moderates
 * (`pendingModerationCount` is null for people who don't), with the count shown on the Modération tab.
 */
export function SpaceNav({ spaceId, spaceName, pendingModerationCount }: {
  spaceId: string;
  spaceName: string;
  /** null or undefined: the person does not moderate this space (no tab). */
  pendingModerationCount?: number | null;
}) {
  const tabs: { screen: SpaceScreen; label: string }[] = [
    { screen: undefined, label: 'Fil' },
    { screen: 'documents', label: 'Documents' },
    { screen: 'agenda', label: 'Agenda' },
    { screen: 'devoirs', label: 'Devoirs' },
    { screen: 'discussion', label: 'Discussion' },
    { screen: 'membres', label: 'Membres' },
  ];
  const moderates = pendingModerationCount !== null && pendingModerationCount !== undefined;
  return (
    <nav className="space-nav" aria-label={`Espace ${spaceName}`}>
      <ul>
        {tabs.map(({ screen, label }) => (
          <li key={label}><NavLink end to={spacePath(spaceId, screen)}>{label}</NavLink></li>
        ))}
        {moderates && (
          <li>
            <NavLink end to={spacePath(spaceId, 'moderation')}>
              Modération{pendingModerationCount > 0 && <span className="space-nav-count"> ({pendingModerationCount} en attente)</span>}
            </NavLink>
          </li>
        )}
      </ul>
    </nav>
  );
}
