import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { OsoService } from '../src/authorization';
import { ChangeFeed, FEED_APPLICATION_NAME } from '../src/database/change-feed';
import { CaptureLogger } from './helpers/capture-logger';
import { eventually } from './helpers/eventually';
import { SEED_POLICIES } from './helpers/policies';
import { createApp, createTestApp, type TestApp } from './helpers/test-app';
import { TEST_DATABASE_URL } from './helpers/test-database';

// Polls for a connection to drop and come back, a second apart.
jest.setTimeout(60_000);

/** How long the feed may take to connect, drop or follow a write. */
const FEED_WITHIN_MS = 10_000;

/** graham's read of gmail on `app`: 404 until he holds a role on it. */
const grahamReadsGmail = (app: INestApplication<App>) =>
  request(app.getHttpServer())
    .get('/repo/gmail')
    .set('X-User', 'graham')
    .set('Accept', 'application/json')
    .then((res) => res.status);

/** Gives graham a role on gmail, or takes it away, in SQL through `app`'s connections. */
async function grahamRoleInSql(app: INestApplication, held: boolean) {
  const dataSource = app.get(DataSource);
  const [graham] = await dataSource.query<{ id: number }[]>(
    `SELECT id FROM users WHERE name = 'graham'`,
  );
  const [gmail] = await dataSource.query<{ id: number }[]>(
    `SELECT id FROM repositories WHERE name = 'gmail'`,
  );
  await dataSource.query(
    held
      ? `INSERT INTO roles (name, "userId", "repositoryId") VALUES ('contributor', ${graham.id}, ${gmail.id})`
      : `DELETE FROM roles WHERE "userId" = ${graham.id} AND "repositoryId" = ${gmail.id}`,
  );
}

/**
 * The change feed: instances on one PostgreSQL database tell each other of
 * their writes (LISTEN/NOTIFY), and an instance that cannot hear them keeps
 * nothing in its caches until it can again.
 */
describe('the change feed between instances', () => {
  let testApp: TestApp;
  let other: INestApplication<App> | undefined;
  const logger = new CaptureLogger();

  beforeEach(async () => {
    logger.clear();
    // Answers are kept a minute: only the feed can explain following a write.
    testApp = await createTestApp({
      policies: SEED_POLICIES,
      env: { AUTHZ_CACHE_TTL_MS: '60000' },
      logger,
    });
  });
  afterEach(async () => {
    await other?.close();
    other = undefined;
    await testApp.close();
  });

  if (TEST_DATABASE_URL === undefined) {
    it('is off on sqlite, where one instance serves: caches hear only its own writes', () => {
      const feed = testApp.app.get(ChangeFeed);
      expect(feed.enabled).toBe(false);
      expect(feed.listening).toBe(false);
    });
    return;
  }

  /**
   * Another instance of the app, on the same database. Nest's logger is one
   * for the process: both instances log to `logger`.
   */
  const startOther = async () =>
    (other = await createApp(
      {
        DATABASE_URL: testApp.databaseUrl,
        POLICY_DIR: SEED_POLICIES,
        AUTHZ_CACHE_TTL_MS: '60000',
      },
      { logger },
    ));

  it("keeps answers while it listens, and forgets them on another instance's write", async () => {
    const oso = testApp.app.get(OsoService);
    await eventually(
      () => expect(testApp.app.get(ChangeFeed).listening).toBe(true),
      FEED_WITHIN_MS,
    );
    expect(await grahamReadsGmail(testApp.app)).toBe(404);
    expect(oso.cachedAnswers).toBeGreaterThan(0);

    const writer = await startOther();
    const granted = await request(writer.getHttpServer())
      .put('/repo/gmail/roles/graham')
      .set('X-User', 'larry')
      .send({ role: 'contributor' });
    expect(granted.status).toBe(201);
    await eventually(
      async () => expect(await grahamReadsGmail(testApp.app)).toBe(200),
      FEED_WITHIN_MS,
    );
  });

  it('keeps nothing while its connection is lost, and keeps again once it is back', async () => {
    const app = testApp.app;
    const oso = app.get(OsoService);
    await eventually(
      () => expect(app.get(ChangeFeed).listening).toBe(true),
      FEED_WITHIN_MS,
    );
    expect(await grahamReadsGmail(app)).toBe(404);

    // The listening connection is cut, as a network or a restart would.
    const writer = await startOther();
    await writer
      .get(DataSource)
      .query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`,
        [FEED_APPLICATION_NAME],
      );
    await eventually(
      () => expect(app.get(ChangeFeed).listening).toBe(false),
      FEED_WITHIN_MS,
    );
    expect(
      logger.find('warn', 'Not listening to other instances'),
    ).not.toHaveLength(0);

    // Another instance's write it cannot hear of is served at once: nothing was kept.
    await grahamRoleInSql(writer, true);
    expect(await grahamReadsGmail(app)).toBe(200);
    expect(oso.cachedAnswers).toBe(0);

    await eventually(
      () => expect(app.get(ChangeFeed).listening).toBe(true),
      FEED_WITHIN_MS,
    );
    // Both instances log here, and the other's feed may come back too.
    expect(
      logger.find('log', 'Listening to other instances again'),
    ).not.toHaveLength(0);
    expect(await grahamReadsGmail(app)).toBe(200);
    expect(oso.cachedAnswers).toBeGreaterThan(0);
  });
});
