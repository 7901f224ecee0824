// Scenario `feed-read`: a CM2 pupil reads the first page of their class space's wall (20 posts with author and
// comment count), 50 connections, the pupil's own session cookie.
// What it crosses in the hub: Fastify, the session cookie resolved in Redis, the access guard, Apollo (parse,
// validate, execute), SpacesService.getSpace → SpaceViewer (one statement: the caller's facts, person + class
// memberships, beside the space with its member facts; then the access rules and the permissions table), the wall's
// newest-first keyset page (one statement with each post's author name and comment count, primed into the request's
// DataLoaders that the `author` and `commentCount` fields read).
// The baseline does the same two SQL statements and the JSON, nothing else (see `baseline` below).
import { spaceWorld } from '../lib/space-world.mjs';

export const name = 'feed-read';

export const description = "GraphQL space(id).posts(first: 20) with author and commentCount, as a pupil, over a wall of 240 posts";

const PAGE = 20;

export const QUERY = `query Feed($id: ID!) { space(id: $id) { posts(first: ${PAGE}) {
  edges { node { id bodyHtml createdAt author { id kind displayName } commentCount } }
  pageInfo { hasNextPage endCursor } } } }`;

let world;
let reader;

export async function setup(ctx) {
  world = await spaceWorld(ctx);
  reader = world.pupilsB[0];
}

export function request() {
  return {
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', cookie: reader.cookie },
    body: JSON.stringify({ query: QUERY, variables: { id: world.feedSpaceId } }),
  };
}

/** A full first page: 20 posts newest first, each with an author and a comment count (checked on hub and baseline). */
export function verify({ status, json, text }) {
  const fail = (why) => { throw new Error(`${why}: ${status} ${text.slice(0, 500)}`); };
  if (status !== 200) fail('expected 200');
  if (json?.errors) fail('GraphQL errors');
  const page = json?.data?.space?.posts;
  if (!page || !Array.isArray(page.edges)) fail('no posts connection');
  if (page.edges.length !== PAGE) fail(`expected ${PAGE} edges, got ${page.edges.length}`);
  let previous = Infinity;
  let comments = 0;
  const authors = new Set();
  for (const { node } of page.edges) {
    const at = Date.parse(node?.createdAt);
    if (!node?.id || !node.bodyHtml?.startsWith('<p>') || !(at <= previous)) fail(`bad or misordered node ${JSON.stringify(node)}`);
    previous = at;
    if (node.author?.kind !== 'PERSON' || !node.author.displayName || node.author.displayName === 'Ancien membre') {
      fail(`bad author ${JSON.stringify(node.author)}`);
    }
    if (!Number.isInteger(node.commentCount) || node.commentCount < 0 || node.commentCount > 5) fail(`bad commentCount ${node.commentCount}`);
    comments += node.commentCount;
    authors.add(node.author.id);
  }
  if (comments === 0 || authors.size < 5) fail(`a page with ${comments} comments by ${authors.size} authors`);
  if (page.pageInfo?.hasNextPage !== true || typeof page.pageInfo.endCursor !== 'string') fail('bad pageInfo');
}

/**
 * Baseline: node:http + pg.Pool(10), the SQL the hub runs for this request (seen with statement logging), in the same
 * order, and a JSON of the same shape with the same cursor encoding. It skips what is not SQL: the session (a Redis GET in the hub:
 * the baseline takes the person id from the URL), GraphQL, the framework, the ORM's entity mapping.
 */
export const baseline = {
  description: 'node:http + pg.Pool(10): the same 2 SQL statements (subject with space facts; page with authors and comment counts), same JSON; '
    + 'no session (Redis GET in the hub), no GraphQL',
  request(ctx) {
    return { ...request(ctx), path: `/graphql?space=${world.feedSpaceId}&person=${reader.id}` };
  },
  async handle(pool, req) {
    const url = new URL(req.url, 'http://baseline');
    return feedPage(pool, url.searchParams.get('person'), url.searchParams.get('space'));
  },
};

/**
 * The hub's first read of a space in a request, for a person (SpaceAccessRepository.loadSubjectAndSpaces): the
 * caller's facts beside the spaces ($1) and their member facts, the caller's own role ($2), the person ($3).
 */
