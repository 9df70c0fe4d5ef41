import request from 'supertest';
import { CaptureLogger } from './helpers/capture-logger';
import { createTestApp, type TestApp } from './helpers/test-app';
import { SEED_POLICIES } from './helpers/policies';

/** Who the caller is when a request names nobody. */
describe('the default caller', () => {
  it.each([
    [
      'in production, with no DEFAULT_USER',
      { NODE_ENV: 'production', DEFAULT_USER: undefined },
    ],
    ['with DEFAULT_USER set empty', { NODE_ENV: undefined, DEFAULT_USER: '' }],
  ])(
    'is nobody %s: a request without X-User answers 401',
    async (_label, env) => {
      const { app, close } = await createTestApp({
        policies: SEED_POLICIES,
        env,
      });
      try {
        for (const path of ['/repo/gmail', '/repo/react', '/repos']) {
          const res = await request(app.getHttpServer()).get(path);
          expect(res.status).toBe(401);
          expect(res.headers['www-authenticate']).toBe(
            'X-User realm="oso-nestjs-quickstart"',
          );
        }
        const named = await request(app.getHttpServer())
          .get('/repo/gmail')
          .set('X-User', 'larry');
        expect(named.status).toBe(200);
      } finally {
        await close();
      }
    },
  );

  it('is DEFAULT_USER in production when it is set explicitly', async () => {
    const { app, close } = await createTestApp({
      policies: SEED_POLICIES,
      env: { NODE_ENV: 'production', DEFAULT_USER: 'anne' },
    });
    try {
      expect(
        (await request(app.getHttpServer()).get('/repo/react')).status,
      ).toBe(200);
      expect(
        (await request(app.getHttpServer()).get('/repo/gmail')).status,
      ).toBe(404);
    } finally {
      await close();
    }
  });
});

describe('answers that depend on the caller', () => {
  let testApp: TestApp;
  const logger = new CaptureLogger();
  beforeAll(async () => {
    testApp = await createTestApp({ policies: SEED_POLICIES, logger });
  });
  afterAll(() => testApp.close());

  it('vary on X-User and are private to the caller', async () => {
    for (const [path, user] of [
      ['/repo/gmail', 'larry'],
      ['/repo/oso', 'larry'],
      ['/repo/oso', 'graham'],
      ['/repos', 'anne'],
    ]) {
      const res = await request(testApp.app.getHttpServer())
        .get(path)
        .set('X-User', user);
      expect(res.headers.vary).toMatch(/\bx-user\b/i);
      expect(res.headers['cache-control']).toBe('private, no-cache');
    }
  });

  it('answer an unknown caller 401 with a WWW-Authenticate challenge', async () => {
    const res = await request(testApp.app.getHttpServer())
      .get('/repo/gmail')
      .set('X-User', 'mallory');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe(
      'X-User realm="oso-nestjs-quickstart"',
    );
    expect(res.headers['cache-control']).toBe('private, no-cache');
  });

  it('warn at startup that requests without X-User act as the default caller', () => {
    expect(
      logger.find('warn', 'Requests without an X-User header act as larry'),
    ).toHaveLength(1);
  });
});
