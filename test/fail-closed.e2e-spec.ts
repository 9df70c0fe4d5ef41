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
  let logger: CaptureLogger;
  beforeEach(async () => {
    logger = new CaptureLogger();
    testApp = await createTestApp({ logger });
  });
  afterEach(() => testApp.close());

  const get = (path: string, accept = '*/*') =>
    request(testApp.app.getHttpServer())
      .get(path)
      .set('X-User', 'larry')
      .set('Accept', accept);

  /**
   * Takes the database away: the file is moved first, so the reconnector
   * cannot reopen it until it is put back, then the connection is closed.
   */
  async function takeDatabaseAway(): Promise<() => void> {
    const dataSource = testApp.app.get(DataSource);
    const file = dataSource.options.database as string;
    renameSync(file, `${file}.away`);
    await dataSource.destroy();
    return () => renameSync(`${file}.away`, file);
  }

  it('answers 503 while it is down, never 200 or 404, and recovers by itself once it is back', async () => {
    const bringBack = await takeDatabaseAway();
    await sleep(RECONNECT_INTERVAL_MS * 2);
    for (const path of ['/repo/gmail', '/repo/oso', '/repo/nope', '/repos']) {
      const html = await get(path);
      expect(html.status).toBe(503);
      expect(html.text).toBe(
        '<h1>Whoops!</h1><p>The database is unavailable; try again shortly</p>',
      );
      expectNothingLeaked(html);
      const json = await get(path, 'application/json');
      expect(json.status).toBe(503);
      expect(json.body).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'The database is unavailable; try again shortly',
      });
    }
    const write = await request(testApp.app.getHttpServer())
      .put('/repo/gmail/roles/anne')
      .set('X-User', 'larry')
      .send({ role: 'admin' });
    expect(write.status).toBe(503);
    expect(testApp.app.get(DataSource).isInitialized).toBe(false);

    bringBack();
    await eventually(async () => {
      const res = await get('/repo/gmail');
      expect(res.status).toBe(200);
      expect(res.text).toBe(repoPage('gmail'));
    });
    expect((await get('/repo/oso')).status).toBe(404);
    // The same data, not a fresh empty database, and the refused write left nothing.
    const roles = await get('/repo/gmail/roles', 'application/json');
    expect(roles.body).toEqual({ roles: [{ user: 'larry', role: 'admin' }] });
    expect(logger.find('log', 'Reconnected to the database')).toHaveLength(1);
  });

  it('reopens a connection closed under it, with no restart', async () => {
    await testApp.app.get(DataSource).destroy();
    await eventually(async () => {
      expect((await get('/repo/gmail')).status).toBe(200);
    });
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
    'answers 500 to %s, whatever their roles, and shows no detail',
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
