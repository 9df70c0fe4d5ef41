import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import request from 'supertest';
import { SEED_POLICIES } from './helpers/policies';
import { ROOT } from './helpers/server-process';
import { createApp, makeTempDir } from './helpers/test-app';
import { Client } from 'pg';
import { MIGRATE_LOCK } from '../src/database/schema-lock';
import {
  createTestDatabase,
  TEST_DATABASE_URL,
  type TestDatabase,
} from './helpers/test-database';

// npm run migration:run starts through ts-node.
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

  if (TEST_DATABASE_URL !== undefined) {
    it('runs them under the lock instances take, waiting while another holds it', async () => {
      const holder = new Client({ connectionString: database.url });
      await holder.connect();
      await holder.query('SELECT pg_advisory_lock($1)', [MIGRATE_LOCK]);
      const running = promisify(execFile)(
        'npm',
        ['run', '-s', 'migration:run'],
        { cwd: ROOT, env: { ...process.env, DATABASE_URL: database.url } },
      );
      try {
        // Until the CLI's session waits on the lock, and nothing is migrated.
        for (;;) {
          const { rows } = await holder.query<{ waiting: number }>(
            `SELECT count(*)::int AS waiting FROM pg_locks
             WHERE locktype = 'advisory' AND NOT granted AND objid = $1`,
            [MIGRATE_LOCK],
          );
          if (rows[0].waiting > 0) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const { rows } = await holder.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'users'`,
        );
        expect(rows[0].n).toBe(0);
      } finally {
        await holder.end();
      }
      const { stdout } = await running;
      expect(stdout).toMatch(/^Ran \d+ migration\(s\): InitialSchema/);
    });
  }
});
