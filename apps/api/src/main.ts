import 'reflect-metadata';
import { ConfigError, environmentWithFlags, loadConfig } from '@passerelle/config';
import { startApi } from './bootstrap.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(environmentWithFlags(process.argv.slice(2)));
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const api = await startApi(config);
  // SIGTERM / SIGINT: stop taking requests, let in-flight requests and jobs finish, close the database (the embedded
  // one included), then exit 0.
  let closing = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      if (closing) return;
      closing = true;
      api.close().then(() => process.exit(0), (error: unknown) => {
        process.stderr.write(`Passerelle did not stop cleanly: ${String(error)}\n`);
        process.exit(1);
      });
    });
  }
  process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), msg: `Passerelle is ready: GraphQL at ${config.PUBLIC_URL}/graphql` })}\n`);
  if (api.demo) process.stdout.write(`${api.demo.banner}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`Passerelle failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
