import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import request from 'supertest';
import { SEED_POLICIES } from './helpers/policies';
import { ROOT } from './helpers/server-process';
import { createApp, makeTempDir } from './helpers/test-app';
import { createTestDatabase, type TestDatabase } from './helpers/test-database';

// npm run migration:run starts TypeORM's CLI through ts-node.
jest.setTimeout(120_000);

/**
 * A deployment that migrates as a step of its own (DB_MIGRATE=false): the
 * app refuses a database that lacks migrations, and starts once
 * `npm run migration:run` has run them.
 */
describe('DB_MIGRATE=false', () => {
  let dir: string;
  let database: TestDatabase;
  beforeEach(async () => {
    dir = makeTempDir();
    database = await createTestDatabase(dir, 'app.sqlite');
  });
  afterEach(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = () =>
    createApp({
      DATABASE_URL: database.url,
      POLICY_DIR: SEED_POLICIES,
      DB_MIGRATE: 'false',
    });

  it('refuses to start on a database that lacks migrations, and says what to run', async () => {
    await expect(start()).rejects.toThrow(
      /^The database lacks \d+ migration\(s\) \(InitialSchema\d+, .*\) and DB_MIGRATE=false: run npm run migration:run first$/,
    );
  });

  it('starts, seeds and serves once npm run migration:run has run them', async () => {
    await promisify(execFile)('npm', ['run', '-s', 'migration:run'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: database.url },
    });
    const app = await start();
    try {
      const res = await request(app.getHttpServer())
        .get('/repo/gmail')
        .set('X-User', 'larry')
        .set('Accept', 'application/json');
      expect(res.status).toBe(200);
    } finally {
      await app.close();
    }
  });
});
