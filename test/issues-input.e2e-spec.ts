import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types';
import { captureSql } from './helpers/capture-sql';
import { createTestApp, type TestApp } from './helpers/test-app';

/** What the issue routes make of malformed ids, titles and list queries. */
describe('issue routes given bad input', () => {
  let testApp: TestApp;
  let app: INestApplication<App>;
  beforeAll(async () => {
    testApp = await createTestApp();
    app = testApp.app;
  });
  afterAll(() => testApp.close());

  const json = (req: request.Test, user: string) =>
    req.set('X-User', user).set('Accept', 'application/json');

  it.each([
    'abc',
    '0',
    '-1',
    '1.5',
    '1e3',
    '01',
    '2147483648',
    '99999999999999999999',
  ])(
    'answers 404 for the id %s, which names no issue, without asking the database for it',
    async (id) => {
      const sql = captureSql(app);
      for (const path of [
        `/${encodeURIComponent(id)}`,
        `/${encodeURIComponent(id)}/close`,
      ]) {
        const res = await json(
          path.endsWith('close')
            ? request(app.getHttpServer()).post(`/repo/gmail/issues${path}`)
            : request(app.getHttpServer()).get(`/repo/gmail/issues${path}`),
          'larry',
        );
        expect(res.status).toBe(404);
        expect(res.body).toEqual({
          statusCode: 404,
          error: 'Not Found',
          message: `Issue ${id} of repo gmail was not found`,
        });
      }
      expect(sql.filter((statement) => statement.includes('"issues"'))).toEqual(
        [],
      );
    },
  );

  const open = (body: object) =>
    json(request(app.getHttpServer()).post('/repo/oso/issues'), 'graham').send(
      body,
    );

  it.each([
    ['an empty title', { title: '' }],
    ['a title of 201 characters', { title: 'x'.repeat(201) }],
    ['no title', {}],
    ['a number', { title: 7 }],
    ['an unknown field', { title: 'ok', closed: true }],
  ])('refuses %s with 400', async (_case, body) => {
    const res = await open(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });

  it('refuses a title holding U+0000, which no database stores, with 400', async () => {
    const res = await open({ title: 'crash\u0000here' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'title must not contain the character U+0000',
    });
  });

  it('takes a title of 200 characters, emoji counted as one', async () => {
    const title = '🐛'.repeat(200);
    const res = await open({ title });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ title, creator: 'graham' });
  });

  it.each(['?limit=0', '?limit=501', '?offset=-1', '?state=open'])(
    'refuses the list query %s with 400',
    async (query) => {
      const res = await json(
        request(app.getHttpServer()).get(`/repo/gmail/issues${query}`),
        'larry',
      );
      expect(res.status).toBe(400);
    },
  );
});
