import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUuid } from '@passerelle/graphql-kit';
import type { SpaceScope } from '@passerelle/spaces';
import { HEADLINE_START, HEADLINE_STOP } from './highlight.js';
import type { SearchCursor } from './search-cursor.js';
import { SearchResultKind } from './search-request.js';

/** A space the caller may read, with what their role there lets them see beyond published content. */
export interface SearchableSpace {
  readonly scope: SpaceScope;
  /** Moderators see pending posts (and their comments) of every author. */
  readonly mayModerate: boolean;
  /** Those who publish announcements also find scheduled and expired ones. */
  readonly mayAnnounce: boolean;
  /** Classes whose homework the caller sees on top of the whole space's; null: every homework (as the cahier de textes lists it). */
  readonly homeworkClassIds: readonly string[] | null;
}

export interface SearchActor {
  readonly kind: string;
  readonly id: string;
}

export interface SearchCriteria {
  readonly text: string;
  readonly kinds: readonly SearchResultKind[];
  readonly now: Date;
}

/** One hit as read from the database (ts_headline output still carries its markers). */
export interface SearchRow {
  readonly kind: SearchResultKind;
  readonly id: string;
  readonly spaceId: string;
  readonly postId: string | null;
  readonly rank: string;
  readonly createdAt: Date;
  /** UTC to the microsecond, for the cursor. */
  readonly position: string;
  readonly title: string | null;
  /** For a document, computed on the file name with its separators made spaces (same length): see highlightOnto. */
  readonly titleHeadline: string | null;
  readonly bodyHeadline: string | null;
}

export const SEARCH_CONFIG = `'public.french_unaccent'::regconfig`;
const CONFIG = SEARCH_CONFIG;

/*
 * The document of each kind: EXACTLY the expressions of the GIN indexes of migration 1765200000000 (the planner uses an
 * expression index only for the same expression; search.e2e-spec.ts checks that each one can use its index).
 */
const VECTOR = {
  post: 'public.search_vector(NULL, p.body_text)',
  comment: 'public.search_vector(NULL, c.body_text)',
  announcement: 'public.search_vector(a.title, a.body_text)',
  event: 'public.search_vector(e.title, e.description)',
  homework: 'public.search_vector(h.title, h.details_text)',
  document: `public.search_vector(regexp_replace(d.name, '[_./]+', ' ', 'g'), NULL)`,
} as const;

/** Each searchable table with its GIN index and the expression that index is on (search.e2e-spec.ts checks they match). */
export const SEARCH_INDEXES: readonly { readonly index: string; readonly from: string; readonly vector: string }[] = [
  { index: 'post_search_idx', from: 'post p', vector: VECTOR.post },
  { index: 'post_comment_search_idx', from: 'post_comment c', vector: VECTOR.comment },
  { index: 'announcement_search_idx', from: 'announcement a', vector: VECTOR.announcement },
  { index: 'space_event_search_idx', from: 'space_event e', vector: VECTOR.event },
  { index: 'homework_search_idx', from: 'homework h', vector: VECTOR.homework },
  { index: 'document_search_idx', from: 'document d', vector: VECTOR.document },
];

/** A post the caller may see: published, or pending and theirs or in a space they moderate. Never rejected nor deleted. */
const POST_VISIBLE = `p.deleted_at IS NULL AND (p.status = 'PUBLISHED' OR (p.status = 'PENDING'
  AND (p.space_id = ANY($4::uuid[]) OR (p.author_kind = $6 AND p.author_id = CAST($7 AS uuid)))))`;

/** A comment the caller may see, by the same rule as posts: published, or held and theirs or in a space they moderate. */
const COMMENT_VISIBLE = `(c.status = 'PUBLISHED' OR (c.status = 'PENDING'
  AND (c.space_id = ANY($4::uuid[]) OR (c.author_kind = $6 AND c.author_id = CAST($7 AS uuid)))))`;

/**
 * A document the caller may see: one of its versions is published, or held and theirs or in a space they moderate
 * (its name is that of its latest published version, or of its first one while that one is held: documents.repository.ts).
 */
const DOCUMENT_VISIBLE = `EXISTS (SELECT 1 FROM document_version v WHERE v.document_id = d.id AND v.space_id = d.space_id
  AND (v.status = 'PUBLISHED' OR (v.status = 'PENDING'
    AND (v.space_id = ANY($4::uuid[]) OR (v.uploaded_by_kind = $6 AND v.uploaded_by_id = CAST($7 AS uuid))))))`;

