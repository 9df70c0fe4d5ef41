import type { App } from 'supertest/types';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { notFoundPage, repoPage } from './helpers/pages';
import { AccessModel } from './helpers/access-model';
import { PAIRS, REPOS } from './helpers/seed-access';
import { createTestApp } from './helpers/test-app';
import {
  PUBLIC_READ_RULE,
  readPolicies,
  SEED_POLICIES,
  TUTORIAL_POLICIES,
} from './helpers/policies';

const seed = readPolicies(SEED_POLICIES);

describe.each([
  [
    'appended to main.polar',
    { ...seed, 'main.polar': `${seed['main.polar']}\n${PUBLIC_READ_RULE}` },
  ],
  ['in a second .polar file', TUTORIAL_POLICIES],
])('the tutorial step: the public-read rule %s', (_where, policies) => {
  let app: INestApplication<App>;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ app, close } = await createTestApp({ policies }));
  });
  afterAll(() => close());

  it.each(PAIRS)('as %s, repo %s', async (user, repo) => {
    const res = await request(app.getHttpServer())
      .get(`/repo/${repo}`)
      .set('X-User', user);
    const allowed = new AccessModel(true).can(user, 'read', repo);
    expect(res.status).toBe(allowed ? 200 : 404);
    expect(res.text).toBe(allowed ? repoPage(repo) : notFoundPage(repo));
  });

  it('lets the default caller read react, as the tutorial shows', async () => {
    const res = await request(app.getHttpServer()).get('/repo/react');
    expect(res.status).toBe(200);
    expect(res.text).toBe(repoPage('react'));
  });
});

describe('a policy edit changes the answers', () => {
  let app: INestApplication<App>;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const policy = seed['main.polar'].replace(
      '"read" if "contributor";',
      '"read" if "maintainer";',
    );
    expect(policy).not.toEqual(seed['main.polar']);
    ({ app, close } = await createTestApp({
      policies: { ...seed, 'main.polar': policy },
    }));
  });
  afterAll(() => close());

  it('a contributor no longer reads its repo', async () => {
    const res = await request(app.getHttpServer())
      .get('/repo/oso')
      .set('X-User', 'graham');
    expect(res.status).toBe(404);
    expect(res.text).toBe(notFoundPage('oso'));
  });

  it.each([
    ['larry', 'gmail'],
    ['anne', 'react'],
  ])('%s, who holds a higher role, still reads %s', async (user, repo) => {
    const res = await request(app.getHttpServer())
      .get(`/repo/${repo}`)
      .set('X-User', user);
    expect(res.status).toBe(200);
  });

  it('leaves graham, a contributor only, no repo to read', async () => {
    for (const repo of REPOS) {
      const res = await request(app.getHttpServer())
        .get(`/repo/${repo}`)
        .set('X-User', 'graham');
      expect(res.status).toBe(404);
    }
  });
});