export const SUBJECT_AND_SPACES = `SELECT s.*, space.id AS "id", space.structure_id AS "structureId", space.title AS "title", space.description AS "description",
         space.status AS "status", space.pupil_posts_need_approval AS "pupilPostsNeedApproval",
         space.private_messages_allowed AS "privateMessagesAllowed", space.cross_school_private_messages AS "crossSchoolPrivateMessages",
         space.parents_may_read AS "parentsMayRead", space.created_by_kind AS "createdByKind", space.created_by_id AS "createdById",
         space.created_at AS "createdAt", space.updated_at AS "updatedAt", space.archived_at AS "archivedAt",
         ARRAY(SELECT sc.school_class_id::text FROM space_class sc WHERE sc.space_id = space.id) AS facts_class_ids,
         ARRAY(SELECT x.convention_id::text FROM space_convention x WHERE x.space_id = space.id) AS facts_convention_ids,
         coalesce((SELECT json_agg(json_build_object('conventionId', c.convention_id, 'classCode', c.class_code))
           FROM space_guest_cohort c WHERE c.space_id = space.id), '[]'::json) AS facts_cohorts,
         (SELECT sp.role FROM space_person sp WHERE sp.space_id = space.id AND sp.person_id = CAST($2 AS uuid)) AS facts_person_role
  FROM (SELECT p.structure_id AS subject_structure_id, p.origin AS subject_origin,
               ARRAY(SELECT cm.school_class_id::text FROM class_membership cm WHERE cm.person_id = p.id) AS subject_class_ids
        FROM (VALUES (1)) one LEFT JOIN person p ON p.id = CAST($3 AS uuid)) s
  LEFT JOIN space space ON space.id = ANY($1::uuid[])`;

/** The hub's SQL for a pupil's first page of a wall (also used by mixed-100's baseline). */
export async function feedPage(pool, personId, spaceId) {
  // 1. The caller's facts beside the space and its member facts, in one statement
  //    (SpaceAccessRepository.loadSubjectAndSpaces: the space's columns come from the entity's metadata).
  const { rows: [space] } = await pool.query(SUBJECT_AND_SPACES, [[spaceId], personId, personId]);
  // The access rule for a pupil of the school: a member through one of their classes.
  const member = space?.id && space.structureId === space.subject_structure_id
    && space.facts_class_ids.some((id) => space.subject_class_ids.includes(id));
  if (!member) return { data: null, errors: [{ message: "Cet espace n'existe pas ou vous n'y avez pas accès." }] };
  // 2. The page, newest first, one row more, as a non-moderator, with each post's author name and comment count
  //    (WallRepository.pagePosts → paginateNewestFirstSql).
  const { rows } = await pool.query(
    `SELECT t.id AS "id", t.space_id AS "spaceId", t.author_kind AS "authorKind", t.author_id AS "authorId", t.body_html AS "bodyHtml",
            t.body_text AS "bodyText", t.status AS "status", t.moderation_reason AS "moderationReason", t.moderated_at AS "moderatedAt",
            t.revision AS "revision", t.created_at AS "createdAt", t.updated_at AS "updatedAt", t.edited_at AS "editedAt",
            t.deleted_at AS "deletedAt",
            to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS newest_cursor_created_at,
            coalesce(author_person.display_name, author_admin.display_name) AS author_name, author_guest.display_name AS author_guest_name,
            author_guest.profile AS author_guest_profile, author_guest.seq AS author_guest_seq,
            (SELECT count(*)::int FROM post_comment c WHERE c.space_id = t.space_id AND c.post_id = t.id AND c.deleted_at IS NULL) AS comment_count
     FROM post t
       LEFT JOIN person author_person ON t.author_kind = 'PERSON' AND author_person.id = t.author_id
       LEFT JOIN guest author_guest ON t.author_kind = 'GUEST' AND author_guest.id = t.author_id
       LEFT JOIN hub_admin author_admin ON t.author_kind = 'HUB_ADMIN' AND author_admin.id = t.author_id
     WHERE t.space_id = $1 AND (t.status = 'PUBLISHED' OR (t.author_kind = $2 AND t.author_id = CAST($3 AS uuid)))
     ORDER BY t.created_at DESC, t.id DESC LIMIT $4`, [spaceId, 'PERSON', personId, PAGE + 1]);
  const page = rows.slice(0, PAGE);
  const cursor = (row) => Buffer.from(JSON.stringify([row.newest_cursor_created_at, row.id]), 'utf8').toString('base64url');
  return {
    data: {
      space: {
        posts: {
          edges: page.map((post) => ({ node: {
            id: post.id, bodyHtml: post.deletedAt ? null : post.bodyHtml, createdAt: post.createdAt.toISOString(),
            author: { id: post.authorId, kind: post.authorKind, displayName: post.author_name ?? 'Ancien membre' },
            commentCount: post.comment_count,
          } })),
          pageInfo: { hasNextPage: rows.length > PAGE, endCursor: page.length ? cursor(page[page.length - 1]) : null },
        },
      },
    },
  };
}
