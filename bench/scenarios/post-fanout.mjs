// Scenario `post-fanout`: the teacher posts on the wall of a space of 50 members (herself and her 49 CM2 A pupils);
// each post must reach the 49 pupils' inboxes. Measured end to end, the production way: GraphQL createPost on the
// hub (the post and its `space-activity` outbox job in one transaction; after the commit the API relays the job to
// BullMQ), then a worker process (node dist/apps/worker/src/main.js, started here with the hub's database and Redis
// prefix) consumes it: SpaceActivityHandler reads the post, resolves the members and their roles, and inserts the
// 49 notifications in one INSERT ... SELECT FROM unnest(...) ON CONFLICT DO NOTHING statement.
// POSTERS closed loops: createPost, then wait until its notifications are visible, then the next post. Visibility
// is polled every POLL_MS on one pupil's inbox (an index range scan of notification_recipient_idx): the handler writes
// the 49 rows in one statement, so one pupil's row being visible means all 49 are. fan-out latency = from the
// mutation's answer until then. Counted: posts whose fan-out completed inside the measured window.
// Baseline, in the same run, same concurrency: pg.Pool(10), per post one transaction of INSERT post + one INSERT of
// the 49 notifications (the handler's statement, recipients known in advance), COMMIT.
// At the end: exactly 49 notifications per post of both sides, to 49 distinct pupils, none for the author.
import pg from 'pg';
import { processCpuSeconds } from '../lib/federation.mjs';
import { FANOUT_PUPILS, spaceWorld, startWorker, withClient } from '../lib/space-world.mjs';

export const name = 'post-fanout';
export const description = 'createPost by the teacher in a space of 50 members, until the 49 notifications exist (worker running), '
  + 'vs INSERT post + 49 notifications in one raw transaction';

const POSTERS = 10;
const POLL_MS = 5;
const CREATE_POST = `mutation($input: CreatePostInput!) { createPost(input: $input) { id status } }`;
const NOTIFICATION_INSERT = `INSERT INTO notification (recipient_kind, recipient_id, kind, dedupe_key, payload)
  SELECT r.kind, r.id, $3, $4, $5::jsonb FROM unnest($1::text[], $2::uuid[]) AS r(kind, id)
  WHERE NOT EXISTS (SELECT 1 FROM notification_preference np
                    WHERE np.principal_kind = r.kind AND np.principal_id = r.id AND np.kind = $3 AND NOT np.enabled)
  ON CONFLICT (recipient_id, dedupe_key) DO NOTHING
  RETURNING id, recipient_kind, recipient_id`;

let world;