/*
 * Parameters: $1 text, $2 kinds, $3 readable spaces, $4 moderated spaces, $5 spaces where the caller announces,
 * $6 actor kind, $7 actor id, $8 now, $9 spaces where the caller sees every homework, $10 and $11 the (space, class) pairs
 * whose class homework they see there (homework.rules.ts). A query that PostgreSQL cannot use an index for (only stop words, only
 * exclusions such as "-école") finds nothing rather than scanning every row.
 */
const HITS = `
  WITH q AS (
    SELECT query FROM (SELECT websearch_to_tsquery(${CONFIG}, $1) AS query) parsed WHERE querytree(query) NOT IN ('', 'T')
  ), hits AS (
    SELECT 'POST' AS kind, p.id, p.space_id, NULL::uuid AS post_id, p.created_at, NULL::text AS title, p.body_text AS body,
      ts_rank(${VECTOR.post}, q.query) AS score
    FROM q JOIN post p ON ${VECTOR.post} @@ q.query
    WHERE 'POST' = ANY($2::text[]) AND p.space_id = ANY($3::uuid[]) AND ${POST_VISIBLE}
    UNION ALL
    SELECT 'COMMENT', c.id, c.space_id, c.post_id, c.created_at, NULL, c.body_text, ts_rank(${VECTOR.comment}, q.query)
    FROM q JOIN post_comment c ON ${VECTOR.comment} @@ q.query
      JOIN post p ON p.id = c.post_id AND p.space_id = c.space_id
    WHERE 'COMMENT' = ANY($2::text[]) AND c.space_id = ANY($3::uuid[]) AND c.deleted_at IS NULL AND ${POST_VISIBLE} AND ${COMMENT_VISIBLE}
    UNION ALL
    SELECT 'ANNOUNCEMENT', a.id, a.space_id, NULL, a.created_at, a.title, a.body_text, ts_rank(${VECTOR.announcement}, q.query)
    FROM q JOIN announcement a ON ${VECTOR.announcement} @@ q.query
    WHERE 'ANNOUNCEMENT' = ANY($2::text[]) AND a.space_id = ANY($3::uuid[])
      AND (a.space_id = ANY($5::uuid[]) OR ((a.display_from IS NULL OR a.display_from <= $8::timestamptz)
        AND (a.display_until IS NULL OR a.display_until > $8::timestamptz)))
    UNION ALL
    SELECT 'DOCUMENT', d.id, d.space_id, NULL, d.created_at, d.name, NULL, ts_rank(${VECTOR.document}, q.query)
    FROM q JOIN document d ON ${VECTOR.document} @@ q.query
    WHERE 'DOCUMENT' = ANY($2::text[]) AND d.space_id = ANY($3::uuid[]) AND ${DOCUMENT_VISIBLE}
    UNION ALL
    SELECT 'EVENT', e.id, e.space_id, NULL, e.created_at, e.title, e.description, ts_rank(${VECTOR.event}, q.query)
    FROM q JOIN space_event e ON ${VECTOR.event} @@ q.query
    WHERE 'EVENT' = ANY($2::text[]) AND e.space_id = ANY($3::uuid[])
    UNION ALL
    SELECT 'HOMEWORK', h.id, h.space_id, NULL, h.created_at, h.title, h.details_text, ts_rank(${VECTOR.homework}, q.query)
    FROM q JOIN homework h ON ${VECTOR.homework} @@ q.query
    WHERE 'HOMEWORK' = ANY($2::text[]) AND h.space_id = ANY($3::uuid[])
      AND (h.school_class_id IS NULL OR h.space_id = ANY($9::uuid[])
        OR (h.space_id, h.school_class_id) IN (SELECT * FROM unnest($10::uuid[], $11::uuid[])))
  ), ranked AS (
    SELECT hits.*, round(hits.score::numeric, 6) AS rank FROM hits
  )`;

/** Titles are short: every match marked. Bodies: one passage of 15 to 35 words around the best match (or the beginning). */
const TITLE_OPTIONS = `StartSel=${HEADLINE_START}, StopSel=${HEADLINE_STOP}, HighlightAll=true`;
const BODY_OPTIONS = `StartSel=${HEADLINE_START}, StopSel=${HEADLINE_STOP}, MaxWords=35, MinWords=15, ShortWord=2`;
const STRIP_MARKERS = (column: string) => `translate(${column}, chr(2) || chr(3), '')`;

