// The raw baseline of a scenario: a bare node:http server, in its own process, answering every request with
// the scenario's `baseline.handle(pool)` (the same SQL as the hub, a JSON of the same shape), through one
// pg.Pool of 10 connections (the hub's pool size). No session, no GraphQL, no framework.
//   node bench/baseline-server.mjs <scenario>     env: BENCH_DATABASE_URL, PORT (0 = any)
// Prints {"port":N} on stdout once listening; stops on SIGTERM/SIGINT.
import { createServer } from 'node:http';
import pg from 'pg';

const [scenarioName] = process.argv.slice(2);
if (!/^[a-z0-9-]+$/.test(scenarioName ?? '')) {
  process.stderr.write('usage: node bench/baseline-server.mjs <scenario>\n');
  process.exit(2);
}
const loaded = await import(new URL(`./scenarios/${scenarioName}.mjs`, import.meta.url));
const scenario = loaded.default ?? loaded;
if (!scenario.baseline) {
  process.stderr.write(`scenario ${scenarioName} has no baseline\n`);
  process.exit(2);
}

const pool = new pg.Pool({ connectionString: process.env.BENCH_DATABASE_URL, max: 10, application_name: 'passerelle-bench-baseline' });

const server = createServer((req, res) => {
  // Read the request body like any server would, then answer.
  req.resume();
  req.on('end', async () => {
    try {
      const body = JSON.stringify(await scenario.baseline.handle(pool, req));
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    } catch (error) {
      const body = JSON.stringify({ errors: [{ message: String(error?.message ?? error) }] });
      res.writeHead(500, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    }
  });
});
server.keepAliveTimeout = 60_000;

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  server.closeAllConnections?.();
  server.close(() => pool.end().finally(() => process.exit(0)));
  setTimeout(() => process.exit(0), 3_000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
