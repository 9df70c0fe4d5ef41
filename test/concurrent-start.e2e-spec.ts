import { rmSync } from 'node:fs';
import { DataSource } from 'typeorm';
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
});
