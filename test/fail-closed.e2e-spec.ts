import { renameSync } from 'node:fs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { RECONNECT_INTERVAL_MS } from '../src/database/database-reconnector';
import { CaptureLogger } from './helpers/capture-logger';
import { expectNothingLeaked } from './helpers/invariants';
import { repoPage } from './helpers/pages';
import { createTestApp, seedPolicy, type TestApp } from './helpers/test-app';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it passes or `ms` runs out; the last failure is thrown. */
async function eventually(check: () => Promise<void>, ms = 10_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(100);
    }
  }
}

describe('when the database fails under the running app', () => {
  let testApp: TestApp;
  const logger = new CaptureLogger();
  beforeEach(async () => {
    testApp = await createTestApp({ logger });
  });
  afterEach(() => testApp.close());

  const get = (path: string, accept = '*/*') =>
    request(testApp.app.getHttpServer())
      .get(path)
      .set('X-User', 'larry')
      .set('Accept', accept);

  it('answers 503, never 200 or 404, and recovers by itself', async () => {
    await testApp.app.get(DataSource).destroy();
    for (const path of ['/repo/gmail', '/repo/oso', '/repo/nope', '/repos']) {
      const html = await get(path);
      expect(html.status).toBe(503);
      expect(html.text).toBe(
        '<h1>Whoops!</h1><p>The database is unavailable; try again shortly</p>',
      );
      const json = await get(path, 'application/json');
      expect(json.status).toBe(503);
      expect(json.body).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'The database is unavailable; try again shortly',
      });
    }
    await eventually(async () => {
      const res = await get('/repo/gmail');
      expect(res.status).toBe(200);
      expect(res.text).toBe(repoPage('gmail'));
    });
    expect((await get('/repo/oso')).status).toBe(404);
    expect(logger.find('log', 'Reconnected to the database')).toHaveLength(1);
  });

  it('stays 503 while the database file is gone, and recovers once it is back', async () => {
    const dataSource = testApp.app.get(DataSource);
    const file = dataSource.options.database as string;
    await dataSource.destroy();
    renameSync(file, `${file}.away`);

    await sleep(RECONNECT_INTERVAL_MS * 3);
    const down = await get('/repo/gmail');
    expect(down.status).toBe(503);
    expectNothingLeaked(down);
    expect(dataSource.isInitialized).toBe(false);

    renameSync(`${file}.away`, file);
    await eventually(async () => {
      expect((await get('/repo/gmail')).status).toBe(200);
    });
    // The same data, not a fresh empty database.
    const res = await get('/repo/gmail/roles', 'application/json');
    expect(res.body).toEqual({ roles: [{ user: 'larry', role: 'admin' }] });
  });

  it('answers 503 to a write as well, leaving nothing half-done', async () => {
    await testApp.app.get(DataSource).destroy();
    const res = await request(testApp.app.getHttpServer())
      .put('/repo/gmail/roles/anne')
      .set('X-User', 'larry')
      .send({ role: 'admin' });
    expect(res.status).toBe(503);
    await eventually(async () => {
      expect((await get('/repo/gmail')).status).toBe(200);
    });
    const roles = await get('/repo/gmail/roles', 'application/json');
    expect(roles.body).toEqual({ roles: [{ user: 'larry', role: 'admin' }] });
  });
});

describe('when the policy fails while deciding', () => {
  // The tutorial's rule with the Python spelling: Repository has no is_public.
  const TYPO = `
has_permission(_actor: User, "read", repository: Repository) if
  repository.is_public;
`;
  let testApp: TestApp;
  const logger = new CaptureLogger();
  beforeAll(async () => {
    testApp = await createTestApp({
      policies: { 'main.polar': seedPolicy() + TYPO },
      env: { NODE_ENV: 'production', DEFAULT_USER: 'larry' },
      logger,
    });
  });
  afterAll(() => testApp.close());

  it.each(['larry', 'anne', 'graham'])(
    'answers 500 to %s, even with a role that allows, and shows no detail',
    async (user) => {
      const res = await request(testApp.app.getHttpServer())
        .get('/repo/oso')
        .set('X-User', user)
        .set('Accept', 'application/json');
      expect(res.status).toBe(500);
      expect(res.body).toEqual({
        statusCode: 500,
        error: 'Internal Server Error',
        message: 'Internal Server Error',
      });
    },
  );

  it('logs which rule, attribute and class failed', () => {
    const logged = logger.find('error', 'GET /repo/oso failed');
    expect(logged.length).toBeGreaterThan(0);
    expect(logged[0].message).toMatch(
      /Policy evaluation failed in rule has_permission at line \d+, column \d+ of .*main\.polar: is_public not found on Repository/,
    );
  });
});
