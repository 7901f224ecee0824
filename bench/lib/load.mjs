// One autocannon measurement, with every answer checked: a run that measures errors must say so.
import autocannon from 'autocannon';

let running;

/** Stops the measurement in progress (SIGINT). */
export function stopLoad() {
  running?.stop();
}

/** A GraphQL answer with a top-level `errors` member (cheap test on the raw text, run on every answer). */
export function hasGraphqlErrors(body) {
  return body.includes('"errors":');
}

/**
 * Sends one request as autocannon would (same method, path, headers, body) and returns its status and
 * parsed JSON: a scenario verifies it before any load is applied.
 */
export async function sendOnce(baseUrl, request) {
  const response = await fetch(new URL(request.path ?? '/', baseUrl), {
    method: request.method ?? 'GET',
    headers: request.headers,
    body: request.body,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

/**
 * Runs autocannon against 127.0.0.1 only, for a fixed duration. `isErrorBody(text)` marks a 2xx answer that
 * is an error (GraphQL errors). Returns the figures the report prints.
 */
export async function measure(baseUrl, request, { connections, durationSeconds, isErrorBody = hasGraphqlErrors }) {
  const url = new URL(baseUrl);
  if (url.hostname !== '127.0.0.1') throw new Error(`refusing to load ${url.hostname}: the bench only targets 127.0.0.1`);
  let non2xx = 0;
  let bodyErrors = 0;
  const instance = autocannon({
    url: url.origin,
    connections,
    duration: durationSeconds,
    timeout: 10,
    requests: [{
      method: request.method ?? 'GET',
      path: request.path ?? '/',
      headers: request.headers,
      body: request.body,
      onResponse(status, body) {
        if (status < 200 || status > 299) non2xx += 1;
        else if (isErrorBody(body)) bodyErrors += 1;
      },
    }],
  });
  running = instance;
  let result;
  try {
    result = await instance;
  } finally {
    running = undefined;
  }
  const socketErrors = result.errors; // includes timeouts
  return {
    rps: round(result.requests.average, 1),
    p50Ms: round(result.latency.p50, 2),
    p99Ms: round(result.latency.p99, 2),
    meanMs: round(result.latency.average, 2),
    requests: result.requests.total,
    durationSeconds: result.duration,
    non2xx,
    bodyErrors,
    socketErrors,
    timeouts: result.timeouts,
    errors: non2xx + bodyErrors + socketErrors,
  };
}

function round(value, digits) {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
