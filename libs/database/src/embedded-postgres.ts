import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

export interface EmbeddedPostgres {
  /** A postgres:// URL that plain `pg` (and so TypeORM) connects to. */
  readonly url: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

/**
 * Starts PGlite (a real PostgreSQL compiled to WebAssembly) persisted under `dataDir` and serves it on a
 * loopback socket, so that the hub runs through exactly the same driver, migrations and queries as on a
 * PostgreSQL server. One session only: every query is serialised (see ADR 0002).
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const dir = resolve(dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  // Both packages are ESM-only: load them with a real dynamic import from this CommonJS build.
  const { PGlite } = await import('@electric-sql/pglite');
  const { unaccent } = await import('@electric-sql/pglite/contrib/unaccent');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const db = await PGlite.create({ dataDir: dir, extensions: { unaccent } });
  const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1' });
  await server.start();
  const address = server.getServerConn();
  return {
    url: `postgres://postgres@${address}/postgres`,
    dataDir: dir,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
