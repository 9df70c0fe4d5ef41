import { rmSync } from 'node:fs';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { databaseTarget } from '../src/database/database-url';
import { MIGRATE_LOCK } from '../src/database/schema-lock';
import { lockDatabase } from './helpers/database-lock';
import { SEED_POLICIES } from './helpers/policies';
import { createApp, makeTempDir } from './helpers/test-app';
import { createTestDatabase } from './helpers/test-database';

/**
 * Two instances started at the same moment on one new database, as a
 * deployment scales out: one migrates and seeds, the other waits and then
 * finds the work done; neither fails, and nothing is there twice.
 */
describe('two instances starting at once on an empty database', () => {
  it('migrate and seed it once', async () => {
    const dir = makeTempDir();
    const database = await createTestDatabase(dir, 'app.sqlite');
    const env = { DATABASE_URL: database.url, POLICY_DIR: SEED_POLICIES };
    const apps = await Promise.all([createApp(env), createApp(env)]);
    try {
      const dataSource = apps[0].get(DataSource);
      const count = async (table: string) =>
        Number(
          (
            await dataSource.query<{ n: string | number }[]>(
              `SELECT COUNT(*) AS n FROM "${table}"`,
            )
          )[0].n,
        );
      expect(await count('users')).toBe(3);
      expect(await count('repositories')).toBe(3);
      expect(await count('roles')).toBe(3);
      expect(await count('migrations')).toBe(dataSource.migrations.length);
    } finally {
      await Promise.all(apps.map((app) => app.close()));
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('waits for another instance still migrating, longer than DB_QUERY_TIMEOUT_MS', async () => {
    const dir = makeTempDir();
    const database = await createTestDatabase(dir, 'app.sqlite');
    // What another instance's migration holds: PostgreSQL's migration lock,
    // or sqlite's write lock on the file.
    const target = databaseTarget(database.url);
    const holder = once(
      target.type === 'postgres'
        ? await holdAdvisoryLock(target.url)
        : await lockDatabase(database.url),
    );
    try {
      const starting = createApp({
        DATABASE_URL: database.url,
        POLICY_DIR: SEED_POLICIES,
        DB_QUERY_TIMEOUT_MS: '200',
      });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await holder.release();
      const app = await starting;
      try {
        const res = await request(app.getHttpServer())
          .get('/repo/gmail')
          .set('X-User', 'larry');
        expect(res.status).toBe(200);
      } finally {
        await app.close();
      }
    } finally {
      await holder.release();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Holds the migration lock from a connection of its own until released. */
async function holdAdvisoryLock(
  url: string,
): Promise<{ release: () => Promise<void> }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATE_LOCK]);
  return { release: () => client.end() };
}

/** `lock` released once, however often asked. */
function once(lock: { release: () => Promise<void> }) {
  let released: Promise<void> | undefined;
  return { release: () => (released ??= lock.release()) };
}
