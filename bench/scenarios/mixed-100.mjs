// Scenario `mixed-100`: 100 CM2 pupils at once, each with their own session, each looping over a mix of what a
// pupil does on the class wall: 70 % read the wall (feed-read's query), 20 % open their inbox (notifications(first:
// 20) with messages + unreadNotificationsCount), 10 % write (half a post, half a comment on one of the newest
// posts). The space does not hold pupils' posts for approval, so every write is published and fans out to the
// other 100 members through the outbox, BullMQ and a worker process started here (the notifications the pupils
// then read). Closed loop: each pupil sends its next request once the previous one answered, on its own keep-alive
// connection (bench/lib/closed-loop.mjs; autocannon has no per-connection session nor per-kind latency).
// Baseline (bench/baseline-server.mjs mixed-100, pg.Pool(10)): the same sequences of requests (the same seeded mix
// per pupil), each doing the SQL the hub does for it (see `baseline`), with the fan-out done inline in the write's
// transaction (the hub does it in the worker, later).
import { closedLoop, prng } from '../lib/closed-loop.mjs';
import { processCpuSeconds } from '../lib/federation.mjs';
import { MIXED_PUPILS, spaceWorld, startWorker, withClient } from '../lib/space-world.mjs';
import { feedPage, QUERY as FEED, SUBJECT_AND_SPACES } from './feed-read.mjs';

export const name = 'mixed-100';
export const description = '100 pupils with their own sessions: 70 % wall read, 20 % inbox, 10 % post or comment (fan-out by the worker)';

const INBOX = `query Inbox { notifications(first: 20) { edges { node { id kind read message createdAt spaceId postId } }
  pageInfo { hasNextPage endCursor } } unreadNotificationsCount }`;
const CREATE_POST = `mutation($input: CreatePostInput!) { createPost(input: $input) { id status } }`;
const CREATE_COMMENT = `mutation($input: CreateCommentInput!) { createComment(input: $input) { id } }`;
/** Ten steps: the mix, shuffled per pupil and per cycle by a seeded PRNG (the same for hub and baseline). */
const CYCLE = ['feed', 'feed', 'feed', 'feed', 'feed', 'feed', 'feed', 'inbox', 'inbox', 'write'];

let world;
let commentTargets;

export async function setup(ctx) {
  world = await spaceWorld(ctx);
  commentTargets = await withClient(ctx, async (client) => (await client.query(
    `SELECT id FROM post WHERE space_id = $1 ORDER BY created_at DESC, id DESC LIMIT 20`, [world.feedSpaceId])).rows.map((r) => r.id));
}

/** The pupil's step-th kind of request: the CYCLE shuffled per cycle; each pupil's writes alternate post / comment. */
function kinds(seed) {
  const random = prng(seed);
  const sequence = [];
  let writes = seed % 2; // half the pupils write a post first, the other half a comment
  return (step) => {
    while (sequence.length <= step) {
      const cycle = [...CYCLE];
      for (let i = cycle.length - 1; i > 0; i -= 1) {
        const j = Math.floor(random() * (i + 1));
        [cycle[i], cycle[j]] = [cycle[j], cycle[i]];
      }
      for (const kind of cycle) sequence.push(kind === 'write' ? ((writes += 1) % 2 ? 'post' : 'comment') : kind);
    }
    return sequence[step];
  };
}

function graphql(pupil, query, variables) {
  return { method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json', cookie: pupil.cookie },
    body: JSON.stringify({ query, variables }) };
}

function requestOf(kind, pupil, index, step) {
  const target = commentTargets[(index + step) % commentTargets.length];
  switch (kind) {
    case 'feed': return { ...graphql(pupil, FEED, { id: world.feedSpaceId }), target };
    case 'inbox': return { ...graphql(pupil, INBOX, {}), target };
    case 'post': return { ...graphql(pupil, CREATE_POST, { input: { spaceId: world.feedSpaceId,
      bodyHtml: `<p>${pupil.display_name} : j'ai fini le chapitre ${step % 12 + 1}, qui veut en parler ?</p>` } }), target };
    case 'comment': return { ...graphql(pupil, CREATE_COMMENT, { input: { postId: target,
      bodyHtml: '<p>Moi aussi, je suis d’accord !</p>' } }), target };
    default: throw new Error(`unknown kind ${kind}`);
  }
}

