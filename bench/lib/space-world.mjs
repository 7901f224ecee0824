// The school world of the spaces scenarios (feed-read, post-fanout, mixed-100), seeded once per run and shared:
//   - a home école with a teacher and two CM2 classes: "CM2 A" of 49 pupils and "CM2 B" of 100 pupils (the teacher
//     is a member of both classes, as in libs/spaces/test/fixtures.ts);
//   - space "Mur CM2 B" (the teacher's, CM2 B as members: 101 members, pupils post without approval) with
//     FEED_POSTS published posts by the teacher and the pupils, and 0 to 5 comments each by various pupils;
//   - space "Fan-out CM2 A" (the teacher's, CM2 A as members: 50 members).
// People, classes, posts and comments are written by SQL into the bench database (as the spaces fixtures do); the
// spaces themselves are created through the API as the teacher (createSpace, addSpaceMembers). Sessions are opened
// by the hub's own SessionService, in a short-lived child process (this file, `node bench/lib/space-world.mjs
// sessions`) that builds a Nest application context from dist/ with ConfigModule, TypeORM, JobsModule and
// IdentityModule on the run's database and Redis prefix, exactly as test/harness.ts `personSession` does in tests.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { HUB_NODE_FLAGS } from './processes.mjs';

const SELF = fileURLToPath(import.meta.url);
const ROOT = resolve(SELF, '../../..');
const SESSION_COOKIE = 'passerelle_session';
export const FEED_POSTS = 240;
export const FANOUT_PUPILS = 49;
export const MIXED_PUPILS = 100;
const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';
const FIRST_NAMES = ['Léa', 'Hugo', 'Chloé', 'Louis', 'Inès', 'Gabriel', 'Jade', 'Arthur', 'Manon', 'Raphaël', 'Lina', 'Jules', 'Zoé',
  'Adam', 'Camille', 'Noah', 'Emma', 'Tom', 'Alice', 'Sacha'];

const worlds = new WeakMap();

/** The world, seeded on the first call of a run (scenarios share it). */
export function spaceWorld(ctx) {
  if (!worlds.has(ctx)) worlds.set(ctx, seed(ctx));
  return worlds.get(ctx);
}

