// Scenario `structures`: a hub administrator reads the first page of schools.
// What it crosses in the hub: Fastify, the session cookie resolved in Redis (PostgreSQL with --embedded),
// the access guard, Apollo (parse, validate, execute), the directory use case and its TypeORM keyset query,
// the Relay connection mapping. The baseline does only the SQL and the JSON.

export const name = 'structures';

export const description = 'GraphQL structures(first: 20) as the hub admin, over 200 seeded schools';

const SEEDED = 200;
const PAGE = 20;
const CHECK_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

const QUERY = `{ structures(first: ${PAGE}) { edges { node { id uai name type } } pageInfo { hasNextPage endCursor } } }`;

const CREATE = `mutation CreateStructure($input: CreateStructureInput!) {
  createStructure(input: $input) { id uai }
}`;

/** A valid UAI: 7 digits, then the letter that number modulo 23 indexes. */
export function uai(number) {
  const digits = String(number).padStart(7, '0');
  return `${digits}${CHECK_LETTERS[Number(digits) % 23]}`;
}

/** Seeds the schools through the public mutation, as an administrator would, a few at a time. */
export async function setup(ctx) {
  const numbers = Array.from({ length: SEEDED }, (_, i) => 7_500_000 + i);
  const concurrency = 4;
  for (let start = 0; start < numbers.length; start += concurrency) {
    await Promise.all(numbers.slice(start, start + concurrency).map(async (number) => {
      const input = { uai: uai(number), name: `École bench ${number}`, type: 'ECOLE' };
      const { status, json } = await ctx.gql(CREATE, { input });
      if (status !== 200 || json?.errors || json?.data?.createStructure?.uai !== input.uai) {
        throw new Error(`createStructure(${input.uai}) answered ${status}: ${JSON.stringify(json).slice(0, 500)}`);
      }
    }));
  }
  ctx.log(`seeded ${SEEDED} structures`);
}

/** The request autocannon repeats (its headers carry the admin's session cookie). */
export function request(ctx) {
  return {
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', cookie: ctx.adminCookie },
    body: JSON.stringify({ query: QUERY }),
  };
}

/** Throws unless the answer is a full first page: checked once on the hub and once on the baseline. */
export function verify({ status, json, text }) {
  const fail = (why) => { throw new Error(`${why}: ${status} ${text.slice(0, 500)}`); };
  if (status !== 200) fail('expected 200');
  if (json?.errors) fail('GraphQL errors');
  const page = json?.data?.structures;
  if (!page || !Array.isArray(page.edges)) fail('no structures connection');
  if (page.edges.length !== PAGE) fail(`expected ${PAGE} edges, got ${page.edges.length}`);
  for (const { node } of page.edges) {
    if (!node?.id || !/^[0-9]{7}[A-Z]$/.test(node.uai) || !node.name || node.type !== 'ECOLE') fail(`bad node ${JSON.stringify(node)}`);
  }
  if (page.pageInfo?.hasNextPage !== true || typeof page.pageInfo.endCursor !== 'string') fail('bad pageInfo');
}

/**
 * Baseline: node:http + pg.Pool(10), the same keyset query (one row more than the page says whether another
 * follows) and a JSON of the same shape, with the same cursor encoding. No session, no GraphQL, no framework.
 */
export const baseline = {
  description: 'node:http + pg.Pool(10): same SQL, same JSON shape; no session, no GraphQL',
  async handle(pool) {
    const { rows } = await pool.query(
      `SELECT id, uai, name, type, created_at FROM structure ORDER BY created_at, id LIMIT ${PAGE + 1}`);
    const page = rows.slice(0, PAGE);
    const cursor = (row) => Buffer.from(JSON.stringify([row.created_at.toISOString(), row.id]), 'utf8').toString('base64url');
    return {
      data: {
        structures: {
          edges: page.map((row) => ({ node: { id: row.id, uai: row.uai, name: row.name, type: row.type } })),
          pageInfo: { hasNextPage: rows.length > PAGE, endCursor: page.length ? cursor(page[page.length - 1]) : null },
        },
      },
    };
  },
};
