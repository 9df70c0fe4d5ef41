import request from 'supertest';
import { createTestApp } from './helpers/test-app';

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
      const { app, close } = await createTestApp({ env });
      try {
        for (const path of ['/repo/gmail', '/repo/react', '/repos']) {
          const res = await request(app.getHttpServer()).get(path);
          expect(res.status).toBe(401);
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
