import type { App } from 'supertest/types';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestApp } from './helpers/test-app';
import { SEED_POLICIES } from './helpers/policies';
import { comparableAnswer } from './helpers/invariants';
import { notFoundJson, notFoundPage, repoPage } from './helpers/pages';
import { AccessModel } from './helpers/access-model';
import { PAIRS, REPOS, USERS } from './helpers/seed-access';

const BROWSER_ACCEPT =
  'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

/** Nothing here changes roles, so one model of the seed answers every case. */
const seed = new AccessModel(false);

describe('GET /repo/:name (seed policy)', () => {
  let app: INestApplication<App>;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ app, close } = await createTestApp({ policies: SEED_POLICIES }));
  });
  afterAll(() => close());

  const get = (path: string) => request(app.getHttpServer()).get(path);

  describe.each(PAIRS)('as %s, repo %s', (user, repo) => {
    const allowed = seed.can(user, 'read', repo);

    it(`answers ${allowed ? '200 with the repo page' : '404 with the not-found page'}`, async () => {
      const res = await get(`/repo/${repo}`).set('X-User', user);
      expect(res.status).toBe(allowed ? 200 : 404);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toBe(allowed ? repoPage(repo) : notFoundPage(repo));
    });

    it('answers JSON when asked for it', async () => {
      const res = await get(`/repo/${repo}`)
        .set('X-User', user)
        .set('Accept', 'application/json');
      expect(res.status).toBe(allowed ? 200 : 404);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual(
        allowed
          ? {
              name: repo,
              isPublic: repo === 'react',
              pushCount: 0,
              lastPushedAt: null,
              lastPushedBy: null,
            }
          : notFoundJson(repo),
      );
    });
  });

  it.each(USERS)('as %s, a missing repo answers 404', async (user) => {
    const res = await get('/repo/linux').set('X-User', user);
    expect(res.status).toBe(404);
    expect(res.text).toBe(notFoundPage('linux'));
  });

  describe('with no X-User header the caller is larry, as in the seed', () => {
    it.each(REPOS)('repo %s', async (repo) => {
      const res = await get(`/repo/${repo}`);
      const allowed = seed.can('larry', 'read', repo);
      expect(res.status).toBe(allowed ? 200 : 404);
      expect(res.text).toBe(allowed ? repoPage(repo) : notFoundPage(repo));
    });
  });

  describe('a repo the caller may not read looks exactly like a missing one', () => {
    it.each([
      ['HTML', '*/*'],
      ['JSON', 'application/json'],
    ])('in %s', async (_kind, accept) => {
      const hidden = await get('/repo/oso')
        .set('X-User', 'larry')
        .set('Accept', accept);
      const missing = await get('/repo/zzz')
        .set('X-User', 'larry')
        .set('Accept', accept);
      expect(hidden.status).toBe(404);
      expect(comparableAnswer(hidden, 'oso')).toEqual(
        comparableAnswer(missing, 'zzz'),
      );
    });
  });

  describe('content negotiation', () => {
    it.each([
      ['no Accept header', 'html', undefined],
      ['*/*', 'html', '*/*'],
      ["a browser's Accept", 'html', BROWSER_ACCEPT],
      ['application/json', 'json', 'application/json'],
      ['JSON preferred over HTML', 'json', 'text/html;q=0.5, application/json'],
    ])('%s answers %s', async (_label, kind, accept) => {
      const req = get('/repo/gmail');
      if (accept) void req.set('Accept', accept);
      const res = await req;
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(
        kind === 'html' ? /^text\/html/ : /^application\/json/,
      );
      expect(res.headers.vary).toMatch(/Accept/);
    });
  });

  describe('unknown callers', () => {
    it.each([
      ['HTML', '*/*', /^text\/html/],
      ['JSON', 'application/json', /^application\/json/],
    ])('an unknown X-User answers 401 in %s', async (_kind, accept, type) => {
      const res = await get('/repo/gmail')
        .set('X-User', 'mallory')
        .set('Accept', accept);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(type);
      expect(res.text).not.toContain('gmail');
    });

    it('an empty X-User answers 401, it does not fall back to larry', async () => {
      const res = await get('/repo/gmail').set('X-User', '');
      expect(res.status).toBe(401);
    });
  });

  describe('escaping', () => {
    const name = '<script>alert("x")</script>&';

    it('escapes the name on the HTML not-found page', async () => {
      const res = await get(`/repo/${encodeURIComponent(name)}`);
      expect(res.status).toBe(404);
      expect(res.text).toBe(
        notFoundPage('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;'),
      );
    });

    it('returns the raw name in the JSON error, where it is data', async () => {
      const res = await get(`/repo/${encodeURIComponent(name)}`).set(
        'Accept',
        'application/json',
      );
      expect(res.status).toBe(404);
      expect(res.body).toEqual(notFoundJson(name));
    });
  });

  it('answers an unknown route 404 without a stack trace', async () => {
    const res = await get('/nowhere');
    expect(res.status).toBe(404);
    expect(res.text).toBe('<h1>Whoops!</h1><p>Cannot GET /nowhere</p>');
  });
});
