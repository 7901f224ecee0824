// A closed-loop load generator for mixes of requests: `users` virtual users, each on its own keep-alive connection,
// each sending its next request once the previous one answered (as autocannon does per connection), for a warm-up
// then a measured window. Unlike autocannon's single request, each user has its own headers (session) and a
// sequence of kinds of request; latencies are kept per kind. Every answer is checked; errors are counted.
// Latency is from writing the request until the whole body is read; a request counts in the window it ends in.
import http from 'node:http';

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const round2 = (v) => (v === null ? null : Math.round(v * 100) / 100);
const now = () => Number(process.hrtime.bigint()) / 1e6;

/** One request on `agent`: resolves { status, text }. */
function send(agent, url, { method = 'POST', path, headers, body }) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path, headers: { ...headers,
      ...(body ? { 'content-length': Buffer.byteLength(body) } : {}) }, agent, timeout: 10_000 }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout after 10 s')));
    req.on('error', reject);
    req.end(body);
  });
}

/** A small deterministic PRNG (mulberry32), so that hub and baseline replay the same sequences. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs the load against `baseUrl` (127.0.0.1 only). `users[i].next(step)` returns the i-th user's step-th request:
 * { kind, method?, path, headers, body }; `isError({ status, text }, kind)` marks a wrong answer.
 * Returns { rps, p50Ms, p99Ms, requests, errors, firstError, kinds: { kind: { requests, p50Ms, p99Ms, errors } } }.
 */
export async function closedLoop(baseUrl, users, { warmupMs, durationMs, isError, onMeasureStart, onMeasureEnd }) {
  const url = new URL(baseUrl);
  if (url.hostname !== '127.0.0.1') throw new Error(`refusing to load ${url.hostname}: the bench only targets 127.0.0.1`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: users.length });
  const all = [];
  const byKind = new Map();
  let errors = 0;
  let firstError;
  const measureFrom = now() + warmupMs;
  const end = measureFrom + durationMs;
  // Hooks at the edges of the measured window (e.g. to read processes' CPU time).
  const startTimer = onMeasureStart ? setTimeout(onMeasureStart, warmupMs) : undefined;
  const endTimer = onMeasureEnd ? setTimeout(onMeasureEnd, warmupMs + durationMs) : undefined;
  const stat = (kind) => {
    if (!byKind.has(kind)) byKind.set(kind, { latencies: [], errors: 0 });
    return byKind.get(kind);
  };
  try {
    await Promise.all(users.map(async (user) => {
      for (let step = 0; now() < end; step += 1) {
        const request = user.next(step);
        const started = now();
        let failure;
        try {
          const answer = await send(agent, url, request);
          failure = isError(answer, request.kind);
        } catch (error) {
          failure = error.message;
        }
        const done = now();
        if (done < measureFrom || done > end) continue;
        if (failure) {
          errors += 1;
          stat(request.kind).errors += 1;
          firstError ??= `${request.kind}: ${String(failure).slice(0, 300)}`;
        } else {
          all.push(done - started);
          stat(request.kind).latencies.push(done - started);
        }
      }
    }));
  } finally {
    clearTimeout(startTimer);
    clearTimeout(endTimer);
    agent.destroy();
  }
  all.sort((a, b) => a - b);
  const kinds = {};
  for (const [kind, { latencies, errors: kindErrors }] of [...byKind].sort(([a], [b]) => a.localeCompare(b))) {
    latencies.sort((a, b) => a - b);
    kinds[kind] = { requests: latencies.length, p50Ms: round2(percentile(latencies, 50)), p99Ms: round2(percentile(latencies, 99)),
      errors: kindErrors };
  }
  return {
    rps: Math.round((all.length / (durationMs / 1000)) * 10) / 10, p50Ms: round2(percentile(all, 50)), p99Ms: round2(percentile(all, 99)),
    requests: all.length, errors, firstError: firstError ?? null, kinds,
  };
}
