import type { SearchHitFragment, SearchResultKind } from '../../gql/graphql';
import { spacePath } from '../../app/paths';

/** The kinds in the order the screen shows them, with their group heading and the name of one. */
export const KIND_GROUPS: readonly { kind: SearchResultKind; heading: string; one: string }[] = [
  { kind: 'POST', heading: 'Messages', one: 'Message' },
  { kind: 'COMMENT', heading: 'Commentaires', one: 'Commentaire' },
  { kind: 'ANNOUNCEMENT', heading: 'Annonces', one: 'Annonce' },
  { kind: 'DOCUMENT', heading: 'Documents', one: 'Document' },
  { kind: 'EVENT', heading: 'Évènements', one: 'Évènement' },
  { kind: 'HOMEWORK', heading: 'Devoirs', one: 'Devoir' },
];

export interface ResultGroup {
  readonly kind: SearchResultKind;
  readonly heading: string;
  readonly one: string;
  readonly hits: readonly SearchHitFragment[];
}

/** Results grouped by kind (the API's order kept inside a group: best first, then newest); empty groups left out. */
export function groupByKind(hits: readonly SearchHitFragment[]): ResultGroup[] {
  return KIND_GROUPS
    .map((group) => ({ ...group, hits: hits.filter((hit) => hit.kind === group.kind) }))
    .filter((group) => group.hits.length > 0);
}

/** Where a result lives: the screen of its space that shows it. */
export function resultPath(hit: SearchHitFragment): string {
  switch (hit.kind) {
    case 'DOCUMENT':
      return spacePath(hit.space.id, 'documents');
    case 'EVENT':
      return spacePath(hit.space.id, 'agenda');
    case 'HOMEWORK':
      return spacePath(hit.space.id, 'devoirs');
    default:
      return spacePath(hit.space.id);
  }
}

/** « 3 résultats pour « livres » », « Aucun résultat pour « livres » ». */
export function countSentence(count: number, query: string): string {
  if (count === 0) return `Aucun résultat pour « ${query} ».`;
  return `${count} ${count === 1 ? 'résultat' : 'résultats'} pour « ${query} ».`;
}
