import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { spawnSync } from 'node:child_process';
import { loadConfig } from '@passerelle/config';
import { processLogger } from '@passerelle/observability';
import { migrate, resolveDatabase, withDataSource } from './database.js';

/**
 * npm run db:migrate | db:revert | db:generate -- <Name>
 * generate writes a new migration under libs/database/src/migrations from the difference between the entities and
 * the database; review its SQL, then add it to migrations/index.ts.
 */
async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  const config = loadConfig();
  const logger = new Logger('migrations');
  Logger.overrideLogger(processLogger(config.LOG_LEVEL));
  const target = await resolveDatabase(config, logger);
  try {
    await withDataSource(target, async (dataSource) => {
      if (command === 'run') {
        await migrate(dataSource, target.embedded, logger);
      } else if (command === 'revert') {
        await dataSource.undoLastMigration({ transaction: 'each' });
        logger.log('Reverted the last migration');
      } else if (command === 'generate') {
        if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new Error('usage: npm run db:generate -- <PascalCaseName>');
        const sql = await dataSource.driver.createSchemaBuilder().log();
        if (sql.upQueries.length === 0) {
          logger.log('The entities match the database: nothing to generate');
          return;
        }
        const stamp = Date.now();
        const file = `libs/database/src/migrations/${stamp}-${name.replace(/[A-Z]/g, (c, i) => (i ? '-' : '') + c.toLowerCase())}.ts`;
        const q = (s: string) => '`' + s.replace(/`/g, '\\`') + '`';
        const body = `import { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${name}${stamp} implements MigrationInterface {\n`
          + `  name = '${name}${stamp}';\n\n  async up(q: QueryRunner): Promise<void> {\n`
          + sql.upQueries.map((u) => `    await q.query(${q(u.query)});\n`).join('')
          + `  }\n\n  async down(q: QueryRunner): Promise<void> {\n`
          + sql.downQueries.reverse().map((d) => `    await q.query(${q(d.query)});\n`).join('')
          + `  }\n}\n`;
        (await import('node:fs')).writeFileSync(file, body);
        spawnSync('git', ['add', '-N', file]);
        logger.log(`Wrote ${file}: review it and register it in libs/database/src/migrations/index.ts`);
      } else {
        throw new Error('usage: migrations-cli run | revert | generate <Name>');
      }
    });
  } finally {
    await target.embeddedServer?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
