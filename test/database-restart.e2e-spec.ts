import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import type { App } from 'supertest/types';
import { takeDatabaseAway } from './helpers/database-outage';
import { SEED_POLICIES } from './helpers/policies';
import { PostgresCluster } from './helpers/postgres-cluster';
import { createApp, createTestApp } from './helpers/test-app';
import { TEST_DATABASE_URL } from './helpers/test-database';

// Starting a server of its own, stopping and starting it again.
jest.setTimeout(120_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The app, and the way its database goes down and comes back. */
interface Setup {
  app: INestApplication<App>;
  /** Takes the database down; resolves with what brings it back. */
  down: () => Promise<() => Promise<void>>;
  close: () => Promise<void>;
}

/**
 * On PostgreSQL, a server of the spec's own that it stops and starts, as an
 * operator or a crash would; on sqlite, the database file taken away.
 */
async function setUp(): Promise<Setup> {
  if (TEST_DATABASE_URL === undefined) {
    const testApp = await createTestApp({ policies: SEED_POLICIES });
    return {
      app: testApp.app,
      down: () => takeDatabaseAway(testApp),
      close: () => testApp.close(),
    };
  }
  const cluster = await PostgresCluster.create();
  const admin = new Client({ connectionString: cluster.url() });
  await admin.connect();
  await admin.query('CREATE DATABASE quickstart');
  await admin.end();
  const app = await createApp({
    DATABASE_URL: cluster.url('quickstart'),
    POLICY_DIR: SEED_POLICIES,
    DB_CONNECT_TIMEOUT_MS: '1000',
  });
  return {
    app,
    down: async () => {
      await cluster.stop();
      return () => cluster.start();
    },
    close: async () => {
      await app.close();
      await cluster.destroy();
    },
  };
}

describe('when the database stops and starts again', () => {
  let setup: Setup;
  beforeAll(async () => {
    setup = await setUp();
  });
  afterAll(() => setup?.close());

  const send = (method: 'get' | 'put', path: string, user: string) =>
    request(setup.app.getHttpServer())
      [method](path)
      .set('X-User', user)
      .set('Accept', 'application/json');

  it('answers 503 to what needs it while it is down, and serves again by itself once it is back', async () => {
    expect((await send('get', '/repo/gmail', 'larry')).status).toBe(200);

    const bringBack = await setup.down();
    // A write, a lookup never made before, and the load balancer's check.
    const write = await send('put', '/repo/gmail/roles/graham', 'larry').send({
      role: 'contributor',
    });
    expect(write.status).toBe(503);
    expect(write.body).toMatchObject({
      message: 'The database is unavailable; try again shortly',
    });
    expect(write.headers['retry-after']).toBe('1');
    expect((await send('get', '/repo/oso', 'graham')).status).toBe(503);
    expect(
      (await request(setup.app.getHttpServer()).get('/health')).status,
    ).toBe(503);

    await bringBack();
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = await send('put', '/repo/gmail/roles/graham', 'larry').send({
        role: 'contributor',
      });
      if (res.status === 201) break;
      expect(res.status).toBe(503);
      expect(Date.now()).toBeLessThan(deadline);
      await sleep(200);
    }
    expect((await send('get', '/repo/gmail', 'graham')).status).toBe(200);
    expect(
      (await request(setup.app.getHttpServer()).get('/health')).status,
    ).toBe(200);
  });
});