/** One virtual user per pupil; `baseline` turns each request into the baseline's URL (same body, same headers). */
function users(pupils, { baseline }) {
  return pupils.map((pupil, index) => {
    const kindOf = kinds(1_000 + index);
    return {
      next(step) {
        const kind = kindOf(step);
        const { target, ...request } = requestOf(kind, pupil, index, step);
        if (baseline) {
          request.path = `/${kind}?person=${pupil.id}&space=${world.feedSpaceId}&post=${target}`;
        }
        return { kind, ...request };
      },
    };
  });
}

function isError({ status, text }, kind) {
  if (status !== 200) return `status ${status}: ${text.slice(0, 200)}`;
  if (text.includes('"errors":')) return `GraphQL errors: ${text.slice(0, 300)}`;
  const expected = { feed: '"posts":{"edges":[{', inbox: '"unreadNotificationsCount":', post: '"status":"PUBLISHED"', comment: '"createComment":{"id":' };
  if (!text.includes(expected[kind])) return `unexpected answer: ${text.slice(0, 200)}`;
  return undefined;
}

/** CPU seconds of processes from `start()` (the measured window's start) until `msPer(n)`: milliseconds per request. */
function cpuMeter(pids) {
  const read = () => pids.reduce((sum, pid) => sum + (processCpuSeconds(pid) ?? NaN), 0);
  let before = null;
  return {
    start: () => { before = read(); },
    msPer: (requests) => {
      const used = read() - before;
      return before === null || !Number.isFinite(used) || !requests ? null : Math.round((used * 1000 / requests) * 100) / 100;
    },
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function kindsNote(kinds) {
  return Object.entries(kinds).map(([kind, k]) => `${kind} ${k.requests} req p50/p99 ${k.p50Ms}/${k.p99Ms} ms`).join(', ');
}

/**
 * Waits until every post and comment written on the wall since `since` has its notifications (polled every 200 ms,
 * at most 120 s), then checks each has exactly one per other member: MIXED_PUPILS (the 100 pupils and the teacher,
 * minus the author).
 */
async function waitForFanOut(ctx, since) {
  const started = Date.now();
  return withClient(ctx, async (client) => {
    for (;;) {
      const { rows: [row] } = await client.query(
        `WITH written AS (
           SELECT 'POST_PUBLISHED.' || id::text AS key, 'post' AS what FROM post WHERE space_id = $1 AND created_at >= $2
           UNION ALL SELECT 'COMMENT_ADDED.' || id::text, 'comment' FROM post_comment WHERE space_id = $1 AND created_at >= $2),
         counted AS (SELECT w.what, (SELECT count(*) FROM notification n WHERE n.dedupe_key = w.key)::int AS n FROM written w)
         SELECT count(*) FILTER (WHERE what = 'post')::int AS posts, count(*) FILTER (WHERE what = 'comment')::int AS comments,
                count(*) FILTER (WHERE n = 0)::int AS waiting, count(*) FILTER (WHERE n NOT IN (0, $3))::int AS wrong
         FROM counted`, [world.feedSpaceId, since, MIXED_PUPILS]);
      if (row.wrong) throw new Error(`${row.wrong} writes of the hub have a number of notifications other than ${MIXED_PUPILS}`);
      if (row.waiting === 0) return { posts: row.posts, comments: row.comments, drainSeconds: Math.round((Date.now() - started) / 100) / 10 };
      if (Date.now() - started > 120_000) throw new Error(`${row.waiting} writes of the hub still without notifications after 120 s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  });
}

async function startBaseline(ctx) {
  const { freePort, waitFor } = await import('../lib/processes.mjs');
  const port = await freePort();
  const child = ctx.spawn('baseline mixed-100', new URL('../baseline-server.mjs', import.meta.url).pathname, [name],
    { BENCH_DATABASE_URL: ctx.databaseUrl, PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  await waitFor('the mixed-100 baseline', async () => {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return true;
  }, { timeoutMs: 20_000, abort: () => child.exitReason });
  return { child, url };
}

export async function run(ctx, options) {
  const pupils = world.pupilsB.slice(0, MIXED_PUPILS);
  const load = { warmupMs: options.warmupSeconds * 1000, durationMs: options.durationSeconds * 1000, isError };
  const worker = await startWorker(ctx, 'worker (mixed-100)');
  const server = await startBaseline(ctx);
  try {
    const rounds = [];
    for (let round = 1; round <= options.rounds; round += 1) {
      const since = await withClient(ctx, async (client) => (await client.query('SELECT now() AS t')).rows[0].t);
      const hubCpu = cpuMeter([ctx.hubProcess.pid, worker.pid]);
      const hub = await closedLoop(ctx.hubUrl, users(pupils, { baseline: false }), { ...load, onMeasureStart: hubCpu.start });
      if (worker.exitReason) throw new Error(worker.exitReason);
      // The worker may still be fanning out the last writes: let it finish (and check it did) before the baseline runs.
      hub.fanOut = await waitForFanOut(ctx, since);
      hub.cpuMsPerRequest = hubCpu.msPer(hub.requests);
      ctx.log(`${name}: hub writes fanned out: ${hub.fanOut.posts} posts and ${hub.fanOut.comments} comments, each to the `
        + `${MIXED_PUPILS} other members; the backlog drained ${hub.fanOut.drainSeconds} s after the window`);
      const rawCpu = cpuMeter([server.child.pid]);
      const raw = await closedLoop(server.url, users(pupils, { baseline: true }), { ...load, onMeasureStart: rawCpu.start });
      if (server.child.exitReason) throw new Error(server.child.exitReason);
      raw.cpuMsPerRequest = rawCpu.msPer(raw.requests);
      const label = options.rounds > 1 ? ` (round ${round}/${options.rounds})` : '';
      ctx.log(`${name}: hub ${hub.rps} req/s, p50 ${hub.p50Ms} ms, p99 ${hub.p99Ms} ms, ${hub.errors} errors (${kindsNote(hub.kinds)})${label}`);
      ctx.log(`${name}: baseline ${raw.rps} req/s, p50 ${raw.p50Ms} ms, p99 ${raw.p99Ms} ms, ${raw.errors} errors (${kindsNote(raw.kinds)})${label}`);
      if (hub.firstError) ctx.log(`${name}: first hub error: ${hub.firstError}`);
      if (raw.firstError) ctx.log(`${name}: first baseline error: ${raw.firstError}`);
      rounds.push({ hub, raw });
    }
    const fanOut = await withClient(ctx, async (client) => (await client.query(
      `SELECT count(*)::int AS notifications FROM notification`)).rows[0]);
    const rps = median(rounds.map((r) => r.hub.rps));
    const baselineRps = median(rounds.map((r) => r.raw.rps));
    const last = rounds[rounds.length - 1];
    return {
      rps,
      p50Ms: median(rounds.map((r) => r.hub.p50Ms)),
      p99Ms: median(rounds.map((r) => r.hub.p99Ms)),
      baselineRps,
      baselineP50Ms: median(rounds.map((r) => r.raw.p50Ms)),
      baselineP99Ms: median(rounds.map((r) => r.raw.p99Ms)),
      ratio: Math.round((rps / baselineRps) * 1000) / 1000,
      errors: rounds.reduce((sum, r) => sum + r.hub.errors, 0),
      baselineErrors: rounds.reduce((sum, r) => sum + r.raw.errors, 0),
      requests: rounds.reduce((sum, r) => sum + r.hub.requests, 0),
      baselineRequests: rounds.reduce((sum, r) => sum + r.raw.requests, 0),
      cpuMsPerRequest: median(rounds.map((r) => r.hub.cpuMsPerRequest)),
      baselineCpuMsPerRequest: median(rounds.map((r) => r.raw.cpuMsPerRequest)),
      kinds: last.hub.kinds,
      baselineKinds: last.raw.kinds,
      rounds: rounds.map(({ hub, raw }) => ({ rps: hub.rps, p50Ms: hub.p50Ms, p99Ms: hub.p99Ms, errors: hub.errors,
        baselineRps: raw.rps, baselineP50Ms: raw.p50Ms, baselineP99Ms: raw.p99Ms, baselineErrors: raw.errors })),
      baselineDescription: baseline.description,
      note: `${pupils.length} pupils, closed loop; hub: ${kindsNote(last.hub.kinds)}; baseline: ${kindsNote(last.raw.kinds)}; `
        + `hub fan-out backlog drained ${last.hub.fanOut.drainSeconds} s after the window; ${fanOut.notifications} notifications in all; `
        + `CPU per request: hub + worker ${median(rounds.map((r) => r.hub.cpuMsPerRequest))} ms, baseline server `
        + `${median(rounds.map((r) => r.raw.cpuMsPerRequest))} ms (PostgreSQL's own CPU not counted)`,
    };
  } finally {
    await server.child.stop();
    await worker.stop();
  }
}

/**
 * Baseline: node:http + pg.Pool(10), per kind the SQL the hub runs for it (seen with statement logging), with no
 * session (the person id comes in the URL: the hub reads the session with a Redis GET), no GraphQL, no framework:
 *   feed     feed-read's two statements (subject with space facts, page of 21 with authors and comment counts);
 *   inbox    unread count ∥ page of 21 notifications, then subject with space facts for the messages' space title;
 *   post     subject with space facts, then one transaction: INSERT post, the members query (the worker's), INSERT of
 *            the notifications to every member but the author (the worker's statement), COMMIT;
 *   comment  the post's space, subject with space facts, the post, then one transaction: INSERT comment, members,
 *            INSERT notifications, COMMIT.
 * The fan-out is inline: the baseline skips the outbox row and its relay (UPDATE outbox_job), BullMQ, and the worker's
 * re-reads (the post or comment, the space facts, the guest members).
 */
const PERSON_MEMBERS = `SELECT p.id, p.display_name, p.profiles, p.structure_id, p.origin, sp.role AS own_role,
    ARRAY(SELECT cm.school_class_id::text FROM class_membership cm
          JOIN space_class sc ON sc.school_class_id = cm.school_class_id AND sc.space_id = $1
          WHERE cm.person_id = p.id) AS class_ids,
    to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS position
  FROM person p
  LEFT JOIN space_person sp ON sp.space_id = $1 AND sp.person_id = p.id
  WHERE p.id IN (SELECT person_id FROM space_person WHERE space_id = $1
                 UNION SELECT cm.person_id FROM space_class sc JOIN class_membership cm ON cm.school_class_id = sc.school_class_id
                       WHERE sc.space_id = $1)`;
const NOTIFY = `INSERT INTO notification (recipient_kind, recipient_id, kind, dedupe_key, payload)
  SELECT r.kind, r.id, $3, $4, $5::jsonb FROM unnest($1::text[], $2::uuid[]) AS r(kind, id)
  WHERE NOT EXISTS (SELECT 1 FROM notification_preference np
                    WHERE np.principal_kind = r.kind AND np.principal_id = r.id AND np.kind = $3 AND NOT np.enabled)
  ON CONFLICT (recipient_id, dedupe_key) DO NOTHING
  RETURNING id, recipient_kind, recipient_id`;

/** Subject and space facts (one statement), and the pupil's access (a member through a class of their school), as the hub decides. */
async function access(pool, person, space) {
  const { rows: [facts] } = await pool.query(SUBJECT_AND_SPACES, [[space], person, person]);
  const member = facts?.id && facts.structureId === facts.subject_structure_id
    && facts.facts_class_ids.some((id) => facts.subject_class_ids.includes(id));
  if (!member) throw new Error("Cet espace n'existe pas ou vous n'y avez pas accès.");
  return facts;
}

/** One transaction: the content row, then the fan-out to every member but the author. */
async function writeAndFanOut(pool, person, space, kind, insert) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const subject = await insert(client);
    const { rows: members } = await client.query(PERSON_MEMBERS, [space]);
    const recipients = members.filter((member) => member.id !== person).map((member) => member.id);
    await client.query(NOTIFY, [recipients.map(() => 'PERSON'), recipients, kind, `${kind}.${subject.id}`,
      JSON.stringify({ spaceId: space, postId: subject.postId ?? subject.id, ...(subject.postId ? { commentId: subject.id } : {}) })]);
    await client.query('COMMIT');
    return subject;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

const MESSAGES = { POST_PUBLISHED: 'Nouveau message dans', COMMENT_ADDED: 'Nouveau commentaire dans' };

export const baseline = {
  description: 'node:http + pg.Pool(10): per kind the hub\'s SQL, the fan-out inline in the write\'s transaction; no session, no GraphQL',
  async handle(pool, req) {
    const url = new URL(req.url, 'http://baseline');
    const person = url.searchParams.get('person');
    const space = url.searchParams.get('space');
    switch (url.pathname) {
      case '/feed':
        return feedPage(pool, person, space);
      case '/inbox': {
        const [{ rows: [unread] }, { rows }] = await Promise.all([
          pool.query(`SELECT count(*)::int AS n FROM notification WHERE recipient_id = $1 AND recipient_kind = $2 AND read_at IS NULL`,
            [person, 'PERSON']),
          pool.query(`SELECT notification.*,
              to_char(notification.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS newest_cursor_created_at,
              notification.id::text AS newest_cursor_id
            FROM notification WHERE recipient_kind = $1 AND recipient_id = $2 ORDER BY created_at DESC, id DESC LIMIT 21`, ['PERSON', person]),
        ]);
        const page = rows.slice(0, 20);
        const spaceIds = [...new Set(page.map((row) => row.payload.spaceId).filter(Boolean))];
        const titles = new Map();
        for (const id of spaceIds) titles.set(id, (await access(pool, person, id)).title);
        const cursor = (row) => Buffer.from(JSON.stringify([row.newest_cursor_created_at, row.id]), 'utf8').toString('base64url');
        return { data: {
          notifications: {
            edges: page.map((row) => ({ node: { id: row.id, kind: row.kind, read: row.read_at !== null,
              message: `${MESSAGES[row.kind] ?? 'Nouveauté dans'} « ${titles.get(row.payload.spaceId)} ».`,
              createdAt: row.created_at.toISOString(), spaceId: row.payload.spaceId ?? null, postId: row.payload.postId ?? null } })),
            pageInfo: { hasNextPage: rows.length > 20, endCursor: page.length ? cursor(page[page.length - 1]) : null },
          },
          unreadNotificationsCount: unread.n,
        } };
      }
      case '/post': {
        await access(pool, person, space);
        const post = await writeAndFanOut(pool, person, space, 'POST_PUBLISHED', async (client) => (await client.query(
          `INSERT INTO post (space_id, author_kind, author_id, body_html, body_text, status, revision)
           VALUES ($1, 'PERSON', $2, $3, $4, 'PUBLISHED', 1) RETURNING id, revision, created_at, updated_at`,
          [space, person, '<p>J\'ai fini le chapitre, qui veut en parler ?</p>', 'J\'ai fini le chapitre, qui veut en parler ?'])).rows[0]);
        return { data: { createPost: { id: post.id, status: 'PUBLISHED' } } };
      }
      case '/comment': {
        const postId = url.searchParams.get('post');
        const { rows: [located] } = await pool.query(`SELECT space_id FROM post WHERE id = $1`, [postId]);
        await access(pool, person, located.space_id);
        const { rows: [post] } = await pool.query(`SELECT * FROM post WHERE id = $1 AND space_id = $2`, [postId, located.space_id]);
        if (post.status !== 'PUBLISHED') throw new Error('not published');
        const comment = await writeAndFanOut(pool, person, located.space_id, 'COMMENT_ADDED', async (client) => (await client.query(
          `INSERT INTO post_comment (space_id, post_id, author_kind, author_id, body_html, body_text)
           VALUES ($1, $2, 'PERSON', $3, $4, $5) RETURNING id, post_id AS "postId", created_at`,
          [located.space_id, postId, person, '<p>Moi aussi, je suis d’accord !</p>', 'Moi aussi, je suis d’accord !'])).rows[0]);
        return { data: { createComment: { id: comment.id } } };
      }
      default:
        return { ok: true };
    }
  },
};