export async function withClient(ctx, work) {
  const client = new pg.Client({ connectionString: ctx.databaseUrl, application_name: 'passerelle-bench' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function uai(number) {
  const digits = String(number).padStart(7, '0');
  return digits + LETTERS[Number(digits) % 23];
}

function pupilName(i) {
  return `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LETTERS[Math.floor(i / FIRST_NAMES.length) % 23]}.`;
}

const CREATE_SPACE = `mutation($input: CreateSpaceInput!) { createSpace(input: $input) { id myRole } }`;
const ADD_MEMBERS = `mutation($input: AddSpaceMembersInput!) { addSpaceMembers(input: $input) { id classes { id } } }`;

async function gqlOk(ctx, query, variables, cookie, what) {
  const { status, json, text } = await ctx.gql(query, variables, cookie);
  if (status !== 200 || json?.errors || !json?.data) throw new Error(`${what} answered ${status}: ${text.slice(0, 500)}`);
  return json.data;
}

async function seed(ctx) {
  const started = Date.now();
  const people = await withClient(ctx, async (client) => {
    await client.query('BEGIN');
    const { rows: [school] } = await client.query(
      `INSERT INTO structure (uai, name, type) VALUES ($1, 'École bench Jules Ferry', 'ECOLE') RETURNING id`, [uai(8_900_001)]);
    const klass = async (label) => (await client.query(
      `INSERT INTO school_class (structure_id, level, label, school_year) VALUES ($1, 'CM2', $2, '2026-2027') RETURNING id`,
      [school.id, label])).rows[0].id;
    const cm2a = await klass('CM2 A');
    const cm2b = await klass('CM2 B');
    const { rows: [teacher] } = await client.query(
      `INSERT INTO person (display_name, profiles, origin, structure_id) VALUES ('Mme Martin', '{National_ENS}', 'HOME', $1)
       RETURNING id, display_name`, [school.id]);
    const pupils = async (count, offset) => (await client.query(
      `INSERT INTO person (display_name, profiles, origin, structure_id)
       SELECT name, '{National_ELV}', 'HOME', $1 FROM unnest($2::text[]) WITH ORDINALITY AS n(name, i) ORDER BY i
       RETURNING id, display_name`, [school.id, Array.from({ length: count }, (_, i) => pupilName(offset + i))])).rows;
    const pupilsA = await pupils(FANOUT_PUPILS, 0);
    const pupilsB = await pupils(MIXED_PUPILS, FANOUT_PUPILS);
    const members = async (classId, list) => client.query(
      `INSERT INTO class_membership (school_class_id, person_id) SELECT $1, unnest($2::uuid[])`, [classId, list.map((p) => p.id)]);
    await members(cm2a, [teacher, ...pupilsA]);
    await members(cm2b, [teacher, ...pupilsB]);
    await client.query('COMMIT');
    return { schoolId: school.id, cm2a, cm2b, teacher, pupilsA, pupilsB };
  });

  const sessions = await openSessions(ctx, [
    { id: people.teacher.id, displayName: people.teacher.display_name, roles: ['TEACHER'] },
    ...[...people.pupilsA, ...people.pupilsB].map((p) => ({ id: p.id, displayName: p.display_name, roles: ['PUPIL'] })),
  ]);
  const cookie = (person) => sessions.get(person.id);
  const teacher = { ...people.teacher, cookie: cookie(people.teacher) };
  const pupilsA = people.pupilsA.map((p) => ({ ...p, cookie: cookie(p) }));
  const pupilsB = people.pupilsB.map((p) => ({ ...p, cookie: cookie(p) }));

  const space = async (title, classId, settings) => {
    const { createSpace } = await gqlOk(ctx, CREATE_SPACE, { input: {
      structureId: people.schoolId, title, description: 'Espace de la classe (bench).', settings,
    } }, teacher.cookie, 'createSpace');
    if (createSpace.myRole !== 'OWNER') throw new Error(`the teacher's role in a new space is ${createSpace.myRole}`);
    await gqlOk(ctx, ADD_MEMBERS, { input: { spaceId: createSpace.id, classIds: [classId] } }, teacher.cookie, 'addSpaceMembers');
    return createSpace.id;
  };
  const feedSpaceId = await space('Mur CM2 B', people.cm2b, { pupilPostsNeedApproval: false });
  const fanoutSpaceId = await space('Fan-out CM2 A', people.cm2a, { pupilPostsNeedApproval: false });

  // The wall of CM2 B: FEED_POSTS posts over the last days, one in four by the teacher, 0 to 5 comments each.
  await withClient(ctx, async (client) => {
    await client.query('BEGIN');
    const authors = [];
    const bodies = [];
    const ages = [];
    for (let i = 0; i < FEED_POSTS; i += 1) {
      const author = i % 4 === 0 ? teacher : pupilsB[(i * 7) % pupilsB.length];
      authors.push(author.id);
      const text = `Message ${i + 1} : nous avons lu le chapitre ${(i % 12) + 1} et voici ce que nous en pensons, avec nos questions.`;
      bodies.push(`<p>${text}</p><p><strong>À suivre</strong> demain.</p>`);
      ages.push((FEED_POSTS - i) * 600); // ten minutes apart, the newest last
    }
    const { rows: posts } = await client.query(
      `INSERT INTO post (space_id, author_kind, author_id, body_html, body_text, status, revision, created_at, updated_at)
       SELECT $1, 'PERSON', a, b, regexp_replace(b, '<[^>]+>', ' ', 'g'), 'PUBLISHED', 1, now() - s * interval '1 second',
              now() - s * interval '1 second'
       FROM unnest($2::uuid[], $3::text[], $4::int[]) AS x(a, b, s) RETURNING id, created_at`,
      [feedSpaceId, authors, bodies, ages]);
    const comment = { posts: [], authors: [], ages: [] };
    posts.forEach((post, i) => {
      for (let c = 0; c < i % 6; c += 1) {
        comment.posts.push(post.id);
        comment.authors.push(pupilsB[(i * 3 + c * 11) % pupilsB.length].id);
        comment.ages.push(Math.max(0, (FEED_POSTS - i) * 600 - (c + 1) * 60));
      }
    });
    await client.query(
      `INSERT INTO post_comment (space_id, post_id, author_kind, author_id, body_html, body_text, created_at)
       SELECT $1, p, 'PERSON', a, '<p>Bravo, nous aussi !</p>', 'Bravo, nous aussi !', now() - s * interval '1 second'
       FROM unnest($2::uuid[], $3::uuid[], $4::int[]) AS x(p, a, s)`,
      [feedSpaceId, comment.posts, comment.authors, comment.ages]);
    await client.query('COMMIT');
    await client.query('ANALYZE');
    ctx.log(`space world: ${FEED_POSTS} posts and ${comment.posts.length} comments on the CM2 B wall`);
  });

  ctx.log(`space world seeded in ${((Date.now() - started) / 1000).toFixed(1)} s: 1 teacher, ${FANOUT_PUPILS} + ${MIXED_PUPILS} pupils `
    + `with sessions, spaces ${feedSpaceId} (CM2 B) and ${fanoutSpaceId} (CM2 A)`);
  return { ...people, teacher, pupilsA, pupilsB, feedSpaceId, fanoutSpaceId };
}

/**
 * Starts a worker process (node dist/apps/worker/src/main.js) with the hub's database, Redis prefix and SECRET_KEY, as
 * provision-10k does, and waits until it consumes its queues. The caller stops it (`await worker.stop()`) when its
 * scenario ends, so that it does not take CPU from the next scenario; the run's cleanup stops it on failure.
 */
export async function startWorker(ctx, label = 'worker') {
  const worker = ctx.spawn(label, resolve(ROOT, 'dist/apps/worker/src/main.js'), [], {
    NODE_ENV: 'production', LOG_LEVEL: 'info', DATABASE_URL: ctx.databaseUrl, REDIS_URL: ctx.redisUrl,
    REDIS_KEY_PREFIX: ctx.redisPrefix, MIGRATIONS_RUN: 'false', SECRET_KEY: ctx.secretKey,
  }, { execArgv: HUB_NODE_FLAGS });
  const deadline = Date.now() + 60_000;
  while (!worker.output.includes('consuming its queues')) {
    if (worker.exitReason) throw new Error(worker.exitReason);
    if (Date.now() > deadline) throw new Error(`the worker did not start: ${worker.output.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  ctx.log(`${label} ready (pid ${worker.pid})`);
  return worker;
}

/** Opens one hub session per principal through the hub's SessionService (child process); returns id → cookie. */
async function openSessions(ctx, principals) {
  const child = ctx.spawn('sessions', SELF, ['sessions'], {
    NODE_ENV: 'production', LOG_LEVEL: 'silent', DATABASE_URL: ctx.databaseUrl, REDIS_URL: ctx.redisUrl,
    REDIS_KEY_PREFIX: ctx.redisPrefix, SECRET_KEY: ctx.secretKey, MIGRATIONS_RUN: 'false',
    BENCH_PRINCIPALS: JSON.stringify(principals),
  });
  const { code } = await child.exit;
  const line = child.output.split('\n').find((l) => l.startsWith('SESSIONS '));
  if (code !== 0 || !line) throw new Error(`the sessions child failed (exit ${code}): ${child.output.slice(-3000)}`);
  const opened = JSON.parse(line.slice('SESSIONS '.length));
  if (Object.keys(opened).length !== principals.length) throw new Error('the sessions child did not open every session');
  return new Map(Object.entries(opened).map(([id, session]) => [id, `${SESSION_COOKIE}=${session}`]));
}

// ---------------------------------------------------------------- child side

async function sessionsMain() {
  const env = process.env;
  const require = createRequire(SELF);
  require('reflect-metadata');
  const dist = (path) => require(resolve(ROOT, 'dist', path));
  const { Module } = require('@nestjs/common');
  const { NestFactory } = require('@nestjs/core');
  const { TypeOrmModule } = require('@nestjs/typeorm');
  const { ConfigModule, loadConfig } = dist('libs/config/src/index.js');
  const { dataSourceOptions } = dist('libs/database/src/index.js');
  const { JobsModule } = dist('libs/jobs/src/index.js');
  const { IdentityModule, SessionService } = dist('libs/identity/src/index.js');
  const { ALL_ENTITIES } = dist('apps/api/src/database.js');
  const config = loadConfig(env);
  class SessionsBenchModule {}
  Module({
    imports: [
      ConfigModule.forRoot(config),
      TypeOrmModule.forRoot(dataSourceOptions({ url: config.DATABASE_URL, entities: ALL_ENTITIES, applicationName: 'passerelle-bench-sessions' })),
      JobsModule.forRoot(config, { consume: false }),
      IdentityModule.forRoot(config, { http: false }),
    ],
  })(SessionsBenchModule);
  const app = await NestFactory.createApplicationContext(SessionsBenchModule, { logger: false });
  await app.init();
  const sessions = app.get(SessionService);
  const opened = {};
  for (const principal of JSON.parse(env.BENCH_PRINCIPALS)) {
    // As test/harness.ts personSession: a PERSON principal with its roles.
    const session = await sessions.open({ kind: 'PERSON', id: principal.id, displayName: principal.displayName, roles: principal.roles });
    opened[principal.id] = session.id;
  }
  await app.close();
  process.stdout.write(`SESSIONS ${JSON.stringify(opened)}\n`);
}

if (process.argv[1] === SELF && process.argv[2] === 'sessions') {
  sessionsMain().then(() => process.exit(0), (error) => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  });
}
