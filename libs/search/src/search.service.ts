import { Injectable } from '@nestjs/common';
import { Connection } from '@passerelle/graphql-kit';
import { can, GrantedSpace, homeworkClassFilter, SpaceAccessRepository, SpaceAction, SpaceViewer } from '@passerelle/spaces';
import { HighlightedPassage, highlightOnto, parseHeadline } from './highlight.js';
import { encodeSearchCursor } from './search-cursor.js';
import { parseSearchRequest, SearchInput, SearchRequest, SearchResultKind } from './search-request.js';
import { SearchableSpace, SearchRepository, SearchRow } from './search.repository.js';

/** A hit with the space it belongs to (as the caller reaches it). */
export interface SearchHit {
  readonly kind: SearchResultKind;
  readonly id: string;
  readonly granted: GrantedSpace;
  readonly postId: string | null;
  readonly title: HighlightedPassage | null;
  readonly excerpt: HighlightedPassage | null;
  readonly rank: number;
  readonly createdAt: Date;
}

/**
 * Full-text search over what the caller may read: the spaces where their role allows READ (decided by the spaces'
 * own access rules, guests through an in-force convention only), and in them what each listing would show them
 * (pending posts to their author and moderators, homework of a class to that class and those who run the space).
 * With `spaceId`, one space only: NOT_FOUND when the caller may not read it (exactly like a missing one).
 */
@Injectable()
export class SearchService {
  constructor(private readonly repository: SearchRepository, private readonly access: SpaceAccessRepository) {}

  async search(viewer: SpaceViewer, input: SearchInput): Promise<Connection<SearchHit>> {
    const request = parseSearchRequest(input);
    const spaces = request.spaceId ? [await viewer.require(request.spaceId, SpaceAction.READ)] : await this.readableSpaces(viewer);
    const subject = await viewer.subject();
    const classIds = subject.kind === 'PERSON' ? subject.classIds : [];
    const searchable: SearchableSpace[] = spaces.map((granted) => ({
      scope: granted.scope,
      mayModerate: can(granted.role, SpaceAction.MODERATE),
      mayAnnounce: can(granted.role, SpaceAction.ANNOUNCE),
      homeworkClassIds: homeworkClassFilter({ role: granted.role, classIds }),
    }));
    const criteria = { text: request.text, kinds: request.kinds, now: viewer.now() };
    const rows = await this.repository.page(searchable, viewer.actor, criteria, request.first + 1, request.after);
    const bySpace = new Map(spaces.map((granted) => [granted.scope.spaceId, granted]));
    const edges = rows.slice(0, request.first).map((row) => ({ cursor: cursorOf(row, request), node: hitOf(row, bySpace.get(row.spaceId)!) }));
    let counted: Promise<number> | undefined;
    return {
      edges,
      pageInfo: {
        hasNextPage: rows.length > request.first,
        hasPreviousPage: request.after !== null,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
      totalCount: () => (counted ??= this.repository.count(searchable, viewer.actor, criteria)),
    };
  }

  /** Every space the caller may read: the candidates the spaces library lists, each decided by its access rules. */
  private async readableSpaces(viewer: SpaceViewer): Promise<GrantedSpace[]> {
    const candidates = this.access.candidateSpaces(await viewer.subject(), {});
    if (!candidates) return [];
    const ids: { id: string }[] = await candidates.select('space.id', 'id').getRawMany();
    const granted = await viewer.findMany(ids.map((row) => row.id));
    return granted.filter((space): space is GrantedSpace => !!space && can(space.role, SpaceAction.READ));
  }
}

function cursorOf(row: SearchRow, request: SearchRequest): string {
  return encodeSearchCursor({ rank: row.rank, createdAt: row.position, id: row.id, fingerprint: request.fingerprint });
}

function hitOf(row: SearchRow, granted: GrantedSpace): SearchHit {
  return {
    kind: row.kind,
    id: row.id,
    granted,
    postId: row.postId,
    title: row.title === null || row.titleHeadline === null ? null
      : row.kind === SearchResultKind.DOCUMENT ? highlightOnto(row.title, row.titleHeadline) : parseHeadline(row.titleHeadline),
    excerpt: row.bodyHeadline === null ? null : parseHeadline(row.bodyHeadline),
    rank: Number(row.rank),
    createdAt: row.createdAt,
  };
}
