import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from '@passerelle/config';
import { HubAdminsService } from '@passerelle/identity';
import { processLogger } from '@passerelle/observability';
import { migrate, resolveDatabase, withDataSource } from './database.js';

const USAGE = 'usage: npm run cli -- admin:create <login> [display name]   (password read from ADMIN_PASSWORD or stdin)';

async function readPassword(): Promise<string> {
  if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
  if (process.stdin.isTTY) process.stderr.write('Password (12 characters or more): ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
}

/** Operator commands. `admin:create` adds a hub administrator to the configured (or embedded) database. */
async function main(): Promise<void> {
  const [command, login, ...name] = process.argv.slice(2);
  if (command !== 'admin:create' || !login) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  const config = loadConfig({ ...process.env, ADMIN_LOGIN: undefined, ADMIN_PASSWORD: undefined });
  const logger = new Logger('cli');
  Logger.overrideLogger(processLogger(config.LOG_LEVEL));
  const target = await resolveDatabase(config, logger);
  try {
    const password = await readPassword();
    await withDataSource(target, async (dataSource) => {
      await migrate(dataSource, target.embedded, logger);
      const admin = await new HubAdminsService(dataSource).create({ login, password, displayName: name.join(' ') || undefined });
      process.stdout.write(`Hub administrator created: ${admin!.login}\n`);
    });
  } finally {
    await target.embeddedServer?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