/*
 * One page: the keyset condition and the limit apply to the union, ordered by rank, then newest, then id; headlines
 * are computed afterwards for the page only (ts_headline is the expensive part).
 */
export const SEARCH_PAGE_SQL = `${HITS}
  SELECT page.kind, page.id, page.space_id AS "spaceId", page.post_id AS "postId", page.rank::text AS rank, page.created_at AS "createdAt",
    to_char(page.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS position,
    page.title AS "title",
    CASE WHEN page.title IS NULL THEN NULL
      WHEN page.kind = 'DOCUMENT' THEN ts_headline(${CONFIG}, translate(${STRIP_MARKERS('page.title')}, '_./', '   '), q.query, $16)
      ELSE ts_headline(${CONFIG}, ${STRIP_MARKERS('page.title')}, q.query, $16) END AS "titleHeadline",
    CASE WHEN coalesce(page.body, '') = '' THEN NULL ELSE ts_headline(${CONFIG}, ${STRIP_MARKERS('page.body')}, q.query, $17) END AS "bodyHeadline"
  FROM (
    SELECT * FROM ranked
    WHERE $13::numeric IS NULL OR (ranked.rank, ranked.created_at, ranked.id) < ($13::numeric, $14::timestamptz, $15::uuid)
    ORDER BY ranked.rank DESC, ranked.created_at DESC, ranked.id DESC
    LIMIT $12
  ) page CROSS JOIN q
  ORDER BY page.rank DESC, page.created_at DESC, page.id DESC`;

const COUNT = `${HITS} SELECT count(*)::int AS n FROM ranked`;

/**
 * The search over spaces' content: one SQL statement (a UNION ALL of the searchable tables) limited to the spaces
 * the caller may read, which the caller proves with each space's scope.
 */
@Injectable()
export class SearchRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Up to `limit` hits after `after`, best first. */
  async page(spaces: readonly SearchableSpace[], actor: SearchActor, criteria: SearchCriteria, limit: number, after: SearchCursor | null)
    : Promise<SearchRow[]> {
    if (spaces.length === 0 || limit <= 0) return [];
    const rows: (Omit<SearchRow, 'createdAt'> & { createdAt: Date | string })[] = await this.dataSource.query(SEARCH_PAGE_SQL,
      pageParameters(spaces, actor, criteria, limit, after));
    return rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt) }));
  }

  /** How many hits the whole search has. */
  async count(spaces: readonly SearchableSpace[], actor: SearchActor, criteria: SearchCriteria): Promise<number> {
    if (spaces.length === 0) return 0;
    const [row]: { n: number }[] = await this.dataSource.query(COUNT, parameters(spaces, actor, criteria));
    return row?.n ?? 0;
  }
}

/** The parameters of SEARCH_PAGE_SQL. */
export function pageParameters(spaces: readonly SearchableSpace[], actor: SearchActor, criteria: SearchCriteria, limit: number,
  after: SearchCursor | null): unknown[] {
  return [...parameters(spaces, actor, criteria), limit, after?.rank ?? null, after?.createdAt ?? null, after?.id ?? null, TITLE_OPTIONS, BODY_OPTIONS];
}

function parameters(spaces: readonly SearchableSpace[], actor: SearchActor, criteria: SearchCriteria): unknown[] {
  return [
    criteria.text,
    [...criteria.kinds],
    spaces.map((space) => space.scope.spaceId),
    spaces.filter((space) => space.mayModerate).map((space) => space.scope.spaceId),
    spaces.filter((space) => space.mayAnnounce).map((space) => space.scope.spaceId),
    actor.kind,
    isUuid(actor.id) ? actor.id : null,
    criteria.now,
    spaces.filter((space) => space.homeworkClassIds === null).map((space) => space.scope.spaceId),
    ...classPairs(spaces),
  ];
}

function classPairs(spaces: readonly SearchableSpace[]): [string[], string[]] {
  const pairs = spaces.flatMap((space) => (space.homeworkClassIds ?? []).map((classId) => [space.scope.spaceId, classId] as const));
  return [pairs.map(([spaceId]) => spaceId), pairs.map(([, classId]) => classId)];
}
