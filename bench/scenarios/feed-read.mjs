// Scenario `feed-read`: a CM2 pupil reads the first page of their class space's wall (20 posts with author and
// comment count), 50 connections, the pupil's own session cookie.
// What it crosses in the hub: Fastify, the session cookie resolved in Redis, the access guard, Apollo (parse,
// validate, execute), SpacesService.getSpace → SpaceViewer (the caller's facts: person + class memberships; the
// space with its member facts, then the access rules and the permissions table), the wall's newest-first keyset page
// (TypeORM), and the two per-request DataLoaders of the page: authors' display names and comment counts.
// The baseline does the same five SQL statements and the JSON, nothing else (see `baseline` below).
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
    if (node.author?.kind !== 'PERSON' || !node.author.displayName || node.author.displayName === 'Auteur inconnu') {
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
 * order and with the same concurrency (authors and comment counts in parallel, as the hub's DataLoaders do), and a
 * JSON of the same shape with the same cursor encoding. It skips what is not SQL: the session (a Redis GET in the hub:
 * the baseline takes the person id from the URL), GraphQL, the framework, the ORM's entity mapping.
 */
export const baseline = {
  description: 'node:http + pg.Pool(10): the same 5 SQL statements (subject, space facts, page, authors, comment counts), same JSON; '
    + 'no session (Redis GET in the hub), no GraphQL',
  request(ctx) {
    return { ...request(ctx), path: `/graphql?space=${world.feedSpaceId}&person=${reader.id}` };
  },
  async handle(pool, req) {
    const url = new URL(req.url, 'http://baseline');
    return feedPage(pool, url.searchParams.get('person'), url.searchParams.get('space'));
  },
};

/** The hub's SQL for a pupil's first page of a wall (also used by mixed-100's baseline). */
export async function feedPage(pool, personId, spaceId) {
  // 1. The caller's facts (SpaceAccessRepository.loadSubject).
  const { rows: [subject] } = await pool.query(
    `SELECT p.structure_id, p.origin,
            ARRAY(SELECT cm.school_class_id::text FROM class_membership cm WHERE cm.person_id = p.id) AS class_ids
     FROM person p WHERE p.id = $1`, [personId]);
  // 2. The space and its member facts (SpaceAccessRepository.loadSpaces with withFacts).
  const { rows: [space] } = await pool.query(
    `SELECT space.*,
            ARRAY(SELECT sc.school_class_id::text FROM space_class sc WHERE sc.space_id = space.id) AS facts_class_ids,
            ARRAY(SELECT x.convention_id::text FROM space_convention x WHERE x.space_id = space.id) AS facts_convention_ids,
            coalesce((SELECT json_agg(json_build_object('conventionId', c.convention_id, 'classCode', c.class_code))
              FROM space_guest_cohort c WHERE c.space_id = space.id), '[]'::json) AS facts_cohorts,
            (SELECT sp.role FROM space_person sp WHERE sp.space_id = space.id AND sp.person_id = $2::uuid) AS facts_person_role
     FROM space WHERE space.id IN ($1)`, [spaceId, personId]);
  // The access rule for a pupil of the school: a member through one of their classes.
  const member = space && subject && space.structure_id === subject.structure_id
    && space.facts_class_ids.some((id) => subject.class_ids.includes(id));
  if (!member) return { data: null, errors: [{ message: "Cet espace n'existe pas ou vous n'y avez pas accès." }] };
  // 3. The page, newest first, one row more (WallRepository.pagePosts → fetchNewestFirst), as a non-moderator.
  const { rows } = await pool.query(
    `SELECT post.id, post.space_id, post.author_kind, post.author_id, post.body_html, post.body_text, post.status,
            post.moderation_reason, post.moderated_at, post.revision, post.created_at, post.updated_at, post.edited_at,
            post.deleted_at,
            to_char(post.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS newest_cursor_created_at,
            post.id::text AS newest_cursor_id
     FROM post post
     WHERE post.space_id = $1 AND (post.status = 'PUBLISHED' OR (post.author_kind = $2 AND post.author_id = CAST($3 AS uuid)))
     ORDER BY post.created_at DESC, post.id DESC LIMIT ${PAGE + 1}`, [spaceId, 'PERSON', personId]);
  const page = rows.slice(0, PAGE);
  // 4 and 5, in parallel as the hub's DataLoaders: authors (AuthorsRepository.names) and comment counts.
  const authorIds = [...new Set(page.filter((post) => post.author_kind === 'PERSON').map((post) => post.author_id))];
  const [{ rows: names }, { rows: counts }] = await Promise.all([
    pool.query(`SELECT id, display_name FROM person WHERE id = ANY($1::uuid[])`, [authorIds]),
    pool.query(
      `SELECT c.post_id, count(*)::int AS n FROM post_comment c
       JOIN unnest($1::uuid[], $2::uuid[]) AS wanted(space_id, post_id) ON wanted.space_id = c.space_id AND wanted.post_id = c.post_id
       WHERE c.deleted_at IS NULL GROUP BY c.post_id`, [page.map((post) => post.space_id), page.map((post) => post.id)]),
  ]);
  const nameOf = new Map(names.map((row) => [row.id, row.display_name]));
  const countOf = new Map(counts.map((row) => [row.post_id, row.n]));
  const cursor = (row) => Buffer.from(JSON.stringify([row.newest_cursor_created_at, row.id]), 'utf8').toString('base64url');
  return {
    data: {
      space: {
        posts: {
          edges: page.map((post) => ({ node: {
            id: post.id, bodyHtml: post.deleted_at ? null : post.body_html, createdAt: post.created_at.toISOString(),
            author: { id: post.author_id, kind: post.author_kind, displayName: nameOf.get(post.author_id) ?? 'Auteur inconnu' },
            commentCount: countOf.get(post.id) ?? 0,
          } })),
          pageInfo: { hasNextPage: rows.length > PAGE, endCursor: page.length ? cursor(page[page.length - 1]) : null },
        },
      },
    },
  };
}
