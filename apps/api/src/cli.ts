import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, ConfigError, loadConfig } from '@passerelle/config';
import { demoBanner, demoPortsOf, demoStateDir, DemoSeeder, startDemoIdentityProviders } from '@passerelle/demo';
import { HubAdminsService } from '@passerelle/identity';
import { OutboxRelay } from '@passerelle/jobs';
import { processLogger } from '@passerelle/observability';
import { migrate, resolveDatabase, withDataSource } from './database.js';
import { SeedContextModule } from './seed-context.module.js';

const USAGE = 'usage: npm run cli -- admin:create <login> [display name]   (password read from ADMIN_PASSWORD or stdin)\n'
  + '       npm run seed:demo   (the demo world, on a database without any school)';

async function readPassword(): Promise<string> {
  if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
  if (process.stdin.isTTY) process.stderr.write('Password (12 characters or more): ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
}

/**
 * `seed:demo`: the demo world (libs/demo) written through the domain services into DATABASE_URL or the embedded
 * database, only when it has no school yet. The local identity providers run meanwhile (the partners are registered from
 * their discovery document and metadata); `npm start -- --demo` starts them again with the same keys.
 */
async function seedDemo(config: AppConfig): Promise<void> {
  if (config.isProduction) {
    process.stderr.write('Le monde de démonstration est refusé quand NODE_ENV=production (demo data is refused in production).\n');
    process.exit(2);
  }
  const logger = new Logger('seed:demo');
  Logger.overrideLogger(processLogger(config.LOG_LEVEL));
  const target = await resolveDatabase(config, logger);
  let app;
  try {
    // Migrate before the application context starts: its outbox relay polls outbox_job from the first moment.
    await withDataSource(target, (dataSource) => migrate(dataSource, target.embedded, logger));
    app = await NestFactory.createApplicationContext(SeedContextModule.forRoot(config, target), { logger: processLogger(config.LOG_LEVEL) });
    const seeder = DemoSeeder.of(app);
    if (!(await seeder.isEmpty())) {
      process.stderr.write('La base de données contient déjà des établissements : le monde de démonstration n\'est créé que sur une base vide.\n'
        + '(The database already has schools: the demo world is only written into an empty database.)\n');
      process.exitCode = 1;
      return;
    }
    const providers = await startDemoIdentityProviders({ publicUrl: config.PUBLIC_URL, stateDir: demoStateDir(config), ports: demoPortsOf(config) });
    try {
      await seeder.seed(providers.endpoints);
      if (config.embeddedJobs) {
        // Guest pools are provisioned by the jobs that activation wrote: run them before leaving.
        const relay = app.get(OutboxRelay);
        await relay.drain();
        await relay.drain();
      }
    } finally {
      await providers.stop();
    }
    process.stdout.write(demoBanner({ url: config.PUBLIC_URL, identityProviders: providers.urls, seeded: true }).replace(
      /Ouvrez (\S+)/, 'Lancez `npm start -- --demo` (les fournisseurs d\'identité locaux démarrent avec), puis ouvrez $1')
      + (config.embeddedJobs ? '' : 'Les comptes invités seront créés par le worker (npm run start:worker).\n'));
  } finally {
    // Stop the relay before the connections close under it (its poll may be running).
    await app?.get(OutboxRelay).onApplicationShutdown();
    await app?.close();
    await target.embeddedServer?.stop();
  }
}

/** Operator commands. `admin:create` adds a hub administrator to the configured (or embedded) database. */
async function main(): Promise<void> {
  const [command, login, ...name] = process.argv.slice(2);
  if (command === 'seed:demo') {
    await seedDemo(loadConfig({ ...process.env, ADMIN_LOGIN: undefined, ADMIN_PASSWORD: undefined, DEMO: undefined }));
    return;
  }
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
