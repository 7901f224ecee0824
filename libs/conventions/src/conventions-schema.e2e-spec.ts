import { DataSource } from 'typeorm';
import { AUDIT_ENTITIES } from '@passerelle/audit';
import { dataSourceOptions } from '@passerelle/database';
import { DIRECTORY_ENTITIES } from '@passerelle/directory';
import { startTestApi, TestApi } from '../../../test/harness';
import { CONVENTIONS_ENTITIES } from './conventions.entities.js';

describe('conventions and audit entities', () => {
  let hub: TestApi;
  beforeAll(async () => {
    hub = await startTestApi(); // runs the migrations
  });
  afterAll(() => hub?.close());

  it('map exactly onto the migrated tables (TypeORM would change nothing)', async () => {
    const dataSource = new DataSource(dataSourceOptions({
      url: process.env.TEST_DATABASE_URL!, entities: [...DIRECTORY_ENTITIES, ...CONVENTIONS_ENTITIES, ...AUDIT_ENTITIES],
    }));
    await dataSource.initialize();
    try {
      const pending = await dataSource.driver.createSchemaBuilder().log();
      // The directory's entities are here for the foreign keys only: its own differences are the directory suite's business.
      const mine = /"(partner_ent|convention[a-z_]*|audit_event)"/;
      expect(pending.upQueries.map((query) => query.query).filter((sql) => mine.test(sql))).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });
});
