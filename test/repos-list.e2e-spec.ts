import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types';
import { AccessModel } from './helpers/access-model';
import { captureSql } from './helpers/capture-sql';
import { USERS } from './helpers/seed-access';
import { createTestApp } from './helpers/test-app';
import {
  pinnedPolicies,
  POLICY_VARIANTS,
  SEED_POLICIES,
} from './helpers/policies';

describe.each(POLICY_VARIANTS)('GET /repos with %s', (_policy, publicRule) => {
  let app: INestApplication<App>;
  let close: () => Promise<void>;
  const model = new AccessModel(publicRule);

  beforeAll(async () => {
    ({ app, close } = await createTestApp({
      policies: pinnedPolicies(publicRule),
    }));
  });
  afterAll(() => close());

  const list = (user: string, query = '') =>
    request(app.getHttpServer())
      .get(`/repos${query}`)
      .set('X-User', user)
      .set('Accept', 'application/json');

  it.each(USERS)('lists exactly what %s may read, by name', async (user) => {
    const res = await list(user);
    expect(res.status).toBe(200);
    const readable = model.readable(user);
    expect(res.body).toEqual({
      items: readable.map((name) => ({ name, isPublic: name === 'react' })),
      total: readable.length,
      limit: 50,
      offset: 0,
    });
  });

  it('pages through the list one at a time', async () => {
    const readable = model.readable('larry');
    const names: string[] = [];
    for (let offset = 0; offset <= readable.length; offset += 1) {
      const res = await list('larry', `?limit=1&offset=${offset}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        total: readable.length,
        limit: 1,
        offset,
      });
      names.push(
        ...(res.body as { items: { name: string }[] }).items.map((i) => i.name),
      );
    }
    expect(names).toEqual(readable);
  });

  it('answers an empty page past the end, with the total', async () => {
    const res = await list('anne', '?offset=1000');
    expect(res.body).toEqual({
      items: [],
      total: model.readable('anne').length,
      limit: 50,
      offset: 1000,
    });
  });

  it('accepts the largest page', async () => {
    const res = await list('anne', '?limit=500');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ limit: 500 });
  });

  it('filters in the database: one filtered SELECT … LIMIT for the page', async () => {
    const sql = captureSql(app);
    const res = await list('larry', '?limit=2');
    expect(res.status).toBe(200);

    const onRepositories = sql.filter((q) => /\bFROM "repositories"/.test(q));
    const pages = onRepositories.filter((q) => /\bLIMIT\b/.test(q));
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatch(/\bWHERE\b/);
    expect(pages[0]).toMatch(/\bLIMIT 2\b/);
    // Besides the page, at most the count of the same filtered rows.
    for (const query of onRepositories) {
      expect(query).toMatch(/\bWHERE\b/);
      if (query !== pages[0]) expect(query).toMatch(/COUNT\(/);
    }
  });
});

describe('GET /repos rejects what is not a page', () => {
  let app: INestApplication<App>;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ app, close } = await createTestApp({ policies: SEED_POLICIES }));
  });
  afterAll(() => close());

  it.each([
    '?limit=0',
    '?limit=501',
    '?limit=-1',
    '?limit=1.5',
    '?limit=abc',
    '?limit=',
    '?limit=1e2',
    '?limit=1&limit=2',
    '?offset=-1',
    '?offset=x',
    '?offset=99999999999999999999',
    '?page=2',
    '?constructor=1',
    '?toString=x',
    '?__proto__=1',
  ])('%s answers 400 with a message', async (query) => {
    const res = await request(app.getHttpServer())
      .get(`/repos${query}`)
      .set('Accept', 'application/json');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect((res.body as { message: string }).message).toMatch(
      /limit|offset|page|constructor|toString|__proto__/,
    );
  });

  it('answers 401 to an unknown caller', async () => {
    const res = await request(app.getHttpServer())
      .get('/repos')
      .set('X-User', 'mallory');
    expect(res.status).toBe(401);
  });
});
