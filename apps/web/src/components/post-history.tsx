import { PostHistoryQuery } from '../gql/graphql';
import { frenchDayTime } from '../lib/french-format';
import { RichHtml } from './rich-html';

type Revision = NonNullable<PostHistoryQuery['post']>['revisions'][number];

/**
 * « Historique » of a post, for its space's moderators (the wall and the moderation screen): each earlier version,
 * who replaced or removed it and when, its text through the one reviewed RichHtml.
 */
export function PostHistory({ id, loading, failed, revisions, bodyClassName }: {
  id: string; loading: boolean; failed: boolean; revisions: readonly Revision[]; bodyClassName: string;
}) {
  return (
    <div id={id} className="history">
      <h4>Historique</h4>
      {loading ? <p role="status">Chargement…</p>
        : failed ? <p className="field-error">L’historique n’a pas pu être chargé.</p>
        : revisions.length === 0 ? <p>Ce message n’a pas été modifié.</p> : (
          <ol>
            {revisions.map((revision) => (
              <li key={revision.revision}>
                <p className="muted">
                  Version {revision.revision}, {revision.action === 'DELETE' ? 'supprimée' : 'remplacée'} le {frenchDayTime(revision.createdAt)}
                  {' '}par {revision.editor.displayName}
                </p>
                <RichHtml html={revision.bodyHtml} className={bodyClassName} />
              </li>
            ))}
          </ol>
        )}
    </div>
  );
}