export async function setup(ctx) {
  world = await spaceWorld(ctx);
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const round2 = (v) => (v === null ? null : Math.round(v * 100) / 100);
const now = () => Number(process.hrtime.bigint()) / 1e6;

/** `POSTERS` loops calling `postOnce(i)` → latency (ms) or throws, for the warm-up then the measured window. */
async function posters(postOnce, { warmupMs, durationMs }) {
  const latencies = [];
  const mutations = [];
  let errors = 0;
  let firstError;
  let next = 0;
  let started = 0;
  const measureFrom = now() + warmupMs;
  const end = measureFrom + durationMs;
  await Promise.all(Array.from({ length: POSTERS }, async () => {
    while (now() < end) {
      const t = now();
      try {
        const { ms, mutationMs } = await postOnce(next++);
        const done = now();
        if (done >= measureFrom && done <= end) {
          latencies.push(ms);
          if (mutationMs !== undefined) mutations.push(mutationMs);
        }
        if (t >= measureFrom) started += 1;
      } catch (error) {
        firstError ??= error;
        if (now() >= measureFrom) errors += 1;
      }
    }
  }));
  latencies.sort((a, b) => a - b);
  mutations.sort((a, b) => a - b);
  return {
    mutationP50Ms: round2(percentile(mutations, 50)), mutationP99Ms: round2(percentile(mutations, 99)),
    completed: latencies.length, started, errors, perSecond: Math.round((latencies.length / (durationMs / 1000)) * 10) / 10,
    p50Ms: round2(percentile(latencies, 50)), p99Ms: round2(percentile(latencies, 99)),
    firstError: firstError ? String(firstError.message ?? firstError) : null,
  };
}

/** Watches one pupil's inbox: resolves `visible(postId)` once the POST_PUBLISHED notification of that post is there. */
function inboxWatcher(ctx, pupilId) {
  const client = new pg.Client({ connectionString: ctx.databaseUrl, application_name: 'passerelle-bench-watch' });
  const waiting = new Map();
  let since = new Date(Date.now() - 60_000);
  let stopped = false;
  let failure;
  const loop = (async () => {
    await client.connect();
    while (!stopped) {
      if (waiting.size) {
        const { rows } = await client.query(
          `SELECT dedupe_key, created_at FROM notification WHERE recipient_id = $1 AND created_at >= $2 ORDER BY created_at`,
          [pupilId, since]);
        for (const row of rows) {
          const postId = row.dedupe_key.slice('POST_PUBLISHED.'.length);
          const resolve = waiting.get(postId);
          if (resolve) {
            waiting.delete(postId);
            resolve(now());
          }
        }
        if (rows.length) since = new Date(Math.max(since.getTime(), rows[rows.length - 1].created_at.getTime() - 5_000));
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    await client.end();
  })().catch((error) => { failure = error; });
  return {
    visible(postId, timeoutMs = 30_000) {
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(postId);
          reject(new Error(`post ${postId}: no notification after ${timeoutMs / 1000} s`));
        }, timeoutMs);
        waiting.set(postId, (at) => {
          clearTimeout(timer);
          resolve(at);
        });
      });
    },
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

async function hubRun(ctx, options, worker) {
  const watcher = inboxWatcher(ctx, world.pupilsA[0].id);
  const posted = [];
  try {
    const result = await posters(async (n) => {
      const sent = now();
      const response = await fetch(`${ctx.hubUrl}/graphql`, {
        method: 'POST', headers: { 'content-type': 'application/json', cookie: world.teacher.cookie },
        body: JSON.stringify({ query: CREATE_POST, variables: { input: {
          spaceId: world.fanoutSpaceId, bodyHtml: `<p>Consigne ${n} : relisez le chapitre ${n % 12 + 1} pour demain.</p>` } } }),
        signal: AbortSignal.timeout(10_000),
      });
      const json = await response.json();
      const post = json?.data?.createPost;
      if (response.status !== 200 || json.errors || post?.status !== 'PUBLISHED') {
        throw new Error(`createPost answered ${response.status}: ${JSON.stringify(json).slice(0, 300)}`);
      }
      posted.push(post.id);
      const answeredAt = now();
      const visibleAt = await watcher.visible(post.id);
      if (worker.exitReason) throw new Error(worker.exitReason);
      return { ms: visibleAt - answeredAt, mutationMs: answeredAt - sent };
    }, { warmupMs: options.warmupSeconds * 1000, durationMs: options.durationSeconds * 1000 });
    return { ...result, posted };
  } finally {
    await watcher.stop();
  }
}

async function rawRun(ctx, options) {
  const pool = new pg.Pool({ connectionString: ctx.databaseUrl, max: 10, application_name: 'passerelle-bench-baseline' });
  const recipients = world.pupilsA.map((p) => p.id);
  const posted = [];
  try {
    const result = await posters(async (n) => {
      const started = now();
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const { rows: [post] } = await client.query(
          `INSERT INTO post (space_id, author_kind, author_id, body_html, body_text, status, revision)
           VALUES ($1, 'PERSON', $2, $3, $4, 'PUBLISHED', 1) RETURNING id`,
          [world.fanoutSpaceId, world.teacher.id, `<p>Consigne brute ${n}.</p>`, `Consigne brute ${n}.`]);
        const { rows } = await client.query(NOTIFICATION_INSERT, [recipients.map(() => 'PERSON'), recipients, 'POST_PUBLISHED',
          `POST_PUBLISHED.${post.id}`, JSON.stringify({ spaceId: world.fanoutSpaceId, postId: post.id })]);
        await client.query('COMMIT');
        if (rows.length !== FANOUT_PUPILS) throw new Error(`raw fan-out wrote ${rows.length} notifications`);
        posted.push(post.id);
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
      return { ms: now() - started };
    }, { warmupMs: options.warmupSeconds * 1000, durationMs: options.durationSeconds * 1000 });
    return { ...result, posted };
  } finally {
    await pool.end();
  }
}

/** Every post of `postIds` has exactly 49 POST_PUBLISHED notifications, to 49 distinct pupils, none to the author. */
async function verifyFanOut(ctx, postIds, label) {
  const bad = await withClient(ctx, async (client) => (await client.query(
    `SELECT p.id, count(n.id)::int AS n, count(DISTINCT n.recipient_id)::int AS recipients,
            count(n.id) FILTER (WHERE n.recipient_id = p.author_id)::int AS to_author,
            count(n.id) FILTER (WHERE n.recipient_id <> ALL($2::uuid[]))::int AS strangers
     FROM unnest($1::uuid[]) AS wanted(id) JOIN post p ON p.id = wanted.id
     LEFT JOIN notification n ON n.dedupe_key = 'POST_PUBLISHED.' || p.id::text
     GROUP BY p.id
     HAVING count(n.id) <> $3 OR count(DISTINCT n.recipient_id) <> $3
            OR count(n.id) FILTER (WHERE n.recipient_id = p.author_id) > 0 OR count(n.id) FILTER (WHERE n.recipient_id <> ALL($2::uuid[])) > 0`,
    [postIds, world.pupilsA.map((p) => p.id), FANOUT_PUPILS])).rows);
  if (bad.length) throw new Error(`${label}: ${bad.length} posts without exactly ${FANOUT_PUPILS} notifications, e.g. ${JSON.stringify(bad[0])}`);
  ctx.log(`${name}: ${label}: ${postIds.length} posts, each with exactly ${FANOUT_PUPILS} notifications to distinct pupils, none to the author`);
}

export async function run(ctx, options) {
  const worker = await startWorker(ctx, 'worker (post-fanout)');
  try {
    const rounds = [];
    for (let round = 1; round <= options.rounds; round += 1) {
      const cpu = () => (processCpuSeconds(ctx.hubProcess.pid) ?? NaN) + (processCpuSeconds(worker.pid) ?? NaN);
      let cpuBefore = NaN;
      const cpuTimer = setTimeout(() => { cpuBefore = cpu(); }, options.warmupSeconds * 1000);
      const hub = await hubRun(ctx, options, worker);
      clearTimeout(cpuTimer);
      const cpuUsed = cpu() - cpuBefore;
      // hub + worker CPU per post fanned out in the window (the posts in flight at its edges roughly cancel out).
      hub.cpuMsPerPost = Number.isFinite(cpuUsed) && hub.completed ? Math.round((cpuUsed * 1000 / hub.completed) * 100) / 100 : null;
      // Posts still in flight when the window closed get their notifications a moment later: wait for them too.
      await new Promise((r) => setTimeout(r, 2_000));
      await verifyFanOut(ctx, hub.posted, 'hub');
      const raw = await rawRun(ctx, options);
      await verifyFanOut(ctx, raw.posted, 'raw');
      const label = options.rounds > 1 ? ` (round ${round}/${options.rounds})` : '';
      ctx.log(`${name}: hub ${hub.perSecond} posts/s fanned out, fan-out p50 ${hub.p50Ms} ms, p99 ${hub.p99Ms} ms `
        + `(createPost p50 ${hub.mutationP50Ms} ms, p99 ${hub.mutationP99Ms} ms), ${hub.errors} errors; `
        + `raw ${raw.perSecond} posts/s, p50 ${raw.p50Ms} ms, p99 ${raw.p99Ms} ms, ${raw.errors} errors${label}`);
      if (hub.firstError) ctx.log(`${name}: first hub error: ${hub.firstError}`);
      if (raw.firstError) ctx.log(`${name}: first raw error: ${raw.firstError}`);
      rounds.push({ hub, raw });
    }
    const rps = median(rounds.map((r) => r.hub.perSecond));
    const baselineRps = median(rounds.map((r) => r.raw.perSecond));
    return {
      rps,
      p50Ms: median(rounds.map((r) => r.hub.p50Ms)),
      p99Ms: median(rounds.map((r) => r.hub.p99Ms)),
      baselineRps,
      baselineP50Ms: median(rounds.map((r) => r.raw.p50Ms)),
      baselineP99Ms: median(rounds.map((r) => r.raw.p99Ms)),
      ratio: Math.round((rps / baselineRps) * 1000) / 1000,
      cpuMsPerPost: median(rounds.map((r) => r.hub.cpuMsPerPost ?? NaN)),
      errors: rounds.reduce((sum, r) => sum + r.hub.errors, 0),
      baselineErrors: rounds.reduce((sum, r) => sum + r.raw.errors, 0),
      requests: rounds.reduce((sum, r) => sum + r.hub.completed, 0),
      baselineRequests: rounds.reduce((sum, r) => sum + r.raw.completed, 0),
      rounds: rounds.map(({ hub, raw }) => ({ rps: hub.perSecond, p50Ms: hub.p50Ms, p99Ms: hub.p99Ms, errors: hub.errors,
        baselineRps: raw.perSecond, baselineP50Ms: raw.p50Ms, baselineP99Ms: raw.p99Ms, baselineErrors: raw.errors,
      mutationP50Ms: hub.mutationP50Ms, mutationP99Ms: hub.mutationP99Ms })),
      baselineDescription: 'pg.Pool(10): BEGIN, INSERT post, INSERT of the 49 notifications (the handler\'s statement), COMMIT',
      note: `posts/s fanned out in the requests/s columns (${POSTERS} closed-loop posters, each waits for its fan-out); p50/p99 = `
        + `from createPost's answer until the 49 notifications are visible (polled every ${POLL_MS} ms); baseline p50/p99 = the raw `
        + `transaction, ${median(rounds.map((r) => r.raw.p50Ms))}/${median(rounds.map((r) => r.raw.p99Ms))} ms; createPost itself answered `
        + `in p50/p99 ${median(rounds.map((r) => r.hub.mutationP50Ms))}/${median(rounds.map((r) => r.hub.mutationP99Ms))} ms; `
        + `hub + worker CPU per post ${median(rounds.map((r) => r.hub.cpuMsPerPost ?? NaN))} ms`,
    };
  } finally {
    await worker.stop();
  }
}
