import request from 'supertest';
import { lockDatabase } from './helpers/database-lock';
import { takeDatabaseAway } from './helpers/database-outage';
import { SEED_POLICIES } from './helpers/policies';
import { createTestApp, type TestApp } from './helpers/test-app';
import { TEST_DATABASE_URL } from './helpers/test-database';

// The app reconnects a second apart once the database is back.
jest.setTimeout(60_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** GET /health as a load balancer asks it: no caller, no Accept. */
describe('GET /health', () => {
  let testApp: TestApp;
  beforeEach(async () => {
    // As in production: requests that name no caller are refused elsewhere.
    testApp = await createTestApp({
      policies: SEED_POLICIES,
      env: { DEFAULT_USER: '' },
    });
  });
  afterEach(() => testApp.close());

  const health = () => request(testApp.app.getHttpServer()).get('/health');

  it('answers 200 while the database answers, to no caller and to any', async () => {
    for (const user of [undefined, 'larry', 'mallory']) {
      const asked = health();
      const res = await (user ? asked.set('X-User', user) : asked);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok', database: 'up' });
      expect(res.headers['cache-control']).toBe('no-store');
    }
    // The rest of the app still wants a caller.
    expect(
      (await request(testApp.app.getHttpServer()).get('/repos')).status,
    ).toBe(401);
  });

  it('answers 503 while the database is away, and 200 once it is back', async () => {
    const bringBack = await takeDatabaseAway(testApp);
    const down = await health().set('Accept', 'application/json');
    expect(down.status).toBe(503);
    expect(down.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'The database is unavailable',
    });
    await bringBack();
    const deadline = Date.now() + 30_000;
    while ((await health()).status !== 200) {
      expect(Date.now()).toBeLessThan(deadline);
      await sleep(100);
    }
  });

  it('is no operation of the API description', async () => {
    const res = await request(testApp.app.getHttpServer()).get('/docs-json');
    expect(Object.keys((res.body as { paths: object }).paths)).not.toContain(
      '/health',
    );
  });

  if (TEST_DATABASE_URL !== undefined) {
    it('answers 200 on PostgreSQL while every pool connection waits on a lock: a busy pool is no outage', async () => {
      await testApp.close();
      testApp = await createTestApp({
        policies: SEED_POLICIES,
        env: { DB_POOL_SIZE: '1' },
      });
      const lock = await lockDatabase(testApp.databaseUrl);
      try {
        // Holds the pool's one connection until the lock goes.
        const waiting = request(testApp.app.getHttpServer())
          .get('/repo/oso')
          .set('X-User', 'graham')
          .then((res) => res.status);
        await sleep(300);
        expect((await health()).status).toBe(200);
        await lock.release();
        expect(await waiting).toBe(200);
      } finally {
        await lock.release().catch(() => undefined);
      }
    });
  }
});
