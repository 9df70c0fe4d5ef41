import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types';
import { createTestApp } from './helpers/test-app';

describe('/repo/:name/roles', () => {
  let app: INestApplication<App>;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ app, close } = await createTestApp());
  });
  afterAll(() => close());

  const put = (body: string | object, user = 'larry', target = 'anne') => {
    const req = request(app.getHttpServer())
      .put(`/repo/gmail/roles/${target}`)
      .set('X-User', user)
      .set('Accept', 'application/json');
    return typeof body === 'string'
      ? req.set('Content-Type', 'application/json').send(body)
      : req.send(body);
  };

  it('lists who holds which role', async () => {
    const res = await request(app.getHttpServer())
      .get('/repo/react/roles')
      .set('X-User', 'anne');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ roles: [{ user: 'anne', role: 'maintainer' }] });
  });

  it.each([
    [
      'an unknown role',
      { role: 'owner' },
      /role must be one of the following values: contributor, maintainer, admin/,
    ],
    ['no role', {}, /role must be one of the following values/],
    ['a role that is not a string', { role: 7 }, /role must be one of/],
    [
      'an unknown field',
      { role: 'admin', expires: 'never' },
      /property expires should not exist/,
    ],
    ['malformed JSON', '{"role":', /JSON/],
    ['a JSON list', '["admin"]', /role must be one of/],
  ])('refuses %s with 400 and a message', async (_label, body, message) => {
    const res = await put(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect((res.body as { message: string }).message).toMatch(message);
  });

  it('answers 404 for a user that does not exist', async () => {
    const res = await put({ role: 'admin' }, 'larry', 'mallory');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ message: 'User mallory was not found' });
  });

  it('checks the permission before the body: a maintainer gets 403, an outsider 404', async () => {
    const anneOnReact = await request(app.getHttpServer())
      .put('/repo/react/roles/graham')
      .set('X-User', 'anne')
      .set('Accept', 'application/json')
      .send({ role: 'nonsense' });
    expect(anneOnReact.status).toBe(403);
    expect((await put({ role: 'nonsense' }, 'graham')).status).toBe(404);
  });

  it('answers 404 when revoking a role the user does not hold', async () => {
    const res = await request(app.getHttpServer())
      .delete('/repo/gmail/roles/graham')
      .set('X-User', 'larry')
      .set('Accept', 'application/json');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({
      message: 'User graham has no role on repo gmail',
    });
  });
});
