import { Link } from 'react-router';
import { spacePath } from '../../app/paths';
import type { HomeScreenQuery } from '../../gql/graphql';
import { say } from '../../lib/address';
import { frenchDay, frenchDayTime } from '../../lib/french-format';
import { useAddress } from '../../lib/session';

type Upcoming = HomeScreenQuery['upcoming'];

/** « À venir »: the next homework due and the next events across my spaces (Query.upcoming). */
export function Upcoming({ homework, events, spaceNames }: {
  homework: Upcoming['homework']; events: Upcoming['events']; spaceNames: ReadonlyMap<string, string>;
}) {
  const address = useAddress();
  const inSpace = (spaceId: string) => spaceNames.get(spaceId) ?? '';
  return (
    <section aria-labelledby="a-venir">
      <h2 id="a-venir">À venir</h2>
      <div className="columns">
        <div>
          <h3>Devoirs</h3>
          {homework.length === 0 ? <p className="muted">{say(address, { tu: 'Aucun devoir à faire.', vous: 'Aucun devoir à venir.' })}</p> : (
            <ul className="plain-list">
              {homework.map((item) => (
                <li key={item.id}>
                  <Link to={spacePath(item.spaceId, 'devoirs')}>{item.title}</Link>
                  <span className="meta"> pour le {frenchDay(item.dueOn)}{inSpace(item.spaceId) ? ` · ${inSpace(item.spaceId)}` : ''}</span>
                  {item.doneByMe ? <span className="badge">Fait</span> : null}
                  {item.doneCount !== null ? <span className="meta"> · {item.doneCount} {item.doneCount > 1 ? 'faits' : 'fait'}</span> : null}
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h3>Événements</h3>
          {events.length === 0 ? <p className="muted">Aucun événement prévu.</p> : (
            <ul className="plain-list">
              {events.map((event) => (
                <li key={event.id}>
                  <Link to={spacePath(event.spaceId, 'agenda')}>{event.title}</Link>
                  <span className="meta"> · <time dateTime={event.startsAt}>{event.allDay ? frenchDay(event.startsAt) : frenchDayTime(event.startsAt)}</time>
                    {event.location ? ` · ${event.location}` : ''}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}
